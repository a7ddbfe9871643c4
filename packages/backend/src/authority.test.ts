// Write authority from the system of record, end to end: the real catalog, permission backend
// and MLOps policy, the MLflow provider ingesting the sandbox's registry, and the MLflow backend.
// A user registers a Component naming another team's model and owned by their own team, as
// anyone may; promoting through it must be refused and leave MLflow untouched.
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { mlflowPermissions } from '@mlops-portal/plugin-mlflow-common';
import { useTestSandbox } from '@mlops-portal/plugin-mlops-node/testUtils';
import { MLFLOW_MODELS } from '@mlops-portal/sandbox';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { authorityTestFeatures, waitFor } from './__testUtils__/portal';

jest.setTimeout(120_000);

const token = (user: string) =>
  `Bearer ${mockCredentials.user.token(`user:default/${user}`)}`;

/** Who is in which group: the guest of the demo, the churn team, the platform team. */
const ownership: Record<string, string[]> = {
  'user:default/guest': ['user:default/guest', 'group:default/fraud-detection'],
  'user:default/dana': ['user:default/dana', 'group:default/customer-insights'],
  'user:default/carol': ['user:default/carol', 'group:default/ml-platform'],
};

/** A catalog-info.yaml anyone could publish, naming another team's model. */
const takeoverYaml = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: my-churn
  annotations:
    mlflow.org/registered-model: ${MLFLOW_MODELS.churnPredictor}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/fraud-detection
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: my-forecast
  annotations:
    mlflow.org/registered-model: ${MLFLOW_MODELS.demandForecaster}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/fraud-detection
`;

describe('write authority from the system of record', () => {
  const sandbox = useTestSandbox();
  let yamlServer: Server;
  let yamlUrl: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  const champion = (model: string) =>
    sandbox().sandbox.state.mlflow.models.get(model)?.aliases.get('champion');
  const promote = (user: string, entity: string, version: string) =>
    request(server)
      .post(`/api/mlflow/entity/default/${entity}/model/aliases`)
      .set('Authorization', token(user))
      .send({ alias: 'champion', version });

  beforeAll(async () => {
    yamlServer = createServer((_req, res) => {
      res.setHeader('content-type', 'text/yaml');
      res.end(takeoverYaml);
    });
    await new Promise<void>(done => yamlServer.listen(0, '127.0.0.1', done));
    const { port } = yamlServer.address() as AddressInfo;
    yamlUrl = `http://127.0.0.1:${port}/catalog-info.yaml`;

    ({ server } = await startTestBackend({
      features: authorityTestFeatures({
        mlflowBaseUrl: sandbox().baseUrl('mlflow'),
        readableHost: `127.0.0.1:${port}`,
        ownership,
        policyPermissions: mlflowPermissions,
        // demand-forecaster stays out of the catalog: a model with no ingested entity
        excludeModels: [MLFLOW_MODELS.demandForecaster],
      }),
    }));

    // The provider ingests the registry; the user registers their location.
    await waitFor(async () => {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/resource/default/churn-predictor')
        .set('Authorization', token('guest'));
      return res.status === 200;
    }, 'the MLflow provider ingesting churn-predictor');
    const registered = await request(server)
      .post('/api/catalog/locations')
      .set('Authorization', token('guest'))
      .send({ type: 'url', target: yamlUrl });
    if (registered.status !== 201) {
      throw new Error(`Registering the location failed: ${registered.text}`);
    }
    await waitFor(async () => {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/component/default/my-forecast')
        .set('Authorization', token('guest'));
      return res.status === 200;
    }, 'the registered Components');
  });

  afterAll(async () => {
    await new Promise(done => yamlServer.close(done));
  });

  it('refuses the takeover: the Component is the guest’s, the model is not', async () => {
    const before = sandbox().routeCounts('mlflow');
    const res = await promote('guest', 'component/my-churn', '1');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      "owned by 'group:default/customer-insights', the owner of 'resource:default/churn-predictor'",
    );
    expect(champion(MLFLOW_MODELS.churnPredictor)).toBe(2);
    // nothing was written to MLflow
    const after = sandbox().routeCounts('mlflow');
    expect(after['POST /api/2.0/mlflow/registered-models/alias']).toBe(
      before['POST /api/2.0/mlflow/registered-models/alias'],
    );
  });

  it('refuses the same through the ingested Resource itself', async () => {
    const res = await promote('guest', 'resource/churn-predictor', '1');
    expect(res.status).toBe(403);
    expect(champion(MLFLOW_MODELS.churnPredictor)).toBe(2);
  });

  it('lets the owner of the ingested Resource promote from either entity', async () => {
    expect((await promote('dana', 'component/my-churn', '1')).status).toBe(200);
    expect(champion(MLFLOW_MODELS.churnPredictor)).toBe(1);
    expect(
      (await promote('dana', 'resource/churn-predictor', '2')).status,
    ).toBe(200);
    expect(champion(MLFLOW_MODELS.churnPredictor)).toBe(2);
  });

  it('lets only admins change a model no provider ingested, and says why to the others', async () => {
    const refused = await promote('guest', 'component/my-forecast', '1');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /only admins may change it, because the catalog has no entity 'resource:default\/demand-forecaster'/,
    );
    expect((await promote('dana', 'component/my-forecast', '1')).status).toBe(
      403,
    );
    expect((await promote('carol', 'component/my-forecast', '1')).status).toBe(
      200,
    );
  });

  it('shows the model through the Component, naming whose owners may change it', async () => {
    const res = await request(server)
      .get('/api/mlflow/entity/default/component/my-churn/model')
      .set('Authorization', token('guest'));
    expect(res.status).toBe(200);
    expect(res.body.item.name).toBe(MLFLOW_MODELS.churnPredictor);
    expect(res.body.authority).toEqual({
      entityRef: 'resource:default/churn-predictor',
    });
  });
});
