import { ServiceUnavailableError } from '@backstage/errors';
import {
  FakeKserveCluster,
  InferenceServiceFixture,
  buildInferenceServiceObject,
} from '@mlops-portal/plugin-kserve-node/testUtils';
import {
  FakeMlflow,
  mockMlflowClients,
  modelVersion,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { recordingLogger } from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  connectedProviders,
  lastFullEntities,
  stopProviders,
  testClusters,
} from '../__testUtils__/provider';

afterEach(stopProviders);

const isvc = (fixture: Partial<InferenceServiceFixture> & { name: string }) =>
  buildInferenceServiceObject({ namespace: 'fraud-detection', ...fixture });

function clusterWith(objects: ReturnType<typeof isvc>[]) {
  const fake = new FakeKserveCluster('prod');
  objects.forEach(object => fake.put(object));
  return fake;
}

describe('KserveEntityProvider dependsOn', () => {
  const mlflowProd = () =>
    new FakeMlflow({
      instance: { name: 'prod' },
      data: {
        versions: [
          modelVersion('fraud-detector', 5, {
            source: 's3://mlflow/1/run-5/artifacts/model',
          }),
          modelVersion('churn', 2, {
            source: 's3://mlflow/2/run-9/artifacts/model/',
          }),
          // The same artifacts registered twice.
          modelVersion('churn-copy', 1, {
            source: 's3://mlflow/2/run-9/artifacts/model',
          }),
        ],
      },
    });
  const mlflowStaging = () => new FakeMlflow({ instance: { name: 'staging' } });

  async function dependsOn(
    objects: ReturnType<typeof isvc>[],
    options: { mlflow?: FakeMlflow[]; catalog?: object } = {},
  ) {
    const mlflow = options.mlflow ?? [mlflowProd(), mlflowStaging()];
    const fake = clusterWith(objects);
    const { connections, runner, records } = await connectedProviders(
      testClusters(fake),
      {
        mlflow: mlflow.length > 0 ? mockMlflowClients(...mlflow) : undefined,
        catalog: options.catalog,
      },
    );
    await runner.runAll();
    const byName = Object.fromEntries(
      lastFullEntities(connections[0])
        .filter(e => e.kind === 'Component')
        .map(e => [e.metadata.name, e.spec?.dependsOn]),
    );
    return { byName, records, mlflow };
  }

  it('depends on the ml-model Resource a storageUri or the annotation names', async () => {
    const { byName, mlflow } = await dependsOn([
      isvc({ name: 'by-version', storageUri: 'models:/fraud-detector/5' }),
      isvc({ name: 'by-alias', storageUri: 'models:/fraud-detector@champion' }),
      isvc({ name: 'by-latest', storageUri: 'models:/Fraud Detector/latest' }),
      isvc({
        name: 'by-annotation',
        storageUri: 's3://somewhere/else',
        annotations: { 'mlflow.org/registered-model': 'fraud-detector' },
      }),
      isvc({
        name: 'on-staging',
        storageUri: 'models:/fraud-detector/1',
        annotations: { 'mlflow.org/instance': 'staging' },
      }),
      isvc({ name: 'logged-model', storageUri: 'models:/m-0123456789' }),
    ]);
    expect(byName).toEqual({
      'by-version': ['resource:default/fraud-detector'],
      'by-alias': ['resource:default/fraud-detector'],
      'by-latest': [
        expect.stringMatching(/^resource:default\/fraud-detector-[0-9a-f]{8}$/),
      ],
      'by-annotation': ['resource:default/fraud-detector'],
      'on-staging': [
        expect.stringMatching(
          /^resource:default\/staging-fraud-detector-[0-9a-f]{8}$/,
        ),
      ],
      'logged-model': undefined,
    });
    // Every storageUri named its model: no model version was read.
    expect(mlflow[0].count('searchModelVersions')).toBe(0);
  });

  it('depends on the models with a version at exactly the storageUri, reading the versions once', async () => {
    const { byName, mlflow, records } = await dependsOn([
      isvc({
        name: 'fraud',
        storageUri: 's3://mlflow/1/run-5/artifacts/model/',
      }),
      isvc({
        name: 'churn',
        storageUri: 's3://mlflow/2/run-9/artifacts/model',
      }),
      isvc({ name: 'unknown', storageUri: 's3://mlflow/3/nothing' }),
    ]);
    expect(byName).toEqual({
      fraud: ['resource:default/fraud-detector'],
      churn: ['resource:default/churn', 'resource:default/churn-copy'],
      unknown: undefined,
    });
    expect(mlflow[0].calls.map(c => c.method)).toEqual(['searchModelVersions']);
    expect(mlflow[1].calls).toEqual([]);
    expect(
      records.find(r => r.level === 'info')?.fields.modelVersionPages,
    ).toBe(1);
  });

  it('reads the versions once for clusters relisting at the same time', async () => {
    const prodMlflow = mlflowProd();
    const clusters = ['prod', 'staging'].map(name => {
      const fake = new FakeKserveCluster(name);
      fake.put(
        isvc({
          name: 'fraud',
          storageUri: 's3://mlflow/1/run-5/artifacts/model',
        }),
      );
      return fake;
    });
    const { connections, providers } = await connectedProviders(
      testClusters(...clusters),
      { mlflow: mockMlflowClients(prodMlflow) },
    );
    const logger = recordingLogger().logger;
    await Promise.all(providers.map(provider => provider.refresh(logger)));
    expect(prodMlflow.count('searchModelVersions')).toBe(1);
    for (const connection of connections) {
      expect(
        lastFullEntities(connection).find(e => e.kind === 'Component')?.spec
          ?.dependsOn,
      ).toEqual(['resource:default/fraud-detector']);
    }
  });

  it('matches no artifact source when turned off', async () => {
    const { byName, mlflow } = await dependsOn(
      [
        isvc({
          name: 'fraud',
          storageUri: 's3://mlflow/1/run-5/artifacts/model',
        }),
      ],
      {
        catalog: {
          defaultOwner: 'ml-platform',
          matchModelVersionSources: false,
        },
      },
    );
    expect(byName).toEqual({ fraud: undefined });
    expect(mlflow[0].calls).toEqual([]);
  });

  it('still applies the cluster, without those dependencies, when MLflow cannot be read', async () => {
    const prod = mlflowProd();
    prod.failures.searchModelVersions = new ServiceUnavailableError(
      'mlflow is down',
    );
    const { byName, records } = await dependsOn(
      [
        isvc({
          name: 'fraud',
          storageUri: 's3://mlflow/1/run-5/artifacts/model',
        }),
        isvc({ name: 'named', storageUri: 'models:/churn/2' }),
      ],
      { mlflow: [prod] },
    );
    expect(byName).toEqual({
      fraud: undefined,
      named: ['resource:default/churn'],
    });
    expect(records.filter(r => r.level === 'warn').map(r => r.message)).toEqual(
      [
        "Could not read the model versions of MLflow instance 'prod'; InferenceServices that name a model only by its artifact location depend on no model until it can be read",
      ],
    );
  });

  it('depends on nothing without MLflow configured, or on an MLflow instance that is not', async () => {
    expect(
      (
        await dependsOn(
          [isvc({ name: 'a', storageUri: 'models:/fraud-detector/5' })],
          { mlflow: [] },
        )
      ).byName,
    ).toEqual({ a: undefined });
    const { byName, records } = await dependsOn([
      isvc({
        name: 'b',
        storageUri: 'models:/fraud-detector/5',
        annotations: { 'mlflow.org/instance': 'elsewhere' },
      }),
    ]);
    expect(byName).toEqual({ b: undefined });
    expect(records.filter(r => r.level === 'warn')).toEqual([
      expect.objectContaining({
        message:
          '1 InferenceServices name an MLflow instance that is not configured; they depend on no model',
        fields: expect.objectContaining({
          examples: ["fraud-detection/b: mlflow.org/instance 'elsewhere'"],
        }),
      }),
    ]);
  });
});
