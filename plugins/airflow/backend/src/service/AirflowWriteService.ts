import { InputError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  AirflowClearRunRequest,
  AirflowDagWriteResponse,
  AirflowRunWriteResponse,
  AirflowTriggerRequest,
  airflowDagClearPermission,
  airflowDagPausePermission,
  airflowDagTriggerPermission,
  airflowTriggerNote,
} from '@mlops-portal/plugin-airflow-common';
import type { AirflowClients } from '@mlops-portal/plugin-airflow-node';
import {
  actorName,
  type EntityWriteContext,
  type WritePipeline,
} from '@mlops-portal/plugin-mlops-node';
import { AirflowReadService, uiContext } from './AirflowReadService';
import {
  requireAnnotatedDag,
  ResolvedTarget,
  resolveTarget,
} from './resolveTarget';
import { toRunView, UiContext } from './viewModels';

/** Options of {@link AirflowWriteService}. */
export interface AirflowWriteServiceOptions {
  clients: AirflowClients;
  /** The kit's write pipeline: authority from the ingested entity, audit, instance failures. */
  pipeline: WritePipeline;
  /** Reads the DAG afterwards, as the DAG card shows it. */
  reads: AirflowReadService;
}

/** Who asks, through which entity, and (for routes) the HTTP request the audit log reads. */
export type WriteContext = EntityWriteContext;

/** Audit event ids of the writes. */
export const AIRFLOW_AUDIT_EVENTS = {
  trigger: 'dag-run-trigger',
  pause: 'dag-pause',
  clear: 'dag-run-clear',
} as const;

/**
 * Changes a DAG: triggers a run, pauses or unpauses it, clears a run — each under its own
 * permission and recorded as an audit event, through the kit's write pipeline.
 *
 * @remarks
 * The entity that names the DAG only leads to it: the permission is checked against the DAG's
 * `airflow-dag` Resource as the Airflow provider ingested it (its owner from the DAG's owners),
 * or — without one — held by admins only. Order of a write: annotation, DAG id and request
 * checked (400/404, nothing recorded) → audit event initiated → authorized (403, no upstream
 * call) → the object as it is now (before) → the write → the object afterwards, read fresh (the
 * client's write dropped the instance's cached reads) → audit event succeeded with before → after.
 */
export class AirflowWriteService {
  private readonly clients: AirflowClients;
  private readonly pipeline: WritePipeline;
  private readonly reads: AirflowReadService;

  constructor(options: AirflowWriteServiceOptions) {
    this.clients = options.clients;
    this.pipeline = options.pipeline;
    this.reads = options.reads;
  }

  /** Triggers a run with `conf`, the caller recorded in its note. */
  async trigger(
    ctx: WriteContext,
    dagId: string,
    request: AirflowTriggerRequest,
  ): Promise<AirflowRunWriteResponse> {
    const { conf } = request;
    const note = airflowTriggerNote(actorName(ctx.credentials), request.note);
    let runId: string | undefined;
    return this.write(ctx, dagId, {
      eventId: AIRFLOW_AUDIT_EVENTS.trigger,
      permission: airflowDagTriggerPermission,
      // Only the keys of conf: its values may be anything a DAG takes, secrets included.
      meta: {
        confKeys: Object.keys(conf ?? {}),
        logicalDate: request.logicalDate ?? null,
        note,
      },
      change: async resolved => {
        const run = await resolved.client.triggerDagRun(dagId, {
          conf,
          logicalDate: request.logicalDate,
          note,
        });
        runId = run.runId;
        return {
          before: null,
          after: { runId: run.runId, state: run.state ?? null },
        };
      },
      reload: async (resolved, ui) => ({
        item: toRunView(await resolved.client.getDagRun(dagId, runId!), ui),
      }),
    });
  }

  /** Pauses (`isPaused: true`) or unpauses a DAG. */
  async setPaused(
    ctx: WriteContext,
    dagId: string,
    request: { isPaused: boolean },
  ): Promise<AirflowDagWriteResponse> {
    return this.write(ctx, dagId, {
      eventId: AIRFLOW_AUDIT_EVENTS.pause,
      permission: airflowDagPausePermission,
      meta: { isPaused: request.isPaused },
      change: async resolved => {
        const before = await resolved.client.getDag(dagId);
        await resolved.client.setPaused(dagId, request.isPaused);
        return {
          before: { isPaused: before.isPaused },
          after: { isPaused: request.isPaused },
        };
      },
      reload: async (resolved, ui) => ({
        item: await this.reads.loadDag(resolved, ui, dagId),
      }),
    });
  }

  /** Clears a run's failed task instances (default) or all of them, so they run again. */
  async clearRun(
    ctx: WriteContext,
    dagId: string,
    runId: string,
    request: AirflowClearRunRequest,
  ): Promise<AirflowRunWriteResponse> {
    const onlyFailed = request.onlyFailed ?? true;
    return this.write(ctx, dagId, {
      eventId: AIRFLOW_AUDIT_EVENTS.clear,
      permission: airflowDagClearPermission,
      meta: { runId, onlyFailed },
      change: async resolved => {
        const { client } = resolved;
        const run = await client.getDagRun(dagId, runId);
        // What a clear would reset, asked first: clearing nothing must not reset the run.
        const wouldClear = await client.clearDagRun(dagId, runId, {
          onlyFailed,
          dryRun: true,
        });
        if (wouldClear.length === 0) {
          throw new InputError(
            onlyFailed
              ? `Run '${runId}' of Airflow DAG '${dagId}' has no failed task instances to clear; clear all of them (onlyFailed: false) to run it again`
              : `Run '${runId}' of Airflow DAG '${dagId}' has no task instances to clear`,
          );
        }
        const cleared = await client.clearDagRun(dagId, runId, { onlyFailed });
        return {
          before: { state: run.state ?? null },
          after: {
            clearedTasks: cleared.map(task =>
              task.mapIndex !== undefined && task.mapIndex >= 0
                ? `${task.taskId}[${task.mapIndex}]`
                : task.taskId,
            ),
          },
        };
      },
      reload: async (resolved, ui) => ({
        item: toRunView(await resolved.client.getDagRun(dagId, runId), ui),
      }),
    });
  }

  private async write<T>(
    ctx: WriteContext,
    dagId: string,
    options: {
      eventId: string;
      permission: ResourcePermission<'catalog-entity'>;
      meta: JsonObject;
      change: (
        resolved: ResolvedTarget,
      ) => Promise<{ before: JsonValue; after: JsonValue }>;
      reload: (resolved: ResolvedTarget, ui: UiContext) => Promise<T>;
    },
  ): Promise<T> {
    const resolved = resolveTarget(ctx.entity, this.clients);
    requireAnnotatedDag(resolved, dagId);
    return this.pipeline.run({
      eventId: options.eventId,
      instance: resolved.target.instance,
      authority: {
        kind: 'ingested-entity',
        permission: options.permission,
        locator: resolved.locator(dagId),
      },
      credentials: ctx.credentials,
      request: ctx.request,
      meta: {
        entityRef: resolved.entityRef,
        instance: resolved.target.instance,
        dagId,
        ...options.meta,
      },
      change: () => options.change(resolved),
      reload: async () => options.reload(resolved, await uiContext(resolved)),
    });
  }
}
