import { stableUuid } from '../ids';
import {
  KFP_UNSET_TIME,
  KfpRunOutcome,
  KfpTaskTimes,
  kfpTaskDetails,
  kfpTaskTimeline,
} from '../kubeflow/timeline';
import {
  KfpExperiment,
  KfpParameterDefinition,
  KfpPipeline,
  KfpPipelineVersion,
  KfpRecurringRun,
  KfpRun,
  KfpRuntimeStatus,
  KfpTaskDefinition,
} from '../kubeflow/types';
import { DAY, isoZ } from '../time';
import { KFP_NAMES, MLFLOW_MODELS, SERVICE_USERS } from './names';

/** One KFP run of the story, with what MLflow needs to link to it. */
export interface KfpRunPlan {
  run: KfpRun;
  pipelineName: string;
  versionName: string;
  timeline: KfpTaskTimes[];
  outcome: KfpRunOutcome;
}

/** The KFP part of the dataset. */
export interface KubeflowSeed {
  pipelines: KfpPipeline[];
  versions: KfpPipelineVersion[];
  experiments: KfpExperiment[];
  runs: KfpRun[];
  recurringRuns: KfpRecurringRun[];
  /** Story runs with their timelines (for MLflow links). */
  plans: KfpRunPlan[];
}

const T = (iso: string): number => Date.parse(iso);

/** Deterministic KFP ids (UUIDs) from names. */
export const kfpIds = {
  pipeline: (name: string) => stableUuid(`kfp-pipeline:${name}`),
  version: (pipeline: string, version: string) =>
    stableUuid(`kfp-pipeline-version:${pipeline}:${version}`),
  experiment: (name: string) => stableUuid(`kfp-experiment:${name}`),
  recurringRun: (name: string) => stableUuid(`kfp-recurring-run:${name}`),
  run: (pipeline: string, label: string) =>
    stableUuid(`kfp-run:${pipeline}:${label}`),
};

/** Tasks of the story pipelines, in execution order. */
export const KFP_PIPELINE_TASKS: Record<string, KfpTaskDefinition[]> = {
  [KFP_NAMES.fraudPipeline]: [
    { name: 'ingest-transactions', meanSeconds: 240 },
    { name: 'feature-engineering', meanSeconds: 600 },
    { name: 'train-xgboost', meanSeconds: 2700 },
    { name: 'evaluate-model', meanSeconds: 300 },
    { name: 'register-model', meanSeconds: 60 },
  ],
  [KFP_NAMES.demandPipeline]: [
    { name: 'load-sales', meanSeconds: 300 },
    { name: 'train-lightgbm', meanSeconds: 1800 },
    { name: 'backtest', meanSeconds: 600 },
    { name: 'register-model', meanSeconds: 60 },
  ],
};

/**
 * A small but well-formed KFP v2 PipelineSpec (IR) for a linear pipeline, declaring `inputs`
 * as its input parameters.
 */
export function pipelineSpec(
  name: string,
  tasks: KfpTaskDefinition[],
  sdk = 'kfp-2.13.0',
  inputs: Readonly<Record<string, KfpParameterDefinition>> = {},
): Record<string, unknown> {
  const dagTasks: Record<string, unknown> = {};
  const components: Record<string, unknown> = {};
  const executors: Record<string, unknown> = {};
  tasks.forEach((task, i) => {
    const comp = `comp-${task.name}`;
    dagTasks[task.name] = {
      cachingOptions: { enableCache: true },
      componentRef: { name: comp },
      ...(i > 0 ? { dependentTasks: [tasks[i - 1].name] } : {}),
      taskInfo: { name: task.name },
    };
    components[comp] = { executorLabel: `exec-${task.name}` };
    executors[`exec-${task.name}`] = {
      container: {
        image: `registry.example.com/ml/${name}:latest`,
        command: ['python', '-m', `pipeline.${task.name.replace(/-/g, '_')}`],
      },
    };
  });
  return {
    components,
    deploymentSpec: { executors },
    pipelineInfo: { name },
    root: {
      dag: { tasks: dagTasks },
      ...(Object.keys(inputs).length > 0 && {
        inputDefinitions: { parameters: inputs },
      }),
    },
    schemaVersion: '2.1.0',
    sdkVersion: sdk,
  };
}

