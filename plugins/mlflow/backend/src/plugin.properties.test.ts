import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  type ValueOverrides,
  arbitraryFromSchema,
  assertHandlesAll,
  malformedBodies,
  authorizeWith,
  checkErrorsOrAnswer,
  checkRouteAnswer,
  wellFormedAnswer,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  describeWithContracts,
  responseSchema,
} from '@mlops-portal/contract-testing';
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { Server } from 'node:http';
import request from 'supertest';
import {
  annotatingComponent,
  ingestedModelEntity,
} from './__fixtures__/entities';
import { actionOutputSchemas } from './actions/outputSchemas';
import { mlflowPlugin } from './plugin';

// Each property run starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

// Per MLflow route: whatever each upstream RPC answers — any subset of the optional fields the
// contract allows, any valid values, or a malformed body — the route never answers 500. A 200 is
// a well-formed answer (errors as data, or the items); a refusal is a 4xx or 503 with a message.

const API = '/api/2.0/mlflow';
const VALID_RUNS = 30;
const MIXED_RUNS = 20;

type MlflowContract = 'mlflow-2' | 'mlflow-3';

/** One upstream RPC a route calls. */
interface Rpc {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /**
   * Overrides that make an answer fit the others (the experiment's id on its runs, an existing
   * version, the fields the client needs), used for two bodies in three so that routes get past
   * their own checks too.
   */
  coherent?: ValueOverrides;
}

const rpc = (
  method: Rpc['method'],
  name: string,
  coherent?: ValueOverrides,
): Rpc => ({ method, path: `${API}/${name}`, coherent });
const key = ({ method, path }: Pick<Rpc, 'method' | 'path'>) =>
  `${method} ${path}`;

/** Overrides that put in every field the client cannot do without (ids, names, keys). */
const present = (...pointers: string[]): ValueOverrides =>
  Object.fromEntries(pointers.map(pointer => [pointer, 'present' as const]));

const EXPERIMENT_ID = '1';
const getExperimentByName = rpc('GET', 'experiments/get-by-name', {
  ...present('/experiment', '/experiment/name', '/experiment/tags/*/key'),
  '/experiment/experiment_id': fc.constant(EXPERIMENT_ID),
});
const searchRuns = rpc('POST', 'runs/search');
const getRun = rpc('GET', 'runs/get', {
  ...present(
    '/run',
    '/run/info',
    '/run/info/run_id',
    '/run/data/metrics/*/key',
    '/run/data/params/*/key',
    '/run/data/tags/*/key',
  ),
  '/run/info/experiment_id': fc.constant(EXPERIMENT_ID),
});
const getMetricHistory = rpc('GET', 'metrics/get-history', {
  ...present('/metrics/*/key'),
});
const getRegisteredModel = rpc('GET', 'registered-models/get', {
  ...present(
    '/registered_model',
    '/registered_model/name',
    '/registered_model/aliases',
    '/registered_model/aliases/*/version',
    '/registered_model/tags/*/key',
  ),
  '/registered_model/aliases/*/alias': fc.constant('champion'),
});
const searchModelVersions = rpc('GET', 'model-versions/search', {
  ...present(
    '/model_versions',
    '/model_versions/*/name',
    '/model_versions/*/tags/*/key',
  ),
  '/model_versions/*/version': fc.constant('1'),
});
/** A write's own answer: the version it changed, when it says. */
const versionAnswer = {
  ...present('/model_version/name', '/model_version/tags/*/key'),
  '/model_version/version': fc.constant('1'),
};
const MODEL_READS = [getRegisteredModel, searchModelVersions, getRun];

const wellFormed = wellFormedAnswer;
const dataOrErrors = (
  errors: Array<{ instance: string }>,
  answered: boolean,
  what: string,
) => checkErrorsOrAnswer(errors, answered, what, ['fake', 'fake2']);

interface RouteCase {
  name: string;
  contract: MlflowContract;
  rpcs: Rpc[];
  send(server: Server): request.Test;
  /** Throws unless a 200 body is a well-formed answer. */
  check(body: unknown): void;
}

const entityApi = (entity: string, rest: string) =>
  `/api/mlflow/entity/default/component/${entity}${rest}`;

