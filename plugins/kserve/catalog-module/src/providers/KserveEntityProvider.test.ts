import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  FakeKserveCluster,
  InferenceServiceFixture,
  buildInferenceServiceObject,
  fakeClusterConfig,
} from '@mlops-portal/plugin-kserve-node/testUtils';
import {
  ManualTaskRunner,
  expectValidEntity,
  recordingConnection,
  recordingLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  connectedProviders,
  lastFullEntities,
  mutations,
  refOf,
  stopProviders,
  testClusters,
} from '../__testUtils__/provider';
import { KserveEntityProvider } from './KserveEntityProvider';

afterEach(stopProviders);

const isvc = (fixture: Partial<InferenceServiceFixture> & { name: string }) =>
  buildInferenceServiceObject({ namespace: 'fraud-detection', ...fixture });

function clusterWith(
  name: string,
  objects: ReturnType<typeof isvc>[],
  overrides: Parameters<typeof fakeClusterConfig>[1] = {},
) {
  const fake = new FakeKserveCluster(fakeClusterConfig(name, overrides));
  objects.forEach(object => fake.put(object));
  return fake;
}

const listCalls = (fake: FakeKserveCluster) =>
  fake.calls.filter(c => c.method === 'listInferenceServices').map(c => c.arg);

describe('KserveEntityProvider.fromConfig', () => {
  it('creates one provider per cluster, named after it, each with its refresh task', async () => {
    const runner = new ManualTaskRunner();
    const providers = KserveEntityProvider.fromConfig(
      new ConfigReader({
        kserve: { catalog: { defaultOwner: 'ml-platform' } },
      }),
      {
        clusters: testClusters(
          new FakeKserveCluster('prod'),
          new FakeKserveCluster('staging'),
        ),
        logger: recordingLogger().logger,
        schedule: runner,
      },
    );
    expect(providers.map(p => p.getProviderName())).toEqual([
      'kserve-provider:prod',
      'kserve-provider:staging',
    ]);
    await providers[1].connect(recordingConnection());
    expect(runner.tasks.map(t => t.id)).toEqual([
      'kserve-provider:staging:refresh',
    ]);
  });

  it('creates none, with a warning, when no cluster is configured; then needs no owner', () => {
    const { logger, records } = recordingLogger();
    const providers = KserveEntityProvider.fromConfig(new ConfigReader({}), {
      clusters: testClusters(),
      logger,
      schedule: new ManualTaskRunner(),
    });
    expect(providers).toEqual([]);
    expect(records.map(r => [r.level, r.message])).toEqual([
      [
        'warn',
        'No Kubernetes cluster configured for KServe; the KServe entity provider ingests nothing',
      ],
    ]);
  });

  it('refuses to start without a default owner', () => {
    expect(() =>
      KserveEntityProvider.fromConfig(new ConfigReader({}), {
        clusters: testClusters(new FakeKserveCluster('prod')),
        logger: recordingLogger().logger,
        schedule: new ManualTaskRunner(),
      }),
    ).toThrow(/kserve\.catalog\.defaultOwner is required/);
  });
});

