import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  describeWithContracts,
  responseSchema,
  type HttpContractName,
} from '@mlops-portal/contract-testing';
import {
  annotatingComponent,
  arbitraryFromSchema,
  assertHandlesAll,
  authorizeWith,
  checkErrorsOrAnswer,
  checkRouteAnswer,
  malformedBodies,
  wellFormedAnswer,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { Server } from 'node:http';
import request from 'supertest';
import { actionOutputSchemas } from './actions/outputSchemas';
import { airflowPlugin } from './plugin';

// Each property run goes through a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(120_000);

// Per Airflow route and contract: whatever each upstream call answers — any subset of the
// optional fields the contract allows, any valid values, or a malformed body — the route never
// answers 500. A 200 is a well-formed answer (errors as data, or the items); a refusal is a 4xx
// or 503 with a message.

const VALID_RUNS = 20;
const MIXED_RUNS = 15;

/** Each contract served by its own fake instance. */
const CONTRACTS: Array<{
  contract: HttpContractName;
  instance: string;
  apiVersion: 'v1' | 'v2';
}> = [
  { contract: 'airflow-v2', instance: 'af3', apiVersion: 'v2' },
  { contract: 'airflow-v2-3.0', instance: 'af30', apiVersion: 'v2' },
  { contract: 'airflow-v1', instance: 'af2', apiVersion: 'v1' },
];
const INSTANCES = CONTRACTS.map(c => c.instance);

/** One upstream call a route makes: its method and a concrete path below `/api/vN`. */
interface Call {
  method: 'GET' | 'POST' | 'PATCH';
  /** Matched against the path below the API root; the contract's schema is the one of `path`. */
  pattern: RegExp;
  path: string;
}
const RUN = '/dags/train/dagRuns/r1';
const getDag: Call = {
  method: 'GET',
  pattern: /^\/dags\/train$/,
  path: '/dags/train',
};
const listRuns: Call = {
  method: 'GET',
  pattern: /^\/dags\/train\/dagRuns$/,
  path: '/dags/train/dagRuns',
};
// Any run id: a trigger's reload reads the run the answer named.
const getRun: Call = {
  method: 'GET',
  pattern: /^\/dags\/train\/dagRuns\/[^/]+$/,
  path: RUN,
};
const listTasks: Call = {
  method: 'GET',
  pattern: /^\/dags\/train\/dagRuns\/r1\/taskInstances$/,
  path: `${RUN}/taskInstances`,
};
const getLog: Call = {
  method: 'GET',
  pattern: /^\/dags\/train\/dagRuns\/r1\/taskInstances\/fit\/logs\/1$/,
  path: `${RUN}/taskInstances/fit/logs/1`,
};
const trigger: Call = {
  method: 'POST',
  pattern: listRuns.pattern,
  path: listRuns.path,
};
const patchDag: Call = {
  method: 'PATCH',
  pattern: getDag.pattern,
  path: getDag.path,
};
const clear: Call = {
  method: 'POST',
  pattern: /^\/dags\/train\/clearTaskInstances$/,
  path: '/dags/train/clearTaskInstances',
};

interface RouteCase {
  name: string;
  calls: Call[];
  send(server: Server, entity: string): request.Test;
  check(body: unknown): void;
}

const entityApi = (entity: string, rest: string) =>
  `/api/airflow/entity/default/component/${entity}${rest}`;
const checkData = (
  errors: Array<{ instance: string }>,
  answered: boolean,
  what: string,
) => checkErrorsOrAnswer(errors, answered, what, INSTANCES);

const ROUTES: RouteCase[] = [
  {
    name: 'GET .../dags',
    calls: [getDag, listRuns],
    send: (server, entity) => request(server).get(entityApi(entity, '/dags')),
    check: body => {
      const answer = wellFormedAnswer(actionOutputSchemas.dags, body);
      checkData(answer.errors, answer.items.length > 0, 'the DAG');
    },
  },
  {
    name: 'GET .../dags/:dagId/runs',
    calls: [listRuns],
    send: (server, entity) =>
      request(server)
        .get(entityApi(entity, '/dags/train/runs'))
        .query({ state: 'failed,success', limit: 10 }),
    check: body => {
      const answer = wellFormedAnswer(actionOutputSchemas.runs, body);
      if (answer.errors.length > 0 && answer.items.length > 0) {
        throw new Error('200 with errors and runs at once');
      }
    },
  },
  {
    name: 'GET .../runs/:runId/tasks',
    calls: [getRun, listTasks],
    send: (server, entity) =>
      request(server).get(entityApi(entity, '/dags/train/runs/r1/tasks')),
    check: body => {
      const answer = wellFormedAnswer(actionOutputSchemas.taskInstances, body);
      checkData(answer.errors, answer.run !== undefined, 'the run');
    },
  },
  {
    name: 'GET .../tasks/:taskId/logs/:tryNumber',
    calls: [getLog],
    send: (server, entity) =>
      request(server).get(
        entityApi(entity, '/dags/train/runs/r1/tasks/fit/logs/1'),
      ),
    check: body => {
      const answer = wellFormedAnswer(actionOutputSchemas.taskLog, body);
      checkData(answer.errors, answer.content !== undefined, 'the log');
    },
  },
  {
    name: 'POST .../dags/:dagId/runs',
    calls: [trigger, getRun],
    send: (server, entity) =>
      request(server)
        .post(entityApi(entity, '/dags/train/runs'))
        .send({ conf: { epochs: 3 }, note: 'n' }),
    check: body => void wellFormedAnswer(actionOutputSchemas.runWrite, body),
  },
  {
    name: 'POST .../dags/:dagId/paused',
    calls: [getDag, patchDag, listRuns],
    send: (server, entity) =>
      request(server)
        .post(entityApi(entity, '/dags/train/paused'))
        .send({ isPaused: true }),
    check: body => void wellFormedAnswer(actionOutputSchemas.dagWrite, body),
  },
  {
    name: 'POST .../runs/:runId/clear',
    calls: [getRun, clear],
    send: (server, entity) =>
      request(server)
        .post(entityApi(entity, '/dags/train/runs/r1/clear'))
        .send({ onlyFailed: true }),
    check: body => void wellFormedAnswer(actionOutputSchemas.runWrite, body),
  },
];

const key = (method: string, pattern: RegExp) => `${method} ${pattern.source}`;

/** Valid answers of one call, and malformed ones. */
function answersOf(contract: HttpContractName, apiVersion: string, call: Call) {
  const schema = responseSchema(
    contract,
    call.method,
    `/api/${apiVersion}${call.path}`,
  );
  const valid = arbitraryFromSchema(schema);
  return { valid, malformed: malformedBodies(valid, { schema }) };
}

/** An upstream body as Airflow (or a broken proxy in front of it) would send it. */
function respond(body: unknown): Response {
  if (body === undefined) {
    return new HttpResponse(null, { status: 200 });
  }
  if (typeof body === 'string') {
    return new HttpResponse(body, {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }
  return HttpResponse.json(body as never);
}

describeWithContracts(
  'airflow routes against any answer the Airflow contracts allow',
  () => {
    let answers: Record<string, unknown> = {};
    const unexpected: string[] = [];
    const msw = setupServer(
      http.all(/^http:\/\/af[0-9]+\.test\//, ({ request: upstream }) => {
        const url = new URL(upstream.url);
        const below = url.pathname.replace(/^\/api\/v[12]/, '');
        // A paged list ends after the drawn page.
        if (Number(url.searchParams.get('offset')) > 0) {
          return HttpResponse.json({
            task_instances: [],
            dag_runs: [],
            total_entries: 0,
          });
        }
        const found = Object.keys(answers).find(k => {
          const [method, source] = [
            k.slice(0, k.indexOf(' ')),
            k.slice(k.indexOf(' ') + 1),
          ];
          return method === upstream.method && new RegExp(source).test(below);
        });
        if (!found) {
          unexpected.push(`${upstream.method} ${url.pathname}`);
          return HttpResponse.json({ detail: 'not modelled' }, { status: 404 });
        }
        return respond(answers[found]);
      }),
    );
    let server: Server;

    beforeAll(async () => {
      msw.listen({
        onUnhandledRequest: ({ url }, print) => {
          if (new URL(url).hostname.endsWith('.test')) print.error();
        },
      });
      ({ server } = await startTestBackend({
        features: [
          airflowPlugin,
          catalogServiceMock.factory({
            entities: CONTRACTS.map(({ instance }) =>
              annotatingComponent(instance, {
                'airflow.apache.org/dag-id': 'train',
                'airflow.apache.org/instance': instance,
              }),
            ),
          }),
          mockServices.permissions.mock({ authorize: authorizeWith() }).factory,
          mockServices.rootConfig.factory({
            data: {
              airflow: {
                instances: CONTRACTS.map(({ instance, apiVersion }) => ({
                  name: instance,
                  baseUrl: `http://${instance}.test`,
                  apiVersion,
                  retries: 0,
                  // Every request must see the answer drawn for it.
                  cacheTtl: { seconds: 0 },
                })),
              },
            },
          }),
        ],
      }));
    });

    afterAll(() => msw.close());

    beforeEach(() => {
      unexpected.length = 0;
    });

    describe.each(CONTRACTS)(
      '$contract',
      ({ contract, instance, apiVersion }) => {
        describe.each(ROUTES)('$name', route => {
          const bodies = (mixed: boolean) =>
            fc.record(
              Object.fromEntries(
                route.calls.map(call => {
                  const { valid, malformed } = answersOf(
                    contract,
                    apiVersion,
                    call,
                  );
                  return [
                    key(call.method, call.pattern),
                    mixed ? fc.oneof(valid, malformed) : valid,
                  ];
                }),
              ),
            );

          const property = (mixed: boolean, numRuns: number) =>
            assertHandlesAll(
              bodies(mixed),
              async drawn => {
                answers = drawn;
                return route.send(server, instance);
              },
              {
                acceptError: () => false,
                checkResult: res =>
                  checkRouteAnswer(route.name, res, route.check),
                numRuns,
              },
            );

          it('never answers 500 to answers with any subset of the fields', async () => {
            await property(false, VALID_RUNS);
            expect(unexpected).toEqual([]);
          });

          it('never answers 500 to malformed answers', async () => {
            await property(true, MIXED_RUNS);
            expect(unexpected).toEqual([]);
          });
        });
      },
    );
  },
);
