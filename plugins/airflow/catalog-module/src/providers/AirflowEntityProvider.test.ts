import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  appliedEntities,
  ManualTaskRunner,
  recordingConnection,
  recordingLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  FakeAirflow,
  FakeAirflowDag,
  fakeAirflowClients,
} from '@mlops-portal/plugin-airflow-node/testUtils';
import { connectedProviders } from '../__testUtils__/provider';
import { AirflowEntityProvider } from './AirflowEntityProvider';

const config = (airflowCatalog: object = { defaultOwner: 'ml-platform' }) =>
  new ConfigReader({ airflow: { catalog: airflowCatalog } });

/** Five DAGs whose owners name a user by name, a user by email, a group, nobody, and Airflow's default. */
const fiveDags: FakeAirflowDag[] = [
  { dagId: 'a_by_name', owners: ['bob'] },
  { dagId: 'b_by_email', owners: ['airflow', 'Jane.Doe@Example.com'] },
  { dagId: 'c_by_group', owners: ['fraud-detection'] },
  { dagId: 'd_unknown', owners: ['Data Team', 'ops@example.com'] },
  { dagId: 'e_default', owners: ['airflow'] },
];
const expectedOwners = {
  a_by_name: 'user:default/bob',
  b_by_email: 'user:default/jane.doe',
  c_by_group: 'group:default/fraud-detection',
  d_unknown: 'group:default/ml-platform',
  e_default: 'group:default/ml-platform',
};

const ownersOf = (entities: ReturnType<typeof appliedEntities>) =>
  Object.fromEntries(entities.map(e => [e.metadata.title, e.spec?.owner]));

describe('AirflowEntityProvider.fromConfig', () => {
  const options = (clients = fakeAirflowClients([new FakeAirflow()])) => ({
    clients,
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    logger: recordingLogger().logger,
    schedule: new ManualTaskRunner(),
  });

  it('creates one provider per instance, named after it', () => {
    const providers = AirflowEntityProvider.fromConfig(
      config(),
      options(
        fakeAirflowClients([
          new FakeAirflow(),
          new FakeAirflow({ instance: { name: 'staging' } }),
        ]),
      ),
    );
    expect(providers.map(p => p.getProviderName())).toEqual([
      'airflow-provider:prod',
      'airflow-provider:staging',
    ]);
  });

  it('creates none, with a warning, when no instance is configured', () => {
    const { logger, records } = recordingLogger();
    const providers = AirflowEntityProvider.fromConfig(new ConfigReader({}), {
      ...options(fakeAirflowClients([])),
      logger,
    });
    expect(providers).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/No airflow\.instances configured/),
      }),
    ]);
  });

  it('fails at startup without a default owner, naming the key', () => {
    expect(() =>
      AirflowEntityProvider.fromConfig(config({}), options()),
    ).toThrow(/airflow\.catalog\.defaultOwner is required/);
  });

  it('needs a scheduler or a schedule', () => {
    expect(() =>
      AirflowEntityProvider.fromConfig(config(), {
        ...options(),
        schedule: undefined,
      }),
    ).toThrow('AirflowEntityProvider needs either a scheduler or a schedule');
  });
});

