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
  | 'Expired'
  | 'InternalError';

const CODES: Record<StatusReason, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  NotFound: 404,
  MethodNotAllowed: 405,
  Expired: 410,
  AlreadyExists: 409,
  Conflict: 409,
  UnsupportedMediaType: 415,
  Invalid: 422,
  InternalError: 500,
};

/** The body of a `metav1.Status` failure (also the object of a watch ERROR event). */
export function statusBody(
  reason: StatusReason | undefined,
  message: string,
  details?: StatusDetails,
  code: number = reason ? CODES[reason] : 500,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
  };
  // The API server leaves reason out for errors it has no reason for (a plain 500).
  if (reason) body.reason = reason;
  if (details) body.details = details;
  body.code = code;
  return body;
}

/** `details` of a Status. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: Array<{ reason: string; message: string; field: string }>;
}

/** A reason-less 500, as the API server answers for errors it did not classify. */
export function k8sUnclassified(message: string): SandboxHttpError {
  return new SandboxHttpError({
    status: 500,
    json: statusBody(undefined, message),
  });
}

/** A `metav1.Status` failure with its HTTP code. */
export function k8sStatus(
  reason: StatusReason,
  message: string,
  details?: StatusDetails,
): SandboxHttpError {
  const code = CODES[reason];
  return new SandboxHttpError({
    status: code,
    json: statusBody(reason, message, details),
  });
}

/** 422 Invalid for one field of an options object (`PatchOptions.meta.k8s.io "" is invalid: …`). */
export function invalidOptions(
  kind: 'CreateOptions' | 'PatchOptions' | 'DeleteOptions',
  field: string,
  causeReason: string,
  causeMessage: string,
): SandboxHttpError {
  return k8sStatus(
    'Invalid',
    `${kind}.meta.k8s.io "" is invalid: ${field}: ${causeMessage}`,
    {
      group: 'meta.k8s.io',
      kind,
      causes: [{ reason: causeReason, message: causeMessage, field }],
    },
  );
}

/** 409 for a stale `metadata.resourceVersion` in a patch or apply body. */
export function isvcModified(name: string): SandboxHttpError {
  return k8sStatus(
    'Conflict',
    `Operation cannot be fulfilled on inferenceservices.serving.kserve.io "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: 'serving.kserve.io', kind: 'inferenceservices' },
  );
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
