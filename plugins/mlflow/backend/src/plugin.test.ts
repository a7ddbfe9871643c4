import { AuditorServiceCreateEventOptions } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  MlflowCompareResponse,
  MlflowModelResponse,
  MlflowRunResponse,
  MlflowRunsResponse,
  MlflowWriteResponse,
} from '@mlops-portal/plugin-mlflow-common';
import {
  MLFLOW_EXPERIMENTS,
  MLFLOW_MODELS,
  Sandbox,
  createSandbox,
} from '@mlops-portal/sandbox';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { mlflowPlugin } from './plugin';

const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { owner: 'group:default/fraud-detection' },
});

const FRAUD = {
  'mlflow.org/experiment': MLFLOW_EXPERIMENTS.fraudDetection.name,
  'mlflow.org/registered-model': MLFLOW_MODELS.fraudDetector,
};
const ENTITIES = [
  component('fraud-detection-model', FRAUD),
  component('fraud-on-mlflow2', { ...FRAUD, 'mlflow.org/instance': 'legacy' }),
  component('fraud-on-a-dead-instance', {
    ...FRAUD,
    'mlflow.org/instance': 'down',
  }),
  component('churn-prediction-model', {
    'mlflow.org/experiment': MLFLOW_EXPERIMENTS.churnPrediction.name,
  }),
  component('unknown-model', {
    'mlflow.org/registered-model': 'no-such-model',
  }),
  component('blank-experiment', { 'mlflow.org/experiment': ' ' }),
  component('unknown-instance', { ...FRAUD, 'mlflow.org/instance': 'nowhere' }),
];

const api = (entity: string, rest = '') =>
  `/api/mlflow/entity/default/component/${entity}${rest}`;

type AuditRecord = {
  eventId: string;
  status: 'initiated' | 'succeeded' | 'failed';
  meta?: Record<string, unknown>;
  request?: { method: string; url: string };
  error?: string;
};

let sandbox: Sandbox;
let sandboxServer: Server;
let sandboxUrl: string;
let closedPortUrl: string;

beforeAll(async () => {
  sandbox = createSandbox();
  sandboxServer = await sandbox.listen(0, '127.0.0.1');
  sandboxUrl = `http://127.0.0.1:${
    (sandboxServer.address() as AddressInfo).port
  }`;
  // A port that was just free: nothing listens there, so connections are refused.
  const probe = createServer();
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise(resolve => probe.close(resolve));
  closedPortUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise(resolve => sandboxServer.close(resolve));
});

beforeEach(() => sandbox.reset());

