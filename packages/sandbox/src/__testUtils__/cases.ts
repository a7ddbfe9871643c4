import { kfpIds, mlflowRunId } from '../index';
import { kubeflowWriteCases } from '../kubeflow/__testUtils__/cases';

/**
 * Requests with real story ids for every route of the sandbox (plus paging, filter and
 * label-selector variants and 4xx cases). Shared by the contract and determinism tests.
 */

/** HTTP method of a case. */
export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One request and the status it must get. */
export interface Case {
  method: Method;
  url: string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Set for cases that send invalid input on purpose (skips request validation). */
  invalidRequest?: boolean;
  /** Extra assertions (required for routes that have no contract). */
  check?: (body: any, text: string) => void;
}

/** Run behind fraud-detector v4 (the champion). */
export const FRAUD_V4_RUN = mlflowRunId(
  'fraud-detection',
  'airflow:scheduled__2026-10-27T02:00:00+00:00',
);
const FRAUD_PIPELINE = kfpIds.pipeline('fraud-detection-training');
const FRAUD_V3 = kfpIds.version('fraud-detection-training', 'v3');
const FRAUD_KFP_EXPERIMENT = kfpIds.experiment('fraud-detection');
const NEWEST_FRAUD_KFP_RUN = kfpIds.run(
  'fraud-detection-training',
  '2026-10-31T23:00:00Z',
);
const FRAUD_NIGHTLY = kfpIds.recurringRun('fraud-detection-nightly');
const q = encodeURIComponent;