interface VersionPlan {
  name: string;
  createdAt: number;
  description: string;
}

interface PipelinePlan {
  name: string;
  description: string;
  experiment: string;
  recurringRun: string;
  versions: VersionPlan[];
  parameters: Record<string, unknown>;
  /** What its spec declares: the model to register is required, the rest have defaults. */
  inputs: Record<string, KfpParameterDefinition>;
  /** Scheduled runs: creation time, version, outcome. */
  runs: Array<{ createdAt: number; version: string; outcome: KfpRunOutcome }>;
}

function pipelinePlans(): PipelinePlan[] {
  const fraudRuns = Array.from({ length: 10 }, (_, i) => {
    const createdAt = T('2026-10-22T23:00:00Z') + i * DAY;
    const outcome: KfpRunOutcome =
      i === 9
        ? { state: 'RUNNING', atTask: 'train-xgboost' }
        : { state: 'SUCCEEDED' };
    return {
      createdAt,
      version: createdAt >= T('2026-10-25T12:00:00Z') ? 'v3' : 'v2',
      outcome,
    };
  });
  const demandRuns = Array.from({ length: 4 }, (_, i) => {
    const createdAt = T('2026-10-05T05:00:00Z') + i * 7 * DAY;
    const outcome: KfpRunOutcome =
      i === 3
        ? { state: 'FAILED', atTask: 'train-lightgbm' }
        : { state: 'SUCCEEDED' };
    return { createdAt, version: 'v2', outcome };
  });
  return [
    {
      name: KFP_NAMES.fraudPipeline,
      description: `Trains the ${MLFLOW_MODELS.fraudDetector} XGBoost model and registers it in MLflow (owned by fraud-detection).`,
      experiment: KFP_NAMES.fraudExperiment,
      recurringRun: KFP_NAMES.fraudRecurringRun,
      versions: [
        {
          name: 'v1',
          createdAt: T('2026-10-01T09:12:00Z'),
          description: 'Initial pipeline.',
        },
        {
          name: 'v2',
          createdAt: T('2026-10-10T14:03:00Z'),
          description: 'Adds the evaluation gate against the champion.',
        },
        {
          name: 'v3',
          createdAt: T('2026-10-25T10:41:00Z'),
          description:
            'Larger hyper-parameter search, merchant-category features.',
        },
      ],
      parameters: {
        lookback_days: 90,
        feature_view: 'transaction_features',
        registered_model: MLFLOW_MODELS.fraudDetector,
      },
      inputs: {
        lookback_days: {
          parameterType: 'NUMBER_INTEGER',
          defaultValue: 90,
          isOptional: true,
          description: 'Days of transactions to train on.',
        },
        feature_view: {
          parameterType: 'STRING',
          defaultValue: 'transaction_features',
          isOptional: true,
        },
        registered_model: {
          parameterType: 'STRING',
          description: 'The MLflow registered model the new version goes to.',
        },
      },
      runs: fraudRuns,
    },
    {
      name: KFP_NAMES.demandPipeline,
      description: `Trains the ${MLFLOW_MODELS.demandForecaster} LightGBM model (owned by supply-chain).`,
      experiment: KFP_NAMES.demandExperiment,
      recurringRun: KFP_NAMES.demandRecurringRun,
      versions: [
        {
          name: 'v1',
          createdAt: T('2026-09-20T08:00:00Z'),
          description: 'Initial pipeline.',
        },
        {
          name: 'v2',
          createdAt: T('2026-10-02T08:30:00Z'),
          description: 'Adds promotions calendar features.',
        },
      ],
      parameters: {
        horizon_days: 28,
        registered_model: MLFLOW_MODELS.demandForecaster,
      },
      inputs: {
        horizon_days: {
          parameterType: 'NUMBER_INTEGER',
          defaultValue: 28,
          isOptional: true,
          description: 'Days ahead to forecast.',
        },
        registered_model: {
          parameterType: 'STRING',
          description: 'The MLflow registered model the new version goes to.',
        },
      },
      runs: demandRuns,
    },
  ];
}

