import request from 'supertest';
import { KFP_AUTH, testSandbox } from '../__testUtils__/sandbox';
import { Sandbox, kfpIds } from '../index';

const K = '/kubeflow/apis/v2beta1';
const filter = (predicates: unknown[]) => JSON.stringify({ predicates });

describe('Kubeflow Pipelines emulation', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = testSandbox();
  });

  it('requires the bearer token', async () => {
    const none = await request(sandbox.app).get(`${K}/pipelines`);
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: 16 });
    await request(sandbox.app)
      .get(`${K}/pipelines`)
      .set('Authorization', 'Bearer wrong')
      .expect(401);
    await request(sandbox.app).get(`${K}/healthz`).expect(200);
    const custom = testSandbox({ kubeflow: { token: 't0k3n' } });
    await request(custom.app)
      .get(`${K}/pipelines`)
      .set('Authorization', 'Bearer t0k3n')
      .expect(200);
  });

  it('walks every run with page tokens, without duplicates or gaps', async () => {
    const ids: string[] = [];
    let token: string | undefined;
    let requests = 0;
    do {
      const res = await request(sandbox.app)
        .get(`${K}/runs`)
        .query({
          page_size: 4,
          sort_by: 'created_at desc',
          ...(token ? { page_token: token } : {}),
        })
        .set(KFP_AUTH)
        .expect(200);
      expect(res.body.total_size).toBe(14);
      ids.push(...res.body.runs.map((r: any) => r.run_id));
      token = res.body.next_page_token;
      requests++;
    } while (token);
    expect(requests).toBe(4);
    expect(new Set(ids).size).toBe(14);
    const bad = await request(sandbox.app)
      .get(`${K}/runs`)
      .query({ page_token: '!!' })
      .set(KFP_AUTH);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(3);
  });

  it('filters with EQUALS, IS_SUBSTRING, IN and numeric operation codes', async () => {
    const names = async (path: string, predicates: unknown[], key: string) =>
      (
        (
          await request(sandbox.app)
            .get(`${K}/${path}`)
            .query({ filter: filter(predicates) })
            .set(KFP_AUTH)
            .expect(200)
        ).body[key] ?? []
      ).map((x: any) => x.display_name);
    expect(
      await names(
        'pipelines',
        [
          {
            key: 'name',
            operation: 'EQUALS',
            string_value: 'demand-forecast-training',
          },
        ],
        'pipelines',
      ),
    ).toEqual(['demand-forecast-training']);
    expect(
      await names(
        'pipelines',
        [{ key: 'name', operation: 'IS_SUBSTRING', string_value: 'forecast' }],
        'pipelines',
      ),
    ).toEqual(['demand-forecast-training']);
    expect(
      await names(
        'pipelines',
        [{ key: 'name', operation: 1, string_value: 'nope' }],
        'pipelines',
      ),
    ).toEqual([]);
    const failed = await request(sandbox.app)
      .get(`${K}/runs`)
      .query({
        filter: filter([
          {
            key: 'state',
            operation: 'IN',
            string_values: { values: ['FAILED', 'RUNNING'] },
          },
        ]),
      })
      .set(KFP_AUTH);
    expect(failed.body.runs.map((r: any) => r.state).sort()).toEqual([
      'FAILED',
      'RUNNING',
    ]);
    const unknownKey = await request(sandbox.app)
      .get(`${K}/runs`)
      .query({
        filter: filter([
          { key: 'colour', operation: 'EQUALS', string_value: 'x' },
        ]),
      })
      .set(KFP_AUTH);
    expect(unknownKey.status).toBe(400);
  });

  it('tells the story: latest demand run FAILED, weekly schedule DISABLED, newest fraud run RUNNING', async () => {
    const demand = kfpIds.experiment('demand-forecast');
    const runs = await request(sandbox.app)
      .get(`${K}/runs`)
      .query({
        experiment_id: demand,
        sort_by: 'created_at desc',
        page_size: 1,
      })
      .set(KFP_AUTH);
    expect(runs.body.runs[0]).toMatchObject({
      state: 'FAILED',
      error: { code: 2 },
    });
    const weekly = await request(sandbox.app)
      .get(
        `${K}/recurringruns/${kfpIds.recurringRun('demand-forecast-weekly')}`,
      )
      .set(KFP_AUTH);
    expect(weekly.body).toMatchObject({ status: 'DISABLED', mode: 'DISABLE' });
    const fraud = await request(sandbox.app)
      .get(`${K}/runs`)
      .query({
        experiment_id: kfpIds.experiment('fraud-detection'),
        sort_by: 'created_at desc',
      })
      .set(KFP_AUTH);
    expect(fraud.body.runs.map((r: any) => r.state)).toEqual([
      'RUNNING',
      ...Array(9).fill('SUCCEEDED'),
    ]);
    expect(fraud.body.runs[0].finished_at).toBe('1970-01-01T00:00:00Z');
  });

  it('creates a PENDING run that appears in the list', async () => {
    const pipeline = kfpIds.pipeline('fraud-detection-training');
    const version = kfpIds.version('fraud-detection-training', 'v3');
    const created = await request(sandbox.app)
      .post(`${K}/runs`)
      .set(KFP_AUTH)
      .send({
        display_name: 'manual retrain',
        pipeline_version_reference: {
          pipeline_id: pipeline,
          pipeline_version_id: version,
        },
      })
      .expect(200);
    expect(created.body).toMatchObject({
      state: 'PENDING',
      experiment_id: kfpIds.experiment('Default'),
    });
    const list = await request(sandbox.app)
      .get(`${K}/runs`)
      .query({
        filter: filter([
          { key: 'state', operation: 'EQUALS', string_value: 'PENDING' },
        ]),
      })
      .set(KFP_AUTH);
    expect(list.body.runs.map((r: any) => r.run_id)).toEqual([
      created.body.run_id,
    ]);
    const wrongVersion = await request(sandbox.app)
      .post(`${K}/runs`)
      .set(KFP_AUTH)
      .send({
        display_name: 'x',
        pipeline_version_reference: {
          pipeline_id: pipeline,
          pipeline_version_id: 'nope',
        },
      });
    expect(wrongVersion.status).toBe(404);
  });
});
