import { ConflictError } from '@backstage/errors';
import { KSERVE_SYSTEM } from '@mlops-portal/plugin-kserve-common';
import {
  createUpstreamError,
  getUpstreamErrorDetails,
} from '@mlops-portal/plugin-mlops-node';
import { AnswerContext, invalidAnswer } from './answers';
import { TransportFailure } from './ClusterKubeConfig';

/**
 * Runs one generated client-node call. Its transport has already turned every failure of a
 * sent request into the kit's upstream error; what else can fail is applying the credentials
 * (a token or CA file that cannot be read) before sending, and client-node reading a 2xx JSON
 * answer (its typed models), which is an answer the portal cannot use.
 *
 * @internal
 */
export async function runCall<T>(
  context: AnswerContext,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (getUpstreamErrorDetails(error)) {
      throw error;
    }
    if (error instanceof TransportFailure) {
      // The credentials or the CA could not be read: nothing was sent.
      throw createUpstreamError(
        {
          system: KSERVE_SYSTEM.id,
          instance: context.cluster,
          method: context.method,
          path: context.path,
          attempts: 0,
        },
        error.failure,
      );
    }
    throw invalidAnswer(
      context,
      `what client-node can read (${
        error instanceof Error ? error.message : String(error)
      })`,
    );
  }
}

/**
 * A ConflictError that says what the conflict means for the caller, with the server's details.
 *
 * @internal
 */
export function conflictError(
  cluster: string,
  error: ConflictError,
  message: string,
): ConflictError {
  return Object.assign(
    new ConflictError(`${KSERVE_SYSTEM.id} instance '${cluster}': ${message}`),
    { upstream: getUpstreamErrorDetails(error) },
  );
}
