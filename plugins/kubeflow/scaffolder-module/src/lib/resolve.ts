import { InputError, NotFoundError, isError } from '@backstage/errors';
import {
  isKubeflowId,
  parseKubeflowName,
} from '@mlops-portal/plugin-kubeflow-common';
import type {
  KubeflowApi,
  KubeflowPipeline,
  KubeflowPipelineVersion,
} from '@mlops-portal/plugin-kubeflow-node';

/**
 * A name or id input, checked: an `InputError` naming the input when it is not one.
 *
 * @internal
 */
export function nameInput(value: string, input: string): string {
  try {
    return parseKubeflowName(value, input);
  } catch (error) {
    throw new InputError(`Invalid ${input}: ${(error as Error).message}`);
  }
}

/**
 * The version an input names (by id or name), or the pipeline's newest; `NotFoundError` when
 * there is none.
 *
 * @internal
 */
export async function resolveVersion(
  client: KubeflowApi,
  pipeline: KubeflowPipeline,
  nameOrId: string | undefined,
): Promise<KubeflowPipelineVersion> {
  if (nameOrId !== undefined && isKubeflowId(nameOrId)) {
    return client.getPipelineVersion(pipeline.pipelineId, nameOrId);
  }
  const page = await client.listPipelineVersions(pipeline.pipelineId, {
    pageSize: 1,
    ...(nameOrId === undefined
      ? { sortBy: 'created_at desc' }
      : {
          filter: [
            { key: 'display_name', operation: 'EQUALS', value: nameOrId },
          ],
        }),
  });
  const version = page.items[0];
  if (!version) {
    throw new NotFoundError(
      nameOrId === undefined
        ? `Kubeflow pipeline '${pipeline.displayName}' has no version`
        : `Kubeflow pipeline '${pipeline.displayName}' has no version '${nameOrId}'`,
    );
  }
  // A filtered list answers the summary; the version itself has the declared parameters.
  return client.getPipelineVersion(
    pipeline.pipelineId,
    version.pipelineVersionId,
  );
}

/**
 * Whether an error is the client's answer for an object that is not there.
 *
 * @internal
 */
export function isNotFound(error: unknown): boolean {
  return isError(error) && error.name === 'NotFoundError';
}
