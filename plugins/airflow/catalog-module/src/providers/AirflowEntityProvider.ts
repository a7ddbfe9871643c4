import {
  AuthService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AIRFLOW_SYSTEM } from '@mlops-portal/plugin-airflow-common';
import {
  AirflowApi,
  AirflowClients,
  AirflowInstanceConfig,
} from '@mlops-portal/plugin-airflow-node';
import {
  CatalogOwnerDirectory,
  InstanceEntitiesRead,
  InstanceEntityProvider,
  providerTaskRunner,
} from '@mlops-portal/plugin-mlops-node';
import { readDagEntities } from '../lib/readDagEntities';
import {
  AirflowProviderConfig,
  readAirflowProviderConfig,
} from './readAirflowProviderConfig';

/**
 * Options for {@link AirflowEntityProvider.fromConfig}.
 *
 * @public
 */
export interface AirflowEntityProviderOptions {
  /** The Airflow clients (from `airflowClientsServiceRef`); one provider per instance. */
  clients: AirflowClients;
  /** The catalog (`catalogServiceRef`), read for its users and groups once per run. */
  catalog: CatalogService;
  /** The module's auth service: the catalog is read with its own credentials. */
  auth: AuthService;
  /** Where each provider logs its runs, through a child logger. */
  logger: LoggerService;
  /** Creates each provider's task runner from `airflow.catalog.schedule`. */
  scheduler?: SchedulerService;
  /** Used instead of `scheduler` (tests, custom scheduling). */
  schedule?: SchedulerServiceTaskRunner;
}

/**
 * Ingests every DAG of one Airflow instance as an `airflow-dag` Resource, owned by the catalog
 * user or group its owners name.
 *
 * @remarks
 * Each run reads every page of `GET /dags` (at the instance's `pageSize`) and the catalog's users
 * and groups once, and applies a full mutation only when all of it was read; on any failure, a
 * malformed page included, it applies nothing, so the catalog keeps the entities of the last good
 * run. The entities are what the Airflow backend authorizes writes against (`airflowDagLocator`).
 *
 * @public
 */
export class AirflowEntityProvider extends InstanceEntityProvider {
  private readonly client: AirflowApi;
  private readonly instances: readonly AirflowInstanceConfig[];
  private readonly config: AirflowProviderConfig;
  private readonly readOwners: () => Promise<CatalogOwnerDirectory>;

  /** One provider per configured Airflow instance (none when no instance is configured). */
  static fromConfig(
    config: Config,
    options: AirflowEntityProviderOptions,
  ): AirflowEntityProvider[] {
    const { instances } = options.clients;
    if (instances.length === 0) {
      options.logger.warn(
        'No airflow.instances configured; the Airflow entity provider ingests nothing',
      );
      return [];
    }
    const providerConfig = readAirflowProviderConfig(config);
    const { catalog, auth } = options;
    return instances.map(
      instance =>
        new AirflowEntityProvider({
          client: options.clients.forInstance(instance.name),
          instances,
          config: providerConfig,
          readOwners: () => CatalogOwnerDirectory.read({ catalog, auth }),
          logger: options.logger,
          taskRunner: providerTaskRunner(
            options,
            providerConfig.schedule,
            'AirflowEntityProvider',
          ),
        }),
    );
  }

  private constructor(options: {
    client: AirflowApi;
    instances: readonly AirflowInstanceConfig[];
    config: AirflowProviderConfig;
    readOwners: () => Promise<CatalogOwnerDirectory>;
    logger: LoggerService;
    taskRunner: SchedulerServiceTaskRunner;
  }) {
    super({
      system: AIRFLOW_SYSTEM,
      instance: options.client.instance.name,
      logger: options.logger,
      taskRunner: options.taskRunner,
    });
    this.client = options.client;
    this.instances = options.instances;
    this.config = options.config;
    this.readOwners = options.readOwners;
  }

  /** Reads every DAG of the instance and the catalog's owners; throws when any of it fails. */
  protected async read(logger: LoggerService): Promise<InstanceEntitiesRead> {
    const { instance } = this.client;
    const { defaultOwner } = this.config;
    const read = await readDagEntities(this.client, {
      filters: this.config.filters,
      readOwners: this.readOwners,
      context: { instances: this.instances, instance, defaultOwner },
    });
    const { entities, unmatchedOwners, nameClashes } = read;

    if (unmatchedOwners.length > 0) {
      this.warnWithExamples(
        logger,
        `${unmatchedOwners.length} DAGs have owners that name none of the catalog's ` +
          `${read.catalogOwners} users and groups; they are owned by ${defaultOwner} instead`,
        unmatchedOwners,
      );
    }
    if (nameClashes.length > 0) {
      this.warnWithExamples(
        logger,
        `${nameClashes.length} DAGs were left out: their entity name is taken`,
        nameClashes.map(clash => ({
          dag: clash.upstream,
          entityRef: clash.entityRef,
          keptDag: clash.kept,
        })),
      );
    }

    return {
      entities,
      message:
        `Read ${read.dagsSeen} DAGs from Airflow instance '${instance.name}'; ` +
        `${entities.length} entities applied`,
      fields: {
        dags: read.dagsSeen,
        entities: entities.length,
        filteredOut: read.filteredOut,
        catalogOwners: read.catalogOwners,
        unmatchedOwners: unmatchedOwners.length,
        pageSize: instance.pageSize,
      },
    };
  }
}
