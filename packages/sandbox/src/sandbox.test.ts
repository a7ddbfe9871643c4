import request from 'supertest';
import {
  AIRFLOW2_AUTH,
  K8S_AUTH,
  airflowAuth,
  testSandbox,
} from './__testUtils__/sandbox';
import { MOUNTS, createSandbox } from './index';

const MLFLOW = '/mlflow/api/2.0/mlflow';

describe('sandbox', () => {
  it('restores the seeded state and zeroes the stats on POST /__sandbox/reset', async () => {
    const sandbox = testSandbox();
    const app = sandbox.app;
    const seeded = (
      await request(app).get(`${MLFLOW}/registered-models/search`)
    ).text;
    await request(app)
      .post(`${MLFLOW}/registered-models/create`)
      .send({ name: 'temp' })
      .expect(200);
    await request(app)
      .post(`${MLFLOW}/registered-models/alias`)
      .send({ name: 'fraud-detector', alias: 'champion', version: '5' })
      .expect(200);
    await request(app)
      .post('/airflow2/api/v1/dags/fraud_detection_training/dagRuns')
      .set(AIRFLOW2_AUTH)
      .send({})
      .expect(200);
    await request(app)
      .patch(
        '/kubernetes/apis/serving.kserve.io/v1beta1/namespaces/fraud-detection/inferenceservices/fraud-detector',
      )
      .set({ ...K8S_AUTH, 'Content-Type': 'application/merge-patch+json' })
      .send({ spec: { predictor: { canaryTrafficPercent: 100 } } })
      .expect(200);
    expect(
      (await request(app).get(`${MLFLOW}/registered-models/search`)).text,
    ).not.toBe(seeded);
    expect(
      (await request(app).get('/__sandbox/stats')).body.total,
    ).toBeGreaterThan(0);

    await request(app).post('/__sandbox/reset').expect(200);

    expect((await request(app).get('/__sandbox/stats')).body).toEqual({
      total: 0,
      unmatched: 0,
      systems: {},
    });
    expect(
      (await request(app).get(`${MLFLOW}/registered-models/search`)).text,
    ).toBe(seeded);
    const runs = await request(app)
      .get('/airflow2/api/v1/dags/fraud_detection_training/dagRuns')
      .set(AIRFLOW2_AUTH);
    expect(runs.body.total_entries).toBe(14);
    const isvc = await request(app)
      .get(
        '/kubernetes/apis/serving.kserve.io/v1beta1/namespaces/fraud-detection/inferenceservices/fraud-detector',
      )
      .set(K8S_AUTH);
    expect(isvc.body.spec.predictor.canaryTrafficPercent).toBe(20);
    // Writes after a reset get the same timestamps as on a fresh sandbox.
    const a = await request(app)
      .post(`${MLFLOW}/registered-models/create`)
      .send({ name: 'again' });
    const fresh = await request(testSandbox().app)
      .post(`${MLFLOW}/registered-models/create`)
      .send({ name: 'again' });
    expect(a.body).toEqual(fresh.body);
  });

  it('counts requests per system and route template', async () => {
    const sandbox = testSandbox();
    const auth = await airflowAuth(sandbox);
    await request(sandbox.app)
      .get(`${MLFLOW}/registered-models/get`)
      .query({ name: 'fraud-detector' });
    await request(sandbox.app)
      .get(`${MLFLOW}/registered-models/get`)
      .query({ name: 'churn-predictor' });
    await request(sandbox.app)
      .get('/airflow/api/v2/dags/fraud_detection_training')
      .set(auth);
    await request(sandbox.app)
      .get('/airflow/api/v2/dags/nope/unknown/path')
      .set(auth);
    const stats = (await request(sandbox.app).get('/__sandbox/stats')).body;
    expect(stats.systems.mlflow.routes).toEqual({
      'GET /api/2.0/mlflow/registered-models/get': 2,
    });
    expect(stats.systems.airflow.routes).toEqual({
      'POST /auth/token': 1,
      'GET /api/v2/dags/{dag_id}': 1,
    });
    expect(stats.unmatched).toBe(1);
    expect(stats.total).toBe(5);
  });

  it('lists every mount in the route table with OpenAPI-style templates', () => {
    const { routes } = testSandbox();
    expect(new Set(routes.map(r => r.mount))).toEqual(
      new Set(Object.values(MOUNTS)),
    );
    // No express-style `/:param`; a ':' only starts a custom method (KFP's `{id}:enable`).
    expect(
      routes.filter(r => !r.path.startsWith('/') || /\/:|[^}]:/.test(r.path)),
    ).toEqual([]);
    expect(
      new Set(routes.map(r => `${r.mount} ${r.method} ${r.path}`)).size,
    ).toBe(routes.length);
  });

  it('scales to 10,000 models with 50,000 versions, paged in few requests', async () => {
    const started = Date.now();
    const sandbox = createSandbox({
      scale: { models: 10000, versionsPerModel: 5 },
    });
    expect(Date.now() - started).toBeLessThan(10000);
    let token: string | undefined;
    let requests = 0;
    const names = new Set<string>();
    do {
      const res: request.Response = await request(sandbox.app)
        .get(`${MLFLOW}/registered-models/search`)
        .query({ max_results: 1000, ...(token ? { page_token: token } : {}) })
        .expect(200);
      for (const m of res.body.registered_models) names.add(m.name);
      token = res.body.next_page_token;
      requests++;
    } while (token);
    expect(names.size).toBe(10004);
    expect(names.has('synthetic-model-10000')).toBe(true);
    expect(requests).toBe(11);

    let versions = 0;
    token = undefined;
    do {
      const res: request.Response = await request(sandbox.app)
        .get(`${MLFLOW}/model-versions/search`)
        .query({ max_results: 20000, ...(token ? { page_token: token } : {}) })
        .expect(200);
      versions += res.body.model_versions.length;
      token = res.body.next_page_token;
    } while (token);
    expect(versions).toBe(50000 + 11);

    const one = await request(sandbox.app)
      .get(`${MLFLOW}/model-versions/search`)
      .query({ filter: "name='synthetic-model-04242'" });
    expect(one.body.model_versions.map((v: any) => v.version)).toEqual([
      '5',
      '4',
      '3',
      '2',
      '1',
    ]);
    const run = await request(sandbox.app)
      .get(`${MLFLOW}/runs/get`)
      .query({ run_id: one.body.model_versions[0].run_id })
      .expect(200);
    expect(run.body.run.data.metrics.map((m: any) => m.key)).toContain('auc');
  });

  it('adds synthetic DAGs, pipelines, runs and InferenceServices', async () => {
    const sandbox = createSandbox({
      scale: {
        dags: 12,
        runsPerDag: 3,
        pipelines: 4,
        runs: 9,
        inferenceServices: 7,
      },
    });
    const dags = await request(sandbox.app)
      .get('/airflow2/api/v1/dags')
      .query({ dag_id_pattern: 'synthetic' })
      .set(AIRFLOW2_AUTH);
    expect(dags.body.total_entries).toBe(12);
    const runs = await request(sandbox.app)
      .get('/airflow2/api/v1/dags/synthetic_dag_00003/dagRuns')
      .set(AIRFLOW2_AUTH);
    expect(runs.body.total_entries).toBe(3);
    const kfp = await request(sandbox.app)
      .get('/kubeflow/apis/v2beta1/runs')
      .query({ page_size: 100 })
      .set('Authorization', 'Bearer sandbox-kfp-token');
    expect(kfp.body.total_size).toBe(14 + 9);
    const isvcs = await request(sandbox.app)
      .get('/kubernetes/apis/serving.kserve.io/v1beta1/inferenceservices')
      .query({ labelSelector: 'synthetic=true' })
      .set(K8S_AUTH);
    expect(isvcs.body.items).toHaveLength(7);
    const owners = new Set(
      isvcs.body.items.map((i: any) => i.metadata.labels.owner),
    );
    expect(owners.size).toBe(5);
  });

  it('listens on loopback and reports the real port in OIDC discovery', async () => {
    const sandbox = createSandbox();
    const server = await sandbox.listen(0, '127.0.0.1');
    try {
      const port = (server.address() as { port: number }).port;
      const res = await fetch(
        `http://127.0.0.1:${port}/oidc/.well-known/openid-configuration`,
      );
      const doc = (await res.json()) as { issuer: string; jwks_uri: string };
      expect(doc.issuer).toBe(`http://127.0.0.1:${port}/oidc`);
      expect(sandbox.baseUrls().mlflow).toBe(`http://127.0.0.1:${port}/mlflow`);
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });
});
