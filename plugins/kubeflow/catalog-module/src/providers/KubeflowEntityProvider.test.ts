import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FakeKubeflow,
  FakeKubeflowPipelineSeed,
  KUBEFLOW_STORY,
  fakeKubeflowClients,
} from '@mlops-portal/plugin-kubeflow-node/testUtils';
import {
  ManualTaskRunner,
  appliedEntities,
  recordingConnection,
  recordingLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { LATEST_VERSION_REQUEST } from '../lib/readPipelineEntities';
import { connectedProviders } from '../__testUtils__/provider';
import { KubeflowEntityProvider } from './KubeflowEntityProvider';

const config = (kubeflowCatalog: object = { defaultOwner: 'ml-platform' }) =>
  new ConfigReader({ kubeflow: { catalog: kubeflowCatalog } });

/** Five pipelines in three namespaces (one shared), with one to three versions each. */
const fivePipelines: FakeKubeflowPipelineSeed[] = [
  { displayName: 'a-fraud', namespace: 'fraud-detection' },
  { displayName: 'b-fraud', namespace: 'fraud-detection' },
  { displayName: 'c-demand', namespace: 'supply-chain' },
  { displayName: 'd-shared' },
  { displayName: 'e-other', namespace: 'team-x' },
].map((pipeline, i) => ({
  ...pipeline,
  versions: Array.from({ length: 1 + (i % 3) }, (_, v) => ({
    displayName: `v${v + 1}`,
  })),
}));

const namespaceOwners = {
  'fraud-detection': 'group:default/fraud-detection',
  'supply-chain': 'supply-chain',
};

const ownersOf = (entities: ReturnType<typeof appliedEntities>) =>
  Object.fromEntries(entities.map(e => [e.metadata.title, e.spec?.owner]));

describe('KubeflowEntityProvider.fromConfig', () => {
  const options = (clients = fakeKubeflowClients(new FakeKubeflow())) => ({
    clients,
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    logger: recordingLogger().logger,
    schedule: new ManualTaskRunner(),
  });

  it('creates one provider per instance, named after it, each with its refresh task', async () => {
    const runner = new ManualTaskRunner();
    const providers = KubeflowEntityProvider.fromConfig(config(), {
      ...options(
        fakeKubeflowClients(
          new FakeKubeflow(),
          new FakeKubeflow({ instance: { name: 'staging' } }),
        ),
      ),
      schedule: runner,
    });
    expect(providers.map(p => p.getProviderName())).toEqual([
      'kubeflow-provider:prod',
      'kubeflow-provider:staging',
    ]);
    await providers[0].connect(recordingConnection());
    expect(runner.tasks.map(t => t.id)).toEqual([
      'kubeflow-provider:prod:refresh',
    ]);
  });

  it('creates none, with a warning, when no instance is configured', () => {
    const { logger, records } = recordingLogger();
    const providers = KubeflowEntityProvider.fromConfig(new ConfigReader({}), {
      ...options(fakeKubeflowClients()),
      logger,
    });
    expect(providers).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/No kubeflow\.instances configured/),
      }),
    ]);
  });

  it('fails at startup without a default owner, naming the key', () => {
    expect(() =>
      KubeflowEntityProvider.fromConfig(config({}), options()),
    ).toThrow(/kubeflow\.catalog\.defaultOwner is required/);
  });

  it('needs a scheduler or a schedule', () => {
    expect(() =>
      KubeflowEntityProvider.fromConfig(config(), {
        ...options(),
        schedule: undefined,
      }),
    ).toThrow('KubeflowEntityProvider needs either a scheduler or a schedule');
  });
});

