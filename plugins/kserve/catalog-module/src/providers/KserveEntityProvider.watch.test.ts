import { ServiceUnavailableError } from '@backstage/errors';
import {
  InferenceServiceWatchEvent,
  WatchExpiredError,
} from '@mlops-portal/plugin-kserve-node';
import {
  FakeKserveCluster,
  buildInferenceServiceObject,
  fakeClusterConfig,
} from '@mlops-portal/plugin-kserve-node/testUtils';
import {
  connectedProviders,
  deltas,
  eventually,
  lastFullEntities,
  mutations,
  refOf,
  settle,
  stopProviders,
  testClusters,
} from '../__testUtils__/provider';

afterEach(stopProviders);

const isvc = (name: string, labels: Record<string, string> = {}) =>
  buildInferenceServiceObject({ namespace: 'fraud-detection', name, labels });

const watchCalls = (fake: FakeKserveCluster) =>
  fake.calls
    .filter(c => c.method === 'watchInferenceServices')
    .map(c => c.arg as { namespace?: string; resourceVersion: string });

/** A cluster holding `fraud-detector`, relisted once by a connected provider. */
async function watching(
  overrides: Parameters<typeof fakeClusterConfig>[1] = {},
) {
  const fake = new FakeKserveCluster(fakeClusterConfig('prod', overrides));
  fake.put(isvc('fraud-detector'));
  const connected = await connectedProviders(testClusters(fake));
  await connected.runner.runAll();
  return { fake, ...connected, connection: connected.connections[0] };
}

