import { MLFLOW_SYSTEM } from '@mlops-portal/plugin-mlflow-common';
import {
  actionEntityContexts,
  defineMlopsAction,
  listInstancesAction,
  EntityResolver,
  MlopsAction,
} from '@mlops-portal/plugin-mlops-node';
import { actionInputSchemas } from '../schemas';
import { MlflowReadService } from '../service/MlflowReadService';
import { MlflowWriteService } from '../service/MlflowWriteService';
import { actionOutputSchemas } from './outputSchemas';

/** What the actions need: the same services as the routes. */
export interface MlflowActionsOptions {
  entities: EntityResolver;
  reads: MlflowReadService;
  writes: MlflowWriteService;
}

/**
 * Every MLflow read and write as an action of the actions registry (agents call them over MCP):
 * each resolves its `entityRef` as the caller sees it (the instance list names no entity) and
 * calls the same service method as its route, so permission, authority and audit are the route's.
 */
export function createMlflowActions(
  options: MlflowActionsOptions,
): MlopsAction[] {
  const { entities, reads, writes } = options;
  const { read: readContext, write: writeContext } =
    actionEntityContexts(entities);
  const readOnly = { readOnly: true, destructive: false, idempotent: true };

  return [
    listInstancesAction({
      system: MLFLOW_SYSTEM,
      listInstances: () => reads.listInstances(),
      moreUses:
        'Use a name as mlflow.org/instance or as the model-project template’s mlflowInstance.',
    }),
    defineMlopsAction({
      name: 'get-runs',
      title: 'List MLflow runs',
      description:
        'One page of the runs of the MLflow experiment an entity annotates (mlflow.org/experiment): status, timings, latest metrics, params, tags and UI links. Sort with orderBy (e.g. "metrics.auc DESC"), filter with MLflow search syntax, page with pageToken. A failing MLflow instance is reported in errors.',
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
      title: 'Get an MLflow run',
      description:
        'One run of the experiment an entity annotates, with params, tags and the full history of every metric.',
      attributes: readOnly,
      schema: {
        input: () => actionInputSchemas.run,
        output: () => actionOutputSchemas.run,
      },
      action: async ({ input, credentials }) => ({
        output: await reads.getRun(
          await readContext(input.entityRef, credentials),
          input.runId,
        ),
      }),
    }),
    defineMlopsAction({
      name: 'compare-runs',
      title: 'Compare MLflow runs',
      description:
        'Up to 10 runs of the experiment an entity annotates, side by side with their metric histories (optionally only the named metrics).',
      attributes: readOnly,
      schema: {
        input: () => actionInputSchemas.compare,
        output: () => actionOutputSchemas.compare,
      },
      action: async ({ input, credentials }) => {
        const { entityRef, ...request } = input;
        return {
          output: await reads.compareRuns(
            await readContext(entityRef, credentials),
            request,
          ),
        };
      },
    }),
    defineMlopsAction({
      name: 'get-model',
      title: 'Get an MLflow registered model',
      description:
        'The registered model an entity annotates (mlflow.org/registered-model) with every version, its aliases (e.g. champion, challenger), stages on MLflow 2, tags and source runs, and which entity’s owners may change it.',
      attributes: readOnly,
      schema: {
        input: () => actionInputSchemas.model,
        output: () => actionOutputSchemas.model,
      },
      action: async ({ input, credentials }) => ({
        output: await reads.getModel(
          await readContext(input.entityRef, credentials),
        ),
      }),
    }),
    defineMlopsAction({
      name: 'set-model-alias',
      title: 'Set an MLflow model alias',
      description:
        'Points an alias of the registered model an entity annotates at a version, e.g. promotes version 5 to champion. Moves the alias if it exists. Allowed to the owners of the model’s ml-model entity (and admins); audited.',
      attributes: { readOnly: false, destructive: true, idempotent: true },
      schema: {
        input: () => actionInputSchemas.setAlias,
        output: () => actionOutputSchemas.write,
      },
      action: async ({ input, credentials }) => {
        const { entityRef, ...request } = input;
        return {
          output: await writes.setAlias(
            await writeContext(entityRef, credentials),
            request,
          ),
        };
      },
    }),
    defineMlopsAction({
      name: 'delete-model-alias',
      title: 'Delete an MLflow model alias',
      description:
        'Removes an alias from the registered model an entity annotates. Allowed to the owners of the model’s ml-model entity (and admins); audited.',
      attributes: { readOnly: false, destructive: true, idempotent: false },
      schema: {
        input: () => actionInputSchemas.deleteAlias,
        output: () => actionOutputSchemas.write,
      },
      action: async ({ input, credentials }) => ({
        output: await writes.deleteAlias(
          await writeContext(input.entityRef, credentials),
          { alias: input.alias },
        ),
      }),
    }),
    defineMlopsAction({
      name: 'transition-model-version-stage',
      title: 'Transition an MLflow model version stage',
      description:
        'Moves a version of the registered model an entity annotates to a stage (None, Staging, Production, Archived), optionally archiving the versions in that stage. MLflow 2 only (MLflow 3 uses aliases). Allowed to the owners of the model’s ml-model entity (and admins); audited.',
      attributes: { readOnly: false, destructive: true, idempotent: true },
      schema: {
        input: () => actionInputSchemas.transitionStage,
        output: () => actionOutputSchemas.write,
      },
      action: async ({ input, credentials }) => {
        const { entityRef, version, ...request } = input;
        return {
          output: await writes.transitionStage(
            await writeContext(entityRef, credentials),
            { version, ...request },
          ),
        };
      },
    }),
  ];
}
