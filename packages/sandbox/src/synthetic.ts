import { DagRecord, DagRunRecord } from './airflow/types';
import { stableUuid } from './ids';
import { NamespaceRecord } from './kubernetes/types';
import {
  KfpExperiment,
  KfpPipeline,
  KfpPipelineVersion,
  KfpRun,
} from './kubeflow/types';
import {
  ExperimentRecord,
  ModelVersionRecord,
  RegisteredModelRecord,
  RunRecord,
} from './mlflow/types';
import { ScaleOptions } from './options';
import { rngFor } from './random';
import { AirflowSeed, makeScheduledRun } from './story/airflow';
import {
  KserveSeed,
  buildInferenceService,
  namespaceRecord,
} from './story/kserve';
import {
  KubeflowSeed,
  kfpIds,
  makeKfpRun,
  pipelineSpec,
} from './story/kubeflow';
import { MlflowSeed } from './story/mlflow';
import {
  buildRun,
  experimentArtifactLocation,
  mlflowRunId,
  runArtifactUri,
} from './story/mlflowRuns';
import { BASE_TIME_MS, DAY, HOUR, MINUTE, isoZ } from './time';

/**
 * Synthetic objects for benchmarks, appended after the story. Names are
 * `synthetic-model-00001` etc.; owners rotate over a handful of synthetic teams. Everything
 * is derived from the index (and the seed for values), so generation order does not matter
 * and no step is worse than O(n log n).
 */

/** Owners of synthetic objects (also Kubernetes namespaces). */
export const SYNTHETIC_OWNERS = [
  'synthetic-team-a',
  'synthetic-team-b',
  'synthetic-team-c',
  'synthetic-team-d',
  'synthetic-team-e',
] as const;

const pad = (n: number) => String(n).padStart(5, '0');
const ownerOf = (i: number) =>
  SYNTHETIC_OWNERS[(i - 1) % SYNTHETIC_OWNERS.length];
/** Name of the i-th (1-based) synthetic registered model. */
export const syntheticModelName = (i: number) => `synthetic-model-${pad(i)}`;

/** Adds `models` registered models with `versionsPerModel` versions (lazy runs) to MLflow. */
export function addSyntheticMlflow(
  seed: number,
  mlflow: MlflowSeed,
  scale: Required<ScaleOptions>,
): void {
  const { models: count, versionsPerModel } = scale;
  if (count === 0) {
    return;
  }
  const firstId =
    Math.max(...mlflow.experiments.map(e => Number(e.experimentId))) + 1;
  const experiments: ExperimentRecord[] = SYNTHETIC_OWNERS.map((owner, i) => ({
    experimentId: String(firstId + i),
    name: `synthetic-experiment-${owner}`,
    artifactLocation: experimentArtifactLocation(String(firstId + i)),
    lifecycleStage: 'active',
    creationTime: BASE_TIME_MS - 60 * DAY,
    lastUpdateTime: BASE_TIME_MS - 60 * DAY,
    tags: [{ key: 'owner', value: owner }],
  }));
  mlflow.experiments.push(...experiments);
  const window = 50 * DAY;
  for (let i = 1; i <= count; i++) {
    const name = syntheticModelName(i);
    const owner = ownerOf(i);
    const experiment = experiments[(i - 1) % experiments.length];
    const created =
      BASE_TIME_MS - 55 * DAY + Math.floor((i / (count + 1)) * window);
    const versions: ModelVersionRecord[] = [];
    for (let v = 1; v <= versionsPerModel; v++) {
      const runId = mlflowRunId(experiment.name, `synthetic:${i}:${v}`);
      const start = created + (v - 1) * HOUR;
      const run: RunRecord = {
        runId,
        experimentId: experiment.experimentId,
        runName: `${name}-v${v}`,
        userId: owner,
        status: 'FINISHED',
        startTime: start,
        endTime: start + 20 * MINUTE,
        artifactUri: runArtifactUri(experiment.experimentId, runId),
        lifecycleStage: 'active',
        // Materialised on first read only: 50,000 runs cost little until someone looks.
        makeData: () =>
          buildRun(seed, {
            runId,
            experimentId: experiment.experimentId,
            runName: `${name}-v${v}`,
            userId: owner,
            status: 'FINISHED',
            startTime: start,
            durationMs: 20 * MINUTE,
            kind: 'xgboost',
            quality: v / (versionsPerModel + 1),
            sourceName: 'train.py',
            sourceType: 'LOCAL',
            tags: [],
          }).data!,
      };
      mlflow.runs.push(run);
      versions.push({
        name,
        version: v,
        creationTimestamp: start + 25 * MINUTE,
        lastUpdatedTimestamp: start + 25 * MINUTE,
        currentStage: v === versionsPerModel ? 'Production' : 'None',
        source: `${run.artifactUri}/model`,
        runId,
        status: 'READY',
        tags: new Map(),
      });
    }
    const model: RegisteredModelRecord = {
      name,
      creationTimestamp: versions[0]?.creationTimestamp ?? created,
      lastUpdatedTimestamp:
        versions[versions.length - 1]?.lastUpdatedTimestamp ?? created,
      description: `Synthetic model ${i} for benchmarks.`,
      tags: new Map([['owner', owner]]),
      aliases:
        versionsPerModel > 0
          ? new Map([['champion', versionsPerModel]])
          : new Map(),
      versions,
    };
    mlflow.models.push(model);
  }
}

