import { InputError, NotFoundError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  MlflowModelView,
  MlflowStage,
  MlflowWriteResponse,
  mlflowModelAliasDeletePermission,
  mlflowModelAliasSetPermission,
  mlflowModelStageTransitionPermission,
} from '@mlops-portal/plugin-mlflow-common';
import type { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import {
  type EntityWriteContext,
  type WritePipeline,
} from '@mlops-portal/plugin-mlops-node';
import { loadModelView } from './models';
import {
  requireRegisteredModel,
  ResolvedTarget,
  resolveTarget,
} from './resolveTarget';

/** Options of {@link MlflowWriteService}. */
export interface MlflowWriteServiceOptions {
  clients: MlflowClients;
  /** The kit's write pipeline: authority from the ingested entity, audit, instance failures. */
  pipeline: WritePipeline;
}

/** Who asks, through which entity, and (for routes) the HTTP request the audit log reads. */
export type WriteContext = EntityWriteContext;

/** Audit event ids of the writes. */
export const MLFLOW_AUDIT_EVENTS = {
  aliasSet: 'model-alias-set',
  aliasDelete: 'model-alias-delete',
  stageTransition: 'model-stage-transition',
} as const;

/**
 * Changes a registered model: aliases (MLflow 2.x and 3.x) and stages (2.x), each under its
 * permission and recorded as an audit event, through the kit's write pipeline.
 *
 * @remarks
 * The entity that names the model only leads to it: the permission is checked against the
 * model's `ml-model` Resource as the MLflow provider ingested it (owner from the model's owner
 * tag), or — without one — held by admins only. Order of a write: annotation and request checked
 * (400, nothing recorded) → audit event initiated → authorized (403, no upstream call) → the model
 * as it is now (before) → the write → the model afterwards, read fresh (the client's write
 * invalidated the instance's cached reads) → audit event succeeded with before → after.
 */
export class MlflowWriteService {
  private readonly clients: MlflowClients;
  private readonly pipeline: WritePipeline;

  constructor(options: MlflowWriteServiceOptions) {
    this.clients = options.clients;
    this.pipeline = options.pipeline;
  }

  /** Sets or moves an alias (e.g. promotes the challenger's version to champion). */
  async setAlias(
    ctx: WriteContext,
    request: { alias: string; version: string },
  ): Promise<MlflowWriteResponse> {
    const { alias, version } = request;
    return this.write(ctx, {
      eventId: MLFLOW_AUDIT_EVENTS.aliasSet,
      permission: mlflowModelAliasSetPermission,
      meta: { alias, version },
      change: async (resolved, model) => {
        const before = await loadModelView(resolved, model);
        if (!before.versions.some(v => v.version === version)) {
          throw new NotFoundError(
            `MLflow registered model '${model}' has no version ${version}`,
          );
        }
        await resolved.client.setAlias(model, alias, version);
        return {
          before: Object.hasOwn(before.aliases, alias)
            ? before.aliases[alias]
            : null,
          after: version,
        };
      },
    });
  }

  /** Deletes an alias. */
  async deleteAlias(
    ctx: WriteContext,
    request: { alias: string },
  ): Promise<MlflowWriteResponse> {
    const { alias } = request;
    return this.write(ctx, {
      eventId: MLFLOW_AUDIT_EVENTS.aliasDelete,
      permission: mlflowModelAliasDeletePermission,
      meta: { alias },
      change: async (resolved, model) => {
        const before = await loadModelView(resolved, model);
        // Own keys only: an alias may be called `constructor` or `__proto__`.
        const version = Object.hasOwn(before.aliases, alias)
          ? before.aliases[alias]
          : undefined;
        if (version === undefined) {
          throw new NotFoundError(
            `MLflow registered model '${model}' has no alias '${alias}'`,
          );
        }
        await resolved.client.deleteAlias(model, alias);
        return { before: version, after: null };
      },
    });
  }

  /** Moves a version to another stage (MLflow 2.x only). */
  async transitionStage(
    ctx: WriteContext,
    request: {
      version: string;
      stage: MlflowStage;
      archiveExistingVersions: boolean;
    },
  ): Promise<MlflowWriteResponse> {
    const { version, stage, archiveExistingVersions } = request;
    return this.write(ctx, {
      eventId: MLFLOW_AUDIT_EVENTS.stageTransition,
      permission: mlflowModelStageTransitionPermission,
      meta: { version, stage, archiveExistingVersions },
      check: resolved => {
        if (resolved.target.majorVersion !== 2) {
          throw new InputError(
            `MLflow instance '${resolved.target.instance}' runs MLflow ${resolved.target.majorVersion}, ` +
              'where model version stages are replaced by aliases; set an alias (e.g. champion) instead',
          );
        }
      },
      change: async (resolved, model) => {
        const before = await loadModelView(resolved, model);
        const current = before.versions.find(v => v.version === version);
        if (!current) {
          throw new NotFoundError(
            `MLflow registered model '${model}' has no version ${version}`,
          );
        }
        await resolved.client.transitionStage({
          name: model,
          version,
          stage,
          archiveExistingVersions,
        });
        return {
          before: current.stage ?? null,
          after: stage,
          // Which versions the transition archived, so the audit log tells the whole change.
          extra: (after: MlflowModelView) => ({
            archivedVersions: before.versions
              .filter(
                v =>
                  v.version !== version &&
                  v.stage === stage &&
                  after.versions.find(a => a.version === v.version)?.stage ===
                    'Archived',
              )
              .map(v => v.version),
          }),
        };
      },
    });
  }

  private async write(
    ctx: WriteContext,
    options: {
      eventId: string;
      permission: ResourcePermission<'catalog-entity'>;
      meta: JsonObject;
      check?: (resolved: ResolvedTarget) => void;
      change: (
        resolved: ResolvedTarget,
        model: string,
      ) => Promise<{
        before: JsonValue;
        after: JsonValue;
        extra?: (after: MlflowModelView) => JsonObject;
      }>;
    },
  ): Promise<MlflowWriteResponse> {
    const resolved = resolveTarget(ctx.entity, this.clients);
    const { model, locator } = requireRegisteredModel(resolved);
    options.check?.(resolved);
    let extra: ((after: MlflowModelView) => JsonObject) | undefined;
    const item = await this.pipeline.run({
      eventId: options.eventId,
      instance: resolved.target.instance,
      authority: {
        kind: 'ingested-entity',
        permission: options.permission,
        locator,
      },
      credentials: ctx.credentials,
      request: ctx.request,
      meta: {
        entityRef: resolved.entityRef,
        instance: resolved.target.instance,
        model,
        ...options.meta,
      },
      change: async () => {
        const outcome = await options.change(resolved, model);
        extra = outcome.extra;
        return { before: outcome.before, after: outcome.after };
      },
      reload: () => loadModelView(resolved, model),
      outcome: after => extra?.(after) ?? {},
    });
    return { item };
  }
}
