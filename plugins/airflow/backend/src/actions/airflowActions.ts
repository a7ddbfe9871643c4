import { AIRFLOW_SYSTEM } from '@mlops-portal/plugin-airflow-common';
import {
  actionEntityContexts,
  defineMlopsAction,
  listInstancesAction,
  EntityResolver,
  MlopsAction,
} from '@mlops-portal/plugin-mlops-node';
import { actionInputSchemas } from '../schemas';
import { AirflowReadService } from '../service/AirflowReadService';
import { AirflowWriteService } from '../service/AirflowWriteService';
import { actionOutputSchemas } from './outputSchemas';

/** What the actions need: the same services as the routes. */
export interface AirflowActionsOptions {
  entities: EntityResolver;
  reads: AirflowReadService;
  writes: AirflowWriteService;
}

const WRITERS =
  'Allowed to the owners of the DAG’s airflow-dag entity (and admins); audited.';

/**
 * Every Airflow read and write as an action of the actions registry (agents call them over MCP):
 * each resolves its `entityRef` as the caller sees it (the instance list names no entity) and
 * calls the same service method as its route, so permission, authority and audit are the route's.
 */
export function createAirflowActions(
  options: AirflowActionsOptions,
): MlopsAction[] {
  const { entities, reads, writes } = options;
  const { read: readContext, write: writeContext } =
    actionEntityContexts(entities);
  const readOnly = { readOnly: true, destructive: false, idempotent: true };

  return [
    listInstancesAction({
      system: AIRFLOW_SYSTEM,
      listInstances: () => reads.listInstances(),
    }),
    defineMlopsAction({
      name: 'get-dags',
      title: 'Get Airflow DAGs',
      description:
        'The Airflow DAGs an entity annotates (airflow.apache.org/dag-id, comma separated): paused or not, schedule, owners, tags, health (last run state, next run, failure streak), UI links, and which entity’s owners may change each. A failing instance or a DAG Airflow does not have is reported in errors.',
      attributes: readOnly,
      schema: {
        input: () => actionInputSchemas.dags,
        output: () => actionOutputSchemas.dags,
      },
      action: async ({ input, credentials }) => ({
        output: await reads.getDags(
          await readContext(input.entityRef, credentials),
        ),
      }),
    }),
    defineMlopsAction({
      name: 'get-dag-runs',
      title: 'List Airflow DAG runs',
      description:
        'One page of the runs of a DAG an entity annotates, newest first: state, type, logical date, start, end, duration, note and UI link. Filter by state (queued, running, success, failed) and by logical date (since, until); page with limit (1–100) and offset.',
      attributes: readOnly,
      schema: {
        input: () => actionInputSchemas.runs,
        output: () => actionOutputSchemas.runs,
      },
      action: async ({ input, credentials }) => {
        const { entityRef, dagId, ...query } = input;
        return {
          output: await reads.getRuns(
            await readContext(entityRef, credentials),
            dagId,
            query,
          ),
        };
      },
    }),
    defineMlopsAction({
      name: 'get-task-instances',
      title: 'Get the task instances of an Airflow DAG run',
      description:
        'A run of a DAG an entity annotates with every task instance: state, current try and how many tries it may have, operator, timings and UI links.',
      attributes: readOnly,
      schema: {
        input: () => actionInputSchemas.taskInstances,
        output: () => actionOutputSchemas.taskInstances,
      },
      action: async ({ input, credentials }) => ({
        output: await reads.getTaskInstances(
          await readContext(input.entityRef, credentials),
          input.dagId,
          input.runId,
        ),
      }),
    }),
    defineMlopsAction({
      name: 'get-task-log',
      title: 'Read an Airflow task log',
      description:
        'The log of one try of a task instance (tryNumber from 1; mapIndex for a mapped task, -1 otherwise) of a DAG an entity annotates, as text; a long log is cut to its end (truncated says so). Use it to find why a task failed.',
      attributes: readOnly,
      schema: {
        input: () => actionInputSchemas.taskLog,
        output: () => actionOutputSchemas.taskLog,
      },
      action: async ({ input, credentials }) => {
        const { entityRef, ...request } = input;
        return {
          output: await reads.getTaskLog(
            await readContext(entityRef, credentials),
            request,
          ),
        };
      },
    }),
    defineMlopsAction({
      name: 'trigger-dag-run',
      title: 'Trigger an Airflow DAG run',
      description: `Starts a run of a DAG an entity annotates, with conf (a JSON object of the DAG's params), an optional logical date and note; the run's note records who triggered it. ${WRITERS}`,
      attributes: { readOnly: false, destructive: false, idempotent: false },
      schema: {
        input: () => actionInputSchemas.trigger,
        output: () => actionOutputSchemas.runWrite,
      },
      action: async ({ input, credentials }) => {
        const { entityRef, dagId, ...request } = input;
        return {
          output: await writes.trigger(
            await writeContext(entityRef, credentials),
            dagId,
            request,
          ),
        };
      },
    }),
    defineMlopsAction({
      name: 'set-dag-paused',
      title: 'Pause or unpause an Airflow DAG',
      description: `Pauses (isPaused: true) or unpauses (false) a DAG an entity annotates: a paused DAG is not scheduled. ${WRITERS}`,
      attributes: { readOnly: false, destructive: true, idempotent: true },
      schema: {
        input: () => actionInputSchemas.setPaused,
        output: () => actionOutputSchemas.dagWrite,
      },
      action: async ({ input, credentials }) => {
        const { entityRef, dagId, ...request } = input;
        return {
          output: await writes.setPaused(
            await writeContext(entityRef, credentials),
            dagId,
            request,
          ),
        };
      },
    }),
    defineMlopsAction({
      name: 'clear-dag-run',
      title: 'Clear an Airflow DAG run',
      description: `Clears the failed task instances of a run (onlyFailed, default true) or all of them, so the run is queued again and they rerun. ${WRITERS}`,
      attributes: { readOnly: false, destructive: true, idempotent: false },
      schema: {
        input: () => actionInputSchemas.clear,
        output: () => actionOutputSchemas.runWrite,
      },
      action: async ({ input, credentials }) => {
        const { entityRef, dagId, runId, ...request } = input;
        return {
          output: await writes.clearRun(
            await writeContext(entityRef, credentials),
            dagId,
            runId,
            request,
          ),
        };
      },
    }),
  ];
}