/** Adds `dags` DAGs with `runsPerDag` daily runs each. */
export function addSyntheticAirflow(
  seed: number,
  airflow: AirflowSeed,
  scale: Required<ScaleOptions>,
): void {
  let nextId = airflow.runs.reduce((max, r) => Math.max(max, r.id), 0) + 1;
  for (let i = 1; i <= scale.dags; i++) {
    const dagId = `synthetic_dag_${pad(i)}`;
    const owner = ownerOf(i);
    const hour = i % 24;
    const dag: DagRecord = {
      dagId,
      description: `Synthetic DAG ${i} for benchmarks.`,
      owners: [owner],
      tags: ['synthetic', owner],
      schedule: `0 ${hour} * * *`,
      scheduleDescription: `At ${String(hour).padStart(2, '0')}:00`,
      isPaused: i % 10 === 0,
      relativeFileloc: `synthetic/${dagId}.py`,
      startDate: BASE_TIME_MS - 90 * DAY,
      lastParsedTime: BASE_TIME_MS - 5 * MINUTE,
      lastParseDuration: 0.25,
      maxActiveRuns: 16,
      maxActiveTasks: 16,
      docMd: null,
      params: {},
      tasks: [
        {
          taskId: 'extract',
          operator: 'PythonOperator',
          meanSeconds: 60,
          retries: 1,
        },
        {
          taskId: 'transform',
          operator: 'PythonOperator',
          meanSeconds: 120,
          retries: 1,
        },
        {
          taskId: 'load',
          operator: 'PythonOperator',
          meanSeconds: 30,
          retries: 1,
        },
      ],
      version: {
        id: stableUuid(`airflow-dag-version:${dagId}:1`),
        number: 1,
        createdAt: BASE_TIME_MS - 90 * DAY,
      },
      nextRun: i % 10 === 0 ? null : BASE_TIME_MS + hour * HOUR,
    };
    airflow.dags.push(dag);
    const runs: DagRunRecord[] = [];
    for (let r = scale.runsPerDag; r >= 1; r--) {
      const runAfter = BASE_TIME_MS - r * DAY + hour * HOUR;
      const failed = rngFor(0, `synthetic-run:${dagId}:${r}`).chance(0.08)
        ? 'transform'
        : undefined;
      runs.push(makeScheduledRun(seed, dag, nextId++, runAfter, failed));
    }
    airflow.runs.push(...runs);
  }
}

/**
 * Adds `pipelines` pipelines with `versionsPerPipeline` versions each (v1 first, an hour apart)
 * and `runs` runs spread over them, each of its pipeline's latest version.
 */