function mlflowCases(mount: string): Case[] {
  const m = `${mount}/api/2.0/mlflow`;
  const model = q('fraud-detector');
  return [
    {
      method: 'GET',
      url: `${m}/experiments/get?experiment_id=1`,
      status: 200,
      check: b => expect(b.experiment.name).toBe('fraud-detection'),
    },
    {
      method: 'GET',
      url: `${m}/experiments/get?experiment_id=999`,
      status: 404,
    },
    {
      method: 'GET',
      url: `${m}/experiments/get-by-name?experiment_name=churn-prediction`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${m}/experiments/get-by-name?experiment_name=nope`,
      status: 404,
    },
    {
      method: 'POST',
      url: `${m}/experiments/search`,
      body: { max_results: 2 },
      status: 200,
      check: b => expect(b.next_page_token).toBeDefined(),
    },
    {
      method: 'POST',
      url: `${m}/experiments/search`,
      body: { filter: "name LIKE 'fraud%'", order_by: ['name ASC'] },
      status: 200,
    },
    {
      method: 'GET',
      url: `${m}/experiments/search?max_results=10&order_by=name`,
      status: 200,
    },
    {
      method: 'POST',
      url: `${m}/experiments/create`,
      body: { name: 'contract-test', tags: [{ key: 'owner', value: 'x' }] },
      status: 200,
    },
    {
      method: 'POST',
      url: `${m}/experiments/create`,
      body: { name: 'fraud-detection' },
      status: 400,
    },
    {
      method: 'GET',
      url: `${m}/runs/get?run_id=${FRAUD_V4_RUN}`,
      status: 200,
      check: b => expect(b.run.info.run_id).toBe(FRAUD_V4_RUN),
    },
    { method: 'GET', url: `${m}/runs/get?run_id=deadbeef`, status: 404 },
    {
      method: 'POST',
      url: `${m}/runs/search`,
      body: {
        experiment_ids: ['1'],
        filter: "metrics.auc > 0.9 and attributes.status = 'FINISHED'",
        order_by: ['metrics.auc DESC'],
        max_results: 5,
      },
      status: 200,
    },
    {
      method: 'POST',
      url: `${m}/runs/search`,
      body: { experiment_ids: ['1'], filter: 'metrics.auc >' },
      status: 400,
      invalidRequest: true,
    },
    {
      method: 'GET',
      url: `${m}/metrics/get-history?run_id=${FRAUD_V4_RUN}&metric_key=val_auc`,
      status: 200,
      check: b => expect(b.metrics).toHaveLength(50),
    },
    {
      method: 'GET',
      url: `${m}/metrics/get-history?run_id=${FRAUD_V4_RUN}&metric_key=train_loss&max_results=20`,
      status: 200,
      check: b => expect(b.next_page_token).toBeDefined(),
    },
    {
      method: 'GET',
      url: `${m}/registered-models/search?max_results=1000`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${m}/registered-models/search?filter=${q(
        "name LIKE '%-%'",
      )}&max_results=1`,
      status: 200,
      check: b => expect(b.next_page_token).toBeDefined(),
    },
    {
      method: 'GET',
      url: `${m}/registered-models/search?max_results=1001`,
      status: 400,
      invalidRequest: true,
    },
    {
      method: 'GET',
      url: `${m}/registered-models/search?page_token=not-a-token`,
      status: 400,
    },
    {
      method: 'GET',
      url: `${m}/registered-models/get?name=${q('Produkt Empfehlung – β')}`,
      status: 200,
    },
    { method: 'GET', url: `${m}/registered-models/get?name=nope`, status: 404 },
    {
      method: 'POST',
      url: `${m}/registered-models/create`,
      body: {
        name: 'contract-model',
        description: 'd',
        tags: [{ key: 'owner', value: 'x' }],
      },
      status: 200,
    },
    {
      method: 'POST',
      url: `${m}/registered-models/create`,
      body: { name: 'fraud-detector' },
      status: 400,
    },
    {
      method: 'POST',
      url: `${m}/registered-models/set-tag`,
      body: { name: 'fraud-detector', key: 'tier', value: 'gold' },
      status: 200,
    },
    {
      method: 'GET',
      url: `${m}/registered-models/get-latest-versions?name=${model}&stages=Production`,
      status: 200,
    },
    {
      method: 'POST',
      url: `${m}/registered-models/get-latest-versions`,
      body: { name: 'fraud-detector' },
      status: 200,
    },
    {
      method: 'POST',
      url: `${m}/registered-models/alias`,
      body: { name: 'fraud-detector', alias: 'shadow', version: '3' },
      status: 200,
    },
    {
      method: 'DELETE',
      url: `${m}/registered-models/alias`,
      body: { name: 'fraud-detector', alias: 'challenger' },
      status: 200,
    },
    {
      method: 'GET',
      url: `${m}/registered-models/alias?name=${model}&alias=champion`,
      status: 200,
      check: b => expect(b.model_version.version).toBe('4'),
    },
    {
      method: 'GET',
      url: `${m}/registered-models/alias?name=${model}&alias=nope`,
      status: 400,
    },
    {
      method: 'GET',
      url: `${m}/model-versions/search?filter=${q("name='fraud-detector'")}`,
      status: 200,
      check: b => expect(b.model_versions).toHaveLength(5),
    },
    {
      method: 'GET',
      url: `${m}/model-versions/search?filter=${q(
        `run_id='${FRAUD_V4_RUN}'`,
      )}&max_results=10`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${m}/model-versions/get?name=${model}&version=5`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${m}/model-versions/get?name=${model}&version=99`,
      status: 404,
    },
    {
      method: 'GET',
      url: `${m}/model-versions/get-download-uri?name=${model}&version=5`,
      status: 200,
    },
    {
      method: 'POST',
      url: `${m}/model-versions/create`,
      body: {
        name: 'fraud-detector',
        source: 's3://b/m',
        run_id: FRAUD_V4_RUN,
      },
      status: 200,
    },
    {
      method: 'POST',
      url: `${m}/model-versions/create`,
      body: { name: 'fraud-detector' },
      status: 400,
      invalidRequest: true,
    },
    {
      method: 'POST',
      url: `${m}/model-versions/set-tag`,
      body: { name: 'fraud-detector', version: '5', key: 'k', value: 'v' },
      status: 200,
    },
    {
      method: 'POST',
      url: `${m}/model-versions/transition-stage`,
      body: {
        name: 'fraud-detector',
        version: '5',
        stage: 'Production',
        archive_existing_versions: true,
      },
      status: 200,
      check: b => expect(b.model_version.current_stage).toBe('Production'),
    },
    {
      method: 'POST',
      url: `${m}/model-versions/transition-stage`,
      body: {
        name: 'fraud-detector',
        version: '5',
        stage: 'Live',
        archive_existing_versions: false,
      },
      status: 400,
    },
  ];
}

