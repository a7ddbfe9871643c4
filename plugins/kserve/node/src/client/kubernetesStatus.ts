import {
  readCommonErrorBody,
  UpstreamErrorBody,
} from '@mlops-portal/plugin-mlops-node';

/** A `details.causes[]` entry of a Kubernetes `Status`. */
interface StatusCause {
  field?: string;
  message?: string;
  reason?: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

function readCauses(details: unknown): StatusCause[] {
  const causes = (details as { causes?: unknown } | null | undefined)?.causes;
  if (!Array.isArray(causes)) {
    return [];
  }
  return causes.flatMap(cause =>
    typeof cause === 'object' && cause !== null
      ? [
          {
            field: text((cause as StatusCause).field),
            message: text((cause as StatusCause).message),
            reason: text((cause as StatusCause).reason),
          },
        ]
      : [],
  );
}

/**
 * Reads a Kubernetes `Status` error body: its `reason` (`NotFound`, `Conflict`, `Invalid`,
 * `Expired`…) as the code and its `message` as the message, with the `details.causes` the
 * message does not already say (admission webhooks and validation list each bad field there).
 * Anything else is read the common way.
 *
 * @internal
 */
export function readKubernetesStatus(body: string): UpstreamErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return readCommonErrorBody(body);
  }
  const status = parsed as Record<string, unknown> | null;
  if (
    typeof status !== 'object' ||
    status === null ||
    Array.isArray(status) ||
    status.kind !== 'Status'
  ) {
    return readCommonErrorBody(body);
  }
  const message = text(status.message);
  const unsaid = readCauses(status.details)
    .map(cause =>
      [cause.field, cause.message ?? cause.reason].filter(Boolean).join(': '),
    )
    .filter(cause => cause && !message?.includes(cause));
  const combined = [message, ...unsaid].filter(Boolean).join('; ');
  return {
    code: text(status.reason),
    ...(combined && { message: combined }),
  };
}