describe('KserveEntityProvider watch', () => {
  it('watches from the list’s resourceVersion once the relist is applied', async () => {
    const { fake, connection } = await watching();
    const [list] = fake.calls.filter(c => c.method === 'listInferenceServices');
    expect(fake.calls.map(c => c.method)).toEqual([
      'listInferenceServices',
      'watchInferenceServices',
    ]);
    expect(list).toBeDefined();
    expect(watchCalls(fake)).toEqual([
      {
        namespace: undefined,
        labelSelector: undefined,
        resourceVersion: '101',
      },
    ]);
    expect(mutations(connection).map(m => m.type)).toEqual(['full']);
  });

  it('watches each configured namespace', async () => {
    const { fake } = await watching({
      namespaces: ['fraud-detection', 'supply-chain'],
      labelSelector: 'team',
    });
    expect(watchCalls(fake)).toEqual([
      {
        namespace: 'fraud-detection',
        labelSelector: 'team',
        resourceVersion: '101',
      },
      {
        namespace: 'supply-chain',
        labelSelector: 'team',
        resourceVersion: '101',
      },
    ]);
    expect(fake.openWatches).toBe(2);
  });

  it('turns ADDED, MODIFIED and DELETED into delta mutations under the same location key', async () => {
    const { fake, connection } = await watching();

    fake.put(isvc('churn'));
    await settle();
    fake.put(isvc('churn', { owner: 'supply-chain' }));
    await settle();
    fake.remove({ namespace: 'fraud-detection', name: 'fraud-detector' });
    await settle();

    const [added, modified, deleted] = deltas(connection);
    expect(added.added.map(e => [refOf(e.entity), e.locationKey])).toEqual([
      ['component:fraud-detection/churn', 'kserve-provider:prod'],
      ['api:fraud-detection/churn', 'kserve-provider:prod'],
    ]);
    expect(added.removed).toEqual([]);
    expect(modified.added.map(e => e.entity.spec?.owner)).toEqual([
      'group:default/supply-chain',
      'group:default/supply-chain',
    ]);
    expect(deleted).toEqual({
      type: 'delta',
      added: [],
      removed: [
        {
          entityRef: 'component:fraud-detection/fraud-detector',
          locationKey: 'kserve-provider:prod',
        },
        {
          entityRef: 'api:fraud-detection/fraud-detector',
          locationKey: 'kserve-provider:prod',
        },
      ],
    });
  });

  it('makes the same entities from a watch event as a relist does', async () => {
    const { fake, connection, runner } = await watching();
    fake.put(isvc('churn', { owner: 'supply-chain' }));
    await settle();
    const [delta] = deltas(connection);
    await runner.runAll();
    const relisted = lastFullEntities(connection).filter(
      e => e.metadata.name === 'churn',
    );
    expect(relisted).toHaveLength(2);
    expect(delta.added.map(e => e.entity)).toEqual(relisted);
  });

  it('removes the entities of an object that became malformed, with a warning', async () => {
    const { fake, connection, records } = await watching();
    const broken = isvc('fraud-detector');
    (broken.spec as any).predictor.model.storageUri = ['s3://models/fraud'];
    fake.put(broken);
    await settle();
    expect(deltas(connection)).toEqual([
      {
        type: 'delta',
        added: [],
        removed: [
          expect.objectContaining({
            entityRef: 'component:fraud-detection/fraud-detector',
          }),
          expect.objectContaining({
            entityRef: 'api:fraud-detection/fraud-detector',
          }),
        ],
      },
    ]);
    expect(records.filter(r => r.level === 'warn')).toEqual([
      expect.objectContaining({
        message:
          '1 changed InferenceServices are not what the KServe CRD says; their entities were removed',
        fields: expect.objectContaining({
          examples: [
            'fraud-detection/fraud-detector: InferenceService fraud-detection/fraud-detector: spec.predictor.model.storageUri is an array, expected a string',
          ],
        }),
      }),
    ]);
  });

  it('applies the changes that arrive while a delta is applied as one delta, the latest of each', async () => {
    const { fake, connection } = await watching();
    let release!: () => void;
    connection.applyMutation.mockImplementationOnce(
      () => new Promise<void>(resolve => (release = resolve)),
    );
    fake.put(isvc('a'));
    fake.put(isvc('b'));
    fake.put(isvc('b', { owner: 'risk' }));
    fake.remove({ namespace: 'fraud-detection', name: 'a' });
    release();
    await eventually(() => deltas(connection).length === 2);
    await settle();
    const [first, second] = deltas(connection);
    expect(first.added.map(e => refOf(e.entity))).toEqual([
      'component:fraud-detection/a',
      'api:fraud-detection/a',
    ]);
    expect(
      second.added.map(e => [refOf(e.entity), e.entity.spec?.owner]),
    ).toEqual([
      ['component:fraud-detection/b', 'group:default/risk'],
      ['api:fraud-detection/b', 'group:default/risk'],
    ]);
    expect(
      second.removed.map(r => ('entityRef' in r ? r.entityRef : '')),
    ).toEqual(['component:fraud-detection/a', 'api:fraud-detection/a']);
    expect(deltas(connection)).toHaveLength(2);
  });

  it('continues from the last resourceVersion seen, BOOKMARKs included, when the server ends the watch', async () => {
    const { fake } = await watching();
    const watch = jest.spyOn(fake, 'watchInferenceServices');
    fake.put(isvc('churn')); // resourceVersion 102

    fake.endWatches();
    await eventually(() => fake.openWatches === 1);
    expect(watchCalls(fake).map(c => c.resourceVersion)).toEqual([
      '101',
      '102',
    ]);

    const handler = watch.mock.calls[0][1] as (
      e: InferenceServiceWatchEvent,
    ) => void;
    handler({
      type: 'BOOKMARK',
      object: { metadata: { resourceVersion: '250' } } as any,
    });
    fake.endWatches();
    await eventually(() => watchCalls(fake).length === 3);
    expect(watchCalls(fake)[2].resourceVersion).toBe('250');
  });

  it('relists when the resourceVersion expired, and watches from the new list', async () => {
    const { fake, connection, records } = await watching();
    fake.put(isvc('churn'));
    await settle();
    fake.endWatches(
      new WatchExpiredError('too old resource version: 101 (180)'),
    );
    await eventually(
      () => mutations(connection).filter(m => m.type === 'full').length === 2,
    );
    await eventually(() => fake.openWatches === 1);
    expect(fake.calls.map(c => c.method)).toEqual([
      'listInferenceServices',
      'watchInferenceServices',
      'listInferenceServices',
      'watchInferenceServices',
    ]);
    expect(watchCalls(fake)[1].resourceVersion).toBe('102');
    expect(lastFullEntities(connection)).toHaveLength(4);
    expect(records.map(r => r.message)).toContain(
      'InferenceService watch from resourceVersion 102 expired; relisting',
    );
  });

  it('retries a failed watch with backoff, and gives up for the next relist after a few failures', async () => {
    const { fake, records, runner } = await watching();
    fake.endWatches(new ServiceUnavailableError('connection reset'));
    await eventually(
      () => watchCalls(fake).length === 2 && fake.openWatches === 1,
    );
    expect(records.filter(r => r.level === 'warn').map(r => r.message)).toEqual(
      ['InferenceService watch failed (1 of 3); retrying in 5 ms'],
    );

    // The watch that came back fails too, before it saw anything: the failures add up.
    fake.down = true;
    fake.endWatches(new ServiceUnavailableError('connection reset'));
    await eventually(() =>
      records.some(r => r.message.includes('failed 3 times in a row')),
    );
    expect(records.filter(r => r.level === 'warn').map(r => r.message)).toEqual(
      [
        'InferenceService watch failed (1 of 3); retrying in 5 ms',
        'InferenceService watch failed (2 of 3); retrying in 10 ms',
        'InferenceService watch failed 3 times in a row; changes reach the catalog with the next scheduled relist',
      ],
    );
    expect(fake.openWatches).toBe(0);
    expect(records.find(r => r.level === 'warn')?.fields).toMatchObject({
      cluster: 'prod',
      namespace: '(all)',
    });

    // The next relist watches again.
    fake.down = false;
    await runner.runAll();
    expect(fake.openWatches).toBe(1);
  });

  it('counts a watch the server ends at once, with nothing sent, as a failure', async () => {
    const { fake, records } = await watching();
    fake.endWatches();
    await eventually(
      () => fake.openWatches === 1 && watchCalls(fake).length === 2,
    );
    expect(records.filter(r => r.level === 'warn').map(r => r.message)).toEqual(
      ['InferenceService watch failed (1 of 3); retrying in 5 ms'],
    );
  });

  it('replaces the watches with each relist', async () => {
    const { fake, runner, connection } = await watching();
    await runner.runAll();
    await runner.runAll();
    expect(fake.openWatches).toBe(1);
    expect(watchCalls(fake)).toHaveLength(3);
    // The one open watch is the newest: a change is applied once.
    fake.put(isvc('churn'));
    await settle();
    expect(deltas(connection)).toHaveLength(1);
  });

  it('stops watching on stop(), and applies nothing afterwards', async () => {
    const { fake, providers, connection, runner } = await watching();
    await providers[0].stop();
    expect(fake.openWatches).toBe(0);
    fake.put(isvc('churn'));
    await settle();
    expect(deltas(connection)).toEqual([]);
    // A relist after stop() starts no watch.
    await runner.runAll();
    expect(fake.openWatches).toBe(0);
  });

  it('cancels a pending retry on stop()', async () => {
    const { fake, providers, records } = await watching();
    fake.down = true;
    fake.endWatches(new ServiceUnavailableError('connection reset'));
    await eventually(() => records.some(r => r.level === 'warn'));
    await providers[0].stop();
    const calls = watchCalls(fake).length;
    await new Promise(resolve => setTimeout(resolve, 30));
    expect(watchCalls(fake)).toHaveLength(calls);
  });
});
