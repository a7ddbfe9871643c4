import { taskTimeline } from '../airflow/timeline';
import {
  ExperimentRecord,
  KeyValue,
  ModelStage,
  ModelVersionRecord,
  RegisteredModelRecord,
  RunRecord,
  RunStatus,
} from '../mlflow/types';
import { rngFor } from '../random';
import { HOUR, MINUTE } from '../time';
import { AirflowSeed } from './airflow';
import { KubeflowSeed } from './kubeflow';
import { KfpRunOutcome } from '../kubeflow/timeline';
import {
  AIRFLOW_DAGS,
  ENGINEERS,
  KFP_NAMES,
  MLFLOW_EXPERIMENTS,
  MLFLOW_MODELS,
  SERVICE_USERS,
  TEAMS,
} from './names';
import {
  ModelKind,
  RunSpec,
  buildRun,
  experimentArtifactLocation,
  mlflowRunId,
} from './mlflowRuns';
import { stableHex } from '../ids';

/** The MLflow part of the dataset. */
export interface MlflowSeed {
  experiments: ExperimentRecord[];
  runs: RunRecord[];
  models: RegisteredModelRecord[];
}

const T = (iso: string): number => Date.parse(iso);

interface ExperimentPlan {
  id: string;
  name: string;
  createdAt: number;
  owner?: string;
  description: string;
  kind: ModelKind;
}

const EXPERIMENTS: ExperimentPlan[] = [
  {
    id: MLFLOW_EXPERIMENTS.default.id,
    name: MLFLOW_EXPERIMENTS.default.name,
    createdAt: T('2026-08-01T00:00:00Z'),
    description: '',
    kind: 'sklearn',
  },
  {
    id: MLFLOW_EXPERIMENTS.fraudDetection.id,
    name: MLFLOW_EXPERIMENTS.fraudDetection.name,
    createdAt: T('2026-09-28T08:30:00Z'),
    owner: TEAMS.fraudDetection,
    description: 'Card-fraud classifier (XGBoost) on transaction_features.',
    kind: 'xgboost',
  },
  {
    id: MLFLOW_EXPERIMENTS.churnPrediction.id,
    name: MLFLOW_EXPERIMENTS.churnPrediction.name,
    createdAt: T('2026-09-01T10:00:00Z'),
    owner: TEAMS.customerInsights,
    description: 'Customer churn (gradient boosting, scikit-learn).',
    kind: 'sklearn',
  },
  {
    id: MLFLOW_EXPERIMENTS.demandForecasting.id,
    name: MLFLOW_EXPERIMENTS.demandForecasting.name,
    createdAt: T('2026-09-18T07:45:00Z'),
    owner: TEAMS.supplyChain,
    description: 'Weekly demand per SKU and store (LightGBM).',
    kind: 'lightgbm',
  },
  {
    id: MLFLOW_EXPERIMENTS.recommendations.id,
    name: MLFLOW_EXPERIMENTS.recommendations.name,
    createdAt: T('2026-10-06T12:00:00Z'),
    description: 'Produktempfehlungen (implicit ALS), Prototyp.',
    kind: 'als',
  },
];

function experimentRecord(plan: ExperimentPlan): ExperimentRecord {
  const tags: KeyValue[] = [];
  if (plan.description) {
    tags.push({ key: 'mlflow.note.content', value: plan.description });
  }
  if (plan.owner) {
    tags.push({ key: 'owner', value: plan.owner });
  }
  return {
    experimentId: plan.id,
    name: plan.name,
    artifactLocation: experimentArtifactLocation(plan.id),
    lifecycleStage: 'active',
    creationTime: plan.createdAt,
    lastUpdateTime: plan.createdAt,
    tags,
  };
}

/** A manual (notebook) run of the story. */
interface ManualRun {
  name: string;
  at: string;
  user: string;
  quality: number;
  status?: RunStatus;
}

/** Story runs of one experiment, keyed by a label other parts refer to. */
type RunIndex = Map<string, RunRecord>;

function manualRuns(
  seed: number,
  exp: ExperimentPlan,
  runs: ManualRun[],
  index: RunIndex,
): RunRecord[] {
  return runs.map(m => {
    const runId = mlflowRunId(exp.name, `manual:${m.name}`);
    const duration =
      rngFor(seed, `mlflow-duration:${runId}`).int(8, 35) * MINUTE;
    const run = buildRun(seed, {
      runId,
      experimentId: exp.id,
      runName: m.name,
      userId: m.user,
      status: m.status ?? 'FINISHED',
      startTime: T(m.at),
      durationMs: duration,
      kind: exp.kind,
      quality: m.quality,
      sourceName: `/Users/${m.user}/notebooks/${exp.name.replace(
        /-/g,
        '_',
      )}.ipynb`,
      sourceType: 'NOTEBOOK',
      tags: [],
    });
    index.set(`manual:${m.name}`, run);
    return run;
  });
}

