/**
 * KFP v2beta1 objects as the API returns them (snake_case, timestamps RFC 3339, int64 as
 * strings like grpc-gateway). The sandbox stores these shapes directly.
 */

/** v2beta1RuntimeState. */
export type RuntimeState =
  | 'RUNTIME_STATE_UNSPECIFIED'
  | 'PENDING'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'SKIPPED'
  | 'FAILED'
  | 'CANCELING'
  | 'CANCELED'
  | 'PAUSED';

/** googleRpcStatus. */
export interface RpcStatus {
  code?: number;
  message?: string;
  details?: Array<Record<string, unknown>>;
}

/** v2beta1Pipeline. */
export interface KfpPipeline {
  pipeline_id: string;
  display_name: string;
  name: string;
  description?: string;
  created_at: string;
  namespace?: string;
}

/** v2beta1PipelineVersion. */
export interface KfpPipelineVersion {
  pipeline_id: string;
  pipeline_version_id: string;
  display_name: string;
  name: string;
  description?: string;
  created_at: string;
  code_source_url?: string;
  pipeline_spec: Record<string, unknown>;
}

/** v2beta1Experiment. */
export interface KfpExperiment {
  experiment_id: string;
  display_name: string;
  description?: string;
  created_at: string;
  namespace?: string;
  storage_state: 'AVAILABLE' | 'ARCHIVED';
  last_run_created_at?: string;
}

/** v2beta1PipelineTaskDetail (subset). */
export interface KfpTaskDetail {
  run_id: string;
  task_id: string;
  display_name: string;
  create_time: string;
  start_time: string;
  end_time: string;
  state: RuntimeState;
  execution_id: string;
  pod_name: string;
  error?: RpcStatus;
}

/** v2beta1RuntimeStatus. */
export interface KfpRuntimeStatus {
  update_time: string;
  state: RuntimeState;
  error?: RpcStatus;
}

/** v2beta1Run. */
export interface KfpRun {
  experiment_id: string;
  run_id: string;
  display_name: string;
  storage_state: 'AVAILABLE' | 'ARCHIVED';
  description?: string;
  pipeline_version_reference?: {
    pipeline_id: string;
    pipeline_version_id: string;
  };
  pipeline_spec?: Record<string, unknown>;
  runtime_config?: {
    parameters?: Record<string, unknown>;
    pipeline_root?: string;
  };
  service_account: string;
  created_at: string;
  scheduled_at: string;
  finished_at: string;
  state: RuntimeState;
  error?: RpcStatus;
  run_details?: {
    pipeline_context_id: string;
    pipeline_run_context_id: string;
    task_details: KfpTaskDetail[];
  };
  recurring_run_id?: string;
  state_history: KfpRuntimeStatus[];
}

/** v2beta1RecurringRun. */
export interface KfpRecurringRun {
  recurring_run_id: string;
  display_name: string;
  description?: string;
  pipeline_version_reference: {
    pipeline_id: string;
    pipeline_version_id: string;
  };
  runtime_config?: {
    parameters?: Record<string, unknown>;
    pipeline_root?: string;
  };
  service_account: string;
  max_concurrency: string;
  trigger: {
    cron_schedule?: { start_time?: string; end_time?: string; cron: string };
    periodic_schedule?: {
      start_time?: string;
      end_time?: string;
      interval_second: string;
    };
  };
  mode: 'ENABLE' | 'DISABLE';
  created_at: string;
  updated_at: string;
  status: 'ENABLED' | 'DISABLED';
  no_catchup: boolean;
  namespace: string;
  experiment_id: string;
}

/** A declared input parameter (`root.inputDefinitions.parameters` of a PipelineSpec). */
export interface KfpParameterDefinition {
  parameterType:
    | 'STRING'
    | 'NUMBER_INTEGER'
    | 'NUMBER_DOUBLE'
    | 'BOOLEAN'
    | 'LIST'
    | 'STRUCT';
  defaultValue?: unknown;
  isOptional?: boolean;
  description?: string;
}

/** Internal: pipeline task definition used to derive run details. */
export interface KfpTaskDefinition {
  name: string;
  meanSeconds: number;
}