async function startBackend(
  options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
) {
  const audit: AuditRecord[] = [];
  const auditor = mockServices.auditor.mock({
    async createEvent(event: AuditorServiceCreateEventOptions) {
      const record = (
        status: AuditRecord['status'],
        extra: { meta?: Record<string, unknown>; error?: Error } = {},
      ) =>
        audit.push({
          eventId: event.eventId,
          status,
          meta: { ...event.meta, ...extra.meta },
          request: event.request && {
            method: event.request.method,
            url: event.request.originalUrl,
          },
          ...(extra.error && { error: extra.error.message }),
        });
      record('initiated');
      return {
        success: async params => void record('succeeded', params),
        fail: async params => void record('failed', params),
      };
    },
  });
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(() => ({
        result: options.permission ?? AuthorizeResult.ALLOW,
      })),
  });
  const { server } = await startTestBackend({
    features: [
      mlflowPlugin,
      catalogServiceMock.factory({ entities: ENTITIES }),
      auditor.factory,
      permissions.factory,
      mockServices.rootConfig.factory({
        data: {
          mlflow: {
            instances: [
              { name: 'sandbox', baseUrl: `${sandboxUrl}/mlflow` },
              {
                name: 'legacy',
                baseUrl: `${sandboxUrl}/mlflow2`,
                majorVersion: 2,
              },
              {
                name: 'down',
                baseUrl: `${closedPortUrl}/mlflow`,
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

const championOf = (model: string) =>
  sandbox.state.mlflow.models.get(model)?.aliases.get('champion');

describe('mlflow backend plugin', () => {
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
          url: `${sandboxUrl}/mlflow/#/experiments/1`,
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
      expect(body.target).toEqual({
        instance: 'sandbox',
        majorVersion: 3,
        uiUrl: `${sandboxUrl}/mlflow`,
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
        url: `${sandboxUrl}/mlflow/#/experiments/1/runs/${first.runId}`,
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
      expect(descending).toEqual([...descending].sort((a, b) => b - a));
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
    it('returns the model with versions and aliases (no stages on MLflow 3)', async () => {
      const { server } = await startBackend();
      const res = await request(server)
        .get(api('fraud-detection-model', '/model'))
        .expect(200);
      const { item, errors }: MlflowModelResponse = res.body;
      expect(errors).toEqual([]);
      expect(item).toMatchObject({
        name: 'fraud-detector',
        aliases: { champion: '4', challenger: '5' },
        stagesSupported: false,
        tags: expect.objectContaining({ owner: 'fraud-detection' }),
        url: `${sandboxUrl}/mlflow/#/models/fraud-detector`,
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
        runUrl: `${sandboxUrl}/mlflow/#/experiments/1/runs/114543373bd119a4482ea04f60d25075`,
      });
      expect(item?.versions.every(v => v.stage === undefined)).toBe(true);
    });

    it('shows stages on MLflow 2', async () => {
      const { server } = await startBackend();
      const res = await request(server)
        .get(api('fraud-on-mlflow2', '/model'))
        .expect(200);
      const { item }: MlflowModelResponse = res.body;
      expect(item?.stagesSupported).toBe(true);
      expect(item?.versions.map(v => v.stage)).toEqual([
        'Staging',
        'Production',
        'Archived',
        'Archived',
        'Archived',
      ]);
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
      });
    });
  });

  describe('writes', () => {
    it('refuses an alias move without permission: 403, alias unchanged, attempt audited', async () => {
      const { server, audit } = await startBackend({
        permission: AuthorizeResult.DENY,
      });
      const res = await request(server)
        .post(api('fraud-detection-model', '/model/aliases'))
        .send({ alias: 'champion', version: '5' })
        .expect(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(championOf('fraud-detector')).toBe(4);
      expect(audit.map(e => [e.eventId, e.status])).toEqual([
        ['model-alias-set', 'initiated'],
        ['model-alias-set', 'failed'],
      ]);
      expect(sandbox.stats.snapshot().total).toBe(0);
    });

    it('promotes the challenger: alias moved, audited before → after, never served stale', async () => {
      const { server, audit, permissions } = await startBackend();
      // Warm the caches with the model as it is now.
      const warm = await request(server)
        .get(api('fraud-detection-model', '/model'))
        .expect(200);
      expect(warm.body.item.aliases.champion).toBe('4');
      // ...and prove they are warm: the same read again costs no upstream request.
      const upstreamCalls = sandbox.stats.snapshot().total;
      await request(server)
        .get(api('fraud-detection-model', '/model'))
        .expect(200);
      expect(sandbox.stats.snapshot().total).toBe(upstreamCalls);

      const res = await request(server)
        .post(api('fraud-detection-model', '/model/aliases'))
        .send({ alias: 'champion', version: '5' })
        .expect(200);
      expect((res.body as MlflowWriteResponse).item.aliases).toEqual({
        champion: '5',
        challenger: '5',
      });
      expect(championOf('fraud-detector')).toBe(5);
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'mlflow.model.alias.set',
            }),
            resourceRef: 'component:default/fraud-detection-model',
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
            entityRef: 'component:default/fraud-detection-model',
            instance: 'sandbox',
            model: 'fraud-detector',
            alias: 'champion',
            version: '5',
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
        sandbox.state.mlflow.models
          .get('fraud-detector')
          ?.aliases.has('challenger'),
      ).toBe(false);
      expect(audit[1]).toMatchObject({
        eventId: 'model-alias-delete',
        status: 'succeeded',
        meta: { alias: 'challenger', before: '5', after: null },
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
      const { server, audit } = await startBackend();
      const res = await request(server)
        .post(api('fraud-on-mlflow2', '/model/versions/5/stage'))
        .send({ stage: 'Production', archiveExistingVersions: true })
        .expect(200);
      const { item }: MlflowWriteResponse = res.body;
      expect(item.versions.slice(0, 2).map(v => [v.version, v.stage])).toEqual([
        ['5', 'Production'],
        ['4', 'Archived'],
      ]);
      const versions =
        sandbox.state.mlflow.models.get('fraud-detector')!.versions;
      expect(versions.find(v => v.version === 5)?.currentStage).toBe(
        'Production',
      );
      expect(audit[1]).toMatchObject({
        eventId: 'model-stage-transition',
        status: 'succeeded',
        meta: {
          instance: 'legacy',
          version: '5',
          before: 'Staging',
          after: 'Production',
          archivedVersions: ['4'],
        },
      });
    });
  });
});
