import type {
  KubeflowParameterSpec,
  KubeflowRunState,
} from '@mlops-portal/plugin-kubeflow-common';
import type { KubeflowTaskDetail } from '@mlops-portal/plugin-kubeflow-node';
import {
  fakeKubeflowIds as ids,
  linearSpecTasks,
  type FakeKubeflowRunSeed,
  type FakeKubeflowSeed,
} from './fakeKubeflowSeed';

// The sandbox's story (packages/sandbox/src/story/kubeflow.ts and names.ts), told again here
// without the sandbox: the same names, ids, times, states and tasks, so that a test on the fake
// reads like the demo. Task durations are the story's means (the sandbox varies them by seed).

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

const FRAUD = 'fraud-detection-training';
const DEMAND = 'demand-forecast-training';

const FRAUD_TASKS: Array<[string, number]> = [
  ['ingest-transactions', 240],
  ['feature-engineering', 600],
  ['train-xgboost', 2700],
  ['evaluate-model', 300],
  ['register-model', 60],
];
const DEMAND_TASKS: Array<[string, number]> = [
  ['load-sales', 300],
  ['train-lightgbm', 1800],
  ['backtest', 600],
  ['register-model', 60],
];

const version = (pipeline: string, name: string) => ({
  id: ids.version(pipeline, name),
  name,
});

/**
 * The names and ids of the Kubeflow story (`FakeKubeflow.story()`), which are the sandbox's.
 *
 * @public
 */
export const KUBEFLOW_STORY = {
  /** The namespace every object lives in (a single-user deployment). */
  namespace: 'kubeflow',
  /** Nightly training of `fraud-detector`: v1–v3; ten runs, the last one still running. */
  fraudPipeline: {
    id: ids.pipeline(FRAUD),
    name: FRAUD,
    versions: {
      v1: version(FRAUD, 'v1'),
      v2: version(FRAUD, 'v2'),
      v3: version(FRAUD, 'v3'),
    },
    experiment: {
      id: ids.experiment('fraud-detection'),
      name: 'fraud-detection',
    },
    recurringRun: {
      id: ids.recurringRun('fraud-detection-nightly'),
      name: 'fraud-detection-nightly',
    },
    /** The run started 2026-10-31T23:00Z, in `train-xgboost`. */
    runningRunId: ids.run(FRAUD, '2026-10-31T23:00:00Z'),
    /** The run of 2026-10-30, succeeded on v3. */
    succeededRunId: ids.run(FRAUD, '2026-10-30T23:00:00Z'),
  },
  /** Weekly training of `demand-forecaster`: v1–v2; four runs, the last one failed. */
  demandPipeline: {
    id: ids.pipeline(DEMAND),
    name: DEMAND,
    versions: { v1: version(DEMAND, 'v1'), v2: version(DEMAND, 'v2') },
    experiment: {
      id: ids.experiment('demand-forecast'),
      name: 'demand-forecast',
    },
    recurringRun: {
      id: ids.recurringRun('demand-forecast-weekly'),
      name: 'demand-forecast-weekly',
    },
    /** The run of 2026-10-26, failed in `train-lightgbm`. */
    failedRunId: ids.run(DEMAND, '2026-10-26T05:00:00Z'),
  },
  /** Where runs go that name no experiment. */
  defaultExperiment: { id: ids.experiment('Default'), name: 'Default' },
} as const;

const parameter = (
  name: string,
  type: KubeflowParameterSpec['type'],
  declared: { defaultValue?: unknown; description?: string } = {},
): KubeflowParameterSpec => ({
  name,
  type,
  optional: declared.defaultValue !== undefined,
  ...declared,
});

// What the sandbox's specs declare: the model to register has no default, so a run must name it.
const REGISTERED_MODEL = parameter('registered_model', 'STRING', {
  description: 'The MLflow registered model the new version goes to.',
});
const FRAUD_PARAMETERS = [
  parameter('lookback_days', 'NUMBER_INTEGER', {
    defaultValue: 90,
    description: 'Days of transactions to train on.',
  }),
  parameter('feature_view', 'STRING', { defaultValue: 'transaction_features' }),
  REGISTERED_MODEL,
];
const DEMAND_PARAMETERS = [
  parameter('horizon_days', 'NUMBER_INTEGER', {
    defaultValue: 28,
    description: 'Days ahead to forecast.',
  }),
  REGISTERED_MODEL,
];