describe('KserveEntityProvider relist', () => {
  it('applies a Component and an API per InferenceService, ready, canary or degraded, in one full mutation', async () => {
    const fake = clusterWith('prod', [
      isvc({ name: 'fraud-detector', state: 'canary' }),
      isvc({ name: 'fraud-detector-v0', state: 'degraded' }),
      isvc({ name: 'churn', namespace: 'supply-chain', state: 'ready' }),
    ]);
    const { connections, runner, records } = await connectedProviders(
      testClusters(fake),
    );
    await runner.runAll();

    expect(mutations(connections[0])).toHaveLength(1);
    const entities = lastFullEntities(connections[0]);
    expect(entities.map(refOf)).toEqual([
      'component:fraud-detection/fraud-detector',
      'api:fraud-detection/fraud-detector',
      'component:fraud-detection/fraud-detector-v0',
      'api:fraud-detection/fraud-detector-v0',
      'component:supply-chain/churn',
      'api:supply-chain/churn',
    ]);
    expect(connections[0].applyMutation.mock.calls[0][0]).toMatchObject({
      type: 'full',
      entities: expect.arrayContaining([
        expect.objectContaining({ locationKey: 'kserve-provider:prod' }),
      ]),
    });
    for (const entity of entities) {
      await expectValidEntity(entity);
    }
    const info = records.filter(r => r.level === 'info');
    expect(info).toEqual([
      expect.objectContaining({
        message:
          "Read 3 InferenceServices from cluster 'prod'; 6 entities applied",
        fields: expect.objectContaining({
          target: 'kserve-provider:prod',
          inferenceServices: 3,
          entities: 6,
          malformed: 0,
          pages: 1,
          namespaces: 'all',
        }),
      }),
    ]);
    expect(
      records.filter(r => r.level !== 'info' && r.level !== 'debug'),
    ).toEqual([]);
  });

  it('pages through the cluster at its page size, with its label selector', async () => {
    const fake = clusterWith(
      'prod',
      Array.from({ length: 5 }, (_, i) =>
        isvc({ name: `model-${i}`, labels: { team: 'fraud' } }),
      ),
      { pageSize: 2, labelSelector: 'team=fraud' },
    );
    fake.put(isvc({ name: 'model-other', labels: { team: 'risk' } }));
    const { connections, runner } = await connectedProviders(
      testClusters(fake),
    );
    await runner.runAll();

    const page = (continueToken?: string) => ({
      namespace: undefined,
      labelSelector: 'team=fraud',
      limit: 2,
      continueToken,
    });
    expect(listCalls(fake)).toEqual([page(), page('2'), page('4')]);
    expect(
      lastFullEntities(connections[0])
        .filter(e => e.kind === 'Component')
        .map(e => e.metadata.name),
    ).toEqual(['model-0', 'model-1', 'model-2', 'model-3', 'model-4']);
  });

  it('reads only the configured namespaces, each on its own', async () => {
    const fake = clusterWith(
      'prod',
      [
        isvc({ name: 'a' }),
        isvc({ name: 'b', namespace: 'supply-chain' }),
        isvc({ name: 'c', namespace: 'sandbox' }),
      ],
      { namespaces: ['fraud-detection', 'supply-chain'] },
    );
    const { connections, runner, records } = await connectedProviders(
      testClusters(fake),
    );
    await runner.runAll();
    expect(
      listCalls(fake).map(c => (c as { namespace?: string }).namespace),
    ).toEqual(['fraud-detection', 'supply-chain']);
    expect(lastFullEntities(connections[0]).map(refOf)).toEqual([
      'component:fraud-detection/a',
      'api:fraud-detection/a',
      'component:supply-chain/b',
      'api:supply-chain/b',
    ]);
    expect(records.find(r => r.level === 'info')?.fields.namespaces).toEqual([
      'fraud-detection',
      'supply-chain',
    ]);
  });

  it('reads a namespace configured twice once, so that no entity is in the mutation twice', async () => {
    const fake = clusterWith('prod', [isvc({ name: 'a' })], {
      namespaces: ['fraud-detection', 'fraud-detection'],
    });
    const { connections, runner } = await connectedProviders(
      testClusters(fake),
    );
    await runner.runAll();
    expect(listCalls(fake)).toHaveLength(1);
    expect(lastFullEntities(connections[0]).map(refOf)).toEqual([
      'component:fraud-detection/a',
      'api:fraud-detection/a',
    ]);
  });

  it('leaves the entities as they were when a page fails', async () => {
    const fake = clusterWith(
      'prod',
      Array.from({ length: 3 }, (_, i) => isvc({ name: `model-${i}` })),
      { pageSize: 2 },
    );
    const { connections, runner, records } = await connectedProviders(
      testClusters(fake),
    );
    await runner.runAll();
    expect(mutations(connections[0])).toHaveLength(1);

    fake.put(isvc({ name: 'model-new' }));
    // The second page of the next relist fails.
    const list = fake.listInferenceServices.bind(fake);
    jest
      .spyOn(fake, 'listInferenceServices')
      .mockImplementationOnce(list)
      .mockRejectedValueOnce(new ServiceUnavailableError('etcd timeout'));
    await runner.runAll();

    // Nothing but the first relist's full mutation; the watch it started applied the new
    // object as a delta, and goes on watching.
    expect(mutations(connections[0]).map(m => m.type)).toEqual([
      'full',
      'delta',
    ]);
    expect(fake.openWatches).toBe(1);
    expect(records.filter(r => r.level === 'error')).toEqual([
      expect.objectContaining({
        message:
          'kserve-provider:prod refresh failed; no entities were changed',
        error: expect.objectContaining({ message: 'etcd timeout' }),
      }),
    ]);
  });

  it('keeps one broken cluster from blanking the other', async () => {
    const prod = clusterWith('prod', [isvc({ name: 'a' })]);
    const staging = clusterWith('staging', [isvc({ name: 'a' })]);
    staging.down = true;
    const { connections, runner } = await connectedProviders(
      testClusters(prod, staging),
    );
    await runner.runAll();
    expect(lastFullEntities(connections[0]).map(refOf)).toEqual([
      'component:fraud-detection/a',
      'api:fraud-detection/a',
    ]);
    expect(connections[1].applyMutation).not.toHaveBeenCalled();

    staging.down = false;
    await runner.runAll();
    expect(lastFullEntities(connections[1]).map(e => e.metadata.name)).toEqual([
      expect.stringMatching(/^staging-a-[0-9a-f]{8}$/),
      expect.stringMatching(/^staging-a-[0-9a-f]{8}$/),
    ]);
  });

  it('leaves a malformed InferenceService out with one warning and applies the rest', async () => {
    const broken = isvc({ name: 'broken' });
    delete (broken.spec as any).predictor;
    const alsoBroken = isvc({ name: 'also-broken' });
    (alsoBroken.status as any).url = 42;
    // The entities carry no rollout state: a traffic split the CRD forbids is the Serving tab's
    // error to show, not a reason to take the model server out of the catalog.
    const oddTraffic = isvc({ name: 'odd-traffic' });
    (oddTraffic.status as any).components.predictor.traffic = [
      { percent: 150 },
    ];
    const fake = clusterWith('prod', [
      broken,
      isvc({ name: 'fine' }),
      alsoBroken,
      oddTraffic,
    ]);
    const { connections, runner, records } = await connectedProviders(
      testClusters(fake),
    );
    await runner.runAll();

    expect(lastFullEntities(connections[0]).map(refOf)).toEqual([
      'component:fraud-detection/fine',
      'api:fraud-detection/fine',
      'component:fraud-detection/odd-traffic',
      'api:fraud-detection/odd-traffic',
    ]);
    expect(records.filter(r => r.level === 'warn')).toEqual([
      expect.objectContaining({
        message:
          '2 InferenceServices were left out: they are not what the KServe CRD says',
        fields: expect.objectContaining({
          examples: [
            {
              inferenceService: 'fraud-detection/also-broken',
              problem:
                'InferenceService fraud-detection/also-broken: status.url is number 42, expected a string',
            },
            {
              inferenceService: 'fraud-detection/broken',
              problem:
                'InferenceService fraud-detection/broken: spec.predictor is missing',
            },
          ],
        }),
      }),
    ]);
    expect(records.find(r => r.level === 'info')?.fields.malformed).toBe(2);
  });

  it('leaves out what the name filters exclude', async () => {
    const fake = clusterWith('prod', [
      isvc({ name: 'fraud-detector' }),
      isvc({ name: 'fraud-detector-tmp' }),
      isvc({ name: 'churn' }),
    ]);
    const { connections, runner, records } = await connectedProviders(
      testClusters(fake),
      {
        catalog: {
          defaultOwner: 'ml-platform',
          filters: { include: ['fraud-.*'], exclude: ['.*-tmp'] },
        },
      },
    );
    await runner.runAll();
    expect(lastFullEntities(connections[0]).map(e => e.metadata.name)).toEqual([
      'fraud-detector',
      'fraud-detector',
    ]);
    expect(records.find(r => r.level === 'info')?.fields.filteredOut).toBe(2);
  });

  it('owns by annotation, label or default, and warns once about annotations that are no owner', async () => {
    const fake = clusterWith('prod', [
      isvc({
        name: 'a',
        annotations: { 'backstage.io/owner': 'user:default/jane.doe' },
      }),
      isvc({ name: 'b', labels: { owner: 'fraud-detection' } }),
      isvc({ name: 'c' }),
      isvc({
        name: 'd',
        annotations: { 'backstage.io/owner': 'component:x' },
        labels: { owner: 'risk' },
      }),
    ]);
    const { connections, runner, records } = await connectedProviders(
      testClusters(fake),
    );
    await runner.runAll();
    const owners = Object.fromEntries(
      lastFullEntities(connections[0]).map(e => [refOf(e), e.spec?.owner]),
    );
    expect(owners).toEqual({
      'component:fraud-detection/a': 'user:default/jane.doe',
      'api:fraud-detection/a': 'user:default/jane.doe',
      'component:fraud-detection/b': 'group:default/fraud-detection',
      'api:fraud-detection/b': 'group:default/fraud-detection',
      'component:fraud-detection/c': 'group:default/ml-platform',
      'api:fraud-detection/c': 'group:default/ml-platform',
      'component:fraud-detection/d': 'group:default/risk',
      'api:fraud-detection/d': 'group:default/risk',
    });
    expect(records.filter(r => r.level === 'warn')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^1 InferenceServices name an owner that is no group or user ref/,
        ),
        fields: expect.objectContaining({
          examples: [
            'fraud-detection/d: annotation backstage.io/owner: "component:x"',
          ],
        }),
      }),
    ]);
  });
});
