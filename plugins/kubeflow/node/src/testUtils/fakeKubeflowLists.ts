import { InputError } from '@backstage/errors';
import type {
  KubeflowExperiment,
  KubeflowListOptions,
  KubeflowPage,
  KubeflowPipeline,
  KubeflowPipelineVersion,
  KubeflowPredicate,
  KubeflowRecurringRun,
  KubeflowRun,
} from '@mlops-portal/plugin-kubeflow-node';

/**
 * The fields of one kind of object that a list may filter and sort on, by KFP's key
 * (`display_name`, `created_at`, …); timestamps are read as epoch milliseconds.
 *
 * @internal
 */
export type ListFields<T> = Record<
  string,
  (item: T) => string | number | undefined
> & { id: (item: T) => string };

/**
 * The most items KFP answers in one page, whatever `page_size` asks for.
 *
 * @internal
 */
export const KFP_MAX_PAGE_SIZE = 200;

/**
 * Filters, sorts and pages a list the way KFP's API server does: every predicate must hold
 * (an unknown key is KFP's 400), `sortBy` is `field` or `field desc` (ties in id order), the page
 * size is the instance's `pageSize` unless a smaller one is asked for (a larger one is the real
 * client's `InputError`), and the page token is opaque.
 *
 * @internal
 */
export function listPage<T>(
  items: readonly T[],
  fields: ListFields<T>,
  options: KubeflowListOptions,
  instancePageSize: number,
): KubeflowPage<T> {
  const predicates = options.filter ?? [];
  for (const predicate of predicates) {
    if (!fields[predicate.key]) {
      throw new InputError(
        `Invalid input error: no support for filtering on unrecognized field "${predicate.key}"`,
      );
    }
  }
  const matching = items.filter(item =>
    predicates.every(predicate =>
      holds(fields[predicate.key](item), predicate),
    ),
  );
  const sorted = sortBy(matching, fields, options.sortBy);
  const pageSize = readPageSize(options.pageSize, instancePageSize);
  const offset = readPageToken(options.pageToken);
  const pageItems = sorted.slice(offset, offset + pageSize);
  const end = offset + pageItems.length;
  return {
    items: pageItems,
    totalSize: sorted.length,
    ...(end < sorted.length && { nextPageToken: pageToken(end) }),
  };
}

function sortBy<T>(
  items: T[],
  fields: ListFields<T>,
  sort: string | undefined,
): T[] {
  const [field, direction = 'asc', ...rest] = (
    sort?.trim() || 'created_at'
  ).split(/\s+/);
  const order = direction.toLowerCase();
  if (!fields[field] || rest.length > 0 || !['asc', 'desc'].includes(order)) {
    throw new InputError(
      `Invalid input error: Invalid sorting field: "${sort}"`,
    );
  }
  const get = fields[field];
  const sign = order === 'desc' ? -1 : 1;
  return [...items].sort((a, b) => {
    const va = get(a) ?? '';
    const vb = get(b) ?? '';
    if (va !== vb) {
      return (va < vb ? -1 : 1) * sign;
    }
    const ia = fields.id(a);
    const ib = fields.id(b);
    return ia < ib ? -1 : Number(ia > ib);
  });
}

// What the real client refuses before it sends anything; KFP itself answers at most 200.
function readPageSize(asked: number | undefined, instance: number): number {
  if (asked === undefined) {
    return Math.min(instance, KFP_MAX_PAGE_SIZE);
  }
  if (!Number.isInteger(asked) || asked < 1 || asked > instance) {
    throw new InputError(
      `pageSize must be an integer from 1 to ${instance} (the instance's page size), got ${asked}`,
    );
  }
  return Math.min(asked, KFP_MAX_PAGE_SIZE);
}

// Opaque to callers, like KFP's; only this module reads them back.
const TOKEN_PREFIX = 'fake-kfp-offset:';

