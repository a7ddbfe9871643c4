import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { isError } from '@backstage/errors';
import {
  describeWithContracts,
  responseSchema,
} from '@mlops-portal/contract-testing';
import { KUBEFLOW_PARAMETER_TYPES } from '@mlops-portal/plugin-kubeflow-common';
import {
  arbitraryFromSchema,
  assertHandlesAll,
  malformedBodies,
  ValueOverrides,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { KubeflowPipeline } from './KubeflowApi';
import { KubeflowClient } from './KubeflowClient';
import {
  checkExperiment,
  checkPage,
  checkPipeline,
  checkRecurringRun,
  checkRun,
  checkVersion,
  optionalOf,
} from './__testUtils__/resultChecks';
import { kubeflowInstanceConfig } from './testUtils';

const BASE = 'http://kfp.property.test';
const API = '/apis/v2beta1';

const server = setupServer();
registerMswTestHooks(server);

const client = new KubeflowClient({
  instance: kubeflowInstanceConfig({ baseUrl: BASE }),
  logger: mockServices.logger.mock(),
});

function isInstanceFailure(error: unknown): boolean {
  return (
    isError(error) &&
    error.name === 'ServiceUnavailableError' &&
    error.message.startsWith("kubeflow instance 'prod'")
  );
}

/** Pipeline specs the SDK could have compiled, some with values the schema says nothing of. */
const pipelineSpec = fc.oneof(
  fc.record(
    {
      root: fc.record(
        {
          inputDefinitions: fc.record({
            parameters: fc.dictionary(
              fc.string({ minLength: 1, maxLength: 8 }),
              fc.record(
                {
                  parameterType: fc.constantFrom(
                    ...KUBEFLOW_PARAMETER_TYPES,
                    'TASK_FINAL_STATUS',
                  ),
                  defaultValue: fc.jsonValue(),
                  isOptional: fc.oneof(fc.boolean(), fc.constant('yes')),
                  description: fc.string(),
                },
                { requiredKeys: [] },
              ),
              { maxKeys: 3 },
            ),
          }),
          dag: fc.record({
            tasks: fc.dictionary(
              fc.string({ minLength: 1, maxLength: 8 }),
              fc.record(
                {
                  taskInfo: fc.record({ name: fc.string() }),
                  dependentTasks: fc.array(
                    fc.oneof(fc.string(), fc.integer()),
                    {
                      maxLength: 2,
                    },
                  ),
                },
                { requiredKeys: [] },
              ),
              { maxKeys: 3 },
            ),
          }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  ),
  fc.constant({
    kind: 'Workflow',
    spec: { arguments: { parameters: [{ name: 'a' }] } },
  }),
  fc.object({ maxDepth: 2 }),
);
const specAt = (pointer: string): ValueOverrides => ({
  [pointer]: fc.oneof(pipelineSpec, fc.record({ pipeline_spec: pipelineSpec })),
});

/** One operation: where it is, what it calls and what its result must be. */
interface Operation {
  name: string;
  method: 'get' | 'post';
  path: string;
  call: (c: KubeflowClient) => Promise<unknown>;
  check: (result: any) => void;
  overrides?: ValueOverrides;
}

const versionBody = {
  pipeline_id: 'p-1',
  pipeline_version_id: 'v-1',
  display_name: 'v1',
};
const file = {
  content: 'pipelineInfo: {name: x}\nroot: {}\n',
  fileName: 'p.yaml',
};

const operations: Operation[] = [
  {
    name: 'health',
    method: 'get',
    path: '/healthz',
    call: c => c.health(),
    check: h => optionalOf(h.multiUser, 'boolean', 'multiUser'),
  },
  {
    name: 'listPipelines',
    method: 'get',
    path: '/pipelines',
    call: c => c.listPipelines(),
    check: checkPage(checkPipeline),
  },
  {
    name: 'getPipeline',
    method: 'get',
    path: '/pipelines/p-1',
    call: c => c.getPipeline('p-1'),
    check: checkPipeline,
  },
  {
    name: 'getPipelineByName',
    method: 'get',
    path: '/pipelines/names/churn',
    call: c => c.getPipelineByName('churn'),
    check: checkPipeline,
  },
  {
    name: 'listPipelineVersions',
    method: 'get',
    path: '/pipelines/p-1/versions',
    call: c => c.listPipelineVersions('p-1'),
    check: checkPage(checkVersion),
    overrides: specAt('/pipeline_versions/*/pipeline_spec'),
  },
  {
    name: 'getPipelineVersion',
    method: 'get',
    path: '/pipelines/p-1/versions/v-1',
    call: c => c.getPipelineVersion('p-1', 'v-1'),
    check: checkVersion,
    overrides: specAt('/pipeline_spec'),
  },
  {
    name: 'listRuns',
    method: 'get',
    path: '/runs',
    call: c => c.listRuns({ experimentId: 'e-1' }),
    check: checkPage(checkRun),
  },
  {
    name: 'getRun',
    method: 'get',
    path: '/runs/r-1',
    call: c => c.getRun('r-1'),
    check: checkRun,
  },
  {
    name: 'createRun',
    method: 'post',
    path: '/runs',
    call: c =>
      c.createRun({
        pipelineId: 'p-1',
        pipelineVersionId: 'v-1',
        displayName: 'r',
      }),
    check: checkRun,
  },
  {
    name: 'listRecurringRuns',
    method: 'get',
    path: '/recurringruns',
    call: c => c.listRecurringRuns(),
    check: checkPage(checkRecurringRun),
  },
  {
    name: 'getRecurringRun',
    method: 'get',
    path: '/recurringruns/rr-1',
    call: c => c.getRecurringRun('rr-1'),
    check: checkRecurringRun,
  },
  {
    name: 'listExperiments',
    method: 'get',
    path: '/experiments',
    call: c => c.listExperiments(),
    check: checkPage(checkExperiment),
  },
  {
    name: 'getExperiment',
    method: 'get',
    path: '/experiments/e-1',
    call: c => c.getExperiment('e-1'),
    check: checkExperiment,
  },
  {
    name: 'uploadPipeline',
    method: 'post',
    path: '/pipelines/upload',
    call: c => c.uploadPipeline({ displayName: 'x', ...file }),
    check: checkPipeline,
  },
  {
    name: 'uploadPipelineVersion',
    method: 'post',
    path: '/pipelines/upload_version',
    call: c =>
      c.uploadPipelineVersion({
        pipelineId: 'p-1',
        displayName: 'v2',
        ...file,
      }),
    check: checkVersion,
    overrides: specAt('/pipeline_spec'),
  },
];

describeWithContracts(
  'KubeflowClient on every answer the contract allows',
  () => {
    const answer = (body: unknown) =>
      body === undefined
        ? new HttpResponse(null, { status: 200 })
        : HttpResponse.json(body as never);

    it.each(operations)(
      '$name: hands out what its types promise, or a 503 naming the instance',
      async operation => {
        const path = `${API}${operation.path}`;
        const schema = responseSchema(
          'kfp-v2beta1',
          operation.method.toUpperCase(),
          path,
        );
        const valid = arbitraryFromSchema(schema, {
          overrides: operation.overrides,
        });
        await assertHandlesAll(
          fc.oneof(
            { weight: 3, arbitrary: valid },
            { weight: 1, arbitrary: malformedBodies(valid, { schema }) },
          ),
          async body => {
            server.resetHandlers(
              // createRun reads the version it starts first: one that declares nothing.
              http.get(`${BASE}${API}/pipelines/p-1/versions/v-1`, () =>
                operation.name === 'createRun'
                  ? HttpResponse.json(versionBody)
                  : answer(body),
              ),
              http[operation.method](`${BASE}${path}`, ({ request }) =>
                // A page token is only asked for after the drawn page: the list ends there.
                new URL(request.url).searchParams.has('page_token')
                  ? HttpResponse.json({})
                  : answer(body),
              ),
            );
            return operation.call(client);
          },
          {
            acceptError: isInstanceFailure,
            checkResult: operation.check,
            numRuns: 60,
            parameters: { seed: 20261202 },
          },
        );
      },
    );

    it('listPipelinePages: every page the contract allows, or a 503', async () => {
      const path = `${API}/pipelines`;
      const schema = responseSchema('kfp-v2beta1', 'GET', path);
      const valid = arbitraryFromSchema(schema);
      await assertHandlesAll(
        fc.oneof(
          { weight: 3, arbitrary: valid },
          { weight: 1, arbitrary: malformedBodies(valid, { schema }) },
        ),
        async body => {
          server.resetHandlers(
            http.get(`${BASE}${path}`, ({ request }) =>
              new URL(request.url).searchParams.has('page_token')
                ? HttpResponse.json({ pipelines: [] })
                : answer(body),
            ),
          );
          const pages: KubeflowPipeline[][] = [];
          for await (const page of client.listPipelinePages()) pages.push(page);
          return pages;
        },
        {
          acceptError: isInstanceFailure,
          checkResult: pages => pages.flat().forEach(checkPipeline),
          numRuns: 60,
          parameters: { seed: 20261202 },
        },
      );
    });
  },
);