const ROUTES: RouteCase[] = [
  {
    name: 'GET .../runs',
    contract: 'mlflow-3',
    rpcs: [getExperimentByName, searchRuns],
    send: server =>
      request(server)
        .get(entityApi('fraud', '/runs'))
        .query({ maxResults: 10, orderBy: 'metrics.auc DESC' }),
    check: body => {
      const answer = wellFormed(actionOutputSchemas.runs, body);
      dataOrErrors(
        answer.errors,
        answer.experiment !== undefined,
        'the experiment',
      );
      if (answer.errors.length > 0 && answer.items.length > 0) {
        throw new Error('200 with errors and runs at once');
      }
    },
  },
  {
    name: 'GET .../runs/:runId',
    contract: 'mlflow-3',
    rpcs: [getExperimentByName, getRun, getMetricHistory],
    send: server => request(server).get(entityApi('fraud', '/runs/r1')),
    check: body => {
      const answer = wellFormed(actionOutputSchemas.run, body);
      dataOrErrors(answer.errors, answer.item !== undefined, 'the run');
    },
  },
  {
    name: 'GET .../compare',
    contract: 'mlflow-3',
    rpcs: [getExperimentByName, getRun, getMetricHistory],
    send: server =>
      request(server)
        .get(entityApi('fraud', '/compare'))
        .query({ runIds: 'r1,r2' }),
    check: body => {
      const answer = wellFormed(actionOutputSchemas.compare, body);
      dataOrErrors(answer.errors, answer.items.length > 0, 'runs');
      if (answer.errors.length === 0 && answer.items.length !== 2) {
        throw new Error(
          `200 with ${answer.items.length} of the 2 runs asked for`,
        );
      }
    },
  },
  {
    name: 'GET .../model',
    contract: 'mlflow-3',
    rpcs: MODEL_READS,
    send: server => request(server).get(entityApi('fraud', '/model')),
    check: body => {
      const answer = wellFormed(actionOutputSchemas.model, body);
      dataOrErrors(answer.errors, answer.item !== undefined, 'the model');
      if (answer.authority?.entityRef !== 'resource:default/fraud-detector') {
        throw new Error(
          `200 naming the wrong authority: ${JSON.stringify(answer.authority)}`,
        );
      }
    },
  },
  {
    name: 'POST .../model/aliases',
    contract: 'mlflow-3',
    rpcs: [...MODEL_READS, rpc('POST', 'registered-models/alias')],
    send: server =>
      request(server)
        .post(entityApi('fraud', '/model/aliases'))
        .send({ alias: 'champion', version: '1' }),
    check: body => void wellFormed(actionOutputSchemas.write, body),
  },
  {
    name: 'DELETE .../model/aliases/:alias',
    contract: 'mlflow-3',
    rpcs: [...MODEL_READS, rpc('DELETE', 'registered-models/alias')],
    send: server =>
      request(server).delete(entityApi('fraud', '/model/aliases/champion')),
    check: body => void wellFormed(actionOutputSchemas.write, body),
  },
  {
    name: 'POST .../model/versions/:version/stage',
    contract: 'mlflow-2',
    rpcs: [
      ...MODEL_READS,
      rpc('POST', 'model-versions/transition-stage', versionAnswer),
    ],
    send: server =>
      request(server)
        .post(entityApi('fraud-on-mlflow2', '/model/versions/1/stage'))
        .send({ stage: 'Production', archiveExistingVersions: true }),
    check: body => void wellFormed(actionOutputSchemas.write, body),
  },
];

/** Valid answers of one RPC (most of them coherent with the others), and malformed ones. */
function answersOf(contract: MlflowContract, call: Rpc) {
  const schema = responseSchema(contract, call.method, call.path);
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  // A page token in every answer would page forever.
  const base: ValueOverrides =
    'next_page_token' in properties ? { '/next_page_token': 'absent' } : {};
  const any = arbitraryFromSchema(schema, { overrides: base });
  const valid = call.coherent
    ? fc.oneof(
        { arbitrary: any, weight: 1 },
        {
          arbitrary: arbitraryFromSchema(schema, {
            overrides: { ...base, ...call.coherent },
          }),
          weight: 2,
        },
      )
    : any;
  return { valid, malformed: malformedBodies(valid, { schema }) };
}

/** An upstream body as MLflow (or a broken proxy in front of it) would send it. */
function respond(body: unknown): Response {
  if (body === undefined) {
    return new HttpResponse(null, { status: 200 });
  }
  if (typeof body === 'string') {
    // Sent as it is: empty, not JSON, an HTML error page.
    return new HttpResponse(body, {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }
  return HttpResponse.json(body as never);
}

describeWithContracts(
  'mlflow routes against any answer the MLflow contracts allow',
  () => {
    let answers: Record<string, unknown> = {};
    const unexpected: string[] = [];
    const msw = setupServer(
      http.all(/^http:\/\/mlflow2?\.test\//, ({ request: upstream }) => {
        const called = key({
          method: upstream.method as Rpc['method'],
          path: new URL(upstream.url).pathname,
        });
        if (!(called in answers)) {
          unexpected.push(called);
          return HttpResponse.json(
            { error_code: 'ENDPOINT_NOT_FOUND', message: 'not modelled' },
            { status: 404 },
          );
        }
        return respond(answers[called]);
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
          mlflowPlugin,
          catalogServiceMock.factory({
            entities: [
              annotatingComponent('fraud', {
                'mlflow.org/experiment': 'fraud-detection',
                'mlflow.org/registered-model': 'fraud-detector',
              }),
              annotatingComponent('fraud-on-mlflow2', {
                'mlflow.org/registered-model': 'fraud-detector',
                'mlflow.org/instance': 'fake2',
              }),
              ingestedModelEntity({
                model: 'fraud-detector',
                instance: 'fake',
                owner: 'group:default/fraud-detection',
              }),
            ],
          }),
          mockServices.permissions.mock({ authorize: authorizeWith() }).factory,
          mockServices.rootConfig.factory({
            data: {
              mlflow: {
                instances: [
                  {
                    name: 'fake',
                    baseUrl: 'http://mlflow.test',
                    retries: 0,
                    // Every request must see the answer drawn for it.
                    cacheTtl: { seconds: 0 },
                  },
                  {
                    name: 'fake2',
                    baseUrl: 'http://mlflow2.test',
                    majorVersion: 2,
                    retries: 0,
                    cacheTtl: { seconds: 0 },
                  },
                ],
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

    describe.each(ROUTES)('$name', route => {
      const bodies = (mixed: boolean) =>
        fc.record(
          Object.fromEntries(
            route.rpcs.map(call => {
              const { valid, malformed } = answersOf(route.contract, call);
              return [key(call), mixed ? fc.oneof(valid, malformed) : valid];
            }),
          ),
        );

      const property = async (mixed: boolean, numRuns: number) => {
        await assertHandlesAll(
          bodies(mixed),
          async drawn => {
            answers = drawn;
            return route.send(server);
          },
          {
            acceptError: () => false,
            checkResult: res => checkRouteAnswer(route.name, res, route.check),
            numRuns,
          },
        );
      };

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
