import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  MlflowCompareResponse,
  MlflowInstancesResponse,
  MlflowModelResponse,
  MlflowRunResponse,
  MlflowRunsResponse,
  MlflowWriteResponse,
} from '@mlops-portal/plugin-mlflow-common';
import { mlflowModelEntityName } from '@mlops-portal/plugin-mlflow-node';
import { mlflowInstanceConfig } from '@mlops-portal/plugin-mlflow-node/testUtils';
import { MLFLOW_EXPERIMENTS, MLFLOW_MODELS } from '@mlops-portal/sandbox';
import request from 'supertest';
import {
  authorizeWith,
  Decide,
  deny,
  recordingAuditor,
  useTestSandbox,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  annotatingComponent,
  ingestedModelEntity,
} from './__fixtures__/entities';
import { mlflowPlugin } from './plugin';

const FRAUD = {
  'mlflow.org/experiment': MLFLOW_EXPERIMENTS.fraudDetection.name,
  'mlflow.org/registered-model': MLFLOW_MODELS.fraudDetector,
};
const INSTANCE_NAMES = ['sandbox', 'legacy', 'down'];
/** The name the MLflow provider gives the model's Resource on a non-default instance. */
const LEGACY_FRAUD_DETECTOR = mlflowModelEntityName(
  INSTANCE_NAMES.map(name => mlflowInstanceConfig({ name })),
  'legacy',
  MLFLOW_MODELS.fraudDetector,
);
const ENTITIES = [
  annotatingComponent('fraud-detection-model', FRAUD),
  annotatingComponent('fraud-on-mlflow2', {
    ...FRAUD,
    'mlflow.org/instance': 'legacy',
  }),
  annotatingComponent('fraud-on-a-dead-instance', {
    ...FRAUD,
    'mlflow.org/instance': 'down',
  }),
  annotatingComponent('churn-prediction-model', {
    'mlflow.org/experiment': MLFLOW_EXPERIMENTS.churnPrediction.name,
  }),
  annotatingComponent('unknown-model', {
    'mlflow.org/registered-model': 'no-such-model',
  }),
  annotatingComponent('blank-experiment', { 'mlflow.org/experiment': ' ' }),
  annotatingComponent('unknown-instance', {
    ...FRAUD,
    'mlflow.org/instance': 'nowhere',
  }),
  // What the MLflow provider ingested for fraud-detector on 'sandbox' (the default instance) and
  // on 'legacy': whose owners may promote it.
  ingestedModelEntity({
    model: MLFLOW_MODELS.fraudDetector,
    instance: 'sandbox',
    owner: 'group:default/fraud-detection',
  }),
  ingestedModelEntity({
    model: MLFLOW_MODELS.fraudDetector,
    instance: 'legacy',
    name: LEGACY_FRAUD_DETECTOR,
    owner: 'group:default/fraud-detection',
  }),
];
/** A Component someone else registered, naming a model that is not theirs. */
const TAKEOVER = annotatingComponent(
  'churn-takeover',
  { 'mlflow.org/registered-model': MLFLOW_MODELS.churnPredictor },
  'group:default/mallory',
);

const api = (entity: string, rest = '') =>
  `/api/mlflow/entity/default/component/${entity}${rest}`;
const ACTIONS = '/api/mlflow/.backstage/actions/v1/actions';
const invoke = (action: string) => `${ACTIONS}/mlflow:${action}/invoke`;
const MOCK_USER = { userEntityRef: 'user:default/mock' };

const sandbox = useTestSandbox();

async function startBackend(
  options: {
    decide?: Decide;
    entities?: Entity[];
    /** The real actions registry, serving `/.backstage/actions` under the plugin. */
    actions?: boolean;
    restrictReads?: boolean;
    /** `mlflow.instances` instead of sandbox, legacy and down. */
    instances?: object[];
  } = {},
) {
  const { auditor, audit } = recordingAuditor();
  const permissions = mockServices.permissions.mock({
    authorize: authorizeWith(options.decide),
  });
  const { server } = await startTestBackend({
    features: [
      mlflowPlugin,
      catalogServiceMock.factory({ entities: options.entities ?? ENTITIES }),
      auditor.factory,
      permissions.factory,
      ...(options.actions ? [actionsRegistryServiceFactory] : []),
      mockServices.rootConfig.factory({
        data: {
          ...(options.restrictReads && {
            mlops: { authority: { restrictReads: true } },
          }),
          mlflow: {
            instances: options.instances ?? [
              { name: 'sandbox', baseUrl: sandbox().baseUrl('mlflow') },
              {
                name: 'legacy',
                baseUrl: sandbox().baseUrl('mlflow2'),
                majorVersion: 2,
              },
              {
                // Nothing listens on port 1: connections are refused.
                name: 'down',
                baseUrl: 'http://127.0.0.1:1/mlflow',
                retries: 0,
                timeout: { seconds: 2 },
              },
            ],
          },
        },
      }),
    ],
  });
  return { server, audit, permissions };
}

