import request from 'supertest';
import { KFP_AUTH, testSandbox } from '../__testUtils__/sandbox';
import { Sandbox, kfpIds } from '../index';
import { UPLOADED_SPEC, uploadRequest } from './__testUtils__/cases';

const K = '/kubeflow/apis/v2beta1';
const FRAUD = kfpIds.pipeline('fraud-detection-training');

describe('Kubeflow Pipelines writes', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = testSandbox();
  });

  const upload = (url: string, fileName: string, content: string) => {
    const { headers, body } = uploadRequest(fileName, content);
    return request(sandbox.app)
      .post(`${K}${url}`)
      .set(KFP_AUTH)
      .set(headers)
      .send(body);
  };

  it('uploads a pipeline with its first version, named from the query or the file', async () => {
    const created = await upload(
      '/pipelines/upload?display_name=Churn%20training&name=churn',
      'churn.yaml',
      UPLOADED_SPEC,
    ).expect(200);
    expect(created.body).toMatchObject({
      name: 'churn',
      display_name: 'Churn training',
      namespace: 'kubeflow',
    });
    const versions = await request(sandbox.app)
      .get(`${K}/pipelines/${created.body.pipeline_id}/versions`)
      .set(KFP_AUTH)
      .expect(200);
    expect(versions.body.pipeline_versions).toHaveLength(1);
    expect(versions.body.pipeline_versions[0]).toMatchObject({
      name: 'churn',
      pipeline_spec: {
        root: {
          inputDefinitions: {
            parameters: {
              learning_rate: { parameterType: 'NUMBER_DOUBLE' },
            },
          },
        },
      },
    });
    const fromFile = await upload(
      '/pipelines/upload',
      'demand-v9.yml',
      UPLOADED_SPEC,
    ).expect(200);
    expect(fromFile.body.name).toBe('demand-v9');
    await request(sandbox.app)
      .get(`${K}/pipelines/names/churn`)
      .set(KFP_AUTH)
      .expect(200);
  });

  it('answers a taken name with 409 and a bad file with KFP’s upload errors', async () => {
    const taken = await upload(
      '/pipelines/upload?name=fraud-detection-training',
      'p.yaml',
      UPLOADED_SPEC,
    );
    expect(taken.status).toBe(409);
    expect(taken.body.error_message).toMatch(/already exist/);
    const archive = await upload('/pipelines/upload', 'p.tar.gz', 'x');
    expect(archive.status).toBe(400);
    expect(archive.body.error_message).toMatch(
      /Unexpected pipeline file format/,
    );
    const notYaml = await upload('/pipelines/upload', 'p.yaml', 'a: [1');
    expect(notYaml.status).toBe(500);
    expect(notYaml.body.error_message).toMatch(/line 1/);
    const noFile = await request(sandbox.app)
      .post(`${K}/pipelines/upload`)
      .set(KFP_AUTH)
      .send({ uploadfile: 'x' });
    expect(noFile.status).toBe(400);
  });

  it('keeps a platform spec beside the pipeline spec', async () => {
    const created = await upload(
      `/pipelines/upload_version?pipelineid=${FRAUD}&name=v4&description=d`,
      'p.yaml',
      `${UPLOADED_SPEC}---\nplatforms:\n  kubernetes: {}\n`,
    ).expect(200);
    expect(created.body).toMatchObject({
      pipeline_id: FRAUD,
      name: 'v4',
      display_name: 'v4',
      description: 'd',
      pipeline_spec: {
        pipeline_spec: { pipelineInfo: { name: 'churn-training' } },
        platform_spec: { platforms: { kubernetes: {} } },
      },
    });
    const again = await upload(
      `/pipelines/upload_version?pipelineid=${FRAUD}&name=v4`,
      'p.yaml',
      UPLOADED_SPEC,
    );
    expect(again.status).toBe(409);
    const unknown = await upload(
      '/pipelines/upload_version?pipelineid=nope&name=v1',
      'p.yaml',
      UPLOADED_SPEC,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error_message).toMatch(/Pipeline nope not found/);
  });

  it('enables and disables a recurring run, each on its own route', async () => {
    const id = kfpIds.recurringRun('demand-forecast-weekly');
    const read = async () =>
      (
        await request(sandbox.app)
          .get(`${K}/recurringruns/${id}`)
          .set(KFP_AUTH)
          .expect(200)
      ).body;
    const before = await read();
    expect(before).toMatchObject({ status: 'DISABLED', mode: 'DISABLE' });
    await request(sandbox.app)
      .post(`${K}/recurringruns/${id}:enable`)
      .set(KFP_AUTH)
      .expect(200, {});
    const enabled = await read();
    expect(enabled).toMatchObject({ status: 'ENABLED', mode: 'ENABLE' });
    expect(enabled.updated_at > before.updated_at).toBe(true);
    await request(sandbox.app)
      .post(`${K}/recurringruns/${id}:disable`)
      .set(KFP_AUTH)
      .expect(200, {});
    expect(await read()).toMatchObject({ status: 'DISABLED' });
    expect(sandbox.stats.snapshot().systems.kubeflow.routes).toMatchObject({
      'POST /apis/v2beta1/recurringruns/{recurring_run_id}:enable': 1,
      'POST /apis/v2beta1/recurringruns/{recurring_run_id}:disable': 1,
    });
  });
});