function airflowRuns(
  seed: number,
  exp: ExperimentPlan,
  airflow: AirflowSeed,
  dagId: string,
  quality: (i: number) => number,
  index: RunIndex,
): RunRecord[] {
  const dag = airflow.dags.find(d => d.dagId === dagId)!;
  const dagRuns = airflow.runs.filter(r => r.dagId === dagId);
  return dagRuns.map((dagRun, i) => {
    const ti = taskTimeline(seed, dag, dagRun).find(
      t => t.task.taskId === 'train_model',
    )!;
    const runId = mlflowRunId(exp.name, `airflow:${dagRun.runId}`);
    const start = (ti.startDate ?? dagRun.runAfter) + 4000;
    const end = (ti.endDate ?? start + HOUR) - 3000;
    const spec: RunSpec = {
      runId,
      experimentId: exp.id,
      runName: `${dagId}-${dagRun.runId.slice(11, 21)}`,
      userId: SERVICE_USERS.airflow,
      status: ti.state === 'failed' ? 'FAILED' : 'FINISHED',
      startTime: start,
      durationMs: end - start,
      kind: exp.kind,
      quality: quality(i),
      sourceName: `dags/${dag.relativeFileloc}`,
      sourceType: 'JOB',
      tags: [
        { key: 'airflow.dag_id', value: dagId },
        { key: 'airflow.dag_run_id', value: dagRun.runId },
        { key: 'airflow.task_id', value: 'train_model' },
        {
          key: 'mlflow.source.git.commit',
          value: stableHex(`git:${dagId}:${dag.version.number}`, 40),
        },
      ],
    };
    const run = buildRun(seed, spec);
    index.set(`airflow:${dagRun.runId}`, run);
    return run;
  });
}

function kfpRuns(
  seed: number,
  exp: ExperimentPlan,
  kfp: KubeflowSeed,
  pipelineName: string,
  trainTask: string,
  quality: (i: number) => number,
  index: RunIndex,
): RunRecord[] {
  return kfp.plans
    .filter(p => p.pipelineName === pipelineName)
    .map((plan, i) => {
      const task = plan.timeline.find(t => t.name === trainTask);
      const start = (task?.startedAt ?? Date.parse(plan.run.created_at)) + 5000;
      const end = task?.finishedAt
        ? task.finishedAt - 2000
        : start + 45 * MINUTE;
      const statusOf: Record<KfpRunOutcome['state'], RunStatus> = {
        RUNNING: 'RUNNING',
        FAILED: 'FAILED',
        SUCCEEDED: 'FINISHED',
      };
      const status = statusOf[plan.outcome.state];
      const runId = mlflowRunId(exp.name, `kfp:${plan.run.run_id}`);
      const run = buildRun(seed, {
        runId,
        experimentId: exp.id,
        runName: `${plan.run.display_name}`,
        userId: SERVICE_USERS.kfp,
        status,
        startTime: start,
        durationMs: end - start,
        kind: exp.kind,
        quality: quality(i),
        sourceName: `pipeline/${trainTask.replace(/-/g, '_')}.py`,
        sourceType: 'JOB',
        tags: [
          { key: 'kfp.run_id', value: plan.run.run_id },
          { key: 'kfp.pipeline', value: pipelineName },
          { key: 'kfp.pipeline_version', value: plan.versionName },
          {
            key: 'kfp.experiment',
            value:
              pipelineName === KFP_NAMES.fraudPipeline
                ? KFP_NAMES.fraudExperiment
                : KFP_NAMES.demandExperiment,
          },
        ],
      });
      index.set(`kfp:${plan.run.run_id}`, run);
      index.set(`kfp#${i}:${pipelineName}`, run);
      return run;
    });
}

interface VersionPlan {
  runLabel: string;
  stage: ModelStage;
  /** When the version got its current stage (>= creation). */
  stageAt?: string;
  description?: string;
  tags?: Record<string, string>;
}