function stateHistory(
  created: number,
  timeline: KfpTaskTimes[],
  outcome: KfpRunOutcome,
): KfpRuntimeStatus[] {
  const history: KfpRuntimeStatus[] = [
    { update_time: isoZ(created), state: 'PENDING' },
  ];
  if (timeline.length > 0) {
    history.push({
      update_time: isoZ(timeline[0].startedAt),
      state: 'RUNNING',
    });
  }
  const last = timeline[timeline.length - 1];
  if (outcome.state !== 'RUNNING' && last?.finishedAt) {
    history.push({
      update_time: isoZ(last.finishedAt + 2000),
      state: outcome.state,
    });
  }
  return history;
}

/** Builds a run object from its plan (shared by the story and synthetic runs). */
export function makeKfpRun(
  seed: number,
  opts: {
    runId: string;
    displayName: string;
    experimentId: string;
    pipelineId: string;
    versionId: string;
    tasks: KfpTaskDefinition[];
    createdAt: number;
    outcome: KfpRunOutcome;
    parameters: Record<string, unknown>;
    recurringRunId?: string;
  },
): { run: KfpRun; timeline: KfpTaskTimes[] } {
  const timeline = kfpTaskTimeline(
    seed,
    opts.runId,
    opts.createdAt,
    opts.tasks,
    opts.outcome,
  );
  const last = timeline[timeline.length - 1];
  const finished =
    opts.outcome.state !== 'RUNNING' && last?.finishedAt
      ? last.finishedAt + 2000
      : null;
  const run: KfpRun = {
    experiment_id: opts.experimentId,
    run_id: opts.runId,
    display_name: opts.displayName,
    storage_state: 'AVAILABLE',
    pipeline_version_reference: {
      pipeline_id: opts.pipelineId,
      pipeline_version_id: opts.versionId,
    },
    runtime_config: {
      parameters: opts.parameters,
      pipeline_root: 'minio://mlpipeline/v2/artifacts',
    },
    service_account: SERVICE_USERS.kfp,
    created_at: isoZ(opts.createdAt),
    scheduled_at: isoZ(opts.createdAt),
    finished_at: finished === null ? KFP_UNSET_TIME : isoZ(finished),
    state: opts.outcome.state,
    run_details: {
      pipeline_context_id: String(
        100 + (parseInt(opts.runId.slice(0, 6), 16) % 9000),
      ),
      pipeline_run_context_id: String(
        20000 + (parseInt(opts.runId.slice(9, 13), 16) % 60000),
      ),
      task_details: kfpTaskDetails(opts.runId, timeline),
    },
    state_history: stateHistory(opts.createdAt, timeline, opts.outcome),
  };
  if (opts.recurringRunId) {
    run.recurring_run_id = opts.recurringRunId;
  }
  if (opts.outcome.state === 'FAILED') {
    run.error = {
      code: 2,
      message: `Pipeline run failed: task ${opts.outcome.atTask} failed: container exited with code 1`,
      details: [],
    };
  }
  return { run, timeline };
}

