import { NotFoundError } from '@backstage/errors';
import type {
  KubeflowPipelineVersion,
  KubeflowRecurringRun,
  KubeflowRun,
  KubeflowSpecTask,
} from '@mlops-portal/plugin-kubeflow-node';
import {
  describeEntityObjects,
  isEntityObject,
  requirePipeline,
  ResolvedTarget,
} from './resolveTarget';
import { NEWEST_FIRST, RunsSource } from './runPages';

// What an entity's annotations lead to beyond the pipeline and experiment themselves: their
// runs, versions and recurring runs, each checked to be the entity's.

// Upstream pages of recurring runs read for one answer: KFP cannot filter them by pipeline.
const MAX_RECURRING_RUN_PAGES = 10;

/**
 * A run, when it is one of the entity's pipeline or experiment.
 *
 * @internal
 */
export async function entityRun(
  target: ResolvedTarget,
  runId: string,
): Promise<KubeflowRun> {
  const notFound = () =>
    new NotFoundError(
      `Entity '${
        target.entityRef
      }' has no Kubeflow run '${runId}' (it shows the runs of ${describeEntityObjects(
        target,
      )})`,
    );
  let run: KubeflowRun;
  try {
    run = await target.client.getRun(runId);
  } catch (error) {
    throw (error as Error | undefined)?.name === 'NotFoundError'
      ? notFound()
      : error;
  }
  if (isEntityObject(target, run)) {
    return run;
  }
  // A run that names only its version (older servers): of the pipeline if the version is.
  if (target.pipeline && !run.pipelineId && run.pipelineVersionId) {
    const version = await versionOf(
      target,
      target.pipeline.pipelineId,
      run.pipelineVersionId,
    );
    if (version) {
      return run;
    }
  }
  throw notFound();
}

/**
 * The spec tasks of the version a run ran; none for an inline spec or a deleted version.
 *
 * @internal
 */
export async function specTasks(
  target: ResolvedTarget,
  run: KubeflowRun,
): Promise<KubeflowSpecTask[]> {
  const pipelineId = run.pipelineId ?? target.pipeline?.pipelineId;
  if (!pipelineId || !run.pipelineVersionId) {
    return [];
  }
  const version = await versionOf(target, pipelineId, run.pipelineVersionId);
  return version?.tasks ?? [];
}

/**
 * A version of a pipeline; undefined when KFP has none.
 *
 * @internal
 */
export async function versionOf(
  target: ResolvedTarget,
  pipelineId: string,
  pipelineVersionId: string,
): Promise<KubeflowPipelineVersion | undefined> {
  try {
    return await target.client.getPipelineVersion(
      pipelineId,
      pipelineVersionId,
    );
  } catch (error) {
    if ((error as Error | undefined)?.name === 'NotFoundError') {
      return undefined;
    }
    throw error;
  }
}

/**
 * Whose runs the entity shows: its experiment's, else its pipeline's.
 *
 * @internal
 */
export function runsSource(target: ResolvedTarget): RunsSource {
  if (target.experiment) {
    return {
      kind: 'experiment',
      experimentId: target.experiment.experimentId,
    };
  }
  const pipeline = requirePipeline(target, 'show runs');
  return {
    kind: 'pipeline',
    pipelineId: pipeline.pipelineId,
    versionIds: async () => {
      const versions = await target.client.listPipelineVersions(
        pipeline.pipelineId,
        { sortBy: NEWEST_FIRST, pageSize: target.client.instance.pageSize },
      );
      return new Set(versions.items.map(v => v.pipelineVersionId));
    },
  };
}

/**
 * Every recurring run of the entity's (up to a bound): KFP filters by experiment only.
 *
 * @internal
 */
export async function recurringRunsOf(
  target: ResolvedTarget,
): Promise<KubeflowRecurringRun[]> {
  const { client } = target;
  const experimentId = target.experiment?.experimentId;
  const found: KubeflowRecurringRun[] = [];
  let pageToken: string | undefined;
  for (let pages = 0; pages < MAX_RECURRING_RUN_PAGES; pages++) {
    const page = await client.listRecurringRuns({
      ...(experimentId && { experimentId }),
      sortBy: NEWEST_FIRST,
      pageSize: client.instance.pageSize,
      pageToken,
    });
    found.push(
      ...page.items.filter(
        recurringRun =>
          experimentId !== undefined || isEntityObject(target, recurringRun),
      ),
    );
    if (!page.nextPageToken || page.nextPageToken === pageToken) {
      break;
    }
    pageToken = page.nextPageToken;
  }
  return found;
}
