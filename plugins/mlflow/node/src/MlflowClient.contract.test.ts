import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  describeWithContracts,
  expectValid,
  HttpContractName,
  loadHttpContract,
} from '@mlops-portal/contract-testing';
import {
  recordingFetch,
  RecordedExchange,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { createSandbox, Sandbox } from '@mlops-portal/sandbox';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { MlflowApi } from './MlflowApi';
import { MlflowClient } from './MlflowClient';

/**
 * Every member of MlflowApi; the type makes tsc fail when the interface gains a member that is
 * not listed here.
 */
const API_MEMBERS: Record<keyof MlflowApi, 'method' | 'property'> = {
  instance: 'property',
  getExperimentByName: 'method',
  getExperiment: 'method',
  searchExperiments: 'method',
  createExperiment: 'method',
  searchRuns: 'method',
  getRun: 'method',
  getMetricHistory: 'method',
  getFullMetricHistory: 'method',
  searchRegisteredModels: 'method',
  getRegisteredModel: 'method',
  createRegisteredModel: 'method',
  setRegisteredModelTag: 'method',
  searchModelVersions: 'method',
  getModelVersion: 'method',
  createModelVersion: 'method',
  getModelVersionByAlias: 'method',
  setAlias: 'method',
  deleteAlias: 'method',
  transitionStage: 'method',
  setModelVersionTag: 'method',
};

/** The methods MlflowClient really has: its prototype's (it keeps no private methods there). */
const CLIENT_METHODS = Object.getOwnPropertyNames(MlflowClient.prototype)
  .filter(name => name !== 'constructor')
  .sort();

/** Wraps a client so that the names of the methods called on it are recorded. */
function recordCalls(client: MlflowClient, called: Set<string>): MlflowApi {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value === 'function') {
        called.add(String(property));
        return value.bind(target);
      }
      return value;
    },
  });
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Calls every MlflowApi method with the sandbox's story data, asserting what comes back. */
async function exerciseEveryMethod(api: MlflowApi, majorVersion: 2 | 3) {
  // experiments
  const experiment = await api.getExperimentByName('fraud-detection');
  expect(experiment.experiment_id).toBe('1');
  expect((await api.getExperiment('1')).name).toBe('fraud-detection');
  const experiments = await api.searchExperiments({
    orderBy: ['name ASC'],
    maxResults: 2,
  });
  expect(experiments.items).toHaveLength(2);
  expect(experiments.nextPageToken).toBeDefined();
  const rest = await api.searchExperiments({
    filter: "name LIKE '%'",
    orderBy: ['name ASC'],
    maxResults: 50,
    pageToken: experiments.nextPageToken,
  });
  expect(rest.items.length).toBeGreaterThan(0);
  const { experimentId } = await api.createExperiment({
    name: 'contract-experiment',
    tags: [{ key: 'team', value: 'ml-platform' }],
  });
  expect(experimentId).toMatch(/\S/);
  expect(
    await caught(api.createExperiment({ name: 'contract-experiment' })),
  ).toBeInstanceOf(ConflictError);

  // runs and metrics
  const runs = await api.searchRuns({
    experimentIds: ['1'],
    filter: 'metrics.auc > 0',
    orderBy: ['metrics.auc DESC'],
    maxResults: 10,
  });
  expect(runs.items).toHaveLength(10);
  const nextRuns = await api.searchRuns({
    experimentIds: ['1'],
    filter: 'metrics.auc > 0',
    orderBy: ['metrics.auc DESC'],
    maxResults: 10,
    pageToken: runs.nextPageToken,
  });
  expect(nextRuns.items[0].info.run_id).not.toBe(runs.items[0].info.run_id);
  const runId = runs.items[0].info.run_id;
  expect((await api.getRun(runId)).info.experiment_id).toBe('1');
  const history = await api.getMetricHistory({
    runId,
    metricKey: 'train_loss',
    maxResults: 20,
  });
  expect(history.items).toHaveLength(20);
  expect(history.nextPageToken).toBeDefined();
  expect(await api.getFullMetricHistory(runId, 'val_auc')).toHaveLength(50);
  expect(await caught(api.getRun('0'.repeat(32)))).toBeInstanceOf(
    NotFoundError,
  );

  // registered models and versions
  const models = await api.searchRegisteredModels({
    filter: "name LIKE '%e%'",
    orderBy: ['name ASC'],
    maxResults: 2,
  });
  expect(models.items).toHaveLength(2);
  expect(models.nextPageToken).toBeDefined();
  const model = await api.getRegisteredModel('fraud-detector');
  expect(model.aliases).toEqual(
    expect.arrayContaining([{ alias: 'champion', version: '4' }]),
  );
  const created = await api.createRegisteredModel({
    name: 'contract-model',
    description: 'created by the contract test',
    tags: [{ key: 'owner', value: 'ml-platform' }],
  });
  expect(created.name).toBe('contract-model');
  expect(
    await caught(api.createRegisteredModel({ name: 'contract-model' })),
  ).toBeInstanceOf(ConflictError);
  await api.setRegisteredModelTag('contract-model', 'tier', 'gold');
  const version = await api.createModelVersion({
    name: 'contract-model',
    source: `runs:/${runId}/model`,
    runId,
    description: 'first',
    tags: [{ key: 'validated', value: 'false' }],
  });
  expect(version.version).toBe('1');
  await api.setModelVersionTag('contract-model', '1', 'validated', 'true');
  const versions = await api.searchModelVersions({
    filter: "name = 'fraud-detector'",
    orderBy: ['version_number DESC'],
    maxResults: 2,
  });
  expect(versions.items).toHaveLength(2);
  expect(
    (await api.getModelVersion('contract-model', '1')).tags,
  ).toContainEqual({ key: 'validated', value: 'true' });
  expect(
    await caught(api.getModelVersion('fraud-detector', '99')),
  ).toBeInstanceOf(NotFoundError);

  // aliases
  expect(
    (await api.getModelVersionByAlias('fraud-detector', 'champion')).version,
  ).toBe('4');
  await api.setAlias('fraud-detector', 'champion', '5');
  expect(
    (await api.getModelVersionByAlias('fraud-detector', 'champion')).version,
  ).toBe('5');
  await api.deleteAlias('fraud-detector', 'challenger');
  expect(
    await caught(api.getModelVersionByAlias('fraud-detector', 'challenger')),
  ).toBeInstanceOf(NotFoundError);

  // stages: MLflow 2.x only
  if (majorVersion === 2) {
    const moved = await api.transitionStage({
      name: 'fraud-detector',
      version: '5',
      stage: 'production',
      archiveExistingVersions: true,
    });
    expect(moved.current_stage).toBe('Production');
  } else {
    expect(
      await caught(
        api.transitionStage({
          name: 'fraud-detector',
          version: '5',
          stage: 'Production',
          archiveExistingVersions: true,
        }),
      ),
    ).toBeInstanceOf(InputError);
  }
}

