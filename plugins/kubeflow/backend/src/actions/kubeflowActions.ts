import { KUBEFLOW_SYSTEM } from '@mlops-portal/plugin-kubeflow-common';
import {
  actionEntityContexts,
  defineMlopsAction,
  listInstancesAction,
  EntityResolver,
  MlopsAction,
} from '@mlops-portal/plugin-mlops-node';
import { actionInputSchemas } from '../schemas';
import { KubeflowReadService } from '../service/KubeflowReadService';
import { KubeflowWriteService } from '../service/KubeflowWriteService';
import { actionOutputSchemas } from './outputSchemas';

/**
 * What the actions need: the same services as the routes.
 *
 * @internal
 */
export interface KubeflowActionsOptions {
  entities: EntityResolver;
  reads: KubeflowReadService;
  writes: KubeflowWriteService;
}

const WRITERS =
  'Allowed to the owners of the pipeline’s kubeflow-pipeline entity (and admins); audited.';

/**
 * Every Kubeflow read and write as an action of the actions registry (agents call them over
 * MCP): each resolves its `entityRef` as the caller sees it (the instance list names no entity)
 * and calls the same service method as its route, so permission, authority and audit are the
 * route's.
 *
 * @internal
 */
export function createKubeflowActions(
  options: KubeflowActionsOptions,
): MlopsAction[] {
  const { entities, reads, writes } = options;
  const { read: readContext, write: writeContext } =
    actionEntityContexts(entities);
  const readOnly = { readOnly: true, destructive: false, idempotent: true };

  return [
    listInstancesAction({
      system: KUBEFLOW_SYSTEM,
      listInstances: () => reads.listInstances(),
    }),
    defineMlopsAction({
      name: 'get-pipeline',
      title: 'Get a Kubeflow pipeline',
      description:
        'The Kubeflow pipeline an entity names (kubeflow.org/pipeline): description, its newest versions with the input parameters each declares (name, type, whether optional, default), UI links, and which entity’s owners may start runs. A failing instance or a pipeline KFP does not have is reported in errors.',
      attributes: readOnly,
      schema: {
        input: () => actionInputSchemas.pipeline,
        output: () => actionOutputSchemas.pipeline,
      },
      action: async ({ input, credentials }) => ({
        output: await reads.getPipeline(
          await readContext(input.entityRef, credentials),
        ),
      }),
    }),
    defineMlopsAction({
      name: 'list-runs',
      title: 'List Kubeflow pipeline runs',
      description:
        'One page of an entity’s Kubeflow runs, newest first: those of its experiment (kubeflow.org/experiment) when it names one, else of its pipeline. Each with state, times, duration, version, parameters, error and UI link. Filter by state (PENDING, RUNNING, SUCCEEDED, FAILED, …); page with pageSize (1–100) and the previous answer’s nextPageToken.',
      attributes: readOnly,
      schema: {
        input: () => actionInputSchemas.runs,
        output: () => actionOutputSchemas.runs,
      },
      action: async ({ input, credentials }) => {
        const { entityRef, ...query } = input;
        return {
          output: await reads.getRuns(
            await readContext(entityRef, credentials),
            query,
          ),
        };
      },
    }),
    defineMlopsAction({
      name: 'get-run',
      title: 'Get a Kubeflow run and its task graph',
      description:
        'One run of an entity’s pipeline or experiment with its task graph: every task of the version’s pipeline spec with the tasks it depends on, and its state, times, duration and error in this run. Use it to find which task failed and why.',
      attributes: readOnly,
      schema: {
        input: () => actionInputSchemas.run,
        output: () => actionOutputSchemas.runGraph,
      },
      action: async ({ input, credentials }) => ({
        output: await reads.getRunGraph(
          await readContext(input.entityRef, credentials),
          input.runId,
        ),
      }),
    }),
    defineMlopsAction({
      name: 'list-recurring-runs',
      title: 'List Kubeflow recurring runs',
      description:
        'The recurring runs of an entity’s experiment, else of its pipeline: enabled or not, schedule (cron or interval), concurrency, version and UI link, and which entity’s owners may enable or disable them.',
      attributes: readOnly,
      schema: {
        input: () => actionInputSchemas.recurringRuns,
        output: () => actionOutputSchemas.recurringRuns,
      },
      action: async ({ input, credentials }) => ({
        output: await reads.getRecurringRuns(
          await readContext(input.entityRef, credentials),
        ),
      }),
    }),
    defineMlopsAction({
      name: 'list-experiments',
      title: 'List Kubeflow experiments',
      description:
        'The experiment an entity names (kubeflow.org/experiment), else the experiments its pipeline’s recent runs are in: description, when the last run was created, archived or not, and UI link.',
      attributes: readOnly,
      schema: {
        input: () => actionInputSchemas.experiments,
        output: () => actionOutputSchemas.experiments,
      },
      action: async ({ input, credentials }) => ({
        output: await reads.getExperiments(
          await readContext(input.entityRef, credentials),
        ),
      }),
    }),
    defineMlopsAction({
      name: 'create-run',
      title: 'Start a Kubeflow pipeline run',
      description: `Starts a run of the pipeline an entity names: a version (pipelineVersionId, default the newest), a name (default dated), parameters (checked against the version's declared input parameters before anything is sent; see get-pipeline) and an experiment (default the entity's, else the instance's). ${WRITERS}`,
      attributes: { readOnly: false, destructive: false, idempotent: false },
      schema: {
        input: () => actionInputSchemas.createRun,
        output: () => actionOutputSchemas.run,
      },
      action: async ({ input, credentials }) => {
        const { entityRef, ...request } = input;
        return {
          output: await writes.createRun(
            await writeContext(entityRef, credentials),
            request,
          ),
        };
      },
    }),
    defineMlopsAction({
      name: 'set-recurring-run-enabled',
      title: 'Enable or disable a Kubeflow recurring run',
      description: `Enables (enabled: true) or disables (false) a recurring run of an entity's pipeline or experiment: a disabled one starts no runs. Allowed to the owners of the kubeflow-pipeline entity of the pipeline it runs (and admins); audited.`,
      attributes: { readOnly: false, destructive: true, idempotent: true },
      schema: {
        input: () => actionInputSchemas.setRecurringRunEnabled,
        output: () => actionOutputSchemas.recurringRun,
      },
      action: async ({ input, credentials }) => {
        const { entityRef, recurringRunId, ...request } = input;
        return {
          output: await writes.setRecurringRunEnabled(
            await writeContext(entityRef, credentials),
            recurringRunId,
            request,
          ),
        };
      },
    }),
  ];
}