function modelRecord(
  name: string,
  description: string | undefined,
  tags: Record<string, string>,
  aliases: Record<string, number>,
  versions: VersionPlan[],
  index: RunIndex,
  aliasSetAt: string | undefined,
): RegisteredModelRecord {
  const records: ModelVersionRecord[] = versions.map((v, i) => {
    const run = index.get(v.runLabel);
    if (!run || run.endTime === null) {
      throw new Error(
        `story error: model ${name} v${i + 1} needs a finished run ${
          v.runLabel
        }`,
      );
    }
    const created = run.endTime + 4 * MINUTE;
    const updated = v.stageAt ? Math.max(created, T(v.stageAt)) : created;
    const record: ModelVersionRecord = {
      name,
      version: i + 1,
      creationTimestamp: created,
      lastUpdatedTimestamp: updated,
      currentStage: v.stage,
      source: `${run.artifactUri}/model`,
      runId: run.runId,
      status: 'READY',
      tags: new Map(Object.entries(v.tags ?? {})),
    };
    if (v.description) {
      record.description = v.description;
    }
    return record;
  });
  const created = records[0].creationTimestamp;
  const updated = Math.max(
    ...records.map(r => r.lastUpdatedTimestamp),
    aliasSetAt ? T(aliasSetAt) : 0,
  );
  const model: RegisteredModelRecord = {
    name,
    creationTimestamp: created,
    lastUpdatedTimestamp: updated,
    tags: new Map(Object.entries(tags)),
    aliases: new Map(Object.entries(aliases)),
    versions: records,
  };
  if (description) {
    model.description = description;
  }
  return model;
}

