import {
  AuthService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { KUBEFLOW_SYSTEM } from '@mlops-portal/plugin-kubeflow-common';
import {
  KubeflowApi,
  KubeflowClients,
  KubeflowInstanceConfig,
} from '@mlops-portal/plugin-kubeflow-node';
import {
  CatalogOwnerDirectory,
  InstanceEntitiesRead,
  InstanceEntityProvider,
  providerTaskRunner,
} from '@mlops-portal/plugin-mlops-node';
import { readPipelineEntities } from '../lib/readPipelineEntities';
import {
  KubeflowProviderConfig,
  readKubeflowProviderConfig,
} from './readKubeflowProviderConfig';

/**
 * Options for {@link KubeflowEntityProvider.fromConfig}.
 *
 * @public
 */
export interface KubeflowEntityProviderOptions {
  /** The Kubeflow clients (from `kubeflowClientsServiceRef`); one provider per instance. */
  clients: KubeflowClients;
  /** The catalog (`catalogServiceRef`), read for its users and groups once per run. */
  catalog: CatalogService;
  /** The module's auth service: the catalog is read with its own credentials. */
  auth: AuthService;
  /** Where each provider logs its runs, through a child logger. */
  logger: LoggerService;
  /** Creates each provider's task runner from `kubeflow.catalog.schedule`. */
  scheduler?: SchedulerService;
  /** Used instead of `scheduler` (tests, custom scheduling). */
  schedule?: SchedulerServiceTaskRunner;
}

/**
 * Ingests every pipeline of one Kubeflow Pipelines instance as a `kubeflow-pipeline` Resource,
 * with its newest version and version count, owned by its namespace's configured owner or the
 * default owner.
 *
 * @remarks
 * Each run reads every page of `GET /pipelines` (at the instance's `pageSize`, uncached), one
 * versions request per ingested pipeline (the newest version and the total, four at a time while
 * the next page is read) and the catalog's users and groups once, and applies a full mutation
 * only when all of it was read; on any failure it applies nothing, so the catalog keeps the
 * entities of the last good run. The entities are what the Kubeflow backend authorizes writes
 * against (`kubeflowPipelineLocator`).
 *
 * @public
 */
export class KubeflowEntityProvider extends InstanceEntityProvider {
  private readonly client: KubeflowApi;
  private readonly instances: readonly KubeflowInstanceConfig[];
  private readonly config: KubeflowProviderConfig;
  private readonly readOwners: () => Promise<CatalogOwnerDirectory>;

  /** One provider per configured Kubeflow instance (none when no instance is configured). */
  static fromConfig(
    config: Config,
    options: KubeflowEntityProviderOptions,
  ): KubeflowEntityProvider[] {
    const { instances } = options.clients;
    if (instances.length === 0) {
      options.logger.warn(
        'No kubeflow.instances configured; the Kubeflow entity provider ingests nothing',
      );
      return [];
    }
    const providerConfig = readKubeflowProviderConfig(config);
    const { catalog, auth } = options;
    return instances.map(
      instance =>
        new KubeflowEntityProvider({
          client: options.clients.forInstance(instance.name),
          instances,
          config: providerConfig,
          readOwners: () => CatalogOwnerDirectory.read({ catalog, auth }),
          logger: options.logger,
          taskRunner: providerTaskRunner(
            options,
            providerConfig.schedule,
            'KubeflowEntityProvider',
          ),
        }),
    );
  }

  private constructor(options: {
    client: KubeflowApi;
    instances: readonly KubeflowInstanceConfig[];
    config: KubeflowProviderConfig;
    readOwners: () => Promise<CatalogOwnerDirectory>;
    logger: LoggerService;
    taskRunner: SchedulerServiceTaskRunner;
  }) {
    super({
      system: KUBEFLOW_SYSTEM,
      instance: options.client.instance.name,
      logger: options.logger,
      taskRunner: options.taskRunner,
    });
    this.client = options.client;
    this.instances = options.instances;
    this.config = options.config;
    this.readOwners = options.readOwners;
  }

  /** Reads every pipeline of the instance and the catalog's owners; throws when any of it fails. */
  protected async read(logger: LoggerService): Promise<InstanceEntitiesRead> {
    const { instance } = this.client;
    const { defaultOwner, namespaceOwners, filters } = this.config;
    const read = await readPipelineEntities(this.client, {
      filters,
      readOwners: this.readOwners,
      context: {
        instances: this.instances,
        instance,
        defaultOwner,
        namespaceOwners,
      },
    });
    const { entities, unknownOwners, nameClashes } = read;

    if (unknownOwners.length > 0) {
      // Ingested all the same: the group may be on its way into the catalog (a fresh install).
      const owned = unknownOwners.reduce((sum, u) => sum + u.pipelines, 0);
      this.warnWithExamples(
        logger,
        `${unknownOwners.length} owners configured in kubeflow.catalog (defaultOwner, namespaceOwners) ` +
          `are none of the catalog's ${read.catalogOwners} users and groups; ` +
          `the ${owned} pipelines they own have no owner in the catalog`,
        unknownOwners,
      );
    }
    if (nameClashes.length > 0) {
      this.warnWithExamples(
        logger,
        `${nameClashes.length} pipelines were left out: their entity name is taken ` +
          '(by a pipeline of the same name, in another namespace?)',
        nameClashes.map(clash => ({
          pipelineId: clash.upstream,
          entityRef: clash.entityRef,
          keptPipelineId: clash.kept,
        })),
      );
    }

    return {
      entities,
      message:
        `Read ${read.pipelinesSeen} pipelines from Kubeflow instance '${instance.name}'; ` +
        `${entities.length} entities applied`,
      fields: {
        pipelines: read.pipelinesSeen,
        entities: entities.length,
        filteredOut: read.filteredOut,
        versionRequests: read.versionRequests,
        catalogOwners: read.catalogOwners,
        unknownOwners: unknownOwners.length,
        pageSize: instance.pageSize,
      },
    };
  }
}
