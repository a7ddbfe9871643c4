import { Entity } from '@backstage/catalog-model';
import { FakeKserveCluster } from '@mlops-portal/plugin-kserve-node/testUtils';
import {
  FakeMlflow,
  mockMlflowClients,
  modelVersion,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { expectValidEntity } from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import {
  arbitraryDnsLabel,
  arbitraryInferenceService,
} from '../__testUtils__/arbitraries';
import {
  connectedProviders,
  deltas,
  lastFullEntities,
  refOf,
  settle,
  stopProviders,
  testClusters,
} from '../__testUtils__/provider';

afterEach(stopProviders);

const mlflow = () =>
  mockMlflowClients(
    new FakeMlflow({
      instance: { name: 'prod' },
      data: {
        versions: [
          modelVersion('fraud-detector', 5, {
            source: 's3://mlflow/1/run-5/artifacts/model',
          }),
        ],
      },
    }),
    new FakeMlflow({ instance: { name: 'staging' } }),
  );

const arbitraryCluster = fc.uniqueArray(
  arbitraryInferenceService(
    fc.oneof(fc.constantFrom('fraud-detection', 'default'), arbitraryDnsLabel),
  ),
  {
    maxLength: 6,
    selector: object => `${object.metadata.namespace}/${object.metadata.name}`,
  },
);

async function expectIngested(entities: Entity[], expectedComponents: number) {
  const components = entities.filter(e => e.kind === 'Component');
  const apis = new Set(entities.filter(e => e.kind === 'API').map(refOf));
  expect(components).toHaveLength(expectedComponents);
  expect(apis.size).toBe(expectedComponents);
  for (const component of components) {
    expect(component.spec?.providesApis).toEqual([
      expect.stringMatching(/^api:/),
    ]);
    expect(apis.has((component.spec!.providesApis as string[])[0])).toBe(true);
  }
  for (const entity of entities) {
    await expectValidEntity(entity);
  }
}

describe('KserveEntityProvider over any InferenceService', () => {
  it('ingests each as valid entities or leaves it out with a warning, and never fails the relist', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryCluster, async objects => {
        const fake = new FakeKserveCluster('prod');
        objects.forEach(object => fake.put(object));
        const { connections, runner, records } = await connectedProviders(
          testClusters(fake, new FakeKserveCluster('staging')),
          { mlflow: mlflow() },
        );
        await runner.runAll();

        expect(records.filter(r => r.level === 'error')).toEqual([]);
        const summary = records.find(
          r => r.level === 'info' && r.fields.target === 'kserve-provider:prod',
        )!;
        const leftOut = summary.fields.malformed as number;
        await expectIngested(
          lastFullEntities(connections[0]),
          objects.length - leftOut,
        );
        const warning = records.find(r =>
          r.message.endsWith('they are not what the KServe CRD says'),
        );
        expect(warning?.fields.examples ?? []).toHaveLength(leftOut);
        await stopProviders();
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('turns any change seen by the watch into valid entities or a removal, never an error', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryCluster, async objects => {
        const fake = new FakeKserveCluster('prod');
        const { connections, runner, records } = await connectedProviders(
          testClusters(fake),
          { mlflow: mlflow() },
        );
        await runner.runAll();
        objects.forEach(object => fake.put(object));
        await settle();
        await settle();

        expect(records.filter(r => r.level === 'error')).toEqual([]);
        const applied = deltas(connections[0]);
        const added = applied.flatMap(d => d.added.map(e => e.entity));
        const removed = applied.flatMap(d => d.removed);
        // Each object is either two entities added or two refs removed.
        expect(added.length + removed.length).toBe(2 * objects.length);
        for (const entity of added) {
          await expectValidEntity(entity);
        }
        await stopProviders();
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
