/**
 * A reply in the upstream's own shape. Handlers return one for success and throw a
 * SandboxHttpError for failure; the route wrapper writes both, so every error leaves the
 * sandbox in the emulated system's format (MLflow error_code, Airflow problem details,
 * grpc-gateway status, Kubernetes Status).
 */
export interface Reply {
  /** HTTP status, 200 unless set. */
  status?: number;
  /** JSON body (serialised as is). */
  json?: unknown;
  /** Plain-text body (used instead of json when set). */
  text?: string;
  /** Content type for text bodies or non-default JSON media types. */
  contentType?: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** An error that carries the upstream-shaped reply to send. */
export class SandboxHttpError extends Error {
  constructor(readonly reply: Reply & { status: number }) {
    super(`HTTP ${reply.status}`);
    this.name = 'SandboxHttpError';
  }
}

/** True when the value is a SandboxHttpError. */
export function isSandboxHttpError(error: unknown): error is SandboxHttpError {
  return error instanceof SandboxHttpError;
}