export function addSyntheticKubeflow(
  seed: number,
  kfp: KubeflowSeed,
  scale: Required<ScaleOptions>,
): void {
  if (scale.pipelines === 0) {
    return;
  }
  const tasks = [
    { name: 'prepare', meanSeconds: 60 },
    { name: 'train', meanSeconds: 300 },
    { name: 'evaluate', meanSeconds: 60 },
  ];
  const experiments: KfpExperiment[] = SYNTHETIC_OWNERS.map(owner => ({
    experiment_id: kfpIds.experiment(`synthetic-experiment-${owner}`),
    display_name: `synthetic-experiment-${owner}`,
    description: `Synthetic runs of ${owner}.`,
    created_at: isoZ(BASE_TIME_MS - 60 * DAY),
    namespace: 'kubeflow',
    storage_state: 'AVAILABLE',
  }));
  kfp.experiments.push(...experiments);
  const inputs = {
    index: { parameterType: 'NUMBER_INTEGER', defaultValue: 0 },
  } as const;
  const pipelines: KfpPipeline[] = [];
  const versions: KfpPipelineVersion[] = [];
  const latest = `v${scale.versionsPerPipeline}`;
  for (let i = 1; i <= scale.pipelines; i++) {
    const name = `synthetic-pipeline-${pad(i)}`;
    const created = BASE_TIME_MS - 60 * DAY + i * MINUTE;
    pipelines.push({
      pipeline_id: kfpIds.pipeline(name),
      display_name: name,
      name,
      description: `Synthetic pipeline ${i} (${ownerOf(i)}).`,
      created_at: isoZ(created),
      namespace: 'kubeflow',
    });
    // One spec object for all of a pipeline's versions: 10,000 versions, 2,000 specs.
    const spec = pipelineSpec(name, tasks, undefined, inputs);
    for (let v = 1; v <= scale.versionsPerPipeline; v++) {
      versions.push({
        pipeline_id: kfpIds.pipeline(name),
        pipeline_version_id: kfpIds.version(name, `v${v}`),
        display_name: `v${v}`,
        name: `v${v}`,
        created_at: isoZ(created + (v - 1) * HOUR),
        pipeline_spec: spec,
      });
    }
  }
  kfp.pipelines.push(...pipelines);
  kfp.versions.push(...versions);
  const runs: KfpRun[] = [];
  for (let r = 1; r <= scale.runs; r++) {
    const p = ((r - 1) % scale.pipelines) + 1;
    const name = `synthetic-pipeline-${pad(p)}`;
    const createdAt =
      BASE_TIME_MS - 30 * DAY + Math.floor((r / (scale.runs + 1)) * 29 * DAY);
    const failed = rngFor(0, `synthetic-kfp-run:${r}`).chance(0.1);
    runs.push(
      makeKfpRun(seed, {
        runId: kfpIds.run(name, `synthetic-${r}`),
        displayName: `${name}-run-${pad(r)}`,
        experimentId: experiments[(p - 1) % experiments.length].experiment_id,
        pipelineId: kfpIds.pipeline(name),
        versionId: kfpIds.version(name, latest),
        tasks,
        createdAt,
        outcome: failed
          ? { state: 'FAILED', atTask: 'train' }
          : { state: 'SUCCEEDED' },
        parameters: { index: r },
      }).run,
    );
  }
  kfp.runs.push(...runs);
}

/** Adds `inferenceServices` InferenceServices in the synthetic owners' namespaces. */
export function addSyntheticKserve(
  kserve: KserveSeed,
  scale: Required<ScaleOptions>,
  firstResourceVersion: number,
): void {
  if (scale.inferenceServices === 0) {
    return;
  }
  const namespaces: NamespaceRecord[] = SYNTHETIC_OWNERS.map(owner =>
    namespaceRecord(owner, BASE_TIME_MS - 60 * DAY, { owner }),
  );
  kserve.namespaces.push(...namespaces);
  for (let i = 1; i <= scale.inferenceServices; i++) {
    const owner = ownerOf(i);
    const hasModel = i <= scale.models && scale.versionsPerModel > 0;
    const name = `synthetic-isvc-${pad(i)}`;
    kserve.inferenceServices.push(
      buildInferenceService(
        {
          namespace: owner,
          name,
          owner,
          registeredModel: hasModel ? syntheticModelName(i) : undefined,
          modelVersion: hasModel ? scale.versionsPerModel : undefined,
          format: 'xgboost',
          storageUri: `s3://mlflow-artifacts/synthetic/${name}/model`,
          createdAt: BASE_TIME_MS - 40 * DAY + i * MINUTE,
          generation: 1 + (i % 3),
          readyAt: BASE_TIME_MS - 2 * DAY + i * 1000,
          degraded:
            i % 10 === 0
              ? {
                  reason: 'RevisionFailed',
                  message:
                    'Container "kserve-container" is waiting to start: CrashLoopBackOff',
                }
              : undefined,
          extraLabels: { synthetic: 'true' },
        },
        firstResourceVersion + i,
      ),
    );
  }
}
