import { mockUpstreamInstanceConfig } from '@mlops-portal/plugin-mlops-node/testUtils';
import type {
  MlflowInstanceConfig,
  MlflowModelVersion,
  MlflowRegisteredModel,
  MlflowRun,
} from '@mlops-portal/plugin-mlflow-node';

/**
 * An MLflow instance config for tests (MLflow 3, nothing retried or cached).
 *
 * @public
 */
export function mlflowInstanceConfig(
  overrides: Partial<MlflowInstanceConfig> = {},
): MlflowInstanceConfig {
  return mockUpstreamInstanceConfig<{ majorVersion: 2 | 3 }>({
    majorVersion: 3,
    ...overrides,
  });
}

/**
 * A registered model as MLflow lists it.
 *
 * @public
 */
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

/**
 * A model version as MLflow lists it.
 *
 * @public
 */
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

/**
 * A finished run with the given metrics' latest values, a param and the usual tags.
 *
 * @public
 */
export function mlflowRun(
  runId: string,
  experimentId: string,
  metrics: Record<string, number> = {},
  info: Partial<MlflowRun['info']> = {},
): MlflowRun {
  return {
    info: {
      run_id: runId,
      experiment_id: experimentId,
      status: 'FINISHED',
      start_time: 1000,
      end_time: 4000,
      ...info,
    },
    data: {
      metrics: Object.entries(metrics).map(([key, value]) => ({
        key,
        value,
        timestamp: 4000,
        step: 49,
      })),
      params: [{ key: 'max_depth', value: '6' }],
      tags: [
        { key: 'mlflow.user', value: 'alice' },
        { key: 'mlflow.runName', value: `name-${runId}` },
      ],
    },
  };
}
