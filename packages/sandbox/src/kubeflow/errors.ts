import { SandboxHttpError } from '../http/errors';

/** gRPC status codes KFP's gateway maps to HTTP statuses. */
export const GRPC = {
  INVALID_ARGUMENT: { code: 3, http: 400 },
  NOT_FOUND: { code: 5, http: 404 },
  ALREADY_EXISTS: { code: 6, http: 409 },
  UNAUTHENTICATED: { code: 16, http: 401 },
  INTERNAL: { code: 13, http: 500 },
  UNIMPLEMENTED: { code: 12, http: 501 },
} as const;

/** A grpc-gateway error body (googleRpcStatus) with the matching HTTP status. */
export function kfpError(
  kind: keyof typeof GRPC,
  message: string,
): SandboxHttpError {
  const { code, http } = GRPC[kind];
  return new SandboxHttpError({
    status: http,
    json: { code, message, details: [] },
  });
}
