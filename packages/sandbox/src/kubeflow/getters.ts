import { FieldGetters, seconds } from './listing';
import {
  KfpExperiment,
  KfpPipeline,
  KfpPipelineVersion,
  KfpRecurringRun,
  KfpRun,
} from './types';

/** Where KFP serves API v2beta1. */
export const P = '/apis/v2beta1';

/** The fields of each resource that KFP's `filter` and `sort_by` take, by their API name. */

export const pipelineFields: FieldGetters<KfpPipeline> = {
  id: p => p.pipeline_id,
  pipeline_id: p => p.pipeline_id,
  name: p => p.name,
  display_name: p => p.display_name,
  description: p => p.description,
  namespace: p => p.namespace,
  created_at: p => seconds(p.created_at),
};
export const versionFields: FieldGetters<KfpPipelineVersion> = {
  id: v => v.pipeline_version_id,
  pipeline_version_id: v => v.pipeline_version_id,
  name: v => v.name,
  display_name: v => v.display_name,
  description: v => v.description,
  created_at: v => seconds(v.created_at),
};
export const experimentFields: FieldGetters<KfpExperiment> = {
  id: e => e.experiment_id,
  experiment_id: e => e.experiment_id,
  name: e => e.display_name,
  display_name: e => e.display_name,
  description: e => e.description,
  namespace: e => e.namespace,
  storage_state: e => e.storage_state,
  created_at: e => seconds(e.created_at),
  last_run_created_at: e => seconds(e.last_run_created_at),
};
export const runFields: FieldGetters<KfpRun> = {
  id: r => r.run_id,
  run_id: r => r.run_id,
  name: r => r.display_name,
  display_name: r => r.display_name,
  description: r => r.description,
  experiment_id: r => r.experiment_id,
  state: r => r.state,
  storage_state: r => r.storage_state,
  created_at: r => seconds(r.created_at),
  scheduled_at: r => seconds(r.scheduled_at),
  finished_at: r => seconds(r.finished_at),
  pipeline_version_id: r => r.pipeline_version_reference?.pipeline_version_id,
  recurring_run_id: r => r.recurring_run_id,
};
export const recurringFields: FieldGetters<KfpRecurringRun> = {
  id: r => r.recurring_run_id,
  recurring_run_id: r => r.recurring_run_id,
  name: r => r.display_name,
  display_name: r => r.display_name,
  status: r => r.status,
  experiment_id: r => r.experiment_id,
  namespace: r => r.namespace,
  created_at: r => seconds(r.created_at),
  updated_at: r => seconds(r.updated_at),
};
