import type { ValueOverrides } from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';

// The KFP calls the routes make, for the route property tests: each with the overrides that
// make a drawn answer fit the others, so that routes also get past their own checks.

/** The pipeline the tests' entity names (by name), as KFP answers it when coherent. */
export const PIPELINE_ID = '0b8a5e5c-3f7e-4d2a-9c1b-2f4e6a8b0c1d';
/** The run asked for. */
export const RUN_ID = '1c9b6f6d-4a8f-4e3b-8d2c-3a5f7b9c1d2e';
/** The recurring run toggled. */
export const RECURRING_RUN_ID = '2dac7a7e-5b9a-4f4c-9e3d-4b6a8cad2e3f';
/** The experiment the experiment entity names (by id). */
export const EXPERIMENT_ID = '3ebd8b8f-6cab-4a5d-8f4e-5c7b9dbe3f4a';

/** One KFP call a route may make: its method, a pattern of the path below the API root, a path. */
export interface Call {
  method: 'GET' | 'POST';
  pattern: RegExp;
  path: string;
  /**
   * Overrides that make an answer fit the others (the pipeline's id on its runs, the fields the
   * client needs), used for two bodies in three so that routes get past their own checks too.
   */
  coherent?: ValueOverrides;
}

// Names and ids the client takes (it refuses blank ones as an unusable answer).
const someName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const someId = fc.uuid();
const named = (...pointers: string[]): ValueOverrides =>
  Object.fromEntries(pointers.map(pointer => [pointer, someName]));
const identified = (...pointers: string[]): ValueOverrides =>
  Object.fromEntries(pointers.map(pointer => [pointer, someId]));
const ofPipeline = (at: string): ValueOverrides => ({
  [at]: 'present',
  [`${at}/pipeline_id`]: fc.constant(PIPELINE_ID),
});

const getPipelineByName: Call = {
  method: 'GET',
  pattern: /^\/pipelines\/names\/[^/]+$/,
  path: '/pipelines/names/train',
  coherent: {
    '/pipeline_id': fc.constant(PIPELINE_ID),
    ...named('/display_name'),
  },
};
const getPipeline: Call = {
  method: 'GET',
  pattern: /^\/pipelines\/[^/]+$/,
  path: `/pipelines/${PIPELINE_ID}`,
  coherent: { ...identified('/pipeline_id'), ...named('/display_name') },
};
const listVersions: Call = {
  method: 'GET',
  pattern: /^\/pipelines\/[^/]+\/versions$/,
  path: `/pipelines/${PIPELINE_ID}/versions`,
  coherent: {
    ...identified(
      '/pipeline_versions/*/pipeline_id',
      '/pipeline_versions/*/pipeline_version_id',
    ),
    ...named('/pipeline_versions/*/display_name'),
  },
};
const getVersion: Call = {
  method: 'GET',
  pattern: /^\/pipelines\/[^/]+\/versions\/[^/]+$/,
  path: `/pipelines/${PIPELINE_ID}/versions/v1`,
  coherent: {
    ...identified('/pipeline_id', '/pipeline_version_id'),
    ...named('/display_name'),
  },
};
const listRuns: Call = {
  method: 'GET',
  pattern: /^\/runs$/,
  path: '/runs',
  coherent: {
    ...identified('/runs/*/run_id'),
    ...named('/runs/*/display_name'),
    ...ofPipeline('/runs/*/pipeline_version_reference'),
  },
};
const getRun: Call = {
  method: 'GET',
  pattern: /^\/runs\/[^/]+$/,
  path: `/runs/${RUN_ID}`,
  coherent: {
    '/run_id': fc.constant(RUN_ID),
    ...identified('/run_details/task_details/*/task_id'),
    ...named('/display_name', '/run_details/task_details/*/display_name'),
    ...ofPipeline('/pipeline_version_reference'),
  },
};
const createRun: Call = {
  method: 'POST',
  pattern: /^\/runs$/,
  path: '/runs',
  coherent: { ...identified('/run_id'), ...named('/display_name') },
};
const listRecurringRuns: Call = {
  method: 'GET',
  pattern: /^\/recurringruns$/,
  path: '/recurringruns',
  coherent: {
    ...identified('/recurringRuns/*/recurring_run_id'),
    ...named('/recurringRuns/*/display_name'),
    ...ofPipeline('/recurringRuns/*/pipeline_version_reference'),
  },
};
const getRecurringRun: Call = {
  method: 'GET',
  pattern: /^\/recurringruns\/[^/:]+$/,
  path: `/recurringruns/${RECURRING_RUN_ID}`,
  coherent: {
    '/recurring_run_id': fc.constant(RECURRING_RUN_ID),
    ...named('/display_name'),
    ...ofPipeline('/pipeline_version_reference'),
  },
};
const enable: Call = {
  method: 'POST',
  pattern: /^\/recurringruns\/[^/]+:enable$/,
  path: `/recurringruns/${RECURRING_RUN_ID}:enable`,
};
const listExperiments: Call = {
  method: 'GET',
  pattern: /^\/experiments$/,
  path: '/experiments',
  coherent: {
    ...identified('/experiments/*/experiment_id'),
    ...named('/experiments/*/display_name'),
  },
};
const getExperiment: Call = {
  method: 'GET',
  pattern: /^\/experiments\/[^/]+$/,
  path: `/experiments/${EXPERIMENT_ID}`,
  coherent: {
    '/experiment_id': fc.constant(EXPERIMENT_ID),
    ...named('/display_name'),
  },
};

/** Every KFP call a route may make, by the client method that makes it. */
export const CALLS = {
  getPipelineByName,
  getPipeline,
  listVersions,
  getVersion,
  listRuns,
  getRun,
  createRun,
  listRecurringRuns,
  getRecurringRun,
  enable,
  listExperiments,
  getExperiment,
};
