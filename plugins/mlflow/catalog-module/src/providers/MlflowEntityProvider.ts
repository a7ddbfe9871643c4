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
import { MlflowApi, MlflowClients } from '@mlops-portal/plugin-mlflow-node';
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
 * a full mutation only when every page was read; on any failure it applies nothing, so the
 * catalog keeps the entities of the last good run.
 *
 * @public
 */
export class MlflowEntityProvider implements EntityProvider {
  private readonly client: MlflowApi;
  private readonly config: MlflowProviderConfig;
  private readonly entityNamePrefix?: string;
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
    const [defaultInstance] = instances;
    return instances.map(
      instance =>
        new MlflowEntityProvider({
          client: options.clients.forInstance(instance.name),
          config: providerConfig,
          // The default instance keeps plain names; the others are prefixed so two
          // registries' `fraud-detector` models never collide.
          entityNamePrefix:
            instance.name === defaultInstance.name ? undefined : instance.name,
          logger: options.logger,
          taskRunner: taskRunner(),
        }),
    );
  }

  private constructor(options: {
    client: MlflowApi;
    config: MlflowProviderConfig;
    entityNamePrefix?: string;
    logger: LoggerService;
    taskRunner: SchedulerServiceTaskRunner;
  }) {
    this.client = options.client;
    this.config = options.config;
    this.entityNamePrefix = options.entityNamePrefix;
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
   * throws, having applied nothing, when any upstream page fails.
   */
  async refresh(logger: LoggerService): Promise<void> {
    if (!this.connection) {
      throw new ServiceUnavailableError(
        `${this.getProviderName()} is not connected to the catalog yet`,
      );
    }
    const started = Date.now();
    const read = await readRegistryEntities(this.client, {
      filters: this.config.filters,
      context: {
        instance: this.client.instance,
        entityNamePrefix: this.entityNamePrefix,
        ownerTag: this.config.ownerTag,
        defaultOwner: this.config.defaultOwner,
      },
    });
    const { entities, invalidOwners, nameClashes } = read;

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
        { examples: nameClashes.slice(0, MAX_LOGGED_EXAMPLES) },
      );
    }

    const locationKey = this.getProviderName();
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({ entity, locationKey })),
    });
    logger.info(
      `Read ${read.modelsSeen} registered models from MLflow instance ` +
        `'${this.client.instance.name}'; ${entities.length} entities applied`,
      {
        models: read.modelsSeen,
        entities: entities.length,
        versions: read.versionCount,
        registeredModelPages: read.pages.registeredModels,
        modelVersionPages: read.pages.modelVersions,
        durationMs: Date.now() - started,
      },
    );
  }
}
