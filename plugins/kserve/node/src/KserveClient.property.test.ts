import { ServiceUnavailableError } from '@backstage/errors';
import { getUpstreamErrorDetails } from '@mlops-portal/plugin-mlops-node';
import {
  assertHandlesAll,
  malformedBodies,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import {
  CLUSTER_URL,
  listBody,
  mswClient,
  useMswServer,
} from './__testUtils__/mswCluster';
import { buildInferenceServiceObject } from './testUtils';

const server = useMswServer();

/** Serves `body` as JSON text for any request (nothing at all for undefined). */
function serve(body: unknown) {
  server.use(
    http.all(
      `${CLUSTER_URL}/*`,
      () =>
        new HttpResponse(body === undefined ? '' : JSON.stringify(body), {
          headers: { 'content-type': 'application/json' },
        }),
    ),
  );
}

const dnsLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);
const states = fc.constantFrom(
  'ready',
  'canary',
  'degraded',
  'failed',
  'progressing',
  'stopped',
  'no-status',
) as fc.Arbitrary<'ready'>;
const inferenceService = fc
  .record({ namespace: dnsLabel, name: dnsLabel, state: states })
  .map(fixture => buildInferenceServiceObject(fixture));
const validList = fc
  .tuple(
    fc.array(inferenceService, { maxLength: 4 }),
    fc.nat(),
    fc.option(fc.string()),
  )
  .map(([items, version, next]) =>
    listBody(items, String(version), next ?? undefined),
  );

/** Any answer the contract allows, the same with one field of the wrong type, or any JSON. */
const bodiesAround = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(valid, malformedBodies(valid), fc.jsonValue());

/** A refusal the portal can show: the answer is not a Kubernetes object. */
const isInvalidAnswer = (error: unknown) =>
  error instanceof ServiceUnavailableError &&
  getUpstreamErrorDetails(error)?.kind === 'invalid-response';

const client = mswClient();

describe('KserveClient on any answer', () => {
  it('lists a valid page or says the answer is invalid, never a TypeError', async () => {
    await assertHandlesAll(
      bodiesAround(validList),
      body => {
        serve(body);
        return client.listInferenceServices({ namespace: 'fraud' });
      },
      {
        acceptError: isInvalidAnswer,
        checkResult: (page, body) => {
          expect(typeof page.resourceVersion).toBe('string');
          expect(page.items).toHaveLength(
            (body as { items: unknown[] }).items.length,
          );
          for (const item of page.items) {
            expect(typeof item.metadata.name).toBe('string');
            expect(typeof item.metadata.namespace).toBe('string');
            expect(typeof item.apiVersion).toBe('string');
          }
          expect(['undefined', 'string']).toContain(typeof page.continueToken);
        },
      },
    );
  });

  it('reads the asked-for InferenceService or says the answer is invalid', async () => {
    const ref = { namespace: 'fraud', name: 'fraud-detector' };
    const valid = states.map(state =>
      buildInferenceServiceObject({ ...ref, state }),
    );
    await assertHandlesAll(
      bodiesAround(valid),
      body => {
        serve(body);
        return client.getInferenceService(ref, { fresh: true });
      },
      {
        acceptError: isInvalidAnswer,
        checkResult: object => {
          expect(object.metadata).toMatchObject(ref);
        },
      },
    );
  });

  it('reads events or says the answer is invalid, whatever their fields hold', async () => {
    const field = fc.oneof(
      fc.jsonValue(),
      fc.date({ noInvalidDate: true }).map(d => d.toISOString()),
    );
    const event = fc.record(
      {
        type: field,
        reason: field,
        message: field,
        count: field,
        lastTimestamp: field,
        eventTime: field,
        series: fc.oneof(
          field,
          fc.record({ count: field, lastObservedTime: field }),
        ),
        source: fc.oneof(field, fc.record({ component: field })),
        reportingComponent: field,
      },
      { requiredKeys: [] },
    );
    const valid = fc.array(event, { maxLength: 5 }).map(items => ({
      kind: 'EventList',
      apiVersion: 'v1',
      metadata: {},
      items,
    }));
    await assertHandlesAll(
      bodiesAround(valid),
      body => {
        serve(body);
        return client.listEvents({
          namespace: 'fraud',
          name: 'fraud-detector',
        });
      },
      {
        acceptError: isInvalidAnswer,
        checkResult: events => {
          for (const e of events) {
            expect(typeof e.type).toBe('string');
            // Absent, or an ISO time that reads back as itself.
            expect([
              undefined,
              e.lastSeen && new Date(e.lastSeen).toISOString(),
            ]).toContain(e.lastSeen);
            expect(e.count === undefined || Number.isInteger(e.count)).toBe(
              true,
            );
          }
          const times = events.map(e =>
            e.lastSeen === undefined ? -Infinity : Date.parse(e.lastSeen),
          );
          expect([...times].sort((a, b) => b - a)).toEqual(times);
        },
      },
    );
  });
});
