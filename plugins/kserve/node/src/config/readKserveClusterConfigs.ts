import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import type { KserveClusterConfig } from '../KserveApi';
import {
  readKubernetesClusters,
  SkippedKubernetesCluster,
  UsableKubernetesCluster,
} from './kubernetesClusters';
import { isDns1123Label, labelSelectorProblem } from './kubernetesNames';

/**
 * Items per list page when `pageSize` is not configured.
 *
 * @public
 */
export const DEFAULT_KSERVE_PAGE_SIZE = 500;

/**
 * The largest configurable page: the API server holds a page in memory while it sends it.
 *
 * @public
 */
export const MAX_KSERVE_PAGE_SIZE = 5000;

/** The kit's defaults for an instance (`readInstanceConfigs`), so a cluster behaves alike. */
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_CACHE_TTL_MS = 5_000;
const MAX_RETRIES = 10;

/**
 * What {@link readKserveClusterConfigs} found: the clusters to use, and the ones left alone.
 *
 * @public
 */
export interface KserveClusterConfigs {
  /** The clusters, the default (whose entities get no name prefix) first. */
  clusters: KserveClusterConfig[];
  /** Clusters of the `kubernetes:` config KServe cannot use; log a warning for each. */
  skipped: SkippedKubernetesCluster[];
}

/** The keys `kserve:` and each `kserve.clusters[]` entry may set for a cluster. */
interface ClusterOptions {
  namespaces?: string[];
  labelSelector?: string;
  pageSize?: number;
  timeoutMs?: number;
  retries?: number;
  cacheTtlMs?: number;
}

/**
 * Reads the clusters KServe is read from: those of Backstage's own `kubernetes:` config
 * (`clusterLocatorMethods` of type `config` with `authProvider: serviceAccount`), narrowed and
 * tuned by `kserve:` (`clusters`, `namespaces`, `labelSelector`, `pageSize`, `timeout`,
 * `retries`, `cacheTtl`). Throws InputError naming the config key on a bad value, a duplicate
 * cluster name, or a `kserve.clusters[].name` that names no usable cluster; clusters KServe
 * cannot use are returned in `skipped` instead of failing.
 *
 * @public
 */
export function readKserveClusterConfigs(config: Config): KserveClusterConfigs {
  const entries = readKubernetesClusters(config);
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const { name, keyPath } = 'usable' in entry ? entry.usable : entry.skipped;
    const first = seen.get(name);
    if (first !== undefined) {
      throw new InputError(
        `${keyPath}.name '${name}' is a duplicate of ${first}.name`,
      );
    }
    seen.set(name, keyPath);
  }
  const usable = entries.flatMap(entry =>
    'usable' in entry ? [entry.usable] : [],
  );
  const skipped = entries.flatMap(entry =>
    'skipped' in entry
      ? [{ name: entry.skipped.name, reason: entry.skipped.reason }]
      : [],
  );
  const defaults = readClusterOptions(
    config.getOptionalConfig('kserve'),
    'kserve',
  );
  const selected = config.getOptionalConfigArray('kserve.clusters');
  if (!selected) {
    return {
      clusters: usable.map(cluster => toClusterConfig(cluster, defaults, {})),
      skipped,
    };
  }
  const chosen = new Set<string>();
  const clusters = selected.map((entry, index) => {
    const keyPath = `kserve.clusters[${index}]`;
    const name = entry.getOptional('name');
    if (typeof name !== 'string' || !name.trim()) {
      throw new InputError(`${keyPath}.name is required`);
    }
    if (chosen.has(name)) {
      throw new InputError(
        `${keyPath}.name '${name}' names a cluster already listed`,
      );
    }
    chosen.add(name);
    const cluster = usable.find(candidate => candidate.name === name);
    if (!cluster) {
      const unusable = skipped.find(candidate => candidate.name === name);
      throw new InputError(
        unusable
          ? `${keyPath}.name '${name}' names a cluster KServe cannot use: ${unusable.reason}`
          : `${keyPath}.name '${name}' is not a cluster of kubernetes.clusterLocatorMethods (type config); ` +
            `known clusters are ${
              usable.map(known => `'${known.name}'`).join(', ') || 'none'
            }`,
      );
    }
    return toClusterConfig(
      cluster,
      defaults,
      readClusterOptions(entry, keyPath),
    );
  });
  return {
    clusters,
    skipped: [
      ...skipped,
      ...usable
        .filter(cluster => !chosen.has(cluster.name))
        .map(cluster => ({
          name: cluster.name,
          reason: 'kserve.clusters does not list it',
        })),
    ],
  };
}

