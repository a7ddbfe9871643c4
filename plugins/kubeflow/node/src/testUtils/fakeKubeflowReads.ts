import type {
  KubeflowExperiment,
  KubeflowInstanceConfig,
  KubeflowListOptions,
  KubeflowPage,
  KubeflowPipeline,
  KubeflowPipelineVersion,
  KubeflowRecurringRun,
  KubeflowRun,
  KubeflowRunListOptions,
} from '@mlops-portal/plugin-kubeflow-node';
import {
  EXPERIMENT_FIELDS,
  PIPELINE_FIELDS,
  RECURRING_RUN_FIELDS,
  RUN_FIELDS,
  VERSION_FIELDS,
  listPage,
  type ListFields,
} from './fakeKubeflowLists';
import type { FakeKubeflowStore } from './fakeKubeflowStore';

type ExperimentListOptions = KubeflowListOptions & { experimentId?: string };

/**
 * The reads of a `FakeKubeflow`: lists filtered, sorted and paged as KFP does them, and single
 * objects, an unknown id the real client's `NotFoundError`.
 *
 * @internal
 */
export class FakeKubeflowReader {
  constructor(
    private readonly instance: KubeflowInstanceConfig,
    private readonly store: FakeKubeflowStore,
  ) {}

  listPipelines(options: KubeflowListOptions): KubeflowPage<KubeflowPipeline> {
    return this.page(this.store.visiblePipelines(), PIPELINE_FIELDS, options);
  }

  getPipeline(pipelineId: string, args: unknown[]): KubeflowPipeline {
    return this.store.requirePipeline('getPipeline', args, pipelineId);
  }

  getPipelineByName(name: string, args: unknown[]): KubeflowPipeline {
    const pipeline = this.store.pipelineByName(name);
    if (!pipeline) {
      throw this.store.notFound('getPipelineByName', args, `Pipeline ${name}`);
    }
    return pipeline;
  }

  listPipelineVersions(
    pipelineId: string,
    options: KubeflowListOptions,
    args: unknown[],
  ): KubeflowPage<KubeflowPipelineVersion> {
    this.store.requirePipeline('listPipelineVersions', args, pipelineId);
    const versions = this.store.versionsOf(pipelineId)!;
    return this.page(versions, VERSION_FIELDS, options);
  }

  getPipelineVersion(
    pipelineId: string,
    pipelineVersionId: string,
    args: unknown[],
  ): KubeflowPipelineVersion {
    return this.store.requireVersion(
      'getPipelineVersion',
      args,
      pipelineId,
      pipelineVersionId,
    );
  }

  listRuns(
    options: KubeflowRunListOptions,
    args: unknown[],
  ): KubeflowPage<KubeflowRun> {
    const { experimentId, pipelineVersionId } = options;
    if (experimentId !== undefined) {
      // KFP answers 404 for the runs of an experiment it does not have.
      this.store.requireExperiment('listRuns', args, experimentId);
    }
    const runs = this.store
      .visibleRuns()
      .filter(
        run =>
          (experimentId === undefined || run.experimentId === experimentId) &&
          (pipelineVersionId === undefined ||
            run.pipelineVersionId === pipelineVersionId),
      );
    return this.page(runs, RUN_FIELDS, options);
  }

  getRun(runId: string, args: unknown[]): KubeflowRun {
    return this.store.requireRun('getRun', args, runId);
  }

  listRecurringRuns(
    options: ExperimentListOptions,
  ): KubeflowPage<KubeflowRecurringRun> {
    const { experimentId } = options;
    const recurringRuns = this.store
      .visibleRecurringRuns()
      .filter(
        r => experimentId === undefined || r.experimentId === experimentId,
      );
    return this.page(recurringRuns, RECURRING_RUN_FIELDS, options);
  }

  getRecurringRun(
    recurringRunId: string,
    args: unknown[],
  ): KubeflowRecurringRun {
    return this.store.requireRecurringRun(
      'getRecurringRun',
      args,
      recurringRunId,
    );
  }

  listExperiments(
    options: KubeflowListOptions,
  ): KubeflowPage<KubeflowExperiment> {
    const experiments = this.store.visibleExperiments();
    return this.page(experiments, EXPERIMENT_FIELDS, options);
  }

  getExperiment(experimentId: string, args: unknown[]): KubeflowExperiment {
    return this.store.requireExperiment('getExperiment', args, experimentId);
  }

  private page<T>(
    items: readonly T[],
    fields: ListFields<T>,
    options: KubeflowListOptions,
  ): KubeflowPage<T> {
    return listPage(items, fields, options, this.instance.pageSize);
  }
}
