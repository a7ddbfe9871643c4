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
import {
  AirflowApiVersion,
  AirflowDag,
  AirflowDagRun,
  AirflowTaskInstance,
} from './AirflowApi';
import { AirflowClient } from './AirflowClient';
import { airflowInstanceConfig } from './testUtils';

const BASE = 'http://airflow.property.test';

const server = setupServer();
registerMswTestHooks(server);

function isInstanceFailure(error: unknown): boolean {
  return (
    isError(error) &&
    error.name === 'ServiceUnavailableError' &&
    error.message.startsWith("airflow instance 'prod'")
  );
}

function checkDag(dag: AirflowDag) {
  if (typeof dag.dagId !== 'string' || dag.dagId === '') {
    throw new Error(`dagId is ${JSON.stringify(dag.dagId)}`);
  }
  if (typeof dag.displayName !== 'string' || dag.displayName === '') {
    throw new Error('displayName');
  }
  if (typeof dag.isPaused !== 'boolean') throw new Error('isPaused');
  if (!dag.owners.every(o => typeof o === 'string')) throw new Error('owners');
  if (!dag.tags.every(t => typeof t === 'string')) throw new Error('tags');
  for (const field of ['description', 'fileloc', 'schedule'] as const) {
    if (dag[field] !== undefined && typeof dag[field] !== 'string') {
      throw new Error(field);
    }
  }
}

function checkRun(run: AirflowDagRun) {
  if (typeof run.runId !== 'string' || run.runId === '') {
    throw new Error(`runId is ${JSON.stringify(run.runId)}`);
  }
  for (const field of [
    'logicalDate',
    'startDate',
    'endDate',
    'note',
  ] as const) {
    if (run[field] !== undefined && typeof run[field] !== 'string') {
      throw new Error(field);
    }
  }
  if (
    run.conf !== undefined &&
    (typeof run.conf !== 'object' || Array.isArray(run.conf))
  ) {
    throw new Error('conf');
  }
}

function checkTask(task: AirflowTaskInstance) {
  if (typeof task.taskId !== 'string' || task.taskId === '') {
    throw new Error('taskId');
  }
  if (!Number.isInteger(task.tryNumber) || !Number.isInteger(task.mapIndex)) {
    throw new Error('tryNumber/mapIndex');
  }
  if (
    task.durationSeconds !== undefined &&
    !Number.isFinite(task.durationSeconds)
  ) {
    throw new Error('durationSeconds');
  }
}

const cases: Array<[HttpContractName, AirflowApiVersion]> = [
  ['airflow-v2', 'v2'],
  ['airflow-v2-3.0', 'v2'],
  ['airflow-v1', 'v1'],
];

/** Every other operation: its method, path, the call, and what its result must be. */
interface Operation {
  name: string;
  method: 'get' | 'post' | 'patch';
  path: string;
  /** The property of the empty page that ends a paged list. */
  pagedBy?: string;
  call: (client: AirflowClient) => Promise<unknown>;
  check: (result: any) => void;
}

const RUN = '/dags/train/dagRuns/manual__2026-11-30T12%3A00%3A00%2B00%3A00';
const RUN_ID = 'manual__2026-11-30T12:00:00+00:00';