interface Outcome {
  state: 'SUCCEEDED' | 'FAILED' | 'RUNNING';
  atTask?: string;
}

function storyRun(options: {
  pipeline: string;
  recurringRun: string;
  experimentId: string;
  versionId: string;
  createdAt: number;
  tasks: Array<[string, number]>;
  outcome: Outcome;
  parameters: Record<string, unknown>;
}): FakeKubeflowRunSeed {
  const { pipeline, createdAt, outcome } = options;
  const runId = ids.run(pipeline, iso(createdAt));
  const tasks: KubeflowTaskDetail[] = [];
  let cursor = createdAt;
  for (const [name, seconds] of options.tasks) {
    const created = cursor + 2_000;
    const started = created + 5_000;
    const detail: KubeflowTaskDetail = {
      taskId: ids.task(runId, name),
      displayName: name,
      createTime: iso(created),
      startTime: iso(started),
    };
    tasks.push(detail);
    if (outcome.atTask === name && outcome.state === 'RUNNING') {
      detail.state = 'RUNNING';
      break;
    }
    // A failing task fails about a third of the way through.
    const failed = outcome.atTask === name && outcome.state === 'FAILED';
    cursor = started + (failed ? seconds * 300 : seconds * 1000);
    detail.endTime = iso(cursor);
    detail.state = failed ? 'FAILED' : 'SUCCEEDED';
    if (failed) {
      detail.error = `task ${name} failed: container exited with code 1`;
      break;
    }
  }
  const run: FakeKubeflowRunSeed = {
    runId,
    displayName: `${options.recurringRun}-${iso(createdAt).slice(0, 10)}`,
    experimentId: options.experimentId,
    pipelineId: ids.pipeline(pipeline),
    pipelineVersionId: options.versionId,
    state: outcome.state as KubeflowRunState,
    createdAt: iso(createdAt),
    scheduledAt: iso(createdAt),
    recurringRunId: ids.recurringRun(options.recurringRun),
    parameters: options.parameters,
    tasks,
  };
  if (outcome.state !== 'RUNNING') {
    run.finishedAt = iso(cursor + 2_000);
  }
  if (outcome.state === 'FAILED') {
    run.error = `Pipeline run failed: task ${outcome.atTask} failed: container exited with code 1`;
  }
  return run;
}

/**
 * The sandbox's Kubeflow story as a `FakeKubeflow` seed: the fraud detection pipeline (v1–v3,
 * ten nightly runs, the last one running), the demand pipeline (v1–v2, four weekly runs, the
 * last one failed), their experiments, their recurring runs (fraud enabled, demand disabled) and
 * the Default experiment. Names and ids are in {@link KUBEFLOW_STORY}.
 *
 * @remarks
 * Every version declares the parameters its runs pass: `lookback_days` (integer, default 90),
 * `feature_view` (string, default `transaction_features`) and the required `registered_model`
 * for fraud; `horizon_days` (integer, default 28) and `registered_model` for demand.
 *
 * @public
 */
