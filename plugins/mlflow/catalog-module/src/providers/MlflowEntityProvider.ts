import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  MlflowApi,
  MlflowClients,
  MlflowInstanceConfig,
} from '@mlops-portal/plugin-mlflow-node';
import { randomUUID } from 'node:crypto';
import { readRegistryEntities } from '../lib/readRegistryEntities';
import {
  MlflowProviderConfig,
  readMlflowProviderConfig,
} from './readMlflowProviderConfig';

/** At most this many offending models are named in one warning; the count is always given. */
const MAX_LOGGED_EXAMPLES = 20;

/**
 * Options for {@link MlflowEntityProvider.fromConfig}.
 *
 * @public
 */
export interface MlflowEntityProviderOptions {
  /** The MLflow clients (from `mlflowClientsServiceRef`); one provider per instance. */
  clients: MlflowClients;
  /** Where each provider logs its runs, through a child logger. */
  logger: LoggerService;
  /** Creates each provider's task runner from `mlflow.catalog.schedule`. */
  scheduler?: SchedulerService;
  /** Used instead of `scheduler` (tests, custom scheduling). */
  schedule?: SchedulerServiceTaskRunner;
}

/**
 * Ingests every registered model of one MLflow instance as an `ml-model` Resource.
 *
 * @remarks
 * Each run reads the whole registry (two paged searches at the largest page size) and applies
 * a full mutation only when every page was read; on any failure, a malformed answer included,
 * it applies nothing, so the catalog keeps the entities of the last good run. The entities are
 * what the MLflow backend authorizes writes against (`mlflowModelLocator`).
 *
 * @public
 */
export class MlflowEntityProvider implements EntityProvider {
  private readonly client: MlflowApi;
  private readonly instances: readonly MlflowInstanceConfig[];
  private readonly config: MlflowProviderConfig;
  private readonly logger: LoggerService;
  private readonly taskRunner: SchedulerServiceTaskRunner;
  private connection?: EntityProviderConnection;

  /** One provider per configured MLflow instance (none when no instance is configured). */
  static fromConfig(
    config: Config,
    options: MlflowEntityProviderOptions,
  ): MlflowEntityProvider[] {
    const { instances } = options.clients;
    if (instances.length === 0) {
      options.logger.warn(
        'No mlflow.instances configured; the MLflow entity provider ingests nothing',
      );
      return [];
    }
    const providerConfig = readMlflowProviderConfig(config);
    const { schedule, scheduler } = options;
    const taskRunner = (): SchedulerServiceTaskRunner => {
      if (schedule) {
        return schedule;
      }
      if (scheduler) {
        return scheduler.createScheduledTaskRunner(providerConfig.schedule);
      }
      throw new InputError(
        'MlflowEntityProvider needs either a scheduler or a schedule',
      );
    };
    return instances.map(
      instance =>
        new MlflowEntityProvider({
          client: options.clients.forInstance(instance.name),
          instances,
          config: providerConfig,
          logger: options.logger,
          taskRunner: taskRunner(),
        }),
    );
  }

  private constructor(options: {
    client: MlflowApi;
    instances: readonly MlflowInstanceConfig[];
    config: MlflowProviderConfig;
    logger: LoggerService;
    taskRunner: SchedulerServiceTaskRunner;
  }) {
    this.client = options.client;
    this.instances = options.instances;
    this.config = options.config;
    this.taskRunner = options.taskRunner;
    this.logger = options.logger.child({
      target: this.getProviderName(),
    });
  }

  /** {@inheritdoc @backstage/plugin-catalog-node#EntityProvider.getProviderName} */
  getProviderName(): string {
    return `mlflow-provider:${this.client.instance.name}`;
  }

  /** {@inheritdoc @backstage/plugin-catalog-node#EntityProvider.connect} */
  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const taskId = `${this.getProviderName()}:refresh`;
    await this.taskRunner.run({
      id: taskId,
      fn: async () => {
        const logger = this.logger.child({
          taskId,
          taskInstanceId: randomUUID(),
          instance: this.client.instance.name,
        });
        try {
          await this.refresh(logger);
        } catch (error) {
          // The catalog keeps what it had; the next scheduled run tries again.
          logger.error(
            `${this.getProviderName()} refresh failed; no entities were changed`,
            error as Error,
          );
        }
      },
    });
  }

  /**
   * Reads the instance's whole registry and replaces this provider's entities with it;
   * throws, having applied nothing, when any upstream page fails or is malformed.
   */
  async refresh(logger: LoggerService): Promise<void> {
    if (!this.connection) {
      throw new ServiceUnavailableError(
        `${this.getProviderName()} is not connected to the catalog yet`,
      );
    }
    const started = Date.now();
    const { instance } = this.client;
    const read = await readRegistryEntities(this.client, {
      filters: this.config.filters,
      includePrompts: this.config.includePrompts,
      context: {
        instances: this.instances,
        instance,
        ownerTag: this.config.ownerTag,
        defaultOwner: this.config.defaultOwner,
      },
    });
    const { entities, invalidOwners, nameClashes, promptsLeftOut } = read;

    if (invalidOwners.length > 0) {
      logger.warn(
        `${invalidOwners.length} registered models have a '${this.config.ownerTag}' tag that ` +
          `names no group or user; they are owned by ${this.config.defaultOwner} instead`,
        {
          examples: invalidOwners.slice(0, MAX_LOGGED_EXAMPLES),
        },
      );
    }
    if (nameClashes.length > 0) {
      logger.warn(
        `${nameClashes.length} registered models were left out: their entity name is taken`,
        {
          examples: nameClashes.slice(0, MAX_LOGGED_EXAMPLES).map(clash => ({
            model: clash.upstream,
            entityRef: clash.entityRef,
            keptModel: clash.kept,
          })),
        },
      );
    }

    const locationKey = this.getProviderName();
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({ entity, locationKey })),
    });
    const prompts =
      promptsLeftOut > 0
        ? `; ${promptsLeftOut} prompts left out (mlflow.catalog.includePrompts is false)`
        : '';
    logger.info(
      `Read ${read.modelsSeen} registered models from MLflow instance ` +
        `'${instance.name}'; ${entities.length} entities applied${prompts}`,
      {
        models: read.modelsSeen,
        entities: entities.length,
        promptsLeftOut,
        versions: read.versionCount,
        registeredModelPages: read.pages.registeredModels,
        modelVersionPages: read.pages.modelVersions,
        durationMs: Date.now() - started,
      },
    );
  }
}