/** Builds the story's experiments, runs and registered models, linked to Airflow and KFP. */
export function buildMlflowStory(
  seed: number,
  airflow: AirflowSeed,
  kfp: KubeflowSeed,
): MlflowSeed {
  const [defaultExp, fraud, churn, demand, recs] = EXPERIMENTS;
  const index: RunIndex = new Map();
  const fe = ENGINEERS.fraudDetection;
  const ci = ENGINEERS.customerInsights;
  const sc = ENGINEERS.supplyChain;
  const runs: RunRecord[] = [
    // fraud-detection: 6 notebook runs + 14 from Airflow + 10 from KFP = 30
    ...manualRuns(
      seed,
      fraud,
      [
        {
          name: 'xgb-baseline',
          at: '2026-10-02T10:15:00Z',
          user: fe[0],
          quality: 0.2,
        },
        {
          name: 'xgb-depth-sweep',
          at: '2026-10-03T14:40:00Z',
          user: fe[1],
          quality: 0.35,
        },
        {
          name: 'xgb-lr-sweep',
          at: '2026-10-05T09:30:00Z',
          user: fe[1],
          quality: 0.4,
        },
        {
          name: 'xgb-subsample-0.8',
          at: '2026-10-07T16:05:00Z',
          user: fe[2],
          quality: 0.45,
        },
        {
          name: 'xgb-merchant-features',
          at: '2026-10-09T11:20:00Z',
          user: fe[0],
          quality: 0.6,
        },
        {
          name: 'xgb-tuned-candidate',
          at: '2026-10-14T15:45:00Z',
          user: fe[2],
          quality: 0.62,
        },
      ],
      index,
    ),
    ...airflowRuns(
      seed,
      fraud,
      airflow,
      AIRFLOW_DAGS.fraudTraining,
      i => (i === 9 ? 0.9 : 0.6 + 0.02 * i),
      index,
    ),
    ...kfpRuns(
      seed,
      fraud,
      kfp,
      KFP_NAMES.fraudPipeline,
      'train-xgboost',
      i => (i === 8 ? 0.97 : 0.7 + 0.02 * i),
      index,
    ),
    // churn-prediction: 4 notebook runs (one KILLED) + 6 from Airflow (latest FAILED) = 10
    ...manualRuns(
      seed,
      churn,
      [
        {
          name: 'gbc-first-try',
          at: '2026-09-10T13:00:00Z',
          user: ci[0],
          quality: 0.4,
        },
        {
          name: 'gbc-tenure-features',
          at: '2026-09-14T09:10:00Z',
          user: ci[1],
          quality: 0.5,
        },
        {
          name: 'gbc-large-grid',
          at: '2026-10-01T08:00:00Z',
          user: ci[1],
          quality: 0.5,
          status: 'KILLED',
        },
        {
          name: 'gbc-calibrated',
          at: '2026-10-08T15:30:00Z',
          user: ci[0],
          quality: 0.55,
        },
      ],
      index,
    ),
    ...airflowRuns(
      seed,
      churn,
      airflow,
      AIRFLOW_DAGS.churnRetrain,
      i => 0.5 + 0.06 * i,
      index,
    ),
    // demand-forecasting: 2 notebook runs + 4 from KFP (latest FAILED) = 6
    ...manualRuns(
      seed,
      demand,
      [
        {
          name: 'lgbm-baseline',
          at: '2026-09-25T10:00:00Z',
          user: sc[0],
          quality: 0.4,
        },
        {
          name: 'lgbm-promo-calendar',
          at: '2026-09-29T14:20:00Z',
          user: sc[1],
          quality: 0.55,
        },
      ],
      index,
    ),
    ...kfpRuns(
      seed,
      demand,
      kfp,
      KFP_NAMES.demandPipeline,
      'train-lightgbm',
      i => 0.6 + 0.1 * i,
      index,
    ),
    // recommendations: 4 notebook runs
    ...manualRuns(
      seed,
      recs,
      [
        {
          name: 'als-64-factors',
          at: '2026-10-06T13:00:00Z',
          user: ENGINEERS.recommendations[0],
          quality: 0.4,
        },
        {
          name: 'als-128-factors',
          at: '2026-10-07T10:30:00Z',
          user: ENGINEERS.recommendations[0],
          quality: 0.55,
        },
        {
          name: 'als-alpha-40',
          at: '2026-10-08T09:15:00Z',
          user: ENGINEERS.recommendations[0],
          quality: 0.65,
        },
        {
          name: 'als-implicit-views',
          at: '2026-10-13T16:00:00Z',
          user: ENGINEERS.recommendations[0],
          quality: 0.6,
        },
      ],
      index,
    ),
  ];

  const fraudAirflow = (date: string) =>
    `airflow:scheduled__${date}T02:00:00+00:00`;
  const churnAirflow = (date: string) =>
    `airflow:scheduled__${date}T03:00:00+00:00`;
  const models: RegisteredModelRecord[] = [
    modelRecord(
      MLFLOW_MODELS.fraudDetector,
      'Scores card transactions for fraud (XGBoost on the Feast feature view transaction_features). Served by the KServe InferenceService fraud-detection/fraud-detector.',
      { owner: TEAMS.fraudDetection, task: 'binary-classification' },
      { champion: 4, challenger: 5 },
      [
        {
          runLabel: 'manual:xgb-depth-sweep',
          stage: 'Archived',
          stageAt: '2026-10-19T09:00:00Z',
        },
        {
          runLabel: 'manual:xgb-merchant-features',
          stage: 'Archived',
          stageAt: '2026-10-19T09:00:00Z',
        },
        {
          runLabel: fraudAirflow('2026-10-19'),
          stage: 'Archived',
          stageAt: '2026-10-28T09:00:00Z',
        },
        {
          runLabel: fraudAirflow('2026-10-27'),
          stage: 'Production',
          stageAt: '2026-10-28T09:00:00Z',
          description: 'Champion since 2026-10-28.',
          tags: { validation_status: 'approved' },
        },
        {
          runLabel: `kfp#8:${KFP_NAMES.fraudPipeline}`,
          stage: 'Staging',
          stageAt: '2026-10-31T08:00:00Z',
          description: 'Challenger from pipeline v3; 20 % canary.',
          tags: { validation_status: 'pending' },
        },
      ],
      index,
      '2026-10-31T08:05:00Z',
    ),
    modelRecord(
      MLFLOW_MODELS.churnPredictor,
      'Probability that a customer churns within 30 days.',
      { owner: TEAMS.customerInsights },
      { champion: 2 },
      [
        {
          runLabel: 'manual:gbc-first-try',
          stage: 'Archived',
          stageAt: '2026-10-13T08:00:00Z',
        },
        {
          runLabel: churnAirflow('2026-10-12'),
          stage: 'Production',
          stageAt: '2026-10-13T08:00:00Z',
        },
        { runLabel: churnAirflow('2026-10-19'), stage: 'None' },
      ],
      index,
      '2026-10-13T08:01:00Z',
    ),
    modelRecord(
      MLFLOW_MODELS.demandForecaster,
      'Weekly demand per SKU and store.',
      { owner: TEAMS.supplyChain },
      { champion: 1 },
      [
        {
          runLabel: `kfp#1:${KFP_NAMES.demandPipeline}`,
          stage: 'Production',
          stageAt: '2026-10-13T07:00:00Z',
        },
        { runLabel: `kfp#2:${KFP_NAMES.demandPipeline}`, stage: 'None' },
      ],
      index,
      '2026-10-13T07:01:00Z',
    ),
    modelRecord(
      MLFLOW_MODELS.recommendation,
      'Produktempfehlungen für den Webshop (Beta).',
      {},
      {},
      [{ runLabel: 'manual:als-alpha-40', stage: 'None' }],
      index,
      undefined,
    ),
  ];

  return {
    experiments: [defaultExp, fraud, churn, demand, recs].map(experimentRecord),
    runs,
    models,
  };
}