export function kubeflowStorySeed(): FakeKubeflowSeed {
  const { namespace, fraudPipeline, demandPipeline } = KUBEFLOW_STORY;
  const fraudParameters = {
    lookback_days: 90,
    feature_view: 'transaction_features',
    registered_model: 'fraud-detector',
  };
  const demandParameters = {
    horizon_days: 28,
    registered_model: 'demand-forecaster',
  };
  const fraudRuns = Array.from({ length: 10 }, (_, i) => {
    const createdAt = T('2026-10-22T23:00:00Z') + i * DAY;
    const v3 = createdAt >= T('2026-10-25T12:00:00Z');
    return storyRun({
      pipeline: FRAUD,
      recurringRun: fraudPipeline.recurringRun.name,
      experimentId: fraudPipeline.experiment.id,
      versionId: (v3 ? fraudPipeline.versions.v3 : fraudPipeline.versions.v2)
        .id,
      createdAt,
      tasks: FRAUD_TASKS,
      outcome:
        i === 9
          ? { state: 'RUNNING', atTask: 'train-xgboost' }
          : { state: 'SUCCEEDED' },
      parameters: fraudParameters,
    });
  });
  const demandRuns = Array.from({ length: 4 }, (_, i) =>
    storyRun({
      pipeline: DEMAND,
      recurringRun: demandPipeline.recurringRun.name,
      experimentId: demandPipeline.experiment.id,
      versionId: demandPipeline.versions.v2.id,
      createdAt: T('2026-10-05T05:00:00Z') + i * 7 * DAY,
      tasks: DEMAND_TASKS,
      outcome:
        i === 3
          ? { state: 'FAILED', atTask: 'train-lightgbm' }
          : { state: 'SUCCEEDED' },
      parameters: demandParameters,
    }),
  );
  const fraudTasks = linearSpecTasks(FRAUD_TASKS.map(([name]) => name));
  const demandTasks = linearSpecTasks(DEMAND_TASKS.map(([name]) => name));
  const fraudVersion = (name: string, at: string, description: string) => ({
    displayName: name,
    createdAt: at,
    description,
    parameters: FRAUD_PARAMETERS,
    tasks: fraudTasks,
  });
  const demandVersion = (name: string, at: string, description: string) => ({
    displayName: name,
    createdAt: at,
    description,
    parameters: DEMAND_PARAMETERS,
    tasks: demandTasks,
  });
  const fraudFirstRun = T('2026-10-22T23:00:00Z');
  const demandFirstRun = T('2026-10-05T05:00:00Z');
  return {
    pipelines: [
      {
        displayName: FRAUD,
        description:
          'Trains the fraud-detector XGBoost model and registers it in MLflow (owned by fraud-detection).',
        createdAt: '2026-10-01T09:12:00Z',
        namespace,
        versions: [
          fraudVersion('v1', '2026-10-01T09:12:00Z', 'Initial pipeline.'),
          fraudVersion(
            'v2',
            '2026-10-10T14:03:00Z',
            'Adds the evaluation gate against the champion.',
          ),
          fraudVersion(
            'v3',
            '2026-10-25T10:41:00Z',
            'Larger hyper-parameter search, merchant-category features.',
          ),
        ],
      },
      {
        displayName: DEMAND,
        description:
          'Trains the demand-forecaster LightGBM model (owned by supply-chain).',
        createdAt: '2026-09-20T08:00:00Z',
        namespace,
        versions: [
          demandVersion('v1', '2026-09-20T08:00:00Z', 'Initial pipeline.'),
          demandVersion(
            'v2',
            '2026-10-02T08:30:00Z',
            'Adds promotions calendar features.',
          ),
        ],
      },
    ],
    experiments: [
      {
        displayName: 'Default',
        description:
          'All runs created without specifying an experiment will be grouped here.',
        createdAt: '2026-09-01T00:00:00Z',
        namespace,
      },
      {
        displayName: fraudPipeline.experiment.name,
        description: `Runs of the ${FRAUD} pipeline.`,
        createdAt: iso(T('2026-10-01T09:12:00Z') + HOUR),
        lastRunCreatedAt: fraudRuns[fraudRuns.length - 1].createdAt,
        namespace,
      },
      {
        displayName: demandPipeline.experiment.name,
        description: `Runs of the ${DEMAND} pipeline.`,
        createdAt: iso(T('2026-09-20T08:00:00Z') + HOUR),
        lastRunCreatedAt: demandRuns[demandRuns.length - 1].createdAt,
        namespace,
      },
    ],
    runs: [...fraudRuns, ...demandRuns],
    recurringRuns: [
      {
        displayName: fraudPipeline.recurringRun.name,
        enabled: true,
        cron: '0 0 23 * * *',
        startTime: iso(fraudFirstRun - HOUR),
        maxConcurrency: 1,
        pipelineId: fraudPipeline.id,
        pipelineVersionId: fraudPipeline.versions.v3.id,
        experimentId: fraudPipeline.experiment.id,
        createdAt: iso(fraudFirstRun - HOUR),
        namespace,
      },
      {
        displayName: demandPipeline.recurringRun.name,
        enabled: false,
        cron: '0 0 5 * * 1',
        startTime: iso(demandFirstRun - HOUR),
        maxConcurrency: 1,
        pipelineId: demandPipeline.id,
        pipelineVersionId: demandPipeline.versions.v2.id,
        experimentId: demandPipeline.experiment.id,
        createdAt: iso(demandFirstRun - HOUR),
        namespace,
      },
    ],
  };
}
