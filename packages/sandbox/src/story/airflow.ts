import { DagRecord, DagRunRecord, TaskDefinition } from '../airflow/types';
import { runEndFromTimeline, taskTimeline } from '../airflow/timeline';
import { stableUuid } from '../ids';
import { rngFor, round } from '../random';
import { DAY, HOUR, MINUTE, BASE_TIME_MS, runIdStamp } from '../time';
import {
  AIRFLOW_DAGS,
  FEAST_FEATURE_VIEW,
  MLFLOW_MODELS,
  TEAMS,
} from './names';

/** The Airflow part of the dataset. */
export interface AirflowSeed {
  dags: DagRecord[];
  runs: DagRunRecord[];
}

const T = (iso: string): number => Date.parse(iso);

function task(
  taskId: string,
  operator: string,
  meanSeconds: number,
  retries: number,
): TaskDefinition {
  return { taskId, operator, meanSeconds, retries };
}

interface DagPlan {
  dag: Omit<DagRecord, 'lastParseDuration' | 'version'>;
  /** run_after of every scheduled run, oldest first. */
  runTimes: number[];
  /** Index into runTimes → failing task. */
  failures: Record<number, string>;
}

function dagPlans(): DagPlan[] {
  const lastParsed = BASE_TIME_MS - 3 * MINUTE;
  const daily = (first: string, count: number, step = DAY) =>
    Array.from({ length: count }, (_, i) => T(first) + i * step);
  return [
    {
      dag: {
        dagId: AIRFLOW_DAGS.fraudTraining,
        description: `Daily retraining of the ${MLFLOW_MODELS.fraudDetector} XGBoost model on 90 days of card transactions (Feast feature view ${FEAST_FEATURE_VIEW}); logs to the MLflow experiment fraud-detection and registers ${MLFLOW_MODELS.fraudDetector}.`,
        owners: [TEAMS.fraudDetection],
        tags: [TEAMS.fraudDetection, 'training'],
        schedule: '0 2 * * *',
        scheduleDescription: 'At 02:00',
        isPaused: false,
        relativeFileloc: 'fraud_detection/fraud_detection_training.py',
        startDate: T('2026-09-01T00:00:00Z'),
        lastParsedTime: lastParsed,
        maxActiveRuns: 1,
        maxActiveTasks: 16,
        docMd: `# Fraud detection training\n\nExtracts card transactions, builds features from \`${FEAST_FEATURE_VIEW}\`, trains XGBoost, evaluates against the champion and registers \`${MLFLOW_MODELS.fraudDetector}\` in MLflow.`,
        params: {
          lookback_days: 90,
          model_name: MLFLOW_MODELS.fraudDetector,
          feature_view: FEAST_FEATURE_VIEW,
        },
        tasks: [
          task('extract_transactions', 'KubernetesPodOperator', 180, 2),
          task('build_features', 'PythonOperator', 420, 1),
          task('train_model', 'KubernetesPodOperator', 1500, 1),
          task('evaluate_model', 'PythonOperator', 240, 1),
          task('register_model', 'PythonOperator', 30, 2),
        ],
        nextRun: T('2026-11-01T02:00:00Z'),
      },
      runTimes: daily('2026-10-18T02:00:00Z', 14),
      failures: { 4: 'train_model' },
    },
    {
      dag: {
        dagId: AIRFLOW_DAGS.fraudFeatureRefresh,
        description: `Hourly refresh of the Feast feature view ${FEAST_FEATURE_VIEW} (online store) from the transaction stream.`,
        owners: [TEAMS.fraudDetection],
        tags: [TEAMS.fraudDetection, 'features', 'feast'],
        schedule: '0 * * * *',
        scheduleDescription: 'At 0 minutes past the hour',
        isPaused: false,
        relativeFileloc: 'fraud_detection/fraud_feature_refresh.py',
        startDate: T('2026-09-01T00:00:00Z'),
        lastParsedTime: lastParsed,
        maxActiveRuns: 1,
        maxActiveTasks: 16,
        docMd: null,
        params: { feature_view: FEAST_FEATURE_VIEW },
        tasks: [
          task('read_transaction_stream', 'PythonOperator', 60, 3),
          task('compute_aggregates', 'PythonOperator', 240, 1),
          task('materialize_online_store', 'PythonOperator', 90, 2),
        ],
        nextRun: T('2026-11-01T00:00:00Z'),
      },
      runTimes: daily('2026-10-31T00:00:00Z', 24, HOUR),
      failures: {},
    },
    {
      dag: {
        dagId: AIRFLOW_DAGS.churnRetrain,
        description: `Weekly retraining of ${MLFLOW_MODELS.churnPredictor} (scikit-learn gradient boosting) on customer events; logs to the MLflow experiment churn-prediction.`,
        owners: [TEAMS.customerInsights],
        tags: [TEAMS.customerInsights, 'training'],
        schedule: '0 3 * * 1',
        scheduleDescription: 'At 03:00, only on Monday',
        isPaused: false,
        relativeFileloc: 'customer_insights/churn_model_retrain.py',
        startDate: T('2026-08-03T00:00:00Z'),
        lastParsedTime: lastParsed,
        maxActiveRuns: 1,
        maxActiveTasks: 8,
        docMd: null,
        params: {
          model_name: MLFLOW_MODELS.churnPredictor,
          lookback_weeks: 26,
        },
        tasks: [
          task('extract_customer_events', 'KubernetesPodOperator', 300, 2),
          task('build_features', 'PythonOperator', 600, 1),
          task('train_model', 'KubernetesPodOperator', 2400, 1),
          task('evaluate_model', 'PythonOperator', 300, 1),
          task('register_model', 'PythonOperator', 30, 2),
        ],
        nextRun: T('2026-11-02T03:00:00Z'),
      },
      runTimes: daily('2026-09-21T03:00:00Z', 6, 7 * DAY),
      failures: { 5: 'train_model' },
    },
    {
      dag: {
        dagId: AIRFLOW_DAGS.demandBatch,
        description: `Daily batch scoring with ${MLFLOW_MODELS.demandForecaster}; paused while the new model version is investigated.`,
        owners: [TEAMS.supplyChain],
        tags: [TEAMS.supplyChain, 'batch-inference'],
        schedule: '30 4 * * *',
        scheduleDescription: 'At 04:30',
        isPaused: true,
        relativeFileloc: 'supply_chain/demand_forecast_batch.py',
        startDate: T('2026-09-15T00:00:00Z'),
        lastParsedTime: lastParsed,
        maxActiveRuns: 1,
        maxActiveTasks: 16,
        docMd: null,
        params: {
          model_uri: `models:/${MLFLOW_MODELS.demandForecaster}@champion`,
        },
        tasks: [
          task('load_sales_history', 'PythonOperator', 240, 1),
          task('score_demand_forecaster', 'KubernetesPodOperator', 900, 1),
          task('publish_forecasts', 'PythonOperator', 120, 2),
        ],
        nextRun: null,
      },
      runTimes: daily('2026-10-16T04:30:00Z', 5),
      failures: {},
    },
  ];
}