const operations: Operation[] = [
  {
    name: 'getDag',
    method: 'get',
    path: '/dags/train',
    call: c => c.getDag('train'),
    check: checkDag,
  },
  {
    name: 'listDagRuns',
    method: 'get',
    path: '/dags/train/dagRuns',
    call: c =>
      c.listDagRuns('train', {
        state: ['failed'],
        since: '2026-11-01T00:00:00Z',
      }),
    check: page => page.items.forEach(checkRun),
  },
  {
    name: 'getDagRun',
    method: 'get',
    path: RUN,
    call: c => c.getDagRun('train', RUN_ID),
    check: checkRun,
  },
  {
    name: 'listTaskInstances',
    method: 'get',
    path: `${RUN}/taskInstances`,
    pagedBy: 'task_instances',
    call: c => c.listTaskInstances('train', RUN_ID),
    check: tasks => tasks.forEach(checkTask),
  },
  {
    name: 'getTaskLog',
    method: 'get',
    path: `${RUN}/taskInstances/fit/logs/2`,
    call: c => c.getTaskLog('train', RUN_ID, 'fit', 2),
    check: log => {
      if (
        typeof log.content !== 'string' ||
        typeof log.truncated !== 'boolean'
      ) {
        throw new Error('log');
      }
    },
  },
  {
    name: 'triggerDagRun',
    method: 'post',
    path: '/dags/train/dagRuns',
    call: c => c.triggerDagRun('train', { conf: { a: 1 }, note: 'n' }),
    check: checkRun,
  },
  {
    name: 'setPaused',
    method: 'patch',
    path: '/dags/train',
    call: c => c.setPaused('train', true),
    check: checkDag,
  },
  {
    name: 'clearDagRun',
    method: 'post',
    path: '/dags/train/clearTaskInstances',
    call: c => c.clearDagRun('train', RUN_ID),
    check: tasks =>
      tasks.forEach((t: { taskId: unknown }) => {
        if (typeof t.taskId !== 'string' || t.taskId === '')
          throw new Error('taskId');
      }),
  },
];

describeWithContracts(
  'AirflowClient on every answer the contract allows',
  () => {
    describe.each(cases)('%s', (contract, apiVersion) => {
      const path = `/api/${apiVersion}/dags`;
      const client = new AirflowClient({
        instance: airflowInstanceConfig({ baseUrl: BASE, apiVersion }),
        logger: mockServices.logger.mock(),
      });

      it(`GET ${path} (listDags): hands out what its types promise, or a 503 naming the instance`, async () => {
        const schema = responseSchema(contract, 'GET', path);
        const valid = arbitraryFromSchema(schema);
        await assertHandlesAll(
          fc.oneof(
            { weight: 3, arbitrary: valid },
            { weight: 1, arbitrary: malformedBodies(valid, { schema }) },
          ),
          async body => {
            server.resetHandlers(
              http.get(`${BASE}${path}`, ({ request }) => {
                // The first page is the drawn answer; the list ends after it.
                if (
                  Number(new URL(request.url).searchParams.get('offset')) > 0
                ) {
                  return HttpResponse.json({ dags: [], total_entries: 0 });
                }
                return body === undefined
                  ? new HttpResponse(null, { status: 200 })
                  : HttpResponse.json(body as never);
              }),
            );
            return client.listDags();
          },
          {
            acceptError: isInstanceFailure,
            checkResult: dags => dags.forEach(checkDag),
            numRuns: 80,
            parameters: { seed: 20261202 },
          },
        );
      });

      it.each(operations)(
        `$name: hands out what its types promise, or a 503 naming the instance`,
        async operation => {
          const opPath = `/api/${apiVersion}${operation.path}`;
          const schema = responseSchema(
            contract,
            operation.method.toUpperCase() as 'GET',
            opPath,
          );
          const valid = arbitraryFromSchema(schema);
          await assertHandlesAll(
            fc.oneof(
              { weight: 3, arbitrary: valid },
              { weight: 1, arbitrary: malformedBodies(valid, { schema }) },
            ),
            async body => {
              server.resetHandlers(
                http[operation.method](`${BASE}${opPath}`, ({ request }) => {
                  const offset = new URL(request.url).searchParams.get(
                    'offset',
                  );
                  if (operation.pagedBy && Number(offset) > 0) {
                    return HttpResponse.json({
                      [operation.pagedBy]: [],
                      total_entries: 0,
                    });
                  }
                  return body === undefined
                    ? new HttpResponse(null, { status: 200 })
                    : HttpResponse.json(body as never);
                }),
              );
              return operation.call(client);
            },
            {
              acceptError: isInstanceFailure,
              checkResult: operation.check,
              numRuns: 40,
              parameters: { seed: 20261202 },
            },
          );
        },
      );
    });
  },
);
