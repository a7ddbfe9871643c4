import { toInstanceError } from '@mlops-portal/plugin-mlops-node';
import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  MlflowModelView,
  MlflowStage,
  MlflowWriteResponse,
  mlflowModelAliasDeletePermission,
  mlflowModelAliasSetPermission,
  mlflowModelStageTransitionPermission,
} from '@mlops-portal/plugin-mlflow-common';
import type { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import type { Request } from 'express';
import { loadModelView } from './models';
import {
  requireRegisteredModel,
  ResolvedTarget,
  resolveTarget,
} from './resolveTarget';

/** Options of {@link MlflowWriteService}. */
export interface MlflowWriteServiceOptions {
  clients: MlflowClients;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
}

/** Who asks, about which entity, through which HTTP request (the audit log reads it). */
export interface WriteContext {
  /** The entity, freshly read with the caller's credentials. */
  entity: Entity;
  credentials: BackstageCredentials;
  request: Request;
}

/** A value of the audit log's before → after. */
type AuditValue = string | string[] | null;

/** Audit event ids of the writes. */
export const MLFLOW_AUDIT_EVENTS = {
  aliasSet: 'model-alias-set',
  aliasDelete: 'model-alias-delete',
  stageTransition: 'model-stage-transition',
} as const;

/**
 * Changes the registered model an entity annotates: aliases (MLflow 2.x and 3.x) and stages
 * (2.x), each under its permission checked against the entity and recorded as an audit event.
 *
 * @remarks
 * Order of a write: annotations and request checked (400, nothing recorded) → audit event
 * initiated → permission (403, no upstream call) → the model as it is now (before) → the write →
 * the model as it is afterwards, read fresh (the MLflow client starts a new cache generation on
 * every write) → audit event succeeded with before → after. Any failure after the audit event
 * started is recorded as failed and rethrown.
 */
export class MlflowWriteService {
  private readonly clients: MlflowClients;
  private readonly permissions: PermissionsService;
  private readonly auditor: AuditorService;
  private readonly logger: LoggerService;

  constructor(options: MlflowWriteServiceOptions) {
    this.clients = options.clients;
    this.permissions = options.permissions;
    this.auditor = options.auditor;
    this.logger = options.logger;
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
          before: before.aliases[alias] ?? null,
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
        const version = before.aliases[alias];
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
      meta: Record<string, string | boolean>;
      check?: (resolved: ResolvedTarget) => void;
      change: (
        resolved: ResolvedTarget,
        model: string,
      ) => Promise<{
        before: AuditValue;
        after: AuditValue;
        extra?: (after: MlflowModelView) => Record<string, AuditValue>;
      }>;
    },
  ): Promise<MlflowWriteResponse> {
    const resolved = resolveTarget(ctx.entity, this.clients);
    const model = requireRegisteredModel(resolved);
    options.check?.(resolved);

    const meta = {
      entityRef: resolved.entityRef,
      instance: resolved.target.instance,
      model,
      ...options.meta,
    };
    const event = await this.auditor.createEvent({
      eventId: options.eventId,
      severityLevel: 'medium',
      request: ctx.request,
      meta,
    });
    try {
      await this.authorize(options.permission, resolved, ctx.credentials);
      const { before, after, extra } = await options.change(resolved, model);
      const item = await loadModelView(resolved, model);
      const changes = { before, after, ...extra?.(item) };
      await event.success({ meta: changes });
      this.logger.info(`MLflow ${options.eventId}`, {
        ...meta,
        ...changes,
      } as Record<string, string>);
      return { item };
    } catch (error) {
      const failure = asWriteFailure(error, resolved.target.instance);
      await event.fail({ error: failure });
      throw failure;
    }
  }

  private async authorize(
    permission: ResourcePermission<'catalog-entity'>,
    resolved: ResolvedTarget,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef: resolved.entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to ${permission.name} on '${resolved.entityRef}' (MLflow model '${resolved.target.registeredModel}')`,
      );
    }
  }
}

/**
 * A write the instance failed is a 503 whatever the cause: in particular the instance refusing
 * the portal's own credentials must not look like the caller lacking permission (403).
 */
function asWriteFailure(error: unknown, instance: string): Error {
  const instanceError = toInstanceError(error, instance);
  if (instanceError && (error as Error).name !== 'ServiceUnavailableError') {
    return Object.assign(new ServiceUnavailableError(instanceError.message), {
      upstream: (error as { upstream?: unknown }).upstream,
    });
  }
  return error as Error;
}