function pageToken(offset: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${offset}`).toString('base64url');
}

function readPageToken(token: string | undefined): number {
  if (!token) {
    return 0;
  }
  const text = Buffer.from(token, 'base64url').toString();
  const offset = Number(text.slice(TOKEN_PREFIX.length));
  if (!text.startsWith(TOKEN_PREFIX) || !Number.isSafeInteger(offset)) {
    throw new InputError('Invalid input error: Invalid page token');
  }
  return offset;
}

function comparable(value: KubeflowPredicate['value']): string | number {
  if (typeof value === 'object' && value !== null && 'timestamp' in value) {
    return Date.parse(value.timestamp);
  }
  return value as string | number;
}

function holds(
  actual: string | number | undefined,
  predicate: KubeflowPredicate,
): boolean {
  const { operation, value } = predicate;
  if (actual === undefined) {
    return operation === 'NOT_EQUALS';
  }
  switch (operation) {
    case 'EQUALS':
      return actual === comparable(value);
    case 'NOT_EQUALS':
      return actual !== comparable(value);
    case 'IN':
      return Array.isArray(value) && value.includes(String(actual));
    case 'IS_SUBSTRING':
      return String(actual).includes(String(value));
    default: {
      const expected = comparable(value);
      if (operation === 'GREATER_THAN') return actual > expected;
      if (operation === 'GREATER_THAN_EQUALS') return actual >= expected;
      if (operation === 'LESS_THAN') return actual < expected;
      return actual <= expected;
    }
  }
}

const epochMs = (iso: string | undefined): number | undefined =>
  iso === undefined ? undefined : Date.parse(iso);

// The keys KFP's API server filters and sorts each kind of object on.

/** @internal */
export const PIPELINE_FIELDS: ListFields<KubeflowPipeline> = {
  id: p => p.pipelineId,
  pipeline_id: p => p.pipelineId,
  name: p => p.name,
  display_name: p => p.displayName,
  description: p => p.description,
  namespace: p => p.namespace,
  created_at: p => epochMs(p.createdAt),
};

/** @internal */
export const VERSION_FIELDS: ListFields<KubeflowPipelineVersion> = {
  id: v => v.pipelineVersionId,
  pipeline_version_id: v => v.pipelineVersionId,
  name: v => v.name,
  display_name: v => v.displayName,
  description: v => v.description,
  created_at: v => epochMs(v.createdAt),
};

/** @internal */
export const RUN_FIELDS: ListFields<KubeflowRun> = {
  id: r => r.runId,
  run_id: r => r.runId,
  name: r => r.displayName,
  display_name: r => r.displayName,
  experiment_id: r => r.experimentId,
  pipeline_id: r => r.pipelineId,
  pipeline_version_id: r => r.pipelineVersionId,
  recurring_run_id: r => r.recurringRunId,
  state: r => r.state,
  created_at: r => epochMs(r.createdAt),
  scheduled_at: r => epochMs(r.scheduledAt),
  finished_at: r => epochMs(r.finishedAt),
};

/** @internal */
export const RECURRING_RUN_FIELDS: ListFields<KubeflowRecurringRun> = {
  id: r => r.recurringRunId,
  recurring_run_id: r => r.recurringRunId,
  name: r => r.displayName,
  display_name: r => r.displayName,
  status: r => (r.enabled ? 'ENABLED' : 'DISABLED'),
  experiment_id: r => r.experimentId,
  pipeline_version_id: r => r.pipelineVersionId,
  namespace: r => r.namespace,
  created_at: r => epochMs(r.createdAt),
};

/** @internal */
export const EXPERIMENT_FIELDS: ListFields<KubeflowExperiment> = {
  id: e => e.experimentId,
  experiment_id: e => e.experimentId,
  name: e => e.displayName,
  display_name: e => e.displayName,
  description: e => e.description,
  namespace: e => e.namespace,
  storage_state: e => (e.archived ? 'ARCHIVED' : 'AVAILABLE'),
  created_at: e => epochMs(e.createdAt),
  last_run_created_at: e => epochMs(e.lastRunCreatedAt),
};
