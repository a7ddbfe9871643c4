import {
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { STATUS_CODES } from 'node:http';

/**
 * Why an upstream call failed.
 *
 * @public
 */
export type UpstreamFailureKind =
  | 'http'
  | 'timeout'
  | 'network'
  | 'invalid-response';

/**
 * What is known about a failed upstream call; attached to every error `UpstreamHttpClient` throws.
 *
 * @public
 */
export interface UpstreamErrorDetails {
  /** The system's id, e.g. `mlflow`. */
  system: string;
  /** The configured instance name. */
  instance: string;
  /** The HTTP method of the request, e.g. `GET`. */
  method: string;
  /** The request path relative to the instance base URL, without the query. */
  path: string;
  /** How the call failed: an error status (`http`), a timeout, no connection, or an unreadable answer. */
  kind: UpstreamFailureKind;
  /** The upstream HTTP status, when the upstream answered. */
  status?: number;
  /** How many attempts were made (more than one when retried). */
  attempts: number;
  /** The upstream's own error code from the body, e.g. MLflow's `RESOURCE_ALREADY_EXISTS`. */
  code?: string;
  /** The upstream's human-readable message from the body. */
  upstreamMessage?: string;
  /** The start of the error body as received (at most 500 characters), for diagnosis. */
  bodyExcerpt?: string;
}

/**
 * What an upstream's error body says, read by a system client; see `UpstreamHttpClientOptions.describeErrorBody`.
 *
 * @public
 */
export interface UpstreamErrorBody {
  /** A machine-readable error code, e.g. MLflow's `error_code`. */
  code?: string;
  /** The human-readable message. */
  message?: string;
}

/**
 * Reads the {@link UpstreamErrorDetails} of an error thrown by `UpstreamHttpClient`, if any.
 *
 * @public
 */
export function getUpstreamErrorDetails(
  error: unknown,
): UpstreamErrorDetails | undefined {
  if (!isError(error)) {
    return undefined;
  }
  const details = error.upstream;
  return typeof details === 'object' && details !== null
    ? (details as UpstreamErrorDetails)
    : undefined;
}

/**
 * How an upstream call failed, described for one error message.
 *
 * @public
 */
export type UpstreamFailure =
  | {
      kind: 'http';
      status: number;
      statusText: string;
      body: string;
      /** What the body says, as the system client reads it. */
      described?: UpstreamErrorBody;
    }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'network'; reason: string }
  | { kind: 'invalid-response'; status: number; contentType: string };

/**
 * Builds the `@backstage/errors` error for a failed upstream call, with the
 * system and instance in the message and the details attached as `upstream`.
 *
 * @remarks
 * For system clients that do not send through `UpstreamHttpClient` (e.g. KServe's, on
 * `@kubernetes/client-node`), so their errors read and carry the same details.
 *
 * @public
 */
export function createUpstreamError(
  request: Pick<
    UpstreamErrorDetails,
    'system' | 'instance' | 'method' | 'path' | 'attempts'
  >,
  failure: UpstreamFailure,
): Error {
  const status =
    failure.kind === 'http' || failure.kind === 'invalid-response'
      ? failure.status
      : undefined;
  const body = failure.kind === 'http' ? failure.described : undefined;
  const details: UpstreamErrorDetails = {
    ...request,
    kind: failure.kind,
    ...(status !== undefined && { status }),
    ...(body?.code && { code: body.code }),
    ...(body?.message && { upstreamMessage: truncate(body.message) }),
    ...(failure.kind === 'http' &&
      failure.body.trim() && { bodyExcerpt: excerpt(failure.body) }),
  };
  const ErrorClass =
    failure.kind === 'http'
      ? errorClassForStatus(failure.status)
      : ServiceUnavailableError;
  const error = new ErrorClass(
    `${request.system} instance '${request.instance}': ${request.method} ${
      request.path
    } ${describeFailure(failure, request.attempts)}`,
  );
  return Object.assign(error, { upstream: details });
}

/**
 * The error class an upstream HTTP status maps to.
 *
 * @public
 */
export function errorClassForStatus(
  status: number,
): new (message: string) => Error {
  switch (status) {
    case 400:
    case 422:
      return InputError;
    case 401:
    case 403:
      // The backend's own credentials were refused: the portal user is not
      // at fault, but the action is not allowed as configured.
      return NotAllowedError;
    case 404:
    case 410:
      return NotFoundError;
    case 409:
    case 412:
      return ConflictError;
    case 429:
      return ServiceUnavailableError;
    default:
      // Other 4xx: the upstream rejected the request as sent.
      return status >= 400 && status < 500
        ? InputError
        : ServiceUnavailableError;
  }
}

function describeFailure(failure: UpstreamFailure, attempts: number): string {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  switch (failure.kind) {
    case 'http': {
      const statusText = failure.statusText || STATUS_CODES[failure.status];
      const message = combine(failure.described);
      return (
        `failed with ${failure.status}${statusText ? ` ${statusText}` : ''}` +
        `${tries}${message ? `: ${message}` : ''}`
      );
    }
    case 'timeout':
      return `timed out after ${failure.timeoutMs} ms${tries}`;
    case 'network':
      return `failed${tries}: ${failure.reason}`;
    case 'invalid-response':
      return (
        `returned ${failure.status} with a body that is not JSON ` +
        `(content-type ${
          failure.contentType || 'unknown'
        }); is baseUrl the API URL?`
      );
    default:
      return 'failed';
  }
}

const MAX_MESSAGE_LENGTH = 500;

/**
 * Reads an error body the way most HTTP APIs write one: a message in `message`, `detail` (a
 * string, or FastAPI's list of `{ msg }`), `error` (a string or `{ message }`) or `title`, a code
 * in `code` or `reason` when it is a string; short plain text is the message. HTML pages say
 * nothing. A system client whose API differs passes its own reader.
 *
 * @public
 */
export function readCommonErrorBody(body: string): UpstreamErrorBody {
  const trimmed = body.trim();
  if (!trimmed) {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return trimmed.startsWith('<') ? {} : { message: trimmed };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return typeof parsed === 'string' ? { message: parsed } : {};
  }
  const fields = parsed as Record<string, unknown>;
  return {
    message:
      text(fields.message) ??
      detailText(fields.detail) ??
      text(fields.error) ??
      text((fields.error as Record<string, unknown> | undefined)?.message) ??
      text(fields.title),
    code: text(fields.code) ?? text(fields.reason),
  };
}

function combine(body: UpstreamErrorBody | undefined): string | undefined {
  if (!body) {
    return undefined;
  }
  const { code, message } = body;
  const combined = code && message ? `${code}: ${message}` : message ?? code;
  return combined === undefined ? undefined : truncate(combined);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** FastAPI validation errors put a list of `{ loc, msg }` in `detail`. */
function detailText(detail: unknown): string | undefined {
  if (Array.isArray(detail)) {
    const messages = detail
      .map(item => text((item as Record<string, unknown> | null)?.msg))
      .filter((msg): msg is string => msg !== undefined);
    return messages.length ? messages.join('; ') : undefined;
  }
  return text(detail);
}

function truncate(value: string): string {
  const singleLine = value.replace(/\s+/g, ' ').trim();
  return singleLine.length > MAX_MESSAGE_LENGTH
    ? `${singleLine.slice(0, MAX_MESSAGE_LENGTH)}…`
    : singleLine;
}

function excerpt(body: string): string {
  return body.length > MAX_MESSAGE_LENGTH
    ? `${body.slice(0, MAX_MESSAGE_LENGTH)}…`
    : body;
}
