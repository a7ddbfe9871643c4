import { ServiceUnavailableError } from '@backstage/errors';
import {
  INFERENCE_SERVICE_API_VERSION,
  KSERVE_SYSTEM,
  ServingEvent,
} from '@mlops-portal/plugin-kserve-common';
import type { UpstreamErrorDetails } from '@mlops-portal/plugin-mlops-node';
import type {
  InferenceServiceObject,
  InferenceServicePage,
  InferenceServiceWatchEvent,
} from '../KserveApi';

/** A request, as an error about its answer names it. */
export interface AnswerContext {
  cluster: string;
  method: string;
  path: string;
}

/**
 * An answer the portal cannot use (a 2xx that is not what Kubernetes sends), as the kit's
 * ServiceUnavailableError with `upstream` details of kind `invalid-response`.
 *
 * @internal
 */
export function invalidAnswer(
  context: AnswerContext,
  problem: string,
): ServiceUnavailableError {
  const details: UpstreamErrorDetails = {
    system: KSERVE_SYSTEM.id,
    instance: context.cluster,
    method: context.method,
    path: context.path,
    kind: 'invalid-response',
    status: 200,
    attempts: 1,
  };
  return Object.assign(
    new ServiceUnavailableError(
      `${KSERVE_SYSTEM.id} instance '${context.cluster}': ${context.method} ${context.path} ` +
        `answered something that is not ${problem}`,
    ),
    { upstream: details },
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNonEmptyString = (value: unknown): boolean =>
  typeof value === 'string' && value !== '';
const isOptionalString = (value: unknown): boolean =>
  value === undefined || typeof value === 'string';

/** Why `value` is not an InferenceService as the API server returns one, or undefined. */
function objectProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'it is not an object';
  const metadata = value.metadata;
  if (!isRecord(metadata)) return 'metadata is not an object';
  // Field by field rather than a loop over names: every item of every list page is checked.
  if (!isNonEmptyString(metadata.name)) {
    return 'metadata.name is not a non-empty string';
  }
  if (!isNonEmptyString(metadata.namespace)) {
    return 'metadata.namespace is not a non-empty string';
  }
  if (!isOptionalString(metadata.resourceVersion)) {
    return 'metadata.resourceVersion is not a string';
  }
  if (!isOptionalString(metadata.uid)) return 'metadata.uid is not a string';
  if (!isOptionalString(value.apiVersion)) return 'apiVersion is not a string';
  if (!isOptionalString(value.kind)) return 'kind is not a string';
  return undefined;
}

/**
 * The object, with `apiVersion` and `kind` filled in where a list item leaves them out: in
 * place, as the parsed answer is the client's own and a list of thousands is not copied.
 */
function asInferenceService(
  value: Record<string, unknown>,
): InferenceServiceObject {
  value.apiVersion ??= INFERENCE_SERVICE_API_VERSION;
  value.kind ??= 'InferenceService';
  return value as InferenceServiceObject;
}

/**
 * Reads one InferenceService answer (GET, PATCH, apply), checking it is the one asked for.
 *
 * @internal
 */
export function readInferenceService(
  body: unknown,
  context: AnswerContext,
  expected?: { namespace: string; name: string },
): InferenceServiceObject {
  const problem = objectProblem(body);
  if (problem) {
    throw invalidAnswer(context, `an InferenceService: ${problem}`);
  }
  const object = asInferenceService(body as Record<string, unknown>);
  if (
    expected &&
    (object.metadata.namespace !== expected.namespace ||
      object.metadata.name !== expected.name)
  ) {
    throw invalidAnswer(
      context,
      `InferenceService ${expected.namespace}/${expected.name}: it is ${object.metadata.namespace}/${object.metadata.name}`,
    );
  }
  return object;
}

/**
 * Reads one page of an InferenceService list.
 *
 * @internal
 */
export function readInferenceServicePage(
  body: unknown,
  context: AnswerContext,
): InferenceServicePage {
  const fail = (problem: string) =>
    invalidAnswer(context, `an InferenceService list: ${problem}`);
  if (!isRecord(body)) throw fail('it is not an object');
  if (!Array.isArray(body.items)) throw fail('items is not a list');
  const metadata = body.metadata;
  if (!isRecord(metadata) || typeof metadata.resourceVersion !== 'string') {
    throw fail('metadata.resourceVersion is not a string');
  }
  if (
    metadata.continue !== undefined &&
    typeof metadata.continue !== 'string'
  ) {
    throw fail('metadata.continue is not a string');
  }
  const items = body.items.map((item, index) => {
    const problem = objectProblem(item);
    if (problem) throw fail(`items[${index}]: ${problem}`);
    return asInferenceService(item as Record<string, unknown>);
  });
  return {
    items,
    resourceVersion: metadata.resourceVersion,
    ...(metadata.continue && { continueToken: metadata.continue }),
  };
}

const WATCH_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);