const mlflow = () => sandbox().sandbox.state.mlflow;
const championOf = (model: string) =>
  mlflow().models.get(model)?.aliases.get('champion');
const upstreamRequests = () => sandbox().sandbox.stats.snapshot().total;

/** Instances with credentials and internal API URLs that must never reach the browser. */
const secretInstances = () => [
  {
    name: 'prod',
    baseUrl: 'http://mlflow-api.internal:5000',
    uiUrl: 'https://mlflow.example.com',
    auth: { type: 'bearer', token: 'prod-secret-token' },
  },
  {
    name: 'research',
    baseUrl: 'http://research-api.internal/mlflow',
    uiUrl: 'https://research.example.com/mlflow',
    auth: { type: 'basic', username: 'portal', password: 'research-password' },
    majorVersion: 2,
  },
  { name: 'sandbox', baseUrl: sandbox().baseUrl('mlflow') },
];
const expectedInstances = (): MlflowInstancesResponse => ({
  instances: [
    { name: 'prod', uiUrl: 'https://mlflow.example.com', default: true },
    {
      name: 'research',
      uiUrl: 'https://research.example.com/mlflow',
      default: false,
    },
    // No uiUrl configured: the UI is served where the API is.
    { name: 'sandbox', uiUrl: sandbox().baseUrl('mlflow'), default: false },
  ],
});