describe('KubeflowEntityProvider runs', () => {
  it('reads 5 pipelines in 3 pages of 2 and one versions request per pipeline, nothing more', async () => {
    const fake = new FakeKubeflow({
      instance: { pageSize: 2 },
      pipelines: fivePipelines,
    });
    const { connections, runner, records, streamEntities } =
      await connectedProviders(fakeKubeflowClients(fake), {
        catalog: { defaultOwner: 'ml-platform', namespaceOwners },
      });
    await runner.runAll();

    const entities = appliedEntities(connections[0]);
    expect(entities.map(e => e.metadata.name)).toEqual(
      fivePipelines.map(p => p.displayName),
    );
    expect(
      entities.map(e => [
        e.spec?.kubeflow,
        e.metadata.annotations?.['kubeflow.org/pipeline'],
      ]),
    ).toEqual(
      fake.pipelines.map(p => {
        const versions = fake.versionsOf(p.pipelineId);
        const latest = versions[versions.length - 1];
        return [
          {
            instance: 'prod',
            pipelineId: p.pipelineId,
            ...(p.namespace && { namespace: p.namespace }),
            versionCount: versions.length,
            latestVersion: {
              id: latest.pipelineVersionId,
              name: latest.displayName,
              createdAt: latest.createdAt,
            },
          },
          p.displayName,
        ];
      }),
    );
    expect(ownersOf(entities)).toEqual({
      'a-fraud': 'group:default/fraud-detection',
      'b-fraud': 'group:default/fraud-detection',
      'c-demand': 'group:default/supply-chain',
      'd-shared': 'group:default/ml-platform',
      'e-other': 'group:default/ml-platform',
    });

    // Every page once, uncached, the next one asked for as soon as one arrives; one versions
    // request per pipeline, while the next page is on its way; nothing else.
    expect(fake.calls.map(c => c.method)).toEqual([
      'listPipelinePages',
      'listPipelines',
      'listPipelines',
      'listPipelineVersions',
      'listPipelineVersions',
      'listPipelines',
      'listPipelineVersions',
      'listPipelineVersions',
      'listPipelineVersions',
    ]);
    expect(fake.callsOf('listPipelinePages')[0].args).toEqual([
      { cache: false },
    ]);
    expect(fake.callsOf('listPipelineVersions').map(c => c.args)).toEqual(
      fake.pipelines.map(p => [p.pipelineId, LATEST_VERSION_REQUEST]),
    );
    expect(LATEST_VERSION_REQUEST).toEqual({
      pageSize: 1,
      sortBy: 'created_at desc',
      cache: false,
    });
    expect(streamEntities).toHaveBeenCalledTimes(1);

    const info = records.filter(r => r.level === 'info');
    expect(info).toHaveLength(1);
    expect(info[0].message).toBe(
      "Read 5 pipelines from Kubeflow instance 'prod'; 5 entities applied",
    );
    expect(info[0].fields).toMatchObject({
      target: 'kubeflow-provider:prod',
      taskId: 'kubeflow-provider:prod:refresh',
      instance: 'prod',
      pipelines: 5,
      entities: 5,
      filteredOut: 0,
      versionRequests: 5,
      catalogOwners: 4,
      unknownOwners: 0,
      pageSize: 2,
    });
    expect(records.filter(r => r.level === 'warn')).toEqual([]);
  });

  it('ingests the story: both pipelines with their newest version and version count', async () => {
    const fake = FakeKubeflow.story();
    const { connections, runner } = await connectedProviders(
      fakeKubeflowClients(fake),
      { catalog: { defaultOwner: 'ml-platform' } },
    );
    await runner.runAll();

    const byName = new Map(
      appliedEntities(connections[0]).map(e => [e.metadata.name, e]),
    );
    const { fraudPipeline, demandPipeline } = KUBEFLOW_STORY;
    expect(byName.get('fraud-detection-training')?.spec).toEqual({
      type: 'kubeflow-pipeline',
      owner: 'group:default/ml-platform',
      kubeflow: {
        instance: 'prod',
        pipelineId: fraudPipeline.id,
        namespace: 'kubeflow',
        versionCount: 3,
        latestVersion: {
          id: fraudPipeline.versions.v3.id,
          name: 'v3',
          createdAt: '2026-10-25T10:41:00Z',
        },
      },
    });
    expect(
      byName.get('demand-forecast-training')?.spec?.kubeflow,
    ).toMatchObject({
      versionCount: 2,
      latestVersion: { id: demandPipeline.versions.v2.id, name: 'v2' },
    });
  });

  it('keeps at most four versions requests in flight', async () => {
    const fake = new FakeKubeflow({
      latencyMs: 2,
      pipelines: Array.from({ length: 25 }, (_, i) => ({
        displayName: `p-${String(i).padStart(2, '0')}`,
        versions: [{ displayName: 'v1' }],
      })),
      instance: { pageSize: 10 },
    });
    const { connections, runner } = await connectedProviders(
      fakeKubeflowClients(fake),
    );
    await runner.runAll();

    expect(appliedEntities(connections[0])).toHaveLength(25);
    expect(fake.peakInFlight('listPipelineVersions')).toBe(4);
    expect(fake.callsOf('listPipelineVersions')).toHaveLength(25);
  });

  it('counts the versions of a pipeline without any, and of one KFP gives no total for', async () => {
    const fake = new FakeKubeflow({
      pipelines: [{ displayName: 'empty' }],
    });
    const { connections, runner } = await connectedProviders(
      fakeKubeflowClients(fake),
    );
    await runner.runAll();
    expect(appliedEntities(connections[0])[0].spec?.kubeflow).toEqual({
      instance: 'prod',
      pipelineId: fake.pipelines[0].pipelineId,
      versionCount: 0,
    });
  });

  it.each([
    [
      'a later page',
      (fake: FakeKubeflow) =>
        fake.failMethod('listPipelines', { nth: 3, failure: 503 }),
    ],
    [
      'a versions request',
      (fake: FakeKubeflow) =>
        fake.failMethod('listPipelineVersions', { nth: 4, failure: 500 }),
    ],
    [
      'the pipeline list',
      (fake: FakeKubeflow) => fake.failMethod('listPipelinePages'),
    ],
  ])(
    'applies nothing when %s fails, and says which instance',
    async (_, fail) => {
      const fake = new FakeKubeflow({
        instance: { pageSize: 2 },
        pipelines: fivePipelines,
      });
      fail(fake);
      const { connections, runner, records } = await connectedProviders(
        fakeKubeflowClients(fake),
      );
      await runner.runAll();

      expect(connections[0].applyMutation).not.toHaveBeenCalled();
      const errors = records.filter(r => r.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toBe(
        'kubeflow-provider:prod refresh failed; no entities were changed',
      );
      expect(errors[0].error?.message).toMatch(
        /^kubeflow instance 'prod': GET \/apis\/v2beta1\/pipelines.* failed with 50[03]/,
      );
      expect(records.some(r => r.level === 'info')).toBe(false);
    },
  );

  it('sends no versions request after one failed', async () => {
    const fake = new FakeKubeflow({
      latencyMs: 2,
      instance: { pageSize: 10 },
      pipelines: fivePipelines,
    }).failMethod('listPipelineVersions', { nth: 1 });
    const { connections, runner } = await connectedProviders(
      fakeKubeflowClients(fake),
    );
    await runner.runAll();
    expect(connections[0].applyMutation).not.toHaveBeenCalled();
    // The four started together; none after the failure.
    expect(fake.callsOf('listPipelineVersions')).toHaveLength(4);
  });

  it('applies nothing when the catalog cannot be read', async () => {
    const fake = new FakeKubeflow({ pipelines: fivePipelines });
    const { connections, runner, records, streamEntities } =
      await connectedProviders(fakeKubeflowClients(fake));
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
    const broken = new FakeKubeflow({ pipelines: fivePipelines }).failCall(2);
    const healthy = new FakeKubeflow({
      instance: { name: 'staging' },
      pipelines: fivePipelines,
    });
    const { connections, runner, records } = await connectedProviders(
      fakeKubeflowClients(broken, healthy),
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
          'mlops:kubeflow/staging',
      ),
    ).toBe(true);
    expect(records.filter(r => r.level === 'error')).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({ instance: 'prod' }),
      }),
    ]);
  });

  it('ingests only the pipelines the filters let through, reading no versions of the rest', async () => {
    const fake = new FakeKubeflow({ pipelines: fivePipelines });
    const { connections, runner, records } = await connectedProviders(
      fakeKubeflowClients(fake),
      {
        catalog: {
          defaultOwner: 'ml-platform',
          filters: { include: ['[a-d]-.*'], exclude: ['.*-shared'] },
        },
      },
    );
    await runner.runAll();

    expect(appliedEntities(connections[0]).map(e => e.metadata.name)).toEqual([
      'a-fraud',
      'b-fraud',
      'c-demand',
    ]);
    expect(fake.callsOf('listPipelineVersions')).toHaveLength(3);
    expect(records.find(r => r.level === 'info')?.fields).toMatchObject({
      pipelines: 5,
      entities: 3,
      filteredOut: 2,
      versionRequests: 3,
    });
  });

  it('reports pipelines whose entity name is taken, and ingests the first one', async () => {
    // One display name in two namespaces: one entity name.
    const fake = new FakeKubeflow({
      pipelines: [
        { displayName: 'training', namespace: 'team-a', pipelineId: 'p-1' },
        { displayName: 'training', namespace: 'team-b', pipelineId: 'p-2' },
      ],
    });
    const { connections, runner, records } = await connectedProviders(
      fakeKubeflowClients(fake),
    );
    await runner.runAll();

    expect(appliedEntities(connections[0]).map(e => e.spec?.kubeflow)).toEqual([
      expect.objectContaining({ pipelineId: 'p-1' }),
    ]);
    expect(fake.callsOf('listPipelineVersions')).toHaveLength(1);
    expect(records.filter(r => r.level === 'warn')).toEqual([
      expect.objectContaining({
        message:
          '1 pipelines were left out: their entity name is taken (by a pipeline of the same name, in another namespace?)',
        fields: expect.objectContaining({
          examples: [
            {
              pipelineId: 'p-2',
              entityRef: 'resource:default/training',
              keptPipelineId: 'p-1',
            },
          ],
        }),
      }),
    ]);
  });

  it('warns once about configured owners the catalog does not know, and ingests their pipelines', async () => {
    const fake = new FakeKubeflow({ pipelines: fivePipelines });
    const { connections, runner, records } = await connectedProviders(
      fakeKubeflowClients(fake),
      {
        catalog: {
          defaultOwner: 'platform-team',
          namespaceOwners: { 'fraud-detection': 'fraud-detection' },
        },
      },
    );
    await runner.runAll();

    expect(appliedEntities(connections[0])).toHaveLength(5);
    expect(records.filter(r => r.level === 'warn')).toEqual([
      expect.objectContaining({
        message:
          '1 owners configured in kubeflow.catalog (defaultOwner, namespaceOwners) are none of ' +
          "the catalog's 4 users and groups; the 3 pipelines they own have no owner in the catalog",
        fields: expect.objectContaining({
          examples: [{ owner: 'group:default/platform-team', pipelines: 3 }],
        }),
      }),
    ]);
  });
});
