import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { JsonObject, JsonValue } from '@backstage/types';
import type { Request } from 'express';
import { IngestedEntityAuthority } from '../authority/IngestedEntityAuthority';
import { IngestedEntityLocator } from '../authority/locator';
import { toInstanceError } from '../toInstanceError';
import { describeActor } from './actor';

/**
 * Who may make a write: the owners of an upstream object's ingested entity, or holders of a
 * basic permission (for writes that create something new, which nobody owns yet).
 *
 * @public
 */
export type WriteAuthority =
  | {
      /** The object exists upstream; its provider's entity decides. */
      kind: 'ingested-entity';
      permission: ResourcePermission<'catalog-entity'>;
      locator: IngestedEntityLocator;
    }
  | {
      /** No object to own yet (a create); the permission decides. */
      kind: 'basic';
      permission: BasicPermission;
      /** What is done, for the refusal, e.g. `create MLflow experiment 'x'`. */
      description: string;
    };

/**
 * What a change did, for the audit log: the value before and after.
 *
 * @public
 */
export interface WriteChange {
  /** The value before the change. */
  before: JsonValue;
  /** The value after the change. */
  after: JsonValue;
}

/**
 * One write, as a system describes it to {@link WritePipeline.run}.
 *
 * @public
 */
export interface WriteOperation<TResult> {
  /** The audit event id, kebab-case, e.g. `model-alias-set`. */
  eventId: string;
  /** The instance written to: its failures become 503s naming it. */
  instance: string;
  /** What the write is authorized against: the object's ingested entity, or a permission. */
  authority: WriteAuthority;
  /** The caller's credentials. */
  credentials: BackstageCredentials;
  /** The HTTP request, when the write came through a route (the auditor reads it). */
  request?: Request;
  /** What is written (object, instance, parameters), recorded from the start. */
  meta: JsonObject;
  /** Makes the change, having read what it replaces; says before → after. */
  change(): Promise<WriteChange>;
  /** Reads the object afresh after the change; this is what the write answers. */
  reload(): Promise<TResult>;
  /** More of the change, once the object is reloaded (e.g. what else a change moved). */
  outcome?(result: TResult): JsonObject;
}

/**
 * Options for {@link WritePipeline}.
 *
 * @public
 */
export interface WritePipelineOptions {
  /** Resolves the entity a write is authorized against and checks the caller's permission. */
  authority: IngestedEntityAuthority;
  /** The plugin's `coreServices.auditor`. */
  auditor: AuditorService;
  /** The plugin's `coreServices.logger`. */
  logger: LoggerService;
}

/**
 * Every write of every system, in one order: audit event initiated → authorized (403, nothing
 * sent upstream) → change → reload → audit event succeeded with before → after; any failure after
 * the event started is recorded as failed and rethrown.
 *
 * @remarks
 * The audit event names the actor explicitly, so that writes made through actions (which carry
 * credentials but no HTTP request) say who made them too. A write the instance failed is a 503
 * whatever the upstream status: the instance refusing the portal's own credentials must not look
 * like the caller lacking permission.
 *
 * @public
 */
export class WritePipeline {
  private readonly authority: IngestedEntityAuthority;
  private readonly auditor: AuditorService;
  private readonly logger: LoggerService;

  constructor(options: WritePipelineOptions) {
    this.authority = options.authority;
    this.auditor = options.auditor;
    this.logger = options.logger;
  }

  /** Runs one write; resolves with the reloaded object. */
  async run<TResult>(operation: WriteOperation<TResult>): Promise<TResult> {
    const meta: JsonObject = {
      actor: describeActor(operation.credentials),
      ...operation.meta,
    };
    const event = await this.auditor.createEvent({
      eventId: operation.eventId,
      severityLevel: 'medium',
      request: operation.request,
      meta,
    });
    try {
      const authority = await this.authorize(
        operation.authority,
        operation.credentials,
      );
      const change = await operation.change();
      const result = await operation.reload();
      const recorded: JsonObject = {
        authority,
        before: change.before,
        after: change.after,
        ...operation.outcome?.(result),
      };
      await event.success({ meta: recorded });
      this.logger.info(`Write ${operation.eventId} succeeded`, {
        ...flatten(meta),
        ...flatten(recorded),
      });
      return result;
    } catch (error) {
      const failure = asWriteFailure(error, operation.instance);
      await event.fail({ error: failure });
      throw failure;
    }
  }

  /**
   * Authorizes a write without making it (a dry run asks this): the same check
   * {@link WritePipeline.run} makes, with no audit event.
   *
   * @returns what allowed it, as the audit event records it: the permission of a basic
   * authority, the ingested entity's ref, or `admins (no ingested entity)`
   * @throws NotAllowedError as {@link WritePipeline.run} would
   */
  async authorize(
    authority: WriteAuthority,
    credentials: BackstageCredentials,
  ): Promise<string> {
    if (authority.kind === 'basic') {
      await this.authority.authorizeBasic(
        authority.permission,
        credentials,
        authority.description,
      );
      return authority.permission.name;
    }
    const resolution = await this.authority.authorizeWrite(
      authority.permission,
      authority.locator,
      credentials,
    );
    return resolution.ingested
      ? resolution.entityRef
      : 'admins (no ingested entity)';
  }
}

/** Who acted, as the audit log records it. */
function flatten(meta: JsonObject): Record<string, string> {
  return Object.fromEntries(
    Object.entries(meta).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

function asWriteFailure(error: unknown, instance: string): Error {
  const instanceError = toInstanceError(error, instance);
  if (instanceError && (error as Error).name !== 'ServiceUnavailableError') {
    return Object.assign(new ServiceUnavailableError(instanceError.message), {
      upstream: (error as { upstream?: unknown }).upstream,
    });
  }
  return error as Error;
}