describeWithContracts('MlflowClient against the MLflow contracts', () => {
  let sandbox: Sandbox;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    sandbox = createSandbox();
    server = await sandbox.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  beforeEach(() => sandbox.reset());

  it('knows every method of the client, which are exactly the MlflowApi methods', () => {
    const apiMethods = Object.entries(API_MEMBERS)
      .filter(([, kind]) => kind === 'method')
      .map(([name]) => name)
      .sort();
    expect(CLIENT_METHODS).toEqual(apiMethods);
  });

  it.each([
    ['/mlflow', 'mlflow-3', 3],
    ['/mlflow2', 'mlflow-2', 2],
  ] as Array<[string, HttpContractName, 2 | 3]>)(
    'sends only contract-valid requests and reads contract-valid answers on %s (%s), exercising every method',
    async (mount, contractName, majorVersion) => {
      const exchanges: RecordedExchange[] = [];
      const called = new Set<string>();
      const client = new MlflowClient({
        instance: {
          name: 'sandbox',
          baseUrl: `${origin}${mount}`,
          uiUrl: `${origin}${mount}`,
          auth: { type: 'none' },
          timeoutMs: 5_000,
          retries: 0,
          cacheTtlMs: 0,
          majorVersion,
        },
        logger: mockServices.logger.mock(),
        fetch: recordingFetch(mount, exchanges),
      });

      await exerciseEveryMethod(recordCalls(client, called), majorVersion);

      expect([...called].sort()).toEqual(CLIENT_METHODS);
      const contract = loadHttpContract(contractName);
      for (const exchange of exchanges) {
        expectValid(contract.validateRequest(exchange));
        expectValid(
          contract.validateResponse({
            method: exchange.method,
            path: exchange.path,
            status: exchange.status,
            body: exchange.responseBody,
          }),
        );
      }
      // Every operation the client uses was seen, and nothing else.
      const operations = new Set(
        exchanges.map(
          e => contract.findOperation(e.method, e.path)?.operationId,
        ),
      );
      expect([...operations].sort()).toEqual(
        [
          'getExperimentByName',
          'getExperiment',
          'searchExperiments',
          'createExperiment',
          'searchRuns',
          'getRun',
          'getMetricHistory',
          'searchRegisteredModels',
          'getRegisteredModel',
          'createRegisteredModel',
          'setRegisteredModelTag',
          'createModelVersion',
          'setModelVersionTag',
          'searchModelVersions',
          'getModelVersion',
          'getModelVersionByAlias',
          'setRegisteredModelAlias',
          'deleteRegisteredModelAlias',
          ...(majorVersion === 2 ? ['transitionModelVersionStage'] : []),
        ].sort(),
      );
    },
  );
});
