import {
  ConflictError,
  InputError,
  NotFoundError,
  isError,
} from '@backstage/errors';
import { getUpstreamErrorDetails } from '@mlops-portal/plugin-mlops-node';
import type {
  InferenceServiceApplyResult,
  InferenceServiceObject,
  KserveClusterApi,
} from '@mlops-portal/plugin-kserve-node';
import type { NamespacedName } from '@mlops-portal/plugin-mlops-common';

/**
 * How a manifest is applied: under which field manager, taking over conflicting fields or not.
 *
 * @internal
 */
export interface ApplyOptions {
  fieldManager: string;
  force: boolean;
}

/**
 * What the action answers about an apply, as its checkpoint records it (JSON: `null` for absent).
 *
 * @internal
 */
export type ApplyOutcome = {
  created: boolean;
  resourceVersion: string;
  generation: number | null;
  uid: string | null;
  url: string | null;
  prunedFields: string[];
};

/**
 * The InferenceService as it is now, or undefined when there is none of that name.
 *
 * @internal
 */
export async function findInferenceService(
  client: KserveClusterApi,
  ref: NamespacedName,
): Promise<InferenceServiceObject | undefined> {
  try {
    return await client.getInferenceService(ref, { fresh: true });
  } catch (error) {
    if (isError(error) && error.name === 'NotFoundError') return undefined;
    throw error;
  }
}

/**
 * An apply's failure, said so that the template author knows what to do: the server's
 * validation causes, a field-manager conflict and how to take the fields over, an object that
 * changed meanwhile, a namespace or CRD that is not there. Anything else is returned as it is.
 *
 * @internal
 */
export function explainApplyFailure(error: unknown, subject: string): unknown {
  if (!isError(error)) return error;
  // What the API server said, without the client's framing (which names the request).
  const message =
    getUpstreamErrorDetails(error)?.upstreamMessage ?? error.message;
  switch (error.name) {
    case 'InputError':
      return new InputError(`The API server refuses ${subject}: ${message}`);
    case 'ConflictError':
      return new ConflictError(
        /apply failed with|conflict with/i.test(message)
          ? `${subject} has fields another field manager owns (${message}); leave them out of the manifest, or set force: true to take them over`
          : `${subject} changed meanwhile (${message}); run the step again to apply on the current object`,
      );
    case 'NotFoundError':
      return new NotFoundError(
        `The API server cannot apply ${subject}: ${message} (does the namespace exist, and is KServe's InferenceService CRD installed?)`,
      );
    default:
      return error;
  }
}

/**
 * Applies a manifest by server-side apply, its failure explained.
 *
 * @internal
 */
export async function applyManifest(
  client: KserveClusterApi,
  manifest: InferenceServiceObject,
  options: ApplyOptions & { dryRun: boolean },
  subject: string,
): Promise<InferenceServiceApplyResult> {
  try {
    return await client.applyInferenceService(manifest, options);
  } catch (error) {
    throw explainApplyFailure(error, subject);
  }
}

/**
 * The refusal of an apply that would lose fields: the CRD does not know them and the server
 * prunes them, so the object would not be what the manifest says.
 *
 * @internal
 */
export function prunedFieldsError(
  prunedFields: string[],
  subject: string,
): InputError {
  const single = prunedFields.length === 1;
  return new InputError(
    `${subject} was not applied: the CRD does not know ${prunedFields.join(
      ', ',
    )}; the server would drop ${
      single ? 'it' : 'them'
    }. Fix the manifest (a misspelt field?), or set allowPrunedFields: true to apply it without ${
      single ? 'that field' : 'those fields'
    }`,
  );
}

/**
 * The object's `resourceVersion` and `generation`, for the audit event's before and after.
 *
 * @internal
 */
export function versionOf(object: InferenceServiceObject): {
  resourceVersion: string | null;
  generation: number | null;
} {
  return {
    resourceVersion: object.metadata.resourceVersion ?? null,
    generation: object.metadata.generation ?? null,
  };
}

/**
 * What the action answers for an apply result. A dry run's object has no resourceVersion of its
 * own when it would be created, nor a real uid.
 *
 * @internal
 */
export function outcomeOf(
  result: InferenceServiceApplyResult,
  options: { dryRun: boolean },
): ApplyOutcome {
  const { metadata } = result.object;
  const status = result.object.status as { url?: unknown } | undefined;
  const wouldCreate = options.dryRun && result.created;
  return {
    created: result.created,
    resourceVersion:
      (!wouldCreate && metadata.resourceVersion) ||
      '(dry run: assigned when applied)',
    generation: wouldCreate ? null : metadata.generation ?? null,
    uid: wouldCreate ? null : metadata.uid ?? null,
    url: typeof status?.url === 'string' ? status.url : null,
    prunedFields: result.prunedFields,
  };
}
