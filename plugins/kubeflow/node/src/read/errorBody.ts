import {
  readCommonErrorBody,
  UpstreamErrorBody,
} from '@mlops-portal/plugin-mlops-node';

/** gRPC status codes by number, as grpc-gateway writes them in `googleRpcStatus.code`. */
const GRPC_CODES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

/**
 * Reads a KFP error body: grpc-gateway's `googleRpcStatus` (`{ code: 5, message }`, the code
 * named: `NOT_FOUND`) or the upload endpoints' own `{ error_message, error_details }`; anything
 * else as the kit reads it.
 *
 * @internal
 */
export function readKfpErrorBody(body: string): UpstreamErrorBody {
  const common = readCommonErrorBody(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return common;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return common;
  }
  const fields = parsed as Record<string, unknown>;
  const code =
    typeof fields.code === 'number' ? GRPC_CODES[fields.code] : undefined;
  const uploadMessage =
    typeof fields.error_message === 'string' && fields.error_message.trim()
      ? fields.error_message.trim()
      : undefined;
  return {
    code: code ?? common.code,
    message: common.message ?? uploadMessage,
  };
}