function airflowV2Cases(): Case[] {
  const a = '/airflow/api/v2';
  const run = q('scheduled__2026-10-31T02:00:00+00:00');
  const failed = q('scheduled__2026-10-26T03:00:00+00:00');
  return [
    { method: 'GET', url: `${a}/version`, status: 200 },
    { method: 'GET', url: `${a}/monitor/health`, status: 200 },
    {
      method: 'GET',
      url: `${a}/dags`,
      status: 200,
      check: b => expect(b.total_entries).toBe(4),
    },
    {
      method: 'GET',
      url: `${a}/dags?limit=2&offset=1&order_by=-dag_id&tags=training&owners=fraud-detection`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${a}/dags?dag_id_pattern=fraud&paused=false`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${a}/dags?limit=abc`,
      status: 422,
      invalidRequest: true,
    },
    {
      method: 'PATCH',
      url: `${a}/dags/fraud_detection_training?update_mask=owners`,
      body: { is_paused: true },
      status: 400,
    },
    { method: 'GET', url: `${a}/dags/fraud_detection_training`, status: 200 },
    { method: 'GET', url: `${a}/dags/nope`, status: 404 },
    {
      method: 'PATCH',
      url: `${a}/dags/demand_forecast_batch?update_mask=is_paused`,
      body: { is_paused: false },
      status: 200,
      check: b => expect(b.is_paused).toBe(false),
    },
    {
      method: 'PATCH',
      url: `${a}/dags/nope`,
      body: { is_paused: true },
      status: 404,
    },
    {
      method: 'GET',
      url: `${a}/dags/fraud_detection_training/details`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${a}/dags/fraud_detection_training/dagRuns?limit=5&order_by=-run_after&state=success`,
      status: 200,
    },
    { method: 'GET', url: `${a}/dags/~/dagRuns?limit=100`, status: 200 },
    {
      method: 'POST',
      url: `${a}/dags/fraud_detection_training/dagRuns`,
      body: {
        conf: { reason: 'contract' },
        logical_date: null,
        note: 'from test',
      },
      status: 200,
      check: b => expect(b.state).toBe('queued'),
    },
    {
      method: 'POST',
      url: `${a}/dags/fraud_detection_training/dagRuns`,
      body: { colour: 'red' },
      status: 422,
      invalidRequest: true,
    },
    {
      method: 'GET',
      url: `${a}/dags/fraud_detection_training/dagRuns/${run}`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${a}/dags/fraud_detection_training/dagRuns/nope`,
      status: 404,
    },
    {
      method: 'GET',
      url: `${a}/dags/churn_model_retrain/dagRuns/${failed}/taskInstances`,
      status: 200,
      check: b =>
        expect(b.task_instances.map((t: any) => t.state)).toContain('failed'),
    },
    {
      method: 'GET',
      url: `${a}/dags/churn_model_retrain/dagRuns/${failed}/taskInstances/train_model/logs/2`,
      status: 200,
      check: b => expect(JSON.stringify(b.content)).toContain('FAILED'),
    },
    {
      method: 'POST',
      url: `${a}/dags/churn_model_retrain/clearTaskInstances`,
      body: { dag_run_id: decodeURIComponent(failed), dry_run: true },
      status: 200,
      check: b => expect(b.total_entries).toBeGreaterThan(0),
    },
    {
      method: 'POST',
      url: `${a}/dags/churn_model_retrain/clearTaskInstances`,
      body: { dag_run_id: decodeURIComponent(failed), dry_run: 'sometimes' },
      status: 422,
      invalidRequest: true,
    },
  ];
}

