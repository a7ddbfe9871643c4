import {
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import {
  describeWithContracts,
  expectValid,
  loadHttpContract,
} from '@mlops-portal/contract-testing';
import {
  createMlflowClients,
  MlflowModelVersion,
  MlflowRegisteredModel,
} from '@mlops-portal/plugin-mlflow-node';
import { toEntityName } from '@mlops-portal/plugin-mlops-common';
import { setupServer } from 'msw/node';
import { expectValidEntity } from '../__testUtils__/entities';
import {
  fakeMlflowApi,
  fakeMlflowClients,
  modelVersion,
  registeredModel,
  testInstance,
} from '../__testUtils__/fakeMlflow';
import { recordingLogger } from '../__testUtils__/logger';
import { mlflowRegistryHandlers } from '../__testUtils__/mswRegistry';
import { MlflowEntityProvider } from './MlflowEntityProvider';

const PROD_URL = 'https://mlflow.example.com';
const STAGING_URL = 'https://mlflow-staging.example.com';

/** Records scheduled tasks instead of running them, so a test runs them when it wants. */
class PersistingTaskRunner implements SchedulerServiceTaskRunner {
  readonly tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  async run(task: SchedulerServiceTaskInvocationDefinition): Promise<void> {
    this.tasks.push(task);
  }
}

function connection() {
  return {
    applyMutation: jest.fn(async () => {}),
    refresh: jest.fn(async () => {}),
  } satisfies EntityProviderConnection;
}

/** The entities of the only full mutation applied. */
function appliedEntities(conn: ReturnType<typeof connection>): Entity[] {
  expect(conn.applyMutation).toHaveBeenCalledTimes(1);
  const [mutation] = conn.applyMutation.mock.calls[0] as unknown as [
    { type: string; entities: Array<{ entity: Entity; locationKey: string }> },
  ];
  expect(mutation.type).toBe('full');
  return mutation.entities.map(e => e.entity);
}

const mlflowConfig = (
  catalog: object = { defaultOwner: 'group:default/ml-platform' },
  instances: object[] = [
    { name: 'prod', baseUrl: PROD_URL, retries: 0, cacheTtl: '0s' },
  ],
) => new ConfigReader({ mlflow: { instances, catalog } });

/** Connects the providers to fresh fake connections; returns them with their task runners. */
async function connectAll(providers: MlflowEntityProvider[]) {
  return Promise.all(
    providers.map(async provider => {
      const conn = connection();
      await provider.connect(conn);
      return { provider, conn };
    }),
  );
}

describe('MlflowEntityProvider.fromConfig', () => {
  it('creates one provider per instance, named after it', () => {
    const { logger } = recordingLogger();
    const providers = MlflowEntityProvider.fromConfig(mlflowConfig(), {
      clients: fakeMlflowClients([
        fakeMlflowApi({ models: [], versions: [] }),
        fakeMlflowApi({
          instance: testInstance({ name: 'staging' }),
          models: [],
          versions: [],
        }),
      ]),
      logger,
      schedule: new PersistingTaskRunner(),
    });
    expect(providers.map(p => p.getProviderName())).toEqual([
      'mlflow-provider:prod',
      'mlflow-provider:staging',
    ]);
  });

  it('creates none, with a warning, when no instance is configured', () => {
    const { logger, records } = recordingLogger();
    const providers = MlflowEntityProvider.fromConfig(new ConfigReader({}), {
      clients: fakeMlflowClients([]),
      logger,
      scheduler: undefined,
    });
    expect(providers).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/No mlflow\.instances configured/),
      }),
    ]);
  });

  it('fails at startup without a default owner, naming the key', () => {
    expect(() =>
      MlflowEntityProvider.fromConfig(mlflowConfig({}), {
        clients: fakeMlflowClients([
          fakeMlflowApi({ models: [], versions: [] }),
        ]),
        logger: recordingLogger().logger,
        schedule: new PersistingTaskRunner(),
      }),
    ).toThrow(/mlflow\.catalog\.defaultOwner is required/);
  });

  it('needs a scheduler or a schedule', () => {
    expect(() =>
      MlflowEntityProvider.fromConfig(mlflowConfig(), {
        clients: fakeMlflowClients([
          fakeMlflowApi({ models: [], versions: [] }),
        ]),
        logger: recordingLogger().logger,
      }),
    ).toThrow(/needs either a scheduler or a schedule/);
  });
});

