import { NotFoundError } from '@backstage/errors';
import { MlflowModelView } from '@mlops-portal/plugin-mlflow-common';
import {
  MLFLOW_MAX_RESULTS,
  MlflowRegisteredModel,
} from '@mlops-portal/plugin-mlflow-node';
import {
  collectAll,
  mapWithConcurrency,
  paginateByToken,
} from '@mlops-portal/plugin-mlops-node';
import { ResolvedTarget } from './resolveTarget';
import { toModelView } from './viewModels';

/**
 * Source runs are linked for this many of the newest versions: a link needs the run's
 * experiment, which costs one (cached) `runs/get` per run.
 */
export const MAX_LINKED_SOURCE_RUNS = 50;
const SOURCE_RUN_CONCURRENCY = 4;

/**
 * Loads a registered model with every version, its aliases and links to the source runs.
 *
 * @throws NotFoundError naming the model, the entity and the instance when the model does not exist
 */
export async function loadModelView(
  resolved: ResolvedTarget,
  name: string,
): Promise<MlflowModelView> {
  const { client, target } = resolved;
  const [model, versions] = await Promise.all([
    getModel(resolved, name),
    collectAll(
      paginateByToken(pageToken =>
        client.searchModelVersions({
          filter: `name = ${quoteFilterValue(name)}`,
          maxResults: MLFLOW_MAX_RESULTS.modelVersions,
          pageToken,
        }),
      ),
    ),
  ]);

  const newestRunIds = [
    ...new Set(
      [...versions]
        .sort((a, b) => Number(b.version) - Number(a.version))
        .slice(0, MAX_LINKED_SOURCE_RUNS)
        .flatMap(v => (v.run_id && !v.run_link ? [v.run_id] : [])),
    ),
  ];
  const runExperiments = new Map<string, string>();
  await mapWithConcurrency(
    newestRunIds,
    SOURCE_RUN_CONCURRENCY,
    async runId => {
      try {
        const run = await client.getRun(runId);
        runExperiments.set(runId, run.info.experiment_id);
      } catch {
        // A deleted source run only costs its link; the model itself is still worth showing.
      }
    },
  );

  return toModelView(model, versions, {
    uiUrl: target.uiUrl,
    majorVersion: target.majorVersion,
    runExperiments,
  });
}

async function getModel(
  resolved: ResolvedTarget,
  name: string,
): Promise<MlflowRegisteredModel> {
  try {
    return await resolved.client.getRegisteredModel(name);
  } catch (error) {
    if ((error as Error)?.name === 'NotFoundError') {
      throw new NotFoundError(
        `MLflow registered model '${name}' (annotated on '${resolved.entityRef}') was not found on instance '${resolved.target.instance}'`,
      );
    }
    throw error;
  }
}

/**
 * A string literal for an MLflow search filter: single-quoted unless the value holds a single
 * quote, then double-quoted; with both, quotes are backslash-escaped.
 */
export function quoteFilterValue(value: string): string {
  if (!value.includes("'")) {
    return `'${value}'`;
  }
  if (!value.includes('"')) {
    return `"${value}"`;
  }
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
