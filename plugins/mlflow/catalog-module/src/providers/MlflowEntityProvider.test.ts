import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  FakeMlflow,
  mockMlflowClients,
  registeredModel,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import {
  appliedEntities,
  ManualTaskRunner,
  recordingConnection,
  recordingLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { connectedProviders } from '../__testUtils__/provider';
import { MlflowEntityProvider } from './MlflowEntityProvider';

const catalog = { defaultOwner: 'group:default/ml-platform' };
const config = (mlflowCatalog: object = catalog) =>
  new ConfigReader({ mlflow: { catalog: mlflowCatalog } });
const prodAndStaging = () =>
  mockMlflowClients(
    new FakeMlflow(),
    new FakeMlflow({ instance: { name: 'staging' } }),
  );

/** The entities one run of a provider over these models applies. */
async function readOnce(
  models: ReturnType<typeof registeredModel>[],
): Promise<ReturnType<typeof appliedEntities>> {
  const { connections, runner } = await connectedProviders(
    mockMlflowClients(new FakeMlflow({ data: { models } })),
  );
  await runner.runAll();
  return appliedEntities(connections[0]);
}

describe('MlflowEntityProvider.fromConfig', () => {
  it('creates one provider per instance, named after it', () => {
    const providers = MlflowEntityProvider.fromConfig(config(), {
      clients: prodAndStaging(),
      logger: recordingLogger().logger,
      schedule: new ManualTaskRunner(),
    });
    expect(providers.map(p => p.getProviderName())).toEqual([
      'mlflow-provider:prod',
      'mlflow-provider:staging',
    ]);
  });

  it('creates none, with a warning, when no instance is configured', () => {
    const { logger, records } = recordingLogger();
    const providers = MlflowEntityProvider.fromConfig(new ConfigReader({}), {
      clients: mockMlflowClients(),
      logger,
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
      MlflowEntityProvider.fromConfig(config({}), {
        clients: mockMlflowClients(new FakeMlflow()),
        logger: recordingLogger().logger,
        schedule: new ManualTaskRunner(),
      }),
    ).toThrow(/mlflow\.catalog\.defaultOwner is required/);
  });

  it('needs a scheduler or a schedule', () => {
    expect(() =>
      MlflowEntityProvider.fromConfig(config(), {
        clients: mockMlflowClients(new FakeMlflow()),
        logger: recordingLogger().logger,
      }),
    ).toThrow(/needs either a scheduler or a schedule/);
  });
});

describe('MlflowEntityProvider runs', () => {
  it('schedules one refresh task per provider and refuses to refresh before connect', async () => {
    const runner = new ManualTaskRunner();
    const [provider] = MlflowEntityProvider.fromConfig(config(), {
      clients: mockMlflowClients(new FakeMlflow()),
      logger: recordingLogger().logger,
      schedule: runner,
    });
    const refreshing = provider.refresh(recordingLogger().logger);
    await expect(refreshing).rejects.toThrow(ServiceUnavailableError);
    await expect(refreshing).rejects.toThrow(
      'mlflow-provider:prod is not connected to the catalog yet',
    );
    await provider.connect(recordingConnection());
    expect(runner.tasks.map(t => t.id)).toEqual([
      'mlflow-provider:prod:refresh',
    ]);
  });

  it('logs through a child logger carrying the task and instance, and summarises invalid owners once', async () => {
    const fake = new FakeMlflow({
      data: {
        models: Array.from({ length: 30 }, (_, i) =>
          registeredModel(`m-${i}`, { tags: { owner: `Bad Owner ${i}` } }),
        ),
      },
    });
    const { connections, runner, records } = await connectedProviders(
      mockMlflowClients(fake),
    );
    await runner.runAll();

    expect(appliedEntities(connections[0])).toHaveLength(30);
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
      promptsLeftOut: 0,
      versions: 0,
      registeredModelPages: 1,
      modelVersionPages: 1,
    });
  });

  it('reports models whose entity name is taken, and ingests the first one', async () => {
    // An upstream name equal to another model's hashed entity name: what a hash collision does.
    const [probe] = await readOnce([registeredModel('Fraud Model')]);
    const taken = probe.metadata.name;
    const fake = new FakeMlflow({
      data: {
        models: [registeredModel('Fraud Model'), registeredModel(taken)],
      },
    });
    const { connections, runner, records } = await connectedProviders(
      mockMlflowClients(fake),
    );
    await runner.runAll();

    expect(appliedEntities(connections[0]).map(e => e.metadata.title)).toEqual([
      'Fraud Model',
    ]);
    const warnings = records.filter(r => r.level === 'warn');
    expect(warnings).toEqual([
      expect.objectContaining({
        message:
          '1 registered models were left out: their entity name is taken',
        fields: expect.objectContaining({
          examples: [
            {
              model: taken,
              entityRef: `resource:default/${taken}`,
              keptModel: 'Fraud Model',
            },
          ],
        }),
      }),
    ]);
  });

  it('leaves prompts out unless mlflow.catalog.includePrompts is set, and says how many', async () => {
    const models = [
      registeredModel('fraud-detector'),
      registeredModel('summarise-ticket', {
        tags: { 'mlflow.prompt.is_prompt': 'true' },
      }),
    ];
    const withoutPrompts = await connectedProviders(
      mockMlflowClients(new FakeMlflow({ data: { models } })),
    );
    await withoutPrompts.runner.runAll();
    expect(
      appliedEntities(withoutPrompts.connections[0]).map(e => e.metadata.name),
    ).toEqual(['fraud-detector']);
    const summary = withoutPrompts.records.find(r => r.level === 'info');
    expect(summary?.message).toMatch(
      /1 entities applied; 1 prompts left out \(mlflow\.catalog\.includePrompts is false\)$/,
    );
    expect(summary?.fields).toMatchObject({ models: 2, promptsLeftOut: 1 });

    const withPrompts = await connectedProviders(
      mockMlflowClients(new FakeMlflow({ data: { models } })),
      { ...catalog, includePrompts: true },
    );
    await withPrompts.runner.runAll();
    expect(
      appliedEntities(withPrompts.connections[0]).map(e => e.metadata.name),
    ).toEqual(['fraud-detector', 'summarise-ticket']);
    expect(
      withPrompts.records.find(r => r.level === 'info')?.fields,
    ).toMatchObject({ promptsLeftOut: 0 });
  });
});
