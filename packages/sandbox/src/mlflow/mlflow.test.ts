import request from 'supertest';
import { testSandbox } from '../__testUtils__/sandbox';
import { Sandbox } from '../index';

const API = '/api/2.0/mlflow';

async function walkRuns(
  sandbox: Sandbox,
  body: Record<string, unknown>,
  pageSize: number,
): Promise<{ ids: string[]; requests: number }> {
  const ids: string[] = [];
  let token: string | undefined;
  let requests = 0;
  do {
    const res = await request(sandbox.app)
      .post(`/mlflow${API}/runs/search`)
      .send({
        ...body,
        max_results: pageSize,
        ...(token ? { page_token: token } : {}),
      })
      .expect(200);
    ids.push(...(res.body.runs ?? []).map((r: any) => r.info.run_id));
    token = res.body.next_page_token;
    requests++;
  } while (token);
  return { ids, requests };
}

describe('MLflow emulation', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = testSandbox();
  });

  it('walks all 30 fraud-detection runs with page tokens, without duplicates or gaps', async () => {
    const all = await walkRuns(sandbox, { experiment_ids: ['1'] }, 1000);
    const paged = await walkRuns(sandbox, { experiment_ids: ['1'] }, 7);
    expect(all.ids).toHaveLength(30);
    expect(paged.requests).toBe(5);
    expect(paged.ids).toEqual(all.ids);
    expect(new Set(paged.ids).size).toBe(30);
  });

  it('orders runs by start_time DESC by default and by a metric on request', async () => {
    const res = await request(sandbox.app)
      .post(`/mlflow${API}/runs/search`)
      .send({ experiment_ids: ['1'] })
      .expect(200);
    const starts = res.body.runs.map((r: any) => r.info.start_time);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));

    const byAuc = await request(sandbox.app)
      .post(`/mlflow${API}/runs/search`)
      .send({ experiment_ids: ['1'], order_by: ['metrics.auc DESC'] })
      .expect(200);
    const aucs = byAuc.body.runs.map(
      (r: any) => r.data.metrics?.find((m: any) => m.key === 'auc')?.value,
    );
    const present = aucs.filter((v: number | undefined) => v !== undefined);
    expect(present).toEqual([...present].sort((a: number, b: number) => b - a));
    // Runs without the metric (running, failed) sort last.
    expect(
      aucs.slice(present.length).every((v: unknown) => v === undefined),
    ).toBe(true);
  });

  it('filters runs by metric, param, tag and attribute', async () => {
    const search = async (filter: string) =>
      (
        await request(sandbox.app)
          .post(`/mlflow${API}/runs/search`)
          .send({ experiment_ids: ['1', '2'], filter })
          .expect(200)
      ).body.runs ?? [];
    const good = await search('metrics.auc > 0.93');
    expect(good.length).toBeGreaterThan(0);
    expect(
      good.every(
        (r: any) =>
          r.data.metrics.find((m: any) => m.key === 'auc').value > 0.93,
      ),
    ).toBe(true);

    const fromKfp = await search(
      "tags.kfp.pipeline = 'fraud-detection-training'",
    );
    expect(fromKfp).toHaveLength(10);
    expect(await search("attributes.status = 'RUNNING'")).toHaveLength(1);
    expect(await search("attributes.status = 'KILLED'")).toHaveLength(1);
    expect(await search("attributes.run_name = 'xgb-baseline'")).toHaveLength(
      1,
    );
    const depth = await search(
      "params.objective = 'binary:logistic' and attributes.status = 'FINISHED'",
    );
    expect(depth.every((r: any) => r.info.status === 'FINISHED')).toBe(true);

    const bad = await request(sandbox.app)
      .post(`/mlflow${API}/runs/search`)
      .send({ experiment_ids: ['1'], filter: 'metrics.auc > high' });
    expect(bad.status).toBe(400);
    expect(bad.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('links runs to Airflow and KFP ids that exist there', async () => {
    const runs = (
      await request(sandbox.app)
        .post(`/mlflow${API}/runs/search`)
        .send({ experiment_ids: ['1'] })
    ).body.runs;
    const tag = (r: any, key: string) =>
      r.data.tags.find((t: any) => t.key === key)?.value;
    const dagRunIds = runs
      .map((r: any) => tag(r, 'airflow.dag_run_id'))
      .filter(Boolean);
    const kfpRunIds = runs
      .map((r: any) => tag(r, 'kfp.run_id'))
      .filter(Boolean);
    expect(dagRunIds).toHaveLength(14);
    expect(kfpRunIds).toHaveLength(10);
    const airflowRuns = new Set(
      sandbox.state.airflow
        .runsOf('fraud_detection_training')
        .map(r => r.runId),
    );
    expect(dagRunIds.filter((id: string) => !airflowRuns.has(id))).toEqual([]);
    expect(
      kfpRunIds.filter((id: string) => !sandbox.state.kubeflow.runById.has(id)),
    ).toEqual([]);
  });

  it('pages metric histories', async () => {
    const { body: v } = await request(sandbox.app)
      .get(`/mlflow${API}/registered-models/alias`)
      .query({ name: 'fraud-detector', alias: 'champion' });
    const points: number[] = [];
    let token: string | undefined;
    do {
      const res = await request(sandbox.app)
        .get(`/mlflow${API}/metrics/get-history`)
        .query({
          run_id: v.model_version.run_id,
          metric_key: 'train_loss',
          max_results: 15,
          ...(token ? { page_token: token } : {}),
        })
        .expect(200);
      points.push(...res.body.metrics.map((m: any) => m.step));
      token = res.body.next_page_token;
    } while (token);
    expect(points).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('searches registered models with LIKE/ILIKE/= and returns {} when nothing matches', async () => {
    const names = async (filter: string) =>
      (
        (
          await request(sandbox.app)
            .get(`/mlflow${API}/registered-models/search`)
            .query({ filter })
            .expect(200)
        ).body.registered_models ?? []
      ).map((m: any) => m.name);
    expect(await names("name LIKE '%forecast%'")).toEqual([
      'demand-forecaster',
    ]);
    expect(await names("name ILIKE '%PRODUKT%'")).toEqual([
      'Produkt Empfehlung – β',
    ]);
    expect(await names("name = 'churn-predictor'")).toEqual([
      'churn-predictor',
    ]);
    expect(await names("tags.owner = 'supply-chain'")).toEqual([
      'demand-forecaster',
    ]);
    const empty = await request(sandbox.app)
      .get(`/mlflow${API}/registered-models/search`)
      .query({ filter: "name = 'nope'" })
      .expect(200);
    expect(empty.body).toEqual({});
    const ordered = await request(sandbox.app)
      .get(`/mlflow${API}/registered-models/search`)
      .query({ order_by: 'last_updated_timestamp DESC' })
      .expect(200);
    const stamps = ordered.body.registered_models.map(
      (m: any) => m.last_updated_timestamp,
    );
    expect(stamps).toEqual([...stamps].sort((a: number, b: number) => b - a));
  });

  it('sets, reads and deletes an alias (round trip)', async () => {
    const base = `/mlflow${API}/registered-models/alias`;
    await request(sandbox.app)
      .post(base)
      .send({ name: 'churn-predictor', alias: 'candidate', version: '3' })
      .expect(200);
    const got = await request(sandbox.app)
      .get(base)
      .query({ name: 'churn-predictor', alias: 'candidate' })
      .expect(200);
    expect(got.body.model_version).toMatchObject({
      version: '3',
      aliases: ['candidate'],
    });
    const model = await request(sandbox.app)
      .get(`/mlflow${API}/registered-models/get`)
      .query({ name: 'churn-predictor' });
    expect(model.body.registered_model.aliases).toContainEqual({
      alias: 'candidate',
      version: '3',
    });

    await request(sandbox.app)
      .delete(base)
      .send({ name: 'churn-predictor', alias: 'candidate' })
      .expect(200);
    const gone = await request(sandbox.app)
      .get(base)
      .query({ name: 'churn-predictor', alias: 'candidate' });
    expect(gone.status).toBe(400);
    expect(gone.body).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'Registered model alias candidate not found.',
    });
    await request(sandbox.app)
      .post(base)
      .send({ name: 'churn-predictor', alias: 'latest', version: '3' })
      .expect(400);
    await request(sandbox.app)
      .post(base)
      .send({ name: 'churn-predictor', alias: 'x', version: '9' })
      .expect(404);
  });

  it('transitions stages on /mlflow2 and archives the previous Production version', async () => {
    const res = await request(sandbox.app)
      .post(`/mlflow2${API}/model-versions/transition-stage`)
      .send({
        name: 'fraud-detector',
        version: '5',
        stage: 'production',
        archive_existing_versions: true,
      })
      .expect(200);
    expect(res.body.model_version.current_stage).toBe('Production');
    const v4 = await request(sandbox.app)
      .get(`/mlflow2${API}/model-versions/get`)
      .query({ name: 'fraud-detector', version: '4' });
    expect(v4.body.model_version.current_stage).toBe('Archived');
    const latest = await request(sandbox.app)
      .get(`/mlflow2${API}/registered-models/get-latest-versions`)
      .query({ name: 'fraud-detector', stages: 'Production' });
    expect(latest.body.model_versions.map((v: any) => v.version)).toEqual([
      '5',
    ]);
    // Both mounts share one registry.
    const v5 = await request(sandbox.app)
      .get(`/mlflow${API}/model-versions/get`)
      .query({ name: 'fraud-detector', version: '5' });
    expect(v5.body.model_version.current_stage).toBe('Production');
  });

  it('creates models and versions with increasing version numbers', async () => {
    await request(sandbox.app)
      .post(`/mlflow${API}/registered-models/create`)
      .send({ name: 'new-model' })
      .expect(200);
    const first = await request(sandbox.app)
      .post(`/mlflow${API}/model-versions/create`)
      .send({ name: 'new-model', source: 's3://x/1' })
      .expect(200);
    const second = await request(sandbox.app)
      .post(`/mlflow${API}/model-versions/create`)
      .send({ name: 'new-model', source: 's3://x/2' })
      .expect(200);
    expect([
      first.body.model_version.version,
      second.body.model_version.version,
    ]).toEqual(['1', '2']);
    const names = (
      await request(sandbox.app).get(`/mlflow${API}/registered-models/search`)
    ).body.registered_models.map((m: any) => m.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('new-model');
    const missingRun = await request(sandbox.app)
      .post(`/mlflow${API}/model-versions/create`)
      .send({ name: 'new-model', source: 's3://x', run_id: 'nope' });
    expect(missingRun.status).toBe(404);
  });

  it('returns Run.outputs on 3.x only', async () => {
    const runs2 = (
      await request(sandbox.app)
        .post(`/mlflow2${API}/runs/search`)
        .send({ experiment_ids: ['4'] })
    ).body.runs;
    const runs3 = (
      await request(sandbox.app)
        .post(`/mlflow${API}/runs/search`)
        .send({ experiment_ids: ['4'] })
    ).body.runs;
    expect(runs2[0].outputs).toBeUndefined();
    expect(runs3[0].outputs).toEqual({});
  });
});