/**
 * Reads one watch event (an `ERROR` is handled before this).
 *
 * @internal
 */
export function readWatchEvent(
  type: unknown,
  object: unknown,
  context: AnswerContext,
): InferenceServiceWatchEvent {
  if (typeof type !== 'string' || !WATCH_TYPES.has(type)) {
    throw invalidAnswer(
      context,
      `a watch event: its type ${JSON.stringify(type)} is unknown`,
    );
  }
  if (type === 'BOOKMARK') {
    const version =
      isRecord(object) && isRecord(object.metadata)
        ? object.metadata.resourceVersion
        : undefined;
    if (typeof version !== 'string') {
      throw invalidAnswer(
        context,
        'a watch bookmark: metadata.resourceVersion is not a string',
      );
    }
    return {
      type,
      object: object as InferenceServiceObject,
    };
  }
  const problem = objectProblem(object);
  if (problem) {
    throw invalidAnswer(
      context,
      `a watch event's InferenceService: ${problem}`,
    );
  }
  return {
    type: type as InferenceServiceWatchEvent['type'],
    object: asInferenceService(object as Record<string, unknown>),
  };
}

/** A time as client-node's typed models hold it (a Date) or as JSON does (a string). */
function isoTime(value: unknown): string | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  }
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toISOString();
  }
  return undefined;
}

const optionalText = (value: unknown): string | undefined =>
  typeof value === 'string' && value ? value : undefined;
const optionalCount = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? value
    : undefined;

/**
 * Reads a core v1 Event list into `ServingEvent`s, newest first. Events recorded the
 * events.k8s.io way carry `series` (count, last observed) and `eventTime` instead of `count`
 * and `lastTimestamp`; either is read.
 *
 * @internal
 */
export function readServingEvents(
  body: unknown,
  context: AnswerContext,
  limit: number,
): ServingEvent[] {
  if (!isRecord(body) || !Array.isArray(body.items)) {
    throw invalidAnswer(context, 'an Event list: items is not a list');
  }
  const events = body.items.map((item, index) => {
    if (!isRecord(item)) {
      throw invalidAnswer(
        context,
        `an Event list: items[${index}] is not an object`,
      );
    }
    const series = isRecord(item.series) ? item.series : {};
    const source = isRecord(item.source) ? item.source : {};
    const metadata = isRecord(item.metadata) ? item.metadata : {};
    const lastSeen =
      isoTime(series.lastObservedTime) ??
      isoTime(item.lastTimestamp) ??
      isoTime(item.eventTime) ??
      isoTime(item.firstTimestamp) ??
      isoTime(metadata.creationTimestamp);
    const count = optionalCount(series.count) ?? optionalCount(item.count);
    const sourceName =
      optionalText(source.component) ?? optionalText(item.reportingComponent);
    const event: ServingEvent = {
      type: optionalText(item.type) ?? 'Normal',
      ...(optionalText(item.reason) && { reason: item.reason as string }),
      ...(optionalText(item.message) && { message: item.message as string }),
      ...(count !== undefined && { count }),
      ...(lastSeen && { lastSeen }),
      ...(sourceName && { source: sourceName }),
    };
    return event;
  });
  // By time, not as text (years past 9999 are written '+010000-…'); no time goes last.
  const time = (event: ServingEvent) =>
    event.lastSeen === undefined ? -Infinity : Date.parse(event.lastSeen);
  return events.sort((a, b) => time(b) - time(a)).slice(0, limit);
}