describe('mlflow backend plugin', () => {
  describe('instances', () => {
    it('lists the configured instances in config order, the first as default, and nothing secret', async () => {
      const { server } = await startBackend({ instances: secretInstances() });
      const res = await request(server)
        .get('/api/mlflow/instances')
        .expect(200);
      expect(res.body).toEqual(expectedInstances());
      const text = JSON.stringify(res.body);
      for (const secret of [
        'prod-secret-token',
        'research-password',
        'portal',
        'mlflow-api.internal',
        'research-api.internal',
        'auth',
        'baseUrl',
        'majorVersion',
      ]) {
        expect(text).not.toContain(secret);
      }
      // Config only: MLflow is not asked.
      expect(upstreamRequests()).toBe(0);
    });

    it('answers an empty list when MLflow is not configured', async () => {
      const { server } = await startBackend({ instances: [] });
      const res = await request(server)
        .get('/api/mlflow/instances')
        .expect(200);
      expect(res.body).toEqual({ instances: [] });
    });

    it('answers 401 without credentials, and 400 for an unknown query parameter', async () => {
      const { server } = await startBackend({ instances: secretInstances() });
      const res = await request(server)
        .get('/api/mlflow/instances')
        .set('Authorization', mockCredentials.none.header())
        .expect(401);
      expect(res.body.error.name).toBe('AuthenticationError');
      expect(JSON.stringify(res.body)).not.toContain('prod');
      await request(server)
        .get('/api/mlflow/instances')
        .set('Authorization', mockCredentials.user.header())
        .expect(200);
      await request(server)
        .get('/api/mlflow/instances')
        .query({ secret: 'yes' })
        .expect(400);
    });
  });

  describe('runs', () => {
    it('pages through the experiment’s runs with the page token', async () => {
      const { server } = await startBackend();
      const seen = new Set<string>();
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const res = await request(server)
          .get(api('fraud-detection-model', '/runs'))
          .query({ maxResults: 12, ...(pageToken && { pageToken }) })
          .expect(200);
        const body: MlflowRunsResponse = res.body;
        expect(body.errors).toEqual([]);
        expect(body.experiment).toEqual({
          id: '1',
          name: 'fraud-detection',
          url: `${sandbox().baseUrl('mlflow')}/#/experiments/1`,
        });
        body.items.forEach(run => seen.add(run.runId));
        pageToken = body.nextPageToken;
        pages++;
      } while (pageToken);
      expect(pages).toBe(3);
      expect(seen.size).toBe(30);
    });

    it('shows a run’s status, metrics, params, user and link', async () => {
      const { server } = await startBackend();
      const res = await request(server)
        .get(api('fraud-detection-model', '/runs'))
        .expect(200);
      const body: MlflowRunsResponse = res.body;
      const uiUrl = sandbox().baseUrl('mlflow');
      expect(body.target).toEqual({
        instance: 'sandbox',
        majorVersion: 3,
        uiUrl,
        experiment: 'fraud-detection',
        registeredModel: 'fraud-detector',
      });
      expect(body.items).toHaveLength(25);
      const first = body.items.find(run => run.status === 'FINISHED')!;
      expect(first).toMatchObject({
        experimentId: '1',
        durationMs: expect.any(Number),
        metrics: expect.objectContaining({ auc: expect.any(Number) }),
        params: expect.objectContaining({ max_depth: expect.any(String) }),
        user: expect.any(String),
        url: `${uiUrl}/#/experiments/1/runs/${first.runId}`,
      });
    });

    it('sorts by a metric', async () => {
      const { server } = await startBackend();
      const aucs = async (orderBy: string) => {
        const res = await request(server)
          .get(api('fraud-detection-model', '/runs'))
          .query({ orderBy, maxResults: 100, filter: 'metrics.auc > 0' })
          .expect(200);
        return (res.body as MlflowRunsResponse).items.map(r => r.metrics.auc);
      };
      const descending = await aucs('metrics.auc DESC');
      expect(descending.length).toBeGreaterThan(10);
      expect(descending).toEqual([...descending].sort((a, b) => b! - a!));
      expect(new Set(descending).size).toBeGreaterThan(5);
      const ascending = await aucs('metrics.auc ASC');
      expect(ascending).toEqual([...descending].reverse());
    });

    it('filters', async () => {
      const { server } = await startBackend();
      const res = await request(server)
        .get(api('fraud-detection-model', '/runs'))
        .query({ filter: "attributes.status = 'FINISHED'", maxResults: 100 })
        .expect(200);
      const statuses = (res.body as MlflowRunsResponse).items.map(
        r => r.status,
      );
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['FINISHED']));
    });

    it('answers 400 for a bad query and for a filter MLflow rejects', async () => {
      const { server } = await startBackend();
      const bad = await request(server)
        .get(api('fraud-detection-model', '/runs'))
        .query({ maxResults: 0 })
        .expect(400);
      expect(bad.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringContaining('maxResults must be at least 1'),
      });
      const rejected = await request(server)
        .get(api('fraud-detection-model', '/runs'))
        .query({ filter: 'metrics.auc >>> 1' })
        .expect(400);
      expect(rejected.body.error.name).toBe('InputError');
    });

    it('shows a dead instance as data, naming it', async () => {
      const { server } = await startBackend();
      const res = await request(server)
        .get(api('fraud-on-a-dead-instance', '/runs'))
        .expect(200);
      const body: MlflowRunsResponse = res.body;
      expect(body.items).toEqual([]);
      expect(body.errors).toEqual([
        {
          instance: 'down',
          message: expect.stringContaining("mlflow instance 'down'"),
        },
      ]);
    });
  });

  describe('one run and comparisons', () => {
    it('returns one run with params, tags and full metric histories', async () => {
      const { server } = await startBackend();
      const runs = await request(server)
        .get(api('fraud-detection-model', '/runs'))
        .query({ filter: "attributes.status = 'FINISHED'" })
        .expect(200);
      const { runId } = (runs.body as MlflowRunsResponse).items[0];
      const res = await request(server)
        .get(api('fraud-detection-model', `/runs/${runId}`))
        .expect(200);
      const { item }: MlflowRunResponse = res.body;
      expect(item?.runId).toBe(runId);
      expect(item?.tags['mlflow.user']).toEqual(expect.any(String));
      expect(item?.metricHistories.train_loss).toHaveLength(50);
      expect(item?.metricHistories.train_loss.map(p => p.step)).toEqual(
        Array.from({ length: 50 }, (_, i) => i),
      );
      expect(item?.metricHistories.auc).toHaveLength(1);
    });

    it('answers 404 for a run of another experiment', async () => {
      const { server } = await startBackend();
      const churn = await request(server)
        .get(api('churn-prediction-model', '/runs'))
        .expect(200);
      const churnRunId = (churn.body as MlflowRunsResponse).items[0].runId;
      const res = await request(server)
        .get(api('fraud-detection-model', `/runs/${churnRunId}`))
        .expect(404);
      expect(res.body.error.message).toBe(
        `MLflow run '${churnRunId}' was not found in experiment 'fraud-detection' on instance 'sandbox'`,
      );
    });

    it('compares runs with their histories, and refuses more than 10', async () => {
      const { server } = await startBackend();
      const runs = await request(server)
        .get(api('fraud-detection-model', '/runs'))
        .query({ maxResults: 11 })
        .expect(200);
      const ids = (runs.body as MlflowRunsResponse).items.map(r => r.runId);
      const res = await request(server)
        .get(api('fraud-detection-model', '/compare'))
        .query({ runIds: ids.slice(0, 3).join(','), metrics: 'val_auc' })
        .expect(200);
      const body: MlflowCompareResponse = res.body;
      expect(body.items.map(r => r.runId)).toEqual(ids.slice(0, 3));
      body.items.forEach(run =>
        expect(Object.keys(run.metricHistories)).toEqual(['val_auc']),
      );
      const tooMany = await request(server)
        .get(api('fraud-detection-model', '/compare'))
        .query({ runIds: ids.join(',') })
        .expect(400);
      expect(tooMany.body.error.message).toContain(
        'at most 10 runs can be compared at once',
      );
    });
  });

  describe('model', () => {
    it('returns the model with versions and aliases (no stages on MLflow 3), and whose owners may change it', async () => {
      const { server } = await startBackend();
      const res = await request(server)
        .get(api('fraud-detection-model', '/model'))
        .expect(200);
      const { item, errors, authority }: MlflowModelResponse = res.body;
      const uiUrl = sandbox().baseUrl('mlflow');
      expect(errors).toEqual([]);
      expect(authority).toEqual({
        entityRef: 'resource:default/fraud-detector',
      });
      expect(item).toMatchObject({
        name: 'fraud-detector',
        aliases: { champion: '4', challenger: '5' },
        stagesSupported: false,
        tags: expect.objectContaining({ owner: 'fraud-detection' }),
        url: `${uiUrl}/#/models/fraud-detector`,
      });
      expect(item?.versions.map(v => v.version)).toEqual([
        '5',
        '4',
        '3',
        '2',
        '1',
      ]);
      expect(item?.versions[1]).toMatchObject({
        aliases: ['champion'],
        status: 'READY',
        runId: '114543373bd119a4482ea04f60d25075',
        runUrl: `${uiUrl}/#/experiments/1/runs/114543373bd119a4482ea04f60d25075`,
      });
      expect(item?.versions.every(v => v.stage === undefined)).toBe(true);
    });

    it('shows stages on MLflow 2, and the instance’s own Resource as the authority', async () => {
      const { server } = await startBackend();
      const res = await request(server)
        .get(api('fraud-on-mlflow2', '/model'))
        .expect(200);
      const { item, authority }: MlflowModelResponse = res.body;
      expect(item?.stagesSupported).toBe(true);
      expect(item?.versions.map(v => v.stage)).toEqual([
        'Staging',
        'Production',
        'Archived',
        'Archived',
        'Archived',
      ]);
      expect(authority).toEqual({
        entityRef: `resource:default/${LEGACY_FRAUD_DETECTOR}`,
      });
    });

    it('says why only admins may change a model the provider did not ingest', async () => {
      const { server } = await startBackend({
        entities: [...ENTITIES, TAKEOVER],
      });
      const res = await request(server)
        .get(api('churn-takeover', '/model'))
        .expect(200);
      const { item, authority }: MlflowModelResponse = res.body;
      expect(item?.name).toBe('churn-predictor');
      expect(authority).toEqual({
        reason: expect.stringContaining(
          "the catalog has no entity 'resource:default/churn-predictor' from the MLflow catalog provider",
        ),
      });
    });

    it('answers 404 for an unknown model and for an entity missing from the catalog', async () => {
      const { server } = await startBackend();
      const unknown = await request(server)
        .get(api('unknown-model', '/model'))
        .expect(404);
      expect(unknown.body.error).toMatchObject({
        name: 'NotFoundError',
        message: expect.stringContaining("registered model 'no-such-model'"),
      });
      const missing = await request(server)
        .get(api('not-in-the-catalog', '/model'))
        .expect(404);
      expect(missing.body.error.message).toBe(
        "Entity 'component:default/not-in-the-catalog' was not found in the catalog",
      );
    });

    it('answers 400 for a malformed annotation, a missing one and an unknown instance', async () => {
      const { server } = await startBackend();
      const blank = await request(server)
        .get(api('blank-experiment', '/runs'))
        .expect(400);
      expect(blank.body.error.message).toMatch(/mlflow\.org\/experiment/);
      const noModel = await request(server)
        .get(api('churn-prediction-model', '/model'))
        .expect(400);
      expect(noModel.body.error.message).toContain(
        "has no 'mlflow.org/registered-model' annotation",
      );
      const instance = await request(server)
        .get(api('unknown-instance', '/model'))
        .expect(400);
      expect(instance.body.error.message).toBe(
        "Unknown mlflow instance 'nowhere'; configured instances are 'sandbox', 'legacy', 'down'",
      );
    });

    it('shows a dead instance as data', async () => {
      const { server } = await startBackend();
      const res = await request(server)
        .get(api('fraud-on-a-dead-instance', '/model'))
        .expect(200);
      expect(res.body).toEqual({
        target: expect.objectContaining({ instance: 'down' }),
        errors: [
          {
            instance: 'down',
            message: expect.stringContaining("mlflow instance 'down'"),
          },
        ],
        // The Resource would be `down-fraud-detector-…`, which the mock catalog does not have.
        authority: { reason: expect.any(String) },
      });
    });

    it('with restricted reads, shows runs only to holders of mlops.unmanaged-object.read', async () => {
      const { server } = await startBackend({
        restrictReads: true,
        decide: deny('mlops.unmanaged-object.read'),
      });
      const runs = await request(server)
        .get(api('fraud-detection-model', '/runs'))
        .expect(403);
      expect(runs.body.error.message).toContain(
        "only admins may read the runs of MLflow experiment 'fraud-detection' on instance 'sandbox'",
      );
      // The model has an ingested Resource the caller can read.
      await request(server)
        .get(api('fraud-detection-model', '/model'))
        .expect(200);
      expect(upstreamRequests()).toBeGreaterThan(0);
    });
  });

  describe('writes', () => {
    it('refuses an alias move without permission: 403, alias unchanged, attempt audited', async () => {
      const { server, audit } = await startBackend({
        decide: deny('mlflow.model.alias.set'),
      });
      const res = await request(server)
        .post(api('fraud-detection-model', '/model/aliases'))
        .send({ alias: 'champion', version: '5' })
        .expect(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining(
          "it is owned by 'group:default/fraud-detection', the owner of 'resource:default/fraud-detector'",
        ),
      });
      expect(championOf('fraud-detector')).toBe(4);
      expect(audit.map(e => [e.eventId, e.status])).toEqual([
        ['model-alias-set', 'initiated'],
        ['model-alias-set', 'failed'],
      ]);
      expect(upstreamRequests()).toBe(0);
    });

    it('promotes the challenger: authorized on the ingested Resource, alias moved, audited who → before → after, never served stale', async () => {
      const { server, audit, permissions } = await startBackend();
      // Warm the caches with the model as it is now.
      const warm = await request(server)
        .get(api('fraud-detection-model', '/model'))
        .expect(200);
      expect(warm.body.item.aliases.champion).toBe('4');
      // ...and prove they are warm: the same read again costs no upstream request.
      const upstreamCalls = upstreamRequests();
      await request(server)
        .get(api('fraud-detection-model', '/model'))
        .expect(200);
      expect(upstreamRequests()).toBe(upstreamCalls);

      const res = await request(server)
        .post(api('fraud-detection-model', '/model/aliases'))
        .send({ alias: 'champion', version: '5' })
        .expect(200);
      expect((res.body as MlflowWriteResponse).item.aliases).toEqual({
        champion: '5',
        challenger: '5',
      });
      expect(championOf('fraud-detector')).toBe(5);
      expect(permissions.authorize).toHaveBeenCalledTimes(1);
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'mlflow.model.alias.set',
            }),
            resourceRef: 'resource:default/fraud-detector',
          },
        ],
        expect.anything(),
      );

      const after = await request(server)
        .get(api('fraud-detection-model', '/model'))
        .expect(200);
      expect(after.body.item.aliases.champion).toBe('5');

      expect(audit).toEqual([
        expect.objectContaining({
          eventId: 'model-alias-set',
          status: 'initiated',
        }),
        {
          eventId: 'model-alias-set',
          status: 'succeeded',
          request: {
            method: 'POST',
            url: api('fraud-detection-model', '/model/aliases'),
          },
          meta: {
            actor: MOCK_USER,
            entityRef: 'component:default/fraud-detection-model',
            instance: 'sandbox',
            model: 'fraud-detector',
            alias: 'champion',
            version: '5',
            authority: 'resource:default/fraud-detector',
            before: '4',
            after: '5',
          },
        },
      ]);
    });

    it('deletes an alias', async () => {
      const { server, audit } = await startBackend();
      await request(server)
        .delete(api('fraud-detection-model', '/model/aliases/challenger'))
        .expect(200);
      expect(
        mlflow().models.get('fraud-detector')?.aliases.has('challenger'),
      ).toBe(false);
      expect(audit[1]).toMatchObject({
        eventId: 'model-alias-delete',
        status: 'succeeded',
        meta: {
          actor: MOCK_USER,
          alias: 'challenger',
          authority: 'resource:default/fraud-detector',
          before: '5',
          after: null,
        },
      });
    });

    it('answers 400 for a bad body', async () => {
      const { server, audit } = await startBackend();
      const res = await request(server)
        .post(api('fraud-detection-model', '/model/aliases'))
        .send({ alias: 'champion', version: 'five' })
        .expect(400);
      expect(res.body.error.message).toBe(
        'Invalid request body: version: version must be a version number',
      );
      expect(audit).toEqual([]);
    });

    it('refuses a stage transition on MLflow 3 with a 400 pointing to aliases', async () => {
      const { server } = await startBackend();
      const res = await request(server)
        .post(api('fraud-detection-model', '/model/versions/5/stage'))
        .send({ stage: 'Production' })
        .expect(400);
      expect(res.body.error.message).toContain(
        'model version stages are replaced by aliases',
      );
    });

    it('transitions a stage on MLflow 2, archiving the version that was there', async () => {
      const { server, audit, permissions } = await startBackend();
      const res = await request(server)
        .post(api('fraud-on-mlflow2', '/model/versions/5/stage'))
        .send({ stage: 'Production', archiveExistingVersions: true })
        .expect(200);
      const { item }: MlflowWriteResponse = res.body;
      expect(item.versions.slice(0, 2).map(v => [v.version, v.stage])).toEqual([
        ['5', 'Production'],
        ['4', 'Archived'],
      ]);
      const versions = mlflow().models.get('fraud-detector')!.versions;
      expect(versions.find(v => v.version === 5)?.currentStage).toBe(
        'Production',
      );
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'mlflow.model.stage.transition',
            }),
            resourceRef: `resource:default/${LEGACY_FRAUD_DETECTOR}`,
          },
        ],
        expect.anything(),
      );
      expect(audit[1]).toMatchObject({
        eventId: 'model-stage-transition',
        status: 'succeeded',
        meta: {
          actor: MOCK_USER,
          instance: 'legacy',
          version: '5',
          authority: `resource:default/${LEGACY_FRAUD_DETECTOR}`,
          before: 'Staging',
          after: 'Production',
          archivedVersions: ['4'],
        },
      });
    });

    it('sets and shows an alias named __proto__ or constructor like any other', async () => {
      const { server } = await startBackend();
      for (const alias of ['__proto__', 'constructor']) {
        const res = await request(server)
          .post(api('fraud-detection-model', '/model/aliases'))
          .send({ alias, version: '3' })
          .expect(200);
        expect(Object.keys(res.body.item.aliases)).toContain(alias);
        expect(mlflow().models.get('fraud-detector')?.aliases.get(alias)).toBe(
          3,
        );
      }
      const res = await request(server)
        .get(api('fraud-detection-model', '/model'))
        .expect(200);
      // JSON.parse keeps "__proto__" as an own key.
      expect(res.body.item.aliases).toEqual(
        JSON.parse(
          '{"champion":"4","challenger":"5","__proto__":"3","constructor":"3"}',
        ),
      );
    });
  });

  describe('a Component that names someone else’s model (takeover)', () => {
    const tryPromote = async (entities: Entity[]) => {
      const { server, audit, permissions } = await startBackend({
        entities,
        // The MLOps policy: the unmanaged-object permission is for admins, who this caller is not.
        decide: deny('mlops.unmanaged-object.write'),
      });
      const res = await request(server)
        .post(api('churn-takeover', '/model/aliases'))
        .send({ alias: 'champion', version: '3' })
        .expect(403);
      expect(championOf('churn-predictor')).toBe(2);
      expect(
        [...mlflow().models.get('churn-predictor')!.aliases.keys()].sort(),
      ).toEqual(['champion']);
      expect(audit.map(e => [e.eventId, e.status])).toEqual([
        ['model-alias-set', 'initiated'],
        ['model-alias-set', 'failed'],
      ]);
      expect(audit[1].meta).toMatchObject({
        actor: MOCK_USER,
        entityRef: 'component:default/churn-takeover',
        model: 'churn-predictor',
      });
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'mlops.unmanaged-object.write',
            }),
          },
        ],
        expect.anything(),
      );
      expect(upstreamRequests()).toBe(0);
      return res.body.error.message as string;
    };

    it('cannot promote when the provider ingested no entity for the model', async () => {
      const message = await tryPromote([...ENTITIES, TAKEOVER]);
      expect(message).toBe(
        "Not allowed to mlflow.model.alias.set on MLflow registered model 'churn-predictor' on instance 'sandbox': only admins may change it, because the catalog has no entity 'resource:default/churn-predictor' from the MLflow catalog provider (the provider is not installed or has not run yet, or MLflow registered model 'churn-predictor' on instance 'sandbox' is outside its filters)",
      );
    });

    it('cannot promote through a Resource of the model’s name that they registered themselves', async () => {
      const message = await tryPromote([
        ...ENTITIES,
        TAKEOVER,
        ingestedModelEntity({
          model: MLFLOW_MODELS.churnPredictor,
          instance: 'sandbox',
          owner: 'group:default/mallory',
          location:
            'url:https://github.com/mallory/catalog/blob/main/catalog-info.yaml',
        }),
      ]);
      expect(message).toContain(
        "only admins may change it, because 'resource:default/churn-predictor' was not ingested by the MLflow catalog provider",
      );
    });
  });

  describe('actions', () => {
    const ENTITY_REF = 'component:default/fraud-detection-model';
    const READS = ['get-runs', 'get-run', 'compare-runs', 'get-model'];
    const NO_ENTITY_READS = ['list-instances'];
    const WRITES = [
      'set-model-alias',
      'delete-model-alias',
      'transition-model-version-stage',
    ];

    it('lists every read and write with truthful attributes and an entityRef input', async () => {
      const { server } = await startBackend({ actions: true });
      const res = await request(server).get(ACTIONS).expect(200);
      const actions: Array<{
        id: string;
        attributes: Record<string, boolean>;
        schema: {
          input: { properties: Record<string, unknown>; required?: string[] };
        };
      }> = res.body.actions;
      expect(actions.map(a => a.id).sort()).toEqual(
        [...NO_ENTITY_READS, ...READS, ...WRITES]
          .map(name => `mlflow:${name}`)
          .sort(),
      );
      const readOnly = { readOnly: true, destructive: false, idempotent: true };
      expect(
        Object.fromEntries(actions.map(a => [a.id, a.attributes])),
      ).toEqual({
        'mlflow:list-instances': readOnly,
        'mlflow:get-runs': readOnly,
        'mlflow:get-run': readOnly,
        'mlflow:compare-runs': readOnly,
        'mlflow:get-model': readOnly,
        'mlflow:set-model-alias': {
          readOnly: false,
          destructive: true,
          idempotent: true,
        },
        'mlflow:delete-model-alias': {
          readOnly: false,
          destructive: true,
          idempotent: false,
        },
        'mlflow:transition-model-version-stage': {
          readOnly: false,
          destructive: true,
          idempotent: true,
        },
      });
      // The instance list takes nothing.
      const listInstances = actions.find(a => a.id === 'mlflow:list-instances');
      expect(listInstances?.schema.input.properties).toEqual({});
      // Each other takes the route's fields plus the entity, which it must name.
      expect(
        Object.fromEntries(
          actions
            .filter(a => a !== listInstances)
            .map(a => [
              a.id,
              {
                fields: Object.keys(a.schema.input.properties).sort(),
                required: a.schema.input.required?.includes('entityRef'),
                entityRef: a.schema.input.properties.entityRef,
              },
            ]),
        ),
      ).toEqual(
        Object.fromEntries(
          Object.entries({
            'mlflow:get-runs': ['filter', 'maxResults', 'orderBy', 'pageToken'],
            'mlflow:get-run': ['runId'],
            'mlflow:compare-runs': ['metrics', 'runIds'],
            'mlflow:get-model': [],
            'mlflow:set-model-alias': ['alias', 'version'],
            'mlflow:delete-model-alias': ['alias'],
            'mlflow:transition-model-version-stage': [
              'archiveExistingVersions',
              'stage',
              'version',
            ],
          }).map(([id, fields]) => [
            id,
            {
              fields: [...fields, 'entityRef'].sort(),
              required: true,
              entityRef: expect.objectContaining({
                type: 'string',
                description: expect.stringContaining('catalog entity'),
              }),
            },
          ]),
        ),
      );
    });

    it('calls every action with the route’s answers', async () => {
      const { server, audit } = await startBackend({ actions: true });
      const call = async (action: string, input: object) =>
        (
          await request(server)
            .post(invoke(action))
            .send(input)
            .expect(res => {
              if (res.status !== 200) {
                throw new Error(
                  `${action} answered ${res.status}: ${JSON.stringify(
                    res.body,
                  )}`,
                );
              }
            })
        ).body.output;

      const runs = await call('get-runs', {
        entityRef: ENTITY_REF,
        maxResults: 3,
      });
      expect(runs).toMatchObject({
        errors: [],
        nextPageToken: expect.any(String),
      });
      expect(runs.items).toHaveLength(3);
      const runIds = runs.items.map((r: { runId: string }) => r.runId);
      const run = await call('get-run', {
        entityRef: ENTITY_REF,
        runId: runIds[0],
      });
      expect(run.item.runId).toBe(runIds[0]);
      const compared = await call('compare-runs', {
        entityRef: ENTITY_REF,
        runIds: runIds.slice(0, 2),
        metrics: ['val_auc'],
      });
      expect(compared.items.map((r: { runId: string }) => r.runId)).toEqual(
        runIds.slice(0, 2),
      );

      const model = await call('get-model', { entityRef: ENTITY_REF });
      expect(model).toMatchObject({
        target: expect.objectContaining({ instance: 'sandbox' }),
        item: expect.objectContaining({
          name: 'fraud-detector',
          aliases: { champion: '4', challenger: '5' },
        }),
        authority: { entityRef: 'resource:default/fraud-detector' },
        errors: [],
      });

      const promoted = await call('set-model-alias', {
        entityRef: ENTITY_REF,
        alias: 'champion',
        version: '5',
      });
      expect(promoted.item.aliases.champion).toBe('5');
      expect(championOf('fraud-detector')).toBe(5);
      const deleted = await call('delete-model-alias', {
        entityRef: ENTITY_REF,
        alias: 'challenger',
      });
      expect(deleted.item.aliases).toEqual({ champion: '5' });
      const transitioned = await call('transition-model-version-stage', {
        entityRef: 'component:default/fraud-on-mlflow2',
        version: '5',
        stage: 'production',
      });
      expect(transitioned.item.versions[0]).toMatchObject({
        version: '5',
        stage: 'Production',
      });

      // Actions carry no HTTP request: the audit log names the actor from the credentials.
      expect(
        audit
          .filter(e => e.status === 'succeeded')
          .map(e => [e.eventId, e.meta?.actor, e.meta?.authority, e.request]),
      ).toEqual([
        [
          'model-alias-set',
          MOCK_USER,
          'resource:default/fraud-detector',
          undefined,
        ],
        [
          'model-alias-delete',
          MOCK_USER,
          'resource:default/fraud-detector',
          undefined,
        ],
        [
          'model-stage-transition',
          MOCK_USER,
          `resource:default/${LEGACY_FRAUD_DETECTOR}`,
          undefined,
        ],
      ]);
    });

    it('lists the instances through the action as through the route', async () => {
      const { server } = await startBackend({
        actions: true,
        instances: secretInstances(),
      });
      const route = await request(server)
        .get('/api/mlflow/instances')
        .expect(200);
      const res = await request(server)
        .post(invoke('list-instances'))
        .send({})
        .expect(200);
      expect(res.body.output).toEqual(expectedInstances());
      expect(res.body.output).toEqual(route.body);
      expect(JSON.stringify(res.body)).not.toContain('secret');
      await request(server)
        .post(invoke('list-instances'))
        .send({ instance: 'prod' })
        .expect(400);
    });

    it('refuses a write action like its route: 403, nothing written, the attempt audited', async () => {
      const { server, audit } = await startBackend({
        actions: true,
        decide: deny('mlflow.model.alias.set'),
      });
      const res = await request(server)
        .post(invoke('set-model-alias'))
        .send({ entityRef: ENTITY_REF, alias: 'champion', version: '5' })
        .expect(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining("'resource:default/fraud-detector'"),
      });
      expect(championOf('fraud-detector')).toBe(4);
      expect(audit.map(e => [e.eventId, e.status])).toEqual([
        ['model-alias-set', 'initiated'],
        ['model-alias-set', 'failed'],
      ]);
      expect(audit[1].meta).toMatchObject({
        actor: MOCK_USER,
        entityRef: ENTITY_REF,
      });
      expect(upstreamRequests()).toBe(0);
    });

    it('refuses bad action input with a 400 before anything runs', async () => {
      const { server, audit } = await startBackend({ actions: true });
      const res = await request(server)
        .post(invoke('set-model-alias'))
        .send({ alias: 'champion', version: '5' })
        .expect(400);
      expect(res.body.error.message).toContain(
        'Invalid input to action "mlflow:set-model-alias"',
      );
      expect(audit).toEqual([]);
      expect(upstreamRequests()).toBe(0);
    });

    it('shows an alias named __proto__ through the action as through the route', async () => {
      const { server } = await startBackend({ actions: true });
      await request(server)
        .post(invoke('set-model-alias'))
        .send({ entityRef: ENTITY_REF, alias: '__proto__', version: '3' })
        .expect(200);
      const res = await request(server)
        .post(invoke('get-model'))
        .send({ entityRef: ENTITY_REF })
        .expect(200);
      expect(Object.keys(res.body.output.item.aliases).sort()).toEqual([
        '__proto__',
        'challenger',
        'champion',
      ]);
    });
  });
});