/** The scheduled run id Airflow gives a run at `runAfter`. */
export function scheduledRunId(runAfter: number): string {
  return `scheduled__${runIdStamp(runAfter)}`;
}

/** Creates a finished scheduled run (times from the seeded task timeline). */
export function makeScheduledRun(
  seed: number,
  dag: DagRecord,
  id: number,
  runAfter: number,
  failedTask: string | undefined,
): DagRunRecord {
  const runId = scheduledRunId(runAfter);
  const rng = rngFor(seed, `airflow-run:${dag.dagId}:${runId}`);
  const queuedAt = runAfter + rng.int(300, 2000);
  const run: DagRunRecord = {
    id,
    dagId: dag.dagId,
    runId,
    runType: 'scheduled',
    state: failedTask ? 'failed' : 'success',
    logicalDate: runAfter,
    runAfter,
    queuedAt,
    startDate: queuedAt + rng.int(500, 4000),
    endDate: null,
    dataIntervalStart: runAfter,
    dataIntervalEnd: runAfter,
    lastSchedulingDecision: null,
    conf: {},
    note: null,
    triggeredBy: 'timetable',
    triggeringUserName: null,
    failedTask,
    timelineKey: runId,
  };
  run.endDate = runEndFromTimeline(taskTimeline(seed, dag, run));
  run.lastSchedulingDecision = run.endDate;
  return run;
}

/** Builds the story's DAGs and runs. */
export function buildAirflowStory(seed: number): AirflowSeed {
  const plans = dagPlans();
  const dags: DagRecord[] = plans.map(plan => ({
    ...plan.dag,
    lastParseDuration: round(
      rngFor(seed, `airflow-parse:${plan.dag.dagId}`).float(0.2, 1.8),
      3,
    ),
    version: {
      id: stableUuid(`airflow-dag-version:${plan.dag.dagId}:1`),
      number: 1,
      createdAt: plan.dag.startDate,
    },
  }));
  // Database ids follow creation order, i.e. run_after across all DAGs.
  const pending = plans.flatMap((plan, d) =>
    plan.runTimes.map((runAfter, i) => ({
      dag: dags[d],
      runAfter,
      failedTask: plan.failures[i],
    })),
  );
  pending.sort(
    (a, b) => a.runAfter - b.runAfter || a.dag.dagId.localeCompare(b.dag.dagId),
  );
  const runs = pending.map((p, i) =>
    makeScheduledRun(seed, p.dag, i + 1, p.runAfter, p.failedTask),
  );
  return { dags, runs };
}
