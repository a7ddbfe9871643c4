import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { MLFLOW_SYSTEM } from '@mlops-portal/plugin-mlflow-common';
import {
  MlflowApi,
  MlflowClients,
  MlflowInstanceConfig,
} from '@mlops-portal/plugin-mlflow-node';
import {
  InstanceEntitiesRead,
  InstanceEntityProvider,
  providerTaskRunner,
} from '@mlops-portal/plugin-mlops-node';
import { readRegistryEntities } from '../lib/readRegistryEntities';
import {
  MlflowProviderConfig,
  readMlflowProviderConfig,
} from './readMlflowProviderConfig';

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
export class MlflowEntityProvider extends InstanceEntityProvider {
  private readonly client: MlflowApi;
  private readonly instances: readonly MlflowInstanceConfig[];
  private readonly config: MlflowProviderConfig;

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
    return instances.map(
      instance =>
        new MlflowEntityProvider({
          client: options.clients.forInstance(instance.name),
          instances,
          config: providerConfig,
          logger: options.logger,
          taskRunner: providerTaskRunner(
            options,
            providerConfig.schedule,
            'MlflowEntityProvider',
          ),
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
    super({
      system: MLFLOW_SYSTEM,
      instance: options.client.instance.name,
      logger: options.logger,
      taskRunner: options.taskRunner,
    });
    this.client = options.client;
    this.instances = options.instances;
    this.config = options.config;
  }

  /** Reads the instance's whole registry; throws when any upstream page fails or is malformed. */
  protected async read(logger: LoggerService): Promise<InstanceEntitiesRead> {
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
      this.warnWithExamples(
        logger,
        `${invalidOwners.length} registered models have a '${this.config.ownerTag}' tag that ` +
          `names no group or user; they are owned by ${this.config.defaultOwner} instead`,
        invalidOwners,
      );
    }
    if (nameClashes.length > 0) {
      this.warnWithExamples(
        logger,
        `${nameClashes.length} registered models were left out: their entity name is taken`,
        nameClashes.map(clash => ({
          model: clash.upstream,
          entityRef: clash.entityRef,
          keptModel: clash.kept,
        })),
      );
    }

    const prompts =
      promptsLeftOut > 0
        ? `; ${promptsLeftOut} prompts left out (mlflow.catalog.includePrompts is false)`
        : '';
    return {
      entities,
      message:
        `Read ${read.modelsSeen} registered models from MLflow instance ` +
        `'${instance.name}'; ${entities.length} entities applied${prompts}`,
      fields: {
        models: read.modelsSeen,
        entities: entities.length,
        promptsLeftOut,
        versions: read.versionCount,
        registeredModelPages: read.pages.registeredModels,
        modelVersionPages: read.pages.modelVersions,
      },
    };
  }
}
