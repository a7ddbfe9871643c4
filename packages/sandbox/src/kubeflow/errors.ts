import { SandboxHttpError } from '../http/errors';

/** gRPC status codes KFP's gateway maps to HTTP statuses. */
export const GRPC = {
  INVALID_ARGUMENT: { code: 3, http: 400 },
  NOT_FOUND: { code: 5, http: 404 },
  ALREADY_EXISTS: { code: 6, http: 409 },
  PERMISSION_DENIED: { code: 7, http: 403 },
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

/**
 * An error of the upload endpoints, which are plain HTTP handlers beside grpc-gateway: KFP
 * writes them as v1beta1's `{ error_message, error_details }`, with its own choice of status
 * (400 for a bad file or request, 409 for a name taken, 500 for anything else, an invalid spec
 * included).
 */
export function uploadError(
  status: 400 | 409 | 500,
  message: string,
): SandboxHttpError {
  return new SandboxHttpError({
    status,
    json: { error_message: message, error_details: message },
  });
}
