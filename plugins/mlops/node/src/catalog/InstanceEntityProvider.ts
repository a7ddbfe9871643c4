import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { MlopsSystem } from '@mlops-portal/plugin-mlops-common';
import { randomUUID } from 'node:crypto';

/** At most this many offending objects are named in one warning; the count is always given. */
const MAX_LOGGED_EXAMPLES = 20;

/**
 * How a system's entity providers are scheduled: one task runner per provider, from the
 * scheduler and `<system>.catalog.schedule`, or one given runner (tests, custom scheduling).
 *
 * @public
 */
export interface ProviderScheduleOptions {
  /** Creates each provider's task runner from `<system>.catalog.schedule`. */
  scheduler?: SchedulerService;
  /** Used instead of `scheduler` (tests, custom scheduling). */
  schedule?: SchedulerServiceTaskRunner;
}

/**
 * The task runner of one provider: `options.schedule` if given, else a new runner of the
 * scheduler on `schedule`; throws `InputError` naming `provider` when there is neither.
 *
 * @public
 */
export function providerTaskRunner(
  options: ProviderScheduleOptions,
  schedule: SchedulerServiceTaskScheduleDefinition,
  provider: string,
): SchedulerServiceTaskRunner {
  if (options.schedule) {
    return options.schedule;
  }
  if (options.scheduler) {
    return options.scheduler.createScheduledTaskRunner(schedule);
  }
  throw new InputError(`${provider} needs either a scheduler or a schedule`);
}

/**
 * What one read of an instance produced: the entities, and the line a successful run logs.
 *
 * @public
 */
export interface InstanceEntitiesRead {
  /** Every entity of the instance: they replace the provider's entities. */
  entities: Entity[];
  /** The `info` line logged once they are applied, e.g. `Read 12 DAGs …`. */
  message: string;
  /** Its fields (counts, pages); `durationMs` is added. */
  fields: Record<string, unknown>;
}

/**
 * Options of an {@link InstanceEntityProvider}.
 *
 * @public
 */
export interface InstanceEntityProviderOptions {
  /** The system, for the provider name (`<system>-provider:<instance>`). */
  system: MlopsSystem;
  /** The instance the provider reads. */
  instance: string;
  /** The module's logger; the provider logs through a child naming it. */
  logger: LoggerService;
  /** Runs the provider's refresh (see {@link providerTaskRunner}). */
  taskRunner: SchedulerServiceTaskRunner;
}

/**
 * An entity provider of one upstream instance: on schedule it reads the whole instance and
 * replaces its entities with one full mutation, or, when the read fails, changes nothing.
 *
 * @remarks
 * A system's provider implements {@link InstanceEntityProvider.read}; the scheduling, the
 * logging and the mutation are the same for every system. A read that throws (an upstream page
 * failed, an answer was malformed) applies nothing, so the catalog keeps the entities of the last
 * good run and a partial read never deletes the rest; the error is logged and the next scheduled
 * run tries again. One provider per instance: one broken instance never blanks the others.
 *
 * @public
 */
export abstract class InstanceEntityProvider implements EntityProvider {
  /** The provider's logger, naming it as `target`. */
  protected readonly logger: LoggerService;
  private readonly providerName: string;
  private readonly instanceName: string;
  private readonly taskRunner: SchedulerServiceTaskRunner;
  private connection?: EntityProviderConnection;

  protected constructor(options: InstanceEntityProviderOptions) {
    // Never renamed: the catalog keys the entities by it, and a new name orphans them.
    this.providerName = `${options.system.id}-provider:${options.instance}`;
    this.instanceName = options.instance;
    this.taskRunner = options.taskRunner;
    this.logger = options.logger.child({ target: this.providerName });
  }

  /** {@inheritdoc @backstage/plugin-catalog-node#EntityProvider.getProviderName} */
  getProviderName(): string {
    return this.providerName;
  }

  /** {@inheritdoc @backstage/plugin-catalog-node#EntityProvider.connect} */
  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const taskId = `${this.providerName}:refresh`;
    await this.taskRunner.run({
      id: taskId,
      fn: async () => {
        const logger = this.logger.child({
          taskId,
          taskInstanceId: randomUUID(),
          instance: this.instanceName,
        });
        try {
          await this.refresh(logger);
        } catch (error) {
          // The catalog keeps what it had; the next scheduled run tries again.
          logger.error(
            `${this.providerName} refresh failed; no entities were changed`,
            error as Error,
          );
        }
      },
    });
  }

  /**
   * Reads the whole instance and replaces this provider's entities with it; throws, having
   * applied nothing, when the read fails.
   */
  async refresh(logger: LoggerService): Promise<void> {
    if (!this.connection) {
      throw new ServiceUnavailableError(
        `${this.providerName} is not connected to the catalog yet`,
      );
    }
    const started = Date.now();
    const read = await this.read(logger);
    const locationKey = this.providerName;
    await this.connection.applyMutation({
      type: 'full',
      entities: read.entities.map(entity => ({ entity, locationKey })),
    });
    logger.info(read.message, {
      ...read.fields,
      durationMs: Date.now() - started,
    });
    try {
      await this.afterRefresh(logger);
    } catch (error) {
      // The entities are in the catalog: the refresh itself succeeded.
      logger.error(
        `${this.providerName} refreshed, but what follows a refresh failed`,
        error as Error,
      );
    }
  }

  /**
   * Changes some of this provider's entities between full refreshes (e.g. from a watch): adds
   * or replaces `added`, removes the entities named by `removed`, under the same location key
   * as the full mutation, so the next full refresh replaces them like any other.
   */
  protected async applyDelta(delta: {
    added: readonly Entity[];
    removed: readonly string[];
  }): Promise<void> {
    if (!this.connection) {
      throw new ServiceUnavailableError(
        `${this.providerName} is not connected to the catalog yet`,
      );
    }
    const locationKey = this.providerName;
    await this.connection.applyMutation({
      type: 'delta',
      added: delta.added.map(entity => ({ entity, locationKey })),
      removed: delta.removed.map(entityRef => ({ entityRef, locationKey })),
    });
  }

  /**
   * Runs after each successful full refresh, once its entities are applied (e.g. to start a
   * watch from what was read); does nothing unless a provider overrides it. An error it throws
   * is logged and changes nothing that was applied.
   */
  protected async afterRefresh(_logger: LoggerService): Promise<void> {}

  /**
   * Logs one warning for many objects: the message (with their count) and up to 20 examples,
   * so a run with thousands of them still logs one line.
   */
  protected warnWithExamples(
    logger: LoggerService,
    message: string,
    examples: readonly JsonValue[],
  ): void {
    logger.warn(message, { examples: examples.slice(0, MAX_LOGGED_EXAMPLES) });
  }

  /**
   * Reads every object of the instance and maps it to entities; throws when any part of the
   * read fails, so that nothing is applied.
   */
  protected abstract read(logger: LoggerService): Promise<InstanceEntitiesRead>;
}
