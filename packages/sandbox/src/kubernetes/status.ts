import { SandboxHttpError } from '../http/errors';

/** Kubernetes `reason` values the sandbox emits. */
export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'UnsupportedMediaType'
  | 'MethodNotAllowed'
  | 'InternalError';

const CODES: Record<StatusReason, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  NotFound: 404,
  MethodNotAllowed: 405,
  AlreadyExists: 409,
  Conflict: 409,
  UnsupportedMediaType: 415,
  Invalid: 422,
  InternalError: 500,
};

/** A `metav1.Status` failure with its HTTP code. */
export function k8sStatus(
  reason: StatusReason,
  message: string,
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason: string; message: string; field: string }>;
  },
): SandboxHttpError {
  const code = CODES[reason];
  const body: Record<string, unknown> = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
  };
  if (details) body.details = details;
  body.code = code;
  return new SandboxHttpError({ status: code, json: body });
}

/** NotFound for an InferenceService. */
export function isvcNotFound(name: string): SandboxHttpError {
  return k8sStatus(
    'NotFound',
    `inferenceservices.serving.kserve.io "${name}" not found`,
    {
      name,
      group: 'serving.kserve.io',
      kind: 'inferenceservices',
    },
  );
}