function toClusterConfig(
  cluster: UsableKubernetesCluster,
  defaults: ClusterOptions,
  own: ClusterOptions,
): KserveClusterConfig {
  const labelSelector = own.labelSelector ?? defaults.labelSelector;
  return {
    name: cluster.name,
    baseUrl: cluster.baseUrl,
    uiUrl: cluster.uiUrl,
    auth:
      cluster.token === undefined
        ? { type: 'none' }
        : { type: 'bearer', token: cluster.token },
    ...(cluster.tokenFile !== undefined && {
      serviceAccountTokenFile: cluster.tokenFile,
    }),
    skipTLSVerify: cluster.skipTLSVerify,
    ...(cluster.caData !== undefined && { caData: cluster.caData }),
    ...(cluster.caFile !== undefined && { caFile: cluster.caFile }),
    namespaces: own.namespaces ?? defaults.namespaces ?? [],
    ...(labelSelector !== undefined && { labelSelector }),
    pageSize: own.pageSize ?? defaults.pageSize ?? DEFAULT_KSERVE_PAGE_SIZE,
    timeoutMs: own.timeoutMs ?? defaults.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retries: own.retries ?? defaults.retries ?? DEFAULT_RETRIES,
    cacheTtlMs: own.cacheTtlMs ?? defaults.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS,
  };
}

function readClusterOptions(
  config: Config | undefined,
  keyPath: string,
): ClusterOptions {
  if (!config) {
    return {};
  }
  const options: ClusterOptions = {};
  const namespaces = readNamespaces(config, keyPath);
  if (namespaces) options.namespaces = namespaces;
  const labelSelector = readLabelSelector(config, keyPath);
  if (labelSelector !== undefined) options.labelSelector = labelSelector;
  const pageSize = readInteger(
    config,
    'pageSize',
    keyPath,
    1,
    MAX_KSERVE_PAGE_SIZE,
  );
  if (pageSize !== undefined) options.pageSize = pageSize;
  const retries = readInteger(config, 'retries', keyPath, 0, MAX_RETRIES);
  if (retries !== undefined) options.retries = retries;
  const timeoutMs = readDurationMs(config, 'timeout', keyPath);
  if (timeoutMs === 0) {
    throw new InputError(`${keyPath}.timeout must be longer than zero`);
  }
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  const cacheTtlMs = readDurationMs(config, 'cacheTtl', keyPath);
  if (cacheTtlMs !== undefined) options.cacheTtlMs = cacheTtlMs;
  return options;
}

function readNamespaces(config: Config, keyPath: string): string[] | undefined {
  const value = config.getOptional('namespaces');
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value)) {
    throw new InputError(
      `${keyPath}.namespaces must be a list of namespaces, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  value.forEach((namespace, index) => {
    if (!isDns1123Label(namespace)) {
      throw new InputError(
        `${keyPath}.namespaces[${index}] must be a Kubernetes namespace (a DNS-1123 label: ` +
          `lower-case letters, digits and '-', at most 63 characters), got ${JSON.stringify(
            namespace,
          )}`,
      );
    }
  });
  return [...new Set(value as string[])];
}

function readLabelSelector(
  config: Config,
  keyPath: string,
): string | undefined {
  const value = config.getOptional('labelSelector');
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new InputError(`${keyPath}.labelSelector must be a string`);
  }
  const selector = value.trim();
  if (!selector) {
    return undefined;
  }
  const problem = labelSelectorProblem(selector);
  if (problem) {
    throw new InputError(
      `${keyPath}.labelSelector '${selector}' is not a Kubernetes label selector: it ${problem}`,
    );
  }
  return selector;
}

function readInteger(
  config: Config,
  key: string,
  keyPath: string,
  min: number,
  max: number,
): number | undefined {
  const value = config.getOptional(key);
  if (value === undefined) {
    return undefined;
  }
  // Env substitution yields a string.
  const number = typeof value === 'string' ? Number(value) : value;
  if (
    typeof number !== 'number' ||
    !Number.isInteger(number) ||
    number < min ||
    number > max
  ) {
    throw new InputError(
      `${keyPath}.${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return number;
}

function readDurationMs(
  config: Config,
  key: string,
  keyPath: string,
): number | undefined {
  if (!config.has(key)) {
    return undefined;
  }
  let milliseconds: number;
  try {
    milliseconds = durationToMilliseconds(
      readDurationFromConfig(config, { key }),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(
      `${keyPath}.${key} is not a valid duration: ${reason}`,
    );
  }
  if (!Number.isFinite(milliseconds) || milliseconds < 0) {
    throw new InputError(`${keyPath}.${key} must not be negative`);
  }
  return milliseconds;
}