/** Builds the story's pipelines, experiments, runs and recurring runs. */
export function buildKubeflowStory(seed: number): KubeflowSeed {
  const ns = KFP_NAMES.namespace;
  const plans = pipelinePlans();
  const pipelines: KfpPipeline[] = [];
  const versions: KfpPipelineVersion[] = [];
  const experiments: KfpExperiment[] = [
    {
      experiment_id: kfpIds.experiment(KFP_NAMES.defaultExperiment),
      display_name: KFP_NAMES.defaultExperiment,
      description:
        'All runs created without specifying an experiment will be grouped here.',
      created_at: isoZ(T('2026-09-01T00:00:00Z')),
      namespace: ns,
      storage_state: 'AVAILABLE',
    },
  ];
  const runs: KfpRun[] = [];
  const recurringRuns: KfpRecurringRun[] = [];
  const runPlans: KfpRunPlan[] = [];

  for (const plan of plans) {
    const pipelineId = kfpIds.pipeline(plan.name);
    const tasks = KFP_PIPELINE_TASKS[plan.name];
    pipelines.push({
      pipeline_id: pipelineId,
      display_name: plan.name,
      name: plan.name,
      description: plan.description,
      created_at: isoZ(plan.versions[0].createdAt),
      namespace: ns,
    });
    for (const v of plan.versions) {
      versions.push({
        pipeline_id: pipelineId,
        pipeline_version_id: kfpIds.version(plan.name, v.name),
        display_name: v.name,
        name: v.name,
        description: v.description,
        created_at: isoZ(v.createdAt),
        code_source_url: `https://git.example.com/ml/${plan.name}/tree/${v.name}/pipeline.py`,
        pipeline_spec: pipelineSpec(plan.name, tasks, undefined, plan.inputs),
      });
    }
    const experimentId = kfpIds.experiment(plan.experiment);
    const recurringRunId = kfpIds.recurringRun(plan.recurringRun);
    const lastVersion = plan.versions[plan.versions.length - 1].name;
    const planRuns = plan.runs.map(r => {
      const runId = kfpIds.run(plan.name, isoZ(r.createdAt));
      const built = makeKfpRun(seed, {
        runId,
        displayName: `${plan.recurringRun}-${isoZ(r.createdAt).slice(0, 10)}`,
        experimentId,
        pipelineId,
        versionId: kfpIds.version(plan.name, r.version),
        tasks,
        createdAt: r.createdAt,
        outcome: r.outcome,
        parameters: plan.parameters,
        recurringRunId,
      });
      runPlans.push({
        run: built.run,
        pipelineName: plan.name,
        versionName: r.version,
        timeline: built.timeline,
        outcome: r.outcome,
      });
      return built.run;
    });
    runs.push(...planRuns);
    const firstRun = plan.runs[0].createdAt;
    const lastRun = plan.runs[plan.runs.length - 1].createdAt;
    experiments.push({
      experiment_id: experimentId,
      display_name: plan.experiment,
      description: `Runs of the ${plan.name} pipeline.`,
      created_at: isoZ(plan.versions[0].createdAt + 3600_000),
      namespace: ns,
      storage_state: 'AVAILABLE',
      last_run_created_at: isoZ(lastRun),
    });
    const enabled = plan.recurringRun === KFP_NAMES.fraudRecurringRun;
    recurringRuns.push({
      recurring_run_id: recurringRunId,
      display_name: plan.recurringRun,
      description: enabled
        ? 'Nightly training at 23:00 UTC.'
        : 'Weekly training on Mondays 05:00 UTC; disabled after the failing run of 2026-10-26.',
      pipeline_version_reference: {
        pipeline_id: pipelineId,
        pipeline_version_id: kfpIds.version(plan.name, lastVersion),
      },
      runtime_config: {
        parameters: plan.parameters,
        pipeline_root: 'minio://mlpipeline/v2/artifacts',
      },
      service_account: SERVICE_USERS.kfp,
      max_concurrency: '1',
      trigger: {
        cron_schedule: {
          start_time: isoZ(firstRun - 3600_000),
          cron: enabled ? '0 0 23 * * *' : '0 0 5 * * 1',
        },
      },
      mode: enabled ? 'ENABLE' : 'DISABLE',
      created_at: isoZ(firstRun - 3600_000),
      updated_at: isoZ(enabled ? firstRun - 3600_000 : lastRun + 28 * 3600_000),
      status: enabled ? 'ENABLED' : 'DISABLED',
      no_catchup: true,
      namespace: ns,
      experiment_id: experimentId,
    });
  }
  return {
    pipelines,
    versions,
    experiments,
    runs,
    recurringRuns,
    plans: runPlans,
  };
}