describe('MlflowEntityProvider (in-memory MLflow)', () => {
  it('schedules one refresh task per provider and refuses to refresh before connect', async () => {
    const schedule = new PersistingTaskRunner();
    const [provider] = MlflowEntityProvider.fromConfig(mlflowConfig(), {
      clients: fakeMlflowClients([fakeMlflowApi({ models: [], versions: [] })]),
      logger: recordingLogger().logger,
      schedule,
    });
    const refreshing = provider.refresh(recordingLogger().logger);
    await expect(refreshing).rejects.toThrow(ServiceUnavailableError);
    await expect(refreshing).rejects.toThrow(
      'mlflow-provider:prod is not connected to the catalog yet',
    );
    await provider.connect(connection());
    expect(schedule.tasks.map(t => t.id)).toEqual([
      'mlflow-provider:prod:refresh',
    ]);
  });

  it('refreshes with a child logger carrying the task and instance, and summarises invalid owners once', async () => {
    const schedule = new PersistingTaskRunner();
    const { logger, records } = recordingLogger();
    const models = Array.from({ length: 30 }, (_, i) =>
      registeredModel(`m-${i}`, { tags: { owner: `Bad Owner ${i}` } }),
    );
    const [provider] = MlflowEntityProvider.fromConfig(mlflowConfig(), {
      clients: fakeMlflowClients([fakeMlflowApi({ models, versions: [] })]),
      logger,
      schedule,
    });
    const conn = connection();
    await provider.connect(conn);
    await schedule.tasks[0].fn(new AbortController().signal);

    expect(appliedEntities(conn)).toHaveLength(30);
    const warnings = records.filter(r => r.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(
      /^30 registered models have a 'owner' tag that names no group or user; they are owned by group:default\/ml-platform/,
    );
    expect(warnings[0].fields.examples).toHaveLength(20);
    expect((warnings[0].fields.examples as unknown[])[0]).toEqual({
      model: 'm-0',
      value: 'Bad Owner 0',
    });
    expect(warnings[0].fields).toMatchObject({
      target: 'mlflow-provider:prod',
      taskId: 'mlflow-provider:prod:refresh',
      instance: 'prod',
      taskInstanceId: expect.any(String),
    });
    expect(records.find(r => r.level === 'info')?.fields).toMatchObject({
      models: 30,
      entities: 30,
      versions: 0,
      registeredModelPages: 1,
      modelVersionPages: 1,
    });
  });
});

describe('MlflowEntityProvider against MLflow over HTTP (msw)', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const N = 2345;
  // Owners cycle through: bare tag value, full user ref, invalid value, no tag.
  const ownerTags = (i: number): Record<string, string> | undefined => {
    switch (i % 4) {
      case 0:
        return { owner: `team-${i % 5}` };
      case 1:
        return { owner: `user:default/user-${i}` };
      case 2:
        return { owner: `Team ${i}!` };
      default:
        return undefined;
    }
  };
  const expectedOwner = (i: number) =>
    [
      `group:default/team-${i % 5}`,
      `user:default/user-${i}`,
      'group:default/ml-platform',
      'group:default/ml-platform',
    ][i % 4];
  // Every 100th name has spaces, a slash and non-ASCII letters.
  const nameOf = (i: number) =>
    i % 100 === 0
      ? `Modell ${i} / Empfehlung – β`
      : `model-${String(i).padStart(5, '0')}`;
  const versionsOf = (i: number) => (i % 3) + 1;

  const models: MlflowRegisteredModel[] = Array.from({ length: N }, (_, i) =>
    registeredModel(nameOf(i), {
      tags: ownerTags(i),
      aliases: { champion: '1', latest: String(versionsOf(i)) },
    }),
  );
  const versions: MlflowModelVersion[] = models.flatMap((m, i) =>
    Array.from({ length: versionsOf(i) }, (_, v) =>
      modelVersion(m.name, versionsOf(i) - v),
    ),
  );

  function useRegistry(
    failPage?: Parameters<typeof mlflowRegistryHandlers>[0]['failPage'],
    baseUrl = PROD_URL,
  ) {
    const registry = mlflowRegistryHandlers({
      baseUrl,
      models,
      versions,
      // MLflow's cap for models; versions capped low here so they page too.
      maxPageSize: { registeredModels: 1000, modelVersions: 2000 },
      failPage,
    });
    server.use(...registry.handlers);
    return registry;
  }

  function providersFor(config = mlflowConfig()) {
    const { logger, records } = recordingLogger();
    const schedule = new PersistingTaskRunner();
    const providers = MlflowEntityProvider.fromConfig(config, {
      clients: createMlflowClients({ config, logger }),
      logger,
      schedule,
    });
    return { providers, schedule, records };
  }

  async function runOnce(registryFailPage?: {
    search: 'registeredModels' | 'modelVersions';
    page: number;
  }) {
    const registry = useRegistry(registryFailPage);
    const { providers, schedule, records } = providersFor();
    const [{ conn }] = await connectAll(providers);
    await schedule.tasks[0].fn(new AbortController().signal);
    return { registry, conn, records, providers, schedule };
  }

  it('turns N models over several pages into exactly N entities, one request per page', async () => {
    const { registry, conn } = await runOnce();
    const entities = appliedEntities(conn);

    expect(entities).toHaveLength(N);
    expect(new Set(entities.map(e => e.metadata.name)).size).toBe(N);
    entities.forEach((entity, i) => {
      expect(entity.metadata.title).toBe(nameOf(i));
      expect(entity.metadata.name).toBe(toEntityName(nameOf(i)));
      expect(entity.spec?.owner).toBe(expectedOwner(i));
      expect(entity.spec?.mlflow).toMatchObject({
        aliases: {
          champion: { version: '1', runId: `run-${nameOf(i)}-1` },
          latest: { version: String(versionsOf(i)) },
        },
        latestVersions: [{ version: String(versionsOf(i)) }],
        versionCount: versionsOf(i),
      });
    });
    expect(entities[1].metadata.name).toBe('model-00001');
    expect(entities[100].metadata.name).toMatch(
      /^modell-100-empfehlung-[0-9a-f]{8}$/,
    );

    // ceil(4690 / 2000) version pages, then ceil(2345 / 1000) model pages, nothing else.
    const next = { page_token: expect.any(String) };
    expect(
      registry.served.map(p => [
        p.path.split('/').slice(-2).join('/'),
        p.query,
      ]),
    ).toEqual([
      ['model-versions/search', { max_results: '200000' }],
      ['model-versions/search', { max_results: '200000', ...next }],
      ['model-versions/search', { max_results: '200000', ...next }],
      ['registered-models/search', { max_results: '1000' }],
      ['registered-models/search', { max_results: '1000', ...next }],
      ['registered-models/search', { max_results: '1000', ...next }],
    ]);
  });

  it('emits entities the catalog accepts, with the provider as location key', async () => {
    const { conn } = await runOnce();
    const [mutation] = conn.applyMutation.mock.calls[0] as unknown as [
      { entities: Array<{ entity: Entity; locationKey: string }> },
    ];
    expect(new Set(mutation.entities.map(e => e.locationKey))).toEqual(
      new Set(['mlflow-provider:prod']),
    );
    for (const { entity } of mutation.entities.filter((_, i) => i % 50 === 0)) {
      await expectValidEntity(entity);
    }
  });

  it('gives the same entities on every run', async () => {
    const first = await runOnce();
    const second = await runOnce();
    expect(appliedEntities(second.conn)).toEqual(appliedEntities(first.conn));
  });

  it.each([
    ['registered models', 'registeredModels'],
    ['model versions', 'modelVersions'],
  ] as const)(
    'applies nothing when page 2 of the %s fails, and logs the error',
    async (_, search) => {
      const { conn, records, registry } = await runOnce({ search, page: 2 });

      expect(conn.applyMutation).not.toHaveBeenCalled();
      expect(registry.served.filter(p => p.status === 503)).toHaveLength(1);
      const errors = records.filter(r => r.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toBe(
        'mlflow-provider:prod refresh failed; no entities were changed',
      );
      expect(errors[0].error?.message).toMatch(/prod/);
    },
  );

  it('keeps what the catalog had when a later run fails', async () => {
    const { conn, schedule } = await runOnce();
    server.resetHandlers();
    useRegistry({ search: 'modelVersions', page: 1 });
    await schedule.tasks[0].fn(new AbortController().signal);
    // Only the first, complete run reached the catalog.
    expect(appliedEntities(conn)).toHaveLength(N);
  });

  it('prefixes entity names of every non-default instance', async () => {
    useRegistry(undefined, PROD_URL);
    useRegistry(undefined, STAGING_URL);
    const { providers, schedule } = providersFor(
      mlflowConfig(undefined, [
        { name: 'prod', baseUrl: PROD_URL, retries: 0, cacheTtl: '0s' },
        { name: 'staging', baseUrl: STAGING_URL, retries: 0, cacheTtl: '0s' },
      ]),
    );
    const connected = await connectAll(providers);
    for (const task of schedule.tasks) {
      await task.fn(new AbortController().signal);
    }
    const [prod, staging] = connected.map(c => appliedEntities(c.conn));
    expect(prod[1].metadata.name).toBe('model-00001');
    expect(staging[1].metadata.name).toMatch(
      /^staging-model-00001-[0-9a-f]{8}$/,
    );
    expect(staging[1].metadata.annotations).toMatchObject({
      'mlflow.org/instance': 'staging',
      'backstage.io/managed-by-location': `url:${STAGING_URL}/#/models/model-00001`,
    });
    expect(new Set([...prod, ...staging].map(e => e.metadata.name)).size).toBe(
      2 * N,
    );
  });

  it('ingests only the models the filters let through', async () => {
    useRegistry();
    const { providers, schedule } = providersFor(
      mlflowConfig({
        defaultOwner: 'ml-platform',
        filters: { include: ['model-0000\\d'], exclude: ['model-00003'] },
      }),
    );
    const [{ conn }] = await connectAll(providers);
    await schedule.tasks[0].fn(new AbortController().signal);
    expect(appliedEntities(conn).map(e => e.metadata.name)).toEqual([
      'model-00001',
      'model-00002',
      'model-00004',
      'model-00005',
      'model-00006',
      'model-00007',
      'model-00008',
      'model-00009',
    ]);
  });

  describeWithContracts('against the MLflow contracts', () => {
    it.each(['mlflow-2', 'mlflow-3'] as const)(
      'sends requests and is fed pages that %s allows',
      async contractName => {
        const contract = loadHttpContract(contractName);
        const { registry } = await runOnce();
        for (const page of registry.served) {
          expectValid(
            contract.validateRequest({
              method: 'GET',
              path: page.path,
              query: page.query,
            }),
          );
          expectValid(
            contract.validateResponse({
              method: 'GET',
              path: page.path,
              status: page.status,
              body: page.body,
            }),
          );
        }
      },
    );
  });
});
