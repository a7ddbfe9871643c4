import {
  KUBEFLOW_PARAMETER_TYPES,
  KUBEFLOW_RUN_STATES,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  KubeflowExperiment,
  KubeflowPage,
  KubeflowPipeline,
  KubeflowPipelineVersion,
  KubeflowRecurringRun,
  KubeflowRun,
} from '../KubeflowApi';

/*
 * Checks that what the client hands out is what its types promise (ids and names present, every
 * other field of its declared type, KFP's zero time gone): the property tests run them on the
 * result of every answer the contract allows.
 */

function fail(what: string, value: unknown): never {
  throw new Error(`${what} is ${JSON.stringify(value)}`);
}

const requiredText = (value: unknown, what: string) => {
  if (typeof value !== 'string' || value === '') fail(what, value);
};
export const optionalOf = (value: unknown, type: string, what: string) => {
  if (value !== undefined && typeof value !== type) fail(what, value);
};
const optionalTime = (value: unknown, what: string) => {
  if (value !== undefined && Number.isNaN(Date.parse(value as string))) {
    fail(what, value);
  }
};
const optionalInteger = (value: unknown, what: string) => {
  if (value !== undefined && !Number.isSafeInteger(value)) fail(what, value);
};

export function checkPipeline(p: KubeflowPipeline) {
  requiredText(p.pipelineId, 'pipelineId');
  requiredText(p.displayName, 'displayName');
  for (const field of ['name', 'description', 'namespace'] as const) {
    optionalOf(p[field], 'string', field);
  }
  optionalTime(p.createdAt, 'createdAt');
}

export function checkVersion(v: KubeflowPipelineVersion) {
  requiredText(v.pipelineId, 'pipelineId');
  requiredText(v.pipelineVersionId, 'pipelineVersionId');
  requiredText(v.displayName, 'displayName');
  optionalTime(v.createdAt, 'createdAt');
  for (const p of v.parameters) {
    requiredText(p.name, 'parameter name');
    if (!KUBEFLOW_PARAMETER_TYPES.includes(p.type)) fail('type', p.type);
    if (typeof p.optional !== 'boolean') fail('optional', p.optional);
    optionalOf(p.description, 'string', 'description');
  }
  for (const t of v.tasks) {
    requiredText(t.name, 'task name');
    requiredText(t.displayName, 'task displayName');
    if (!t.dependsOn.every(d => typeof d === 'string' && d)) {
      fail('dependsOn', t.dependsOn);
    }
  }
}

function checkState(state: unknown) {
  if (state !== undefined && !KUBEFLOW_RUN_STATES.includes(state as never)) {
    fail('state', state);
  }
}

export function checkRun(r: KubeflowRun) {
  requiredText(r.runId, 'runId');
  requiredText(r.displayName, 'displayName');
  checkState(r.state);
  for (const field of ['createdAt', 'scheduledAt', 'finishedAt'] as const) {
    optionalTime(r[field], field);
    // KFP's zero time is no time.
    if (r[field] !== undefined && Date.parse(r[field]!) === 0) {
      fail(field, r[field]);
    }
  }
  for (const field of [
    'experimentId',
    'pipelineId',
    'pipelineVersionId',
    'error',
  ] as const) {
    optionalOf(r[field], 'string', field);
  }
  if (
    r.parameters !== undefined &&
    (typeof r.parameters !== 'object' || Array.isArray(r.parameters))
  ) {
    fail('parameters', r.parameters);
  }
  for (const t of r.tasks) {
    requiredText(t.taskId, 'taskId');
    requiredText(t.displayName, 'task displayName');
    checkState(t.state);
    optionalTime(t.endTime, 'endTime');
  }
}

export function checkRecurringRun(r: KubeflowRecurringRun) {
  requiredText(r.recurringRunId, 'recurringRunId');
  requiredText(r.displayName, 'displayName');
  if (typeof r.enabled !== 'boolean') fail('enabled', r.enabled);
  optionalInteger(r.intervalSeconds, 'intervalSeconds');
  optionalInteger(r.maxConcurrency, 'maxConcurrency');
  optionalOf(r.cron, 'string', 'cron');
  optionalTime(r.startTime, 'startTime');
}

export function checkExperiment(e: KubeflowExperiment) {
  requiredText(e.experimentId, 'experimentId');
  requiredText(e.displayName, 'displayName');
  if (typeof e.archived !== 'boolean') fail('archived', e.archived);
  optionalTime(e.lastRunCreatedAt, 'lastRunCreatedAt');
}

export const checkPage =
  <T>(check: (item: T) => void) =>
  (page: KubeflowPage<T>) => {
    page.items.forEach(check);
    optionalOf(page.nextPageToken, 'string', 'nextPageToken');
    optionalInteger(page.totalSize, 'totalSize');
  };
