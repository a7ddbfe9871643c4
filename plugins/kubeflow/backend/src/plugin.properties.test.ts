import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  describeWithContracts,
  responseSchema,
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
  type ValueOverrides,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { Server } from 'node:http';
import request from 'supertest';
import {
  Call,
  CALLS,
  EXPERIMENT_ID,
  RECURRING_RUN_ID,
  RUN_ID,
} from './__testUtils__/kfpCalls';
import { actionOutputSchemas } from './actions/outputSchemas';
import { kubeflowPlugin } from './plugin';

// Each property run goes through a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(120_000);

// Per Kubeflow route: whatever each KFP call answers — any subset of the optional fields the
// v2beta1 contract allows (nearly all of them: it is proto3), any valid values, or a malformed
// body — the route never answers 500. A 200 (201 for a created run) is a well-formed answer
// (errors as data, or the objects); a refusal is a 4xx or a 503 with a message.

const VALID_RUNS = 20;
const MIXED_RUNS = 15;
const API = '/apis/v2beta1';
const INSTANCE = 'kfp';

const {
  getPipelineByName,
  getPipeline,
  listVersions,
  getVersion,
  listRuns,
  getRun,
  createRun,
  listRecurringRuns,
  getRecurringRun,
  enable,
  listExperiments,
  getExperiment,
} = CALLS;

interface RouteCase {
  name: string;
  entity: 'pipeline' | 'experiment';
  calls: Call[];
  send(server: Server, entity: string): request.Test;
  check(body: unknown): void;
}

const entityApi = (entity: string, rest: string) =>
  `/api/kubeflow/entity/default/component/${entity}${rest}`;
const noErrorsWithItems = (answer: { errors: unknown[]; items: unknown[] }) => {
  if (answer.errors.length > 0 && answer.items.length > 0) {
    throw new Error('200 with errors and items at once');
  }
};

const ROUTES: RouteCase[] = [
  {
    name: 'GET .../pipeline',
    entity: 'pipeline',
    calls: [getPipelineByName, listVersions],
    send: (server, entity) =>
      request(server).get(entityApi(entity, '/pipeline')),
    check: body => {
      const answer = wellFormedAnswer(actionOutputSchemas.pipeline, body);
      checkErrorsOrAnswer(
        answer.errors,
        answer.pipeline !== undefined,
        'the pipeline',
        [INSTANCE],
      );
    },
  },
  {
    name: 'GET .../runs (of a pipeline)',
    entity: 'pipeline',
    calls: [getPipelineByName, listRuns],
    send: (server, entity) =>
      request(server)
        .get(entityApi(entity, '/runs'))
        .query({ state: 'FAILED', pageSize: 10 }),
    check: body =>
      noErrorsWithItems(wellFormedAnswer(actionOutputSchemas.runs, body)),
  },
  {
    name: 'GET .../runs (of an experiment)',
    entity: 'experiment',
    calls: [getExperiment, listRuns],
    send: (server, entity) => request(server).get(entityApi(entity, '/runs')),
    check: body =>
      noErrorsWithItems(wellFormedAnswer(actionOutputSchemas.runs, body)),
  },
  {
    name: 'GET .../runs/:runId',
    entity: 'pipeline',
    calls: [getPipelineByName, getRun, getVersion],
    send: (server, entity) =>
      request(server).get(entityApi(entity, `/runs/${RUN_ID}`)),
    check: body => void wellFormedAnswer(actionOutputSchemas.runGraph, body),
  },
  {
    name: 'GET .../recurring-runs',
    entity: 'pipeline',
    calls: [getPipelineByName, listRecurringRuns],
    send: (server, entity) =>
      request(server).get(entityApi(entity, '/recurring-runs')),
    check: body =>
      noErrorsWithItems(
        wellFormedAnswer(actionOutputSchemas.recurringRuns, body),
      ),
  },
  {
    name: 'GET .../experiments',
    entity: 'pipeline',
    calls: [getPipelineByName, listRuns, listExperiments],
    send: (server, entity) =>
      request(server).get(entityApi(entity, '/experiments')),
    check: body =>
      noErrorsWithItems(
        wellFormedAnswer(actionOutputSchemas.experiments, body),
      ),
  },
  {
    name: 'POST .../runs',
    entity: 'pipeline',
    calls: [getPipelineByName, listVersions, getVersion, createRun],
    send: (server, entity) =>
      request(server)
        .post(entityApi(entity, '/runs'))
        .send({ name: 'property run', parameters: {} }),
    check: body => void wellFormedAnswer(actionOutputSchemas.run, body),
  },
  {
    name: 'POST .../recurring-runs/:id/enabled',
    entity: 'pipeline',
    calls: [getPipelineByName, getRecurringRun, getPipeline, enable],
    send: (server, entity) =>
      request(server)
        .post(entityApi(entity, `/recurring-runs/${RECURRING_RUN_ID}/enabled`))
        .send({ enabled: true }),
    check: body =>
      void wellFormedAnswer(actionOutputSchemas.recurringRun, body),
  },
];

const key = (call: Pick<Call, 'method' | 'pattern'>) =>
  `${call.method} ${call.pattern.source}`;

/** Valid answers of one call (most of them coherent with the others), and malformed ones. */
function answersOf(call: Call) {
  const schema = responseSchema(
    'kfp-v2beta1',
    call.method,
    `${API}${call.path}`,
  );
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  // A page token in every answer would page for as long as a route may.
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

/** An upstream body as KFP (or a broken proxy in front of it) would send it. */
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
  'kubeflow routes against any answer the KFP v2beta1 contract allows',
  () => {
    let answers: Record<string, unknown> = {};
    const unexpected: string[] = [];
    const msw = setupServer(
      http.all(/^http:\/\/kfp\.test\//, ({ request: upstream }) => {
        const below = new URL(upstream.url).pathname.replace(API, '');
        const found = Object.keys(answers).find(k => {
          const space = k.indexOf(' ');
          return (
            k.slice(0, space) === upstream.method &&
            new RegExp(k.slice(space + 1)).test(below)
          );
        });
        if (!found) {
          unexpected.push(`${upstream.method} ${below}`);
          return HttpResponse.json(
            { code: 5, message: 'not modelled' },
            { status: 404 },
          );
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
          kubeflowPlugin,
          catalogServiceMock.factory({
            entities: [
              annotatingComponent('pipeline', {
                'kubeflow.org/pipeline': 'train',
              }),
              annotatingComponent('experiment', {
                'kubeflow.org/experiment': EXPERIMENT_ID,
              }),
            ],
          }),
          mockServices.permissions.mock({ authorize: authorizeWith() }).factory,
          mockServices.rootConfig.factory({
            data: {
              kubeflow: {
                instances: [
                  {
                    name: INSTANCE,
                    baseUrl: 'http://kfp.test',
                    retries: 0,
                    // Every request must see the answer drawn for it.
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
            route.calls.map(call => {
              const { valid, malformed } = answersOf(call);
              return [key(call), mixed ? fc.oneof(valid, malformed) : valid];
            }),
          ),
        );

      const property = (mixed: boolean, numRuns: number) =>
        assertHandlesAll(
          bodies(mixed),
          async drawn => {
            answers = drawn;
            return route.send(server, route.entity);
          },
          {
            acceptError: () => false,
            checkResult: res =>
              checkRouteAnswer(
                route.name,
                // A created run is a 201, and the only success of its route.
                res.status === 201 ? { status: 200, body: res.body } : res,
                route.check,
              ),
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