function airflowV1Cases(): Case[] {
  const a = '/airflow2/api/v1';
  const run = q('scheduled__2026-10-31T02:00:00+00:00');
  return [
    { method: 'GET', url: `${a}/health`, status: 200 },
    { method: 'GET', url: `${a}/version`, status: 200 },
    {
      method: 'GET',
      url: `${a}/dags?limit=2&order_by=-dag_id`,
      status: 200,
      check: b => expect(b.total_entries).toBe(4),
    },
    {
      method: 'GET',
      url: `${a}/dags?tags=supply-chain&paused=true`,
      status: 200,
      check: b => expect(b.dags).toHaveLength(1),
    },
    {
      method: 'POST',
      url: `${a}/dags/fraud_detection_training/dagRuns`,
      body: { conf: 'not-an-object' },
      status: 400,
      invalidRequest: true,
    },
    { method: 'GET', url: `${a}/dags/fraud_feature_refresh`, status: 200 },
    { method: 'GET', url: `${a}/dags/nope`, status: 404 },
    {
      method: 'PATCH',
      url: `${a}/dags/fraud_feature_refresh?update_mask=is_paused`,
      body: { is_paused: true },
      status: 200,
    },
    {
      method: 'GET',
      url: `${a}/dags/fraud_detection_training/details`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${a}/dags/fraud_detection_training/dagRuns?limit=3&order_by=-execution_date`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${a}/dags/fraud_detection_training/dagRuns?state=failed`,
      status: 200,
      check: b => expect(b.total_entries).toBe(1),
    },
    {
      method: 'POST',
      url: `${a}/dags/fraud_detection_training/dagRuns`,
      body: { conf: { a: 1 }, dag_run_id: 'contract-run' },
      status: 200,
    },
    {
      method: 'POST',
      url: `${a}/dags/fraud_detection_training/dagRuns`,
      body: { dag_run_id: run.replace(/%2B/g, '+').replace(/%3A/g, ':') },
      status: 409,
    },
    {
      method: 'GET',
      url: `${a}/dags/fraud_detection_training/dagRuns/${run}`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${a}/dags/fraud_detection_training/dagRuns/${run}/taskInstances`,
      status: 200,
    },
    {
      method: 'POST',
      url: `${a}/dags/fraud_detection_training/clearTaskInstances`,
      body: {
        dag_run_id: decodeURIComponent(run),
        dry_run: false,
        only_failed: false,
      },
      status: 200,
      check: b => expect(b.task_instances).toHaveLength(5),
    },
    {
      method: 'GET',
      url: `${a}/dags/fraud_detection_training/dagRuns/${run}/taskInstances/train_model/logs/1`,
      status: 200,
      headers: { Accept: 'application/json' },
    },
    {
      method: 'GET',
      url: `${a}/dags/fraud_detection_training/dagRuns/${run}/taskInstances/train_model/logs/1`,
      status: 200,
      headers: { Accept: 'text/plain' },
      check: (_b, text) => expect(text).toContain('Marking task as SUCCESS'),
    },
  ];
}

function kubeflowCases(): Case[] {
  const k = '/kubeflow/apis/v2beta1';
  const nameFilter = q(
    JSON.stringify({
      predicates: [
        {
          key: 'name',
          operation: 'EQUALS',
          string_value: 'fraud-detection-training',
        },
      ],
    }),
  );
  const substring = q(
    JSON.stringify({
      predicates: [
        {
          key: 'display_name',
          operation: 'IS_SUBSTRING',
          string_value: 'nightly',
        },
      ],
    }),
  );
  return [
    { method: 'GET', url: `${k}/healthz`, status: 200 },
    {
      method: 'GET',
      url: `${k}/pipelines`,
      status: 200,
      check: b => expect(b.total_size).toBe(2),
    },
    {
      method: 'GET',
      url: `${k}/pipelines?filter=${nameFilter}&namespace=kubeflow`,
      status: 200,
      check: b => expect(b.pipelines).toHaveLength(1),
    },
    {
      method: 'GET',
      url: `${k}/pipelines?page_size=1&sort_by=${q('name desc')}`,
      status: 200,
      check: b => expect(b.next_page_token).toBeDefined(),
    },
    { method: 'GET', url: `${k}/pipelines?filter=notjson`, status: 400 },
    { method: 'GET', url: `${k}/pipelines/${FRAUD_PIPELINE}`, status: 200 },
    { method: 'GET', url: `${k}/pipelines/nope`, status: 404 },
    {
      method: 'GET',
      url: `${k}/pipelines/names/fraud-detection-training`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${k}/pipelines/${FRAUD_PIPELINE}/versions?sort_by=${q(
        'created_at desc',
      )}`,
      status: 200,
      check: b => expect(b.pipeline_versions[0].display_name).toBe('v3'),
    },
    {
      method: 'GET',
      url: `${k}/pipelines/${FRAUD_PIPELINE}/versions/${FRAUD_V3}`,
      status: 200,
    },
    { method: 'GET', url: `${k}/experiments`, status: 200 },
    {
      method: 'GET',
      url: `${k}/experiments/${FRAUD_KFP_EXPERIMENT}`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${k}/runs?experiment_id=${FRAUD_KFP_EXPERIMENT}&page_size=3&sort_by=${q(
        'created_at desc',
      )}`,
      status: 200,
      check: b => expect(b.runs[0].state).toBe('RUNNING'),
    },
    {
      method: 'GET',
      url: `${k}/runs?filter=${substring}`,
      status: 200,
      check: b => expect(b.total_size).toBe(10),
    },
    { method: 'GET', url: `${k}/runs/${NEWEST_FRAUD_KFP_RUN}`, status: 200 },
    { method: 'GET', url: `${k}/runs/nope`, status: 404 },
    {
      method: 'POST',
      url: `${k}/runs`,
      body: {
        display_name: 'contract run',
        experiment_id: FRAUD_KFP_EXPERIMENT,
        pipeline_version_reference: {
          pipeline_id: FRAUD_PIPELINE,
          pipeline_version_id: FRAUD_V3,
        },
        runtime_config: { parameters: { lookback_days: 30 } },
      },
      status: 200,
      check: b => expect(b.state).toBe('PENDING'),
    },
    {
      method: 'POST',
      url: `${k}/runs`,
      body: { description: 'no name' },
      status: 400,
    },
    {
      method: 'GET',
      url: `${k}/recurringruns?experiment_id=${FRAUD_KFP_EXPERIMENT}`,
      status: 200,
    },
    {
      method: 'GET',
      url: `${k}/recurringruns/${FRAUD_NIGHTLY}`,
      status: 200,
      check: b => expect(b.status).toBe('ENABLED'),
    },
  ];
}

function kubernetesCases(): Case[] {
  const g = '/kubernetes/apis/serving.kserve.io/v1beta1';
  const isvc = `${g}/namespaces/fraud-detection/inferenceservices/fraud-detector`;
  const created = {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'new-model', labels: { owner: 'fraud-detection' } },
    spec: {
      predictor: {
        model: {
          modelFormat: { name: 'sklearn' },
          storageUri: 's3://bucket/model',
        },
      },
    },
  };
  return [
    {
      method: 'GET',
      url: '/kubernetes/version',
      status: 200,
      check: b => expect(b.gitVersion).toMatch(/^v1\./),
    },
    {
      method: 'GET',
      url: '/kubernetes/api',
      status: 200,
      check: b => expect(b.kind).toBe('APIVersions'),
    },
    {
      method: 'GET',
      url: '/kubernetes/apis',
      status: 200,
      check: b => expect(b.groups[0].name).toBe('serving.kserve.io'),
    },
    {
      method: 'GET',
      url: g,
      status: 200,
      check: b => expect(b.resources[0].kind).toBe('InferenceService'),
    },
    {
      method: 'GET',
      url: '/kubernetes/api/v1/namespaces',
      status: 200,
      check: b =>
        expect(b.items.map((n: any) => n.metadata.name)).toContain(
          'supply-chain',
        ),
    },
    {
      method: 'GET',
      url: '/kubernetes/api/v1/namespaces/fraud-detection',
      status: 200,
      check: b => expect(b.status.phase).toBe('Active'),
    },
    { method: 'GET', url: `${g}/inferenceservices`, status: 200 },
    {
      method: 'GET',
      url: `${g}/inferenceservices?labelSelector=${q(
        'owner in (fraud-detection,supply-chain),app.kubernetes.io/name!=x',
      )}&limit=1`,
      status: 200,
      check: b => expect(b.metadata.continue).toBeDefined(),
    },
    {
      method: 'GET',
      url: `${g}/inferenceservices?labelSelector=${q('owner in (')}`,
      status: 400,
    },
    {
      method: 'GET',
      url: `${g}/namespaces/supply-chain/inferenceservices`,
      status: 200,
    },
    {
      method: 'POST',
      url: `${g}/namespaces/fraud-detection/inferenceservices`,
      body: created,
      status: 201,
    },
    {
      method: 'POST',
      url: `${g}/namespaces/fraud-detection/inferenceservices`,
      body: { ...created, metadata: { name: 'fraud-detector' } },
      status: 409,
    },
    { method: 'GET', url: isvc, status: 200 },
    {
      method: 'GET',
      url: `${g}/namespaces/fraud-detection/inferenceservices/nope`,
      status: 404,
    },
    {
      method: 'PATCH',
      url: isvc,
      body: { spec: { predictor: { canaryTrafficPercent: 50 } } },
      headers: { 'Content-Type': 'application/merge-patch+json' },
      status: 200,
      check: b => expect(b.metadata.generation).toBe(6),
    },
    {
      method: 'PATCH',
      url: isvc,
      body: { metadata: { resourceVersion: '1' } },
      headers: { 'Content-Type': 'application/merge-patch+json' },
      status: 409,
    },
    {
      method: 'PATCH',
      url: isvc,
      body: { spec: {} },
      headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
      status: 415,
    },
    {
      method: 'PATCH',
      url: `${isvc}?fieldManager=backstage-kserve`,
      body: JSON.stringify({
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: { name: 'fraud-detector' },
        spec: { predictor: { canaryTrafficPercent: 100 } },
      }),
      headers: { 'Content-Type': 'application/apply-patch+yaml' },
      status: 200,
      check: b =>
        expect(b.metadata.managedFields[0]).toMatchObject({
          manager: 'backstage-kserve',
          operation: 'Apply',
        }),
    },
    {
      method: 'PATCH',
      url: `${g}/namespaces/fraud-detection/inferenceservices/new-model?fieldManager=kubectl`,
      body: [
        'apiVersion: serving.kserve.io/v1beta1',
        'kind: InferenceService',
        'metadata:',
        '  name: new-model',
        '  labels: {owner: fraud-detection}',
        'spec:',
        '  predictor:',
        '    model:',
        '      modelFormat: {name: sklearn}',
        "      storageUri: 's3://bucket/model'",
        '',
      ].join('\n'),
      headers: { 'Content-Type': 'application/apply-patch+yaml' },
      status: 201,
      check: b => expect(b.metadata.generation).toBe(1),
    },
    {
      method: 'PATCH',
      url: isvc,
      body: JSON.stringify({
        ...created,
        metadata: { name: 'fraud-detector' },
      }),
      headers: { 'Content-Type': 'application/apply-patch+yaml' },
      status: 422,
    },
    {
      method: 'DELETE',
      url: isvc,
      status: 200,
      // Finalizers keep it until KServe's controller lets go: the answer is the marked object.
      check: b => expect(b.metadata.deletionTimestamp).toBeDefined(),
    },
    {
      method: 'DELETE',
      url: `${g}/namespaces/fraud-detection/inferenceservices/nope`,
      status: 404,
    },
    {
      method: 'GET',
      url: `/kubernetes/api/v1/namespaces/fraud-detection/events?fieldSelector=${q(
        'involvedObject.kind=InferenceService,involvedObject.name=fraud-detector',
      )}`,
      status: 200,
      check: b => {
        expect(b.kind).toBe('EventList');
        expect(b.items.map((e: any) => e.reason)).toEqual([
          'InferenceServiceReady',
          'UpdatedTraffic',
        ]);
      },
    },
    {
      method: 'GET',
      url: `/kubernetes/api/v1/events?fieldSelector=${q('type=Warning')}`,
      status: 200,
      check: b =>
        expect(
          b.items.map((e: any) => `${e.involvedObject.name} ${e.reason}`),
        ).toEqual(['demand-forecaster RevisionFailed']),
    },
    {
      method: 'GET',
      url: `/kubernetes/api/v1/events?fieldSelector=${q('spec.x=y')}`,
      status: 400,
      check: b => expect(b.message).toBe('field label not supported: spec.x'),
    },
    { method: 'GET', url: `${isvc}/status`, status: 200 },
    {
      method: 'PATCH',
      url: `${isvc}/status`,
      body: [
        {
          op: 'replace',
          path: '/status/modelStatus/transitionStatus',
          value: 'InProgress',
        },
      ],
      headers: { 'Content-Type': 'application/json-patch+json' },
      status: 200,
      check: b =>
        expect(b.status.modelStatus.transitionStatus).toBe('InProgress'),
    },
  ];
}

function otherCases(): Case[] {
  return [
    {
      method: 'GET',
      url: '/oidc/.well-known/openid-configuration',
      status: 200,
      check: b => expect(b.jwks_uri).toBe(`${b.issuer}/jwks`),
    },
    {
      method: 'GET',
      url: '/oidc/jwks',
      status: 200,
      check: b => expect(b.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' }),
    },
    {
      method: 'GET',
      url: '/__sandbox/healthz',
      status: 200,
      check: b => expect(b.status).toBe('ok'),
    },
    {
      method: 'GET',
      url: '/__sandbox/stats',
      status: 200,
      check: b => expect(b.systems).toBeDefined(),
    },
    {
      method: 'POST',
      url: '/__sandbox/reset',
      status: 200,
      check: b => expect(b.status).toBe('reset'),
    },
    {
      method: 'POST',
      url: '/airflow/auth/token',
      body: { username: 'admin', password: 'admin' },
      status: 201,
      check: b => expect(b.access_token.split('.')).toHaveLength(3),
    },
    {
      method: 'POST',
      url: '/airflow/auth/token',
      body: { username: 'admin', password: 'wrong' },
      status: 401,
      check: b => expect(b.detail).toBe('Invalid credentials'),
    },
  ];
}

/** Every case, in a fixed order. */
export function allCases(): Case[] {
  return [
    ...mlflowCases('/mlflow'),
    ...mlflowCases('/mlflow2'),
    ...airflowV2Cases(),
    ...airflowV1Cases(),
    ...kubeflowCases(),
    ...kubeflowWriteCases(),
    ...kubernetesCases(),
    ...otherCases(),
  ];
}
