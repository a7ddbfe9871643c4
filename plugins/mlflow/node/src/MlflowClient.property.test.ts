import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { isError } from '@backstage/errors';
import {
  describeWithContracts,
  responseSchema,
  type HttpContractName,
} from '@mlops-portal/contract-testing';
import {
  arbitraryFromSchema,
  assertHandlesAll,
  malformedBodies,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MlflowApi } from './MlflowApi';
import { MlflowClient } from './MlflowClient';
import { mlflowInstanceConfig } from './testUtils';

const BASE = 'http://mlflow.property.test';
const API = '/api/2.0/mlflow';

const server = setupServer();
registerMswTestHooks(server);

/** One RPC the client reads an answer of, how to call it, and what it must hand out. */
interface Rpc {
  method: 'GET' | 'POST';
  path: string;
  call: (client: MlflowApi) => Promise<unknown>;
  /** Throws when what the client handed out breaks what its types promise. */
  check: (result: any) => void;
}

const string = (value: unknown, what: string) => {
  if (typeof value !== 'string' || value === '') {
    throw new Error(`${what} is ${JSON.stringify(value)}, not a string`);
  }
};
const checkTags = (tags: unknown) =>
  (tags as Array<{ key: string; value: string }> | undefined)?.forEach(t => {
    string(t.key, 'tag key');
    if (typeof t.value !== 'string') throw new Error('tag value');
  });
const checkRun = (run: any) => {
  string(run.info.run_id, 'run_id');
  string(run.info.experiment_id, 'experiment_id');
  run.data?.metrics?.forEach((m: any) => {
    string(m.key, 'metric key');
    if (typeof m.value !== 'number') throw new Error('metric value');
  });
  checkTags(run.data?.tags);
};
const checkModel = (model: any) => {
  string(model.name, 'name');
  checkTags(model.tags);
  model.aliases?.forEach((a: any) => {
    string(a.alias, 'alias');
    string(a.version, 'alias version');
  });
};
const checkVersion = (version: any) => {
  string(version.name, 'name');
  string(version.version, 'version');
  version.aliases?.forEach((a: unknown) => string(a, 'alias'));
  checkTags(version.tags);
};
const checkExperiment = (experiment: any) => {
  string(experiment.experiment_id, 'experiment_id');
  string(experiment.name, 'name');
};
const checkPage = (check: (item: any) => void) => (page: any) => {
  if (!Array.isArray(page.items)) throw new Error('items');
  page.items.forEach(check);
  if (page.nextPageToken !== undefined) string(page.nextPageToken, 'token');
};

const RPCS: Rpc[] = [
  {
    method: 'GET',
    path: `${API}/experiments/get-by-name`,
    call: c => c.getExperimentByName('fraud-detection'),
    check: checkExperiment,
  },
  {
    method: 'GET',
    path: `${API}/experiments/get`,
    call: c => c.getExperiment('1'),
    check: checkExperiment,
  },
  {
    method: 'GET',
    path: `${API}/experiments/search`,
    call: c => c.searchExperiments({}),
    check: checkPage(checkExperiment),
  },
  {
    method: 'POST',
    path: `${API}/experiments/create`,
    call: c => c.createExperiment({ name: 'x' }),
    check: result => string(result.experimentId, 'experimentId'),
  },
  {
    method: 'POST',
    path: `${API}/runs/search`,
    call: c => c.searchRuns({ experimentIds: ['1'] }),
    check: checkPage(checkRun),
  },
  {
    method: 'GET',
    path: `${API}/runs/get`,
    call: c => c.getRun('r1'),
    check: checkRun,
  },
  {
    method: 'GET',
    path: `${API}/metrics/get-history`,
    call: c => c.getMetricHistory({ runId: 'r1', metricKey: 'auc' }),
    check: checkPage(m => string(m.key, 'metric key')),
  },
  {
    method: 'GET',
    path: `${API}/registered-models/search`,
    call: c => c.searchRegisteredModels({}),
    check: checkPage(checkModel),
  },
  {
    method: 'GET',
    path: `${API}/registered-models/get`,
    call: c => c.getRegisteredModel('fraud-detector'),
    check: checkModel,
  },
  {
    method: 'POST',
    path: `${API}/registered-models/create`,
    call: c => c.createRegisteredModel({ name: 'fraud-detector' }),
    check: checkModel,
  },
  {
    method: 'GET',
    path: `${API}/model-versions/search`,
    call: c => c.searchModelVersions({}),
    check: checkPage(checkVersion),
  },
  {
    method: 'GET',
    path: `${API}/model-versions/get`,
    call: c => c.getModelVersion('fraud-detector', '1'),
    check: checkVersion,
  },
  {
    method: 'POST',
    path: `${API}/model-versions/create`,
    call: c => c.createModelVersion({ name: 'm', source: 'runs:/r1/model' }),
    check: checkVersion,
  },
  {
    method: 'GET',
    path: `${API}/registered-models/alias`,
    call: c => c.getModelVersionByAlias('fraud-detector', 'champion'),
    check: checkVersion,
  },
];

/** The client may only refuse an answer with a 503 that names the instance. */
function isInstanceFailure(error: unknown): boolean {
  return (
    isError(error) &&
    error.name === 'ServiceUnavailableError' &&
    error.message.startsWith("mlflow instance 'prod'")
  );
}

function answerWith(rpc: Rpc, body: unknown) {
  const handler = rpc.method === 'GET' ? http.get : http.post;
  server.resetHandlers(
    handler(`${BASE}${rpc.path}`, () =>
      body === undefined
        ? new HttpResponse(null, { status: 200 })
        : HttpResponse.json(body as never),
    ),
  );
}

const cases: Array<[HttpContractName, 2 | 3]> = [
  ['mlflow-3', 3],
  ['mlflow-2', 2],
];

describeWithContracts(
  'MlflowClient on every answer the contract allows',
  () => {
    describe.each(cases)('%s', (contract, majorVersion) => {
      const client = new MlflowClient({
        instance: mlflowInstanceConfig({ baseUrl: BASE, majorVersion }),
        logger: mockServices.logger.mock(),
      });

      it.each(RPCS.map(rpc => [`${rpc.method} ${rpc.path}`, rpc] as const))(
        '%s: hands out what its types promise, or a 503 naming the instance',
        async (_name, rpc) => {
          const schema = responseSchema(contract, rpc.method, rpc.path);
          const valid = arbitraryFromSchema(schema);
          await assertHandlesAll(
            fc.oneof(
              { weight: 3, arbitrary: valid },
              { weight: 1, arbitrary: malformedBodies(valid, { schema }) },
            ),
            async body => {
              answerWith(rpc, body);
              return rpc.call(client);
            },
            {
              acceptError: isInstanceFailure,
              checkResult: result => rpc.check(result),
              numRuns: 60,
              parameters: { seed: 20261202 },
            },
          );
        },
      );
    });
  },
);