describe('AirflowEntityProvider runs', () => {
  it.each(['v2', 'v1'] as const)(
    'reads 5 DAGs in 3 pages of 2 (API %s), one request per page, and maps their owners',
    async apiVersion => {
      const fake = new FakeAirflow({
        instance: { apiVersion, pageSize: 2 },
        dags: fiveDags,
      });
      const { connections, runner, records, streamEntities } =
        await connectedProviders(fakeAirflowClients([fake]));
      await runner.runAll();

      const entities = appliedEntities(connections[0]);
      expect(entities.map(e => e.metadata.name)).toEqual(
        fiveDags.map(d => d.dagId),
      );
      expect(ownersOf(entities)).toEqual(expectedOwners);
      // Every page once, nothing per DAG; the catalog's users and groups read once per run.
      expect(fake.requests.map(r => [r.method, r.path])).toEqual([
        ['GET', `/api/${apiVersion}/dags`],
        ['GET', `/api/${apiVersion}/dags`],
        ['GET', `/api/${apiVersion}/dags`],
      ]);
      expect(fake.dagPages()).toEqual([
        [2, 0],
        [2, 2],
        [2, 4],
      ]);
      expect(streamEntities).toHaveBeenCalledTimes(1);

      const info = records.filter(r => r.level === 'info');
      expect(info).toHaveLength(1);
      expect(info[0].message).toBe(
        "Read 5 DAGs from Airflow instance 'prod'; 5 entities applied",
      );
      expect(info[0].fields).toMatchObject({
        target: 'airflow-provider:prod',
        taskId: 'airflow-provider:prod:refresh',
        instance: 'prod',
        dags: 5,
        entities: 5,
        filteredOut: 0,
        catalogOwners: 5,
        unmatchedOwners: 1,
        pageSize: 2,
      });
    },
  );

  it('reads the catalog once per run, not once per DAG', async () => {
    const fake = new FakeAirflow({
      instance: { pageSize: 10 },
      dags: Array.from({ length: 95 }, (_, i) => ({
        dagId: `dag_${String(i).padStart(3, '0')}`,
        owners: ['bob'],
      })),
    });
    const { connections, runner, streamEntities } = await connectedProviders(
      fakeAirflowClients([fake]),
    );
    await runner.runAll();
    await runner.runAll();

    expect(connections[0].applyMutation).toHaveBeenCalledTimes(2);
    expect(streamEntities).toHaveBeenCalledTimes(2);
    expect(fake.dagPages()).toHaveLength(20);
  });

  it('warns once about DAGs whose owners name nobody, with up to 20 examples', async () => {
    const fake = new FakeAirflow({
      dags: Array.from({ length: 30 }, (_, i) => ({
        dagId: `orphan_${String(i).padStart(2, '0')}`,
        owners: ['airflow', `Team ${i}`],
      })),
    });
    const { connections, runner, records } = await connectedProviders(
      fakeAirflowClients([fake]),
    );
    await runner.runAll();

    expect(
      appliedEntities(connections[0]).every(
        e => e.spec?.owner === 'group:default/ml-platform',
      ),
    ).toBe(true);
    const warnings = records.filter(r => r.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toBe(
      "30 DAGs have owners that name none of the catalog's 5 users and groups; " +
        'they are owned by group:default/ml-platform instead',
    );
    expect(warnings[0].fields.examples).toHaveLength(20);
    expect((warnings[0].fields.examples as unknown[])[0]).toEqual({
      dag: 'orphan_00',
      owners: ['Team 0'],
    });
  });

  it('stays silent about DAGs only Airflow’s default owner owns', async () => {
    const fake = new FakeAirflow({
      dags: [
        { dagId: 'x', owners: ['airflow'] },
        { dagId: 'y', owners: [] },
      ],
    });
    const { runner, records } = await connectedProviders(
      fakeAirflowClients([fake]),
    );
    await runner.runAll();
    expect(records.filter(r => r.level === 'warn')).toEqual([]);
  });

  it('applies nothing when a later page fails, and says which instance', async () => {
    const fake = new FakeAirflow({
      instance: { pageSize: 2 },
      dags: fiveDags,
    });
    fake.failRequest(3);
    const { connections, runner, records } = await connectedProviders(
      fakeAirflowClients([fake]),
    );
    await runner.runAll();

    expect(connections[0].applyMutation).not.toHaveBeenCalled();
    const errors = records.filter(r => r.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toBe(
      'airflow-provider:prod refresh failed; no entities were changed',
    );
    expect(errors[0].error?.message).toMatch(/airflow instance 'prod'/);
    expect(errors[0].error?.message).toMatch(/500/);
    expect(fake.dagPages()).toEqual([
      [2, 0],
      [2, 2],
      [2, 4],
    ]);
    expect(records.some(r => r.level === 'info')).toBe(false);
  });

  it('applies nothing when a page is malformed', async () => {
    const fake = new FakeAirflow({
      instance: { pageSize: 2 },
      dags: fiveDags.slice(0, 4),
      dagBodies: [
        { dag_id: 'e_broken', owners: 'fraud-detection', is_paused: false },
      ],
    });
    const { connections, runner, records } = await connectedProviders(
      fakeAirflowClients([fake]),
    );
    await runner.runAll();

    expect(connections[0].applyMutation).not.toHaveBeenCalled();
    expect(records.find(r => r.level === 'error')?.error?.message).toMatch(
      /GET \/dags returned an unexpected body: .*owners/,
    );
  });

  it('applies nothing when the catalog cannot be read', async () => {
    const fake = new FakeAirflow({ dags: fiveDags });
    const { connections, runner, records, streamEntities } =
      await connectedProviders(fakeAirflowClients([fake]));
    // eslint-disable-next-line require-yield
    streamEntities.mockImplementation(async function* failing() {
      throw new Error('catalog unavailable');
    });
    await runner.runAll();

    expect(connections[0].applyMutation).not.toHaveBeenCalled();
    expect(records.find(r => r.level === 'error')?.error?.message).toBe(
      'catalog unavailable',
    );
  });

  it('still applies the other instances when one fails', async () => {
    const broken = new FakeAirflow({ dags: fiveDags });
    broken.failRequest(1, 503);
    const healthy = new FakeAirflow({
      instance: { name: 'staging' },
      dags: fiveDags,
    });
    const { connections, runner, records } = await connectedProviders(
      fakeAirflowClients([broken, healthy]),
    );
    await runner.runAll();

    expect(connections[0].applyMutation).not.toHaveBeenCalled();
    const staging = appliedEntities(connections[1]);
    expect(staging).toHaveLength(5);
    expect(staging.every(e => e.metadata.name.startsWith('staging-'))).toBe(
      true,
    );
    expect(
      staging.every(
        e =>
          e.metadata.annotations?.['backstage.io/managed-by-location'] ===
          'mlops:airflow/staging',
      ),
    ).toBe(true);
    expect(records.filter(r => r.level === 'error')).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({ instance: 'prod' }),
      }),
    ]);
  });

  it('ingests only the DAGs the filters let through, and counts the rest', async () => {
    const fake = new FakeAirflow({ dags: fiveDags });
    const { connections, runner, records } = await connectedProviders(
      fakeAirflowClients([fake]),
      {
        catalog: {
          defaultOwner: 'ml-platform',
          filters: { include: ['[a-d]_.*'], exclude: ['.*_unknown'] },
        },
      },
    );
    await runner.runAll();

    expect(appliedEntities(connections[0]).map(e => e.metadata.name)).toEqual([
      'a_by_name',
      'b_by_email',
      'c_by_group',
    ]);
    expect(records.find(r => r.level === 'info')?.fields).toMatchObject({
      dags: 5,
      entities: 3,
      filteredOut: 2,
    });
  });

  it('reports DAGs whose entity name is taken, and ingests the first one', async () => {
    // A DAG id equal to another DAG's hashed entity name: what a hash collision does.
    const probe = new FakeAirflow({ dags: [{ dagId: 'Train' }] });
    const first = await connectedProviders(fakeAirflowClients([probe]));
    await first.runner.runAll();
    const taken = appliedEntities(first.connections[0])[0].metadata.name;

    const fake = new FakeAirflow({
      dags: [{ dagId: 'Train' }, { dagId: taken }],
    });
    const { connections, runner, records } = await connectedProviders(
      fakeAirflowClients([fake]),
    );
    await runner.runAll();

    expect(appliedEntities(connections[0]).map(e => e.metadata.title)).toEqual([
      'Train',
    ]);
    expect(records.filter(r => r.level === 'warn')).toEqual([
      expect.objectContaining({
        message: '1 DAGs were left out: their entity name is taken',
        fields: expect.objectContaining({
          examples: [
            {
              dag: taken,
              entityRef: `resource:default/${taken}`,
              keptDag: 'Train',
            },
          ],
        }),
      }),
    ]);
  });

  it('schedules one refresh task per provider', async () => {
    const runner = new ManualTaskRunner();
    const [provider] = AirflowEntityProvider.fromConfig(config(), {
      clients: fakeAirflowClients([new FakeAirflow()]),
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger: recordingLogger().logger,
      schedule: runner,
    });
    await provider.connect(recordingConnection());
    expect(runner.tasks.map(t => t.id)).toEqual([
      'airflow-provider:prod:refresh',
    ]);
  });
});
