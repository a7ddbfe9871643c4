import { MlflowRegistryReader } from '../lib/readRegistry';
import {
  MlflowApi,
  MlflowClients,
  MlflowInstanceConfig,
  MlflowModelVersion,
  MlflowPage,
  MlflowRegisteredModel,
} from '@mlops-portal/plugin-mlflow-node';
import { ServiceUnavailableError } from '@backstage/errors';

/** A configured instance for tests. */
export function testInstance(
  overrides: Partial<MlflowInstanceConfig> = {},
): MlflowInstanceConfig {
  return {
    name: 'prod',
    baseUrl: 'https://mlflow.example.com',
    uiUrl: 'https://mlflow.example.com',
    auth: { type: 'none' },
    timeoutMs: 10_000,
    retries: 0,
    cacheTtlMs: 0,
    majorVersion: 3,
    ...overrides,
  };
}

/** A registered model as `registered-models/search` returns it. */
export function registeredModel(
  name: string,
  options: {
    tags?: Record<string, string>;
    aliases?: Record<string, string>;
    description?: string;
  } = {},
): MlflowRegisteredModel {
  return {
    name,
    creation_timestamp: 1_700_000_000_000,
    last_updated_timestamp: 1_700_000_000_000,
    ...(options.description && { description: options.description }),
    ...(options.tags && {
      tags: Object.entries(options.tags).map(([key, value]) => ({
        key,
        value,
      })),
    }),
    ...(options.aliases && {
      aliases: Object.entries(options.aliases).map(([alias, version]) => ({
        alias,
        version,
      })),
    }),
  };
}

/** A model version as `model-versions/search` returns it. */
export function modelVersion(
  name: string,
  version: number,
  options: Partial<MlflowModelVersion> = {},
): MlflowModelVersion {
  return {
    name,
    version: String(version),
    creation_timestamp: 1_700_000_000_000 + version,
    current_stage: 'None',
    source: `mlflow-artifacts:/models/${version}`,
    run_id: `run-${name}-${version}`,
    status: 'READY',
    ...options,
  };
}

/** Which search a call went to, with what paging. */
export interface SearchCall {
  search: 'registeredModels' | 'modelVersions';
  maxResults?: number;
  pageToken?: string;
}

/**
 * An in-memory MLflow registry serving the two searches with page tokens; the server caps
 * pages at `pageSize` like MLflow caps `max_results`.
 */
export function fakeMlflowApi(options: {
  instance?: MlflowInstanceConfig;
  models: MlflowRegisteredModel[];
  versions: MlflowModelVersion[];
  pageSize?: { registeredModels?: number; modelVersions?: number };
  /** Fails the n-th (1-based) page of a search. */
  failPage?: { search: SearchCall['search']; page: number };
}): MlflowRegistryReader & { calls: SearchCall[] } {
  const calls: SearchCall[] = [];
  const instance = options.instance ?? testInstance();

  function serve<T>(
    search: SearchCall['search'],
    items: T[],
    request: { maxResults?: number; pageToken?: string },
  ): MlflowPage<T> {
    calls.push({ search, ...request });
    const page = calls.filter(c => c.search === search).length;
    if (options.failPage?.search === search && options.failPage.page === page) {
      throw new ServiceUnavailableError(
        `mlflow instance '${instance.name}': search failed with 503 Service Unavailable`,
      );
    }
    const offset = request.pageToken ? Number(request.pageToken) : 0;
    const size = Math.min(
      request.maxResults ?? 100,
      options.pageSize?.[search] ?? Infinity,
    );
    const next = offset + size;
    return {
      items: items.slice(offset, next),
      ...(next < items.length && { nextPageToken: String(next) }),
    };
  }

  return {
    instance,
    calls,
    searchRegisteredModels: async request =>
      serve('registeredModels', options.models, request),
    searchModelVersions: async request =>
      serve('modelVersions', options.versions, request),
  };
}

/** MlflowClients over the given clients; the first is the default instance. */
export function fakeMlflowClients(
  clients: MlflowRegistryReader[],
): MlflowClients {
  return {
    instances: clients.map(c => c.instance),
    forInstance(name?: string) {
      const client = name
        ? clients.find(c => c.instance.name === name)
        : clients[0];
      if (!client) {
        throw new Error(`no MLflow instance '${name}'`);
      }
      // The provider only searches the registry; any other call fails with a TypeError.
      return client as MlflowApi;
    },
  };
}
