import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { KSERVE_SYSTEM } from '@mlops-portal/plugin-kserve-common';
import {
  InferenceServiceObject,
  InferenceServiceWatchEvent,
  KserveClusterApi,
  KserveClusterConfig,
  KserveClusters,
} from '@mlops-portal/plugin-kserve-node';
import { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import {
  InstanceEntitiesRead,
  InstanceEntityProvider,
  matchesNameFilters,
  providerTaskRunner,
} from '@mlops-portal/plugin-mlops-node';
import {
  InferenceServiceEntityContext,
  InferenceServiceMapping,
  inferenceServiceEntityRefs,
  mapInferenceService,
  setModelResources,
} from '../lib/inferenceServiceEntities';
import {
  WatchScope,
  listClusterInferenceServices,
} from '../lib/listClusterInferenceServices';
import { DeltaQueue, EntityDelta } from '../lib/DeltaQueue';
import { ModelResources } from '../lib/ModelResources';
import {
  DEFAULT_WATCH_BACKOFF,
  KserveWatchBackoff,
  ScopeWatch,
} from '../lib/ScopeWatch';
import {
  KserveProviderConfig,
  readKserveProviderConfig,
} from './readKserveProviderConfig';

/**
 * Options for {@link KserveEntityProvider.fromConfig}.
 *
 * @public
 */
export interface KserveEntityProviderOptions {
  /** The clusters' clients (from `kserveClustersServiceRef`); one provider per cluster. */
  clusters: KserveClusters;
  /**
   * The MLflow clients (from `mlflowClientsServiceRef`): which `ml-model` Resources exist to
   * depend on, and the model versions a plain storageUri is matched against. Without any MLflow
   * instance no InferenceService depends on a model.
   */
  mlflow?: MlflowClients;
  /** Where each provider logs, through a child logger. */
  logger: LoggerService;
  /** Creates each provider's task runner from `kserve.catalog.schedule`. */
  scheduler?: SchedulerService;
  /** Used instead of `scheduler` (tests, custom scheduling). */
  schedule?: SchedulerServiceTaskRunner;
  /** How failed watches are retried (tests shorten it). */
  watchBackoff?: Partial<KserveWatchBackoff>;
}

/** An InferenceService mapped to its entities. */
type Mapped = Extract<InferenceServiceMapping, { ok: true }>;

/** What was odd about the mapped InferenceServices, for one warning each. */
type MappingNotes = { invalidOwners: string[]; mlflowInstances: string[] };

const noNotes = (): MappingNotes => ({
  invalidOwners: [],
  mlflowInstances: [],
});

/**
 * Ingests every InferenceService of one cluster as a `model-server` Component and the `API` it
 * provides, by a full relist on schedule and a watch between relists.
 *
 * @remarks
 * A relist pages through every configured namespace (or the whole cluster) and replaces the
 * cluster's entities with one full mutation, only when every page was read: a failed read
 * changes nothing. After each relist a watch per namespace (or one for the cluster) continues
 * from the list's resourceVersion and turns each change into a delta mutation, so a change
 * reaches the catalog within seconds. The next relist replaces the watches; an expired watch
 * relists at once; {@link KserveEntityProvider.stop} ends them.
 *
 * @public
 */
export class KserveEntityProvider extends InstanceEntityProvider {
  private readonly client: KserveClusterApi;
  private readonly clusters: readonly KserveClusterConfig[];
  private readonly config: KserveProviderConfig;
  private readonly models: ModelResources;
  private readonly backoff: KserveWatchBackoff;
  private context?: InferenceServiceEntityContext;
  private nextScopes?: WatchScope[];
  private watches: ScopeWatch[] = [];
  private readonly deltas: DeltaQueue;
  private refreshing?: Promise<void>;
  private stopped = false;

  /** One provider per configured cluster (none when no cluster is configured). */
  static fromConfig(
    config: Config,
    options: KserveEntityProviderOptions,
  ): KserveEntityProvider[] {
    const { instances } = options.clusters;
    if (instances.length === 0) {
      options.logger.warn(
        'No Kubernetes cluster configured for KServe; the KServe entity provider ingests nothing',
      );
      return [];
    }
    const providerConfig = readKserveProviderConfig(config);
    const models = new ModelResources({
      mlflow: options.mlflow,
      matchSources: providerConfig.matchModelVersionSources,
    });
    return instances.map(
      cluster =>
        new KserveEntityProvider({
          client: options.clusters.forInstance(cluster.name),
          clusters: instances,
          config: providerConfig,
          models,
          logger: options.logger,
          backoff: { ...DEFAULT_WATCH_BACKOFF, ...options.watchBackoff },
          taskRunner: providerTaskRunner(
            options,
            providerConfig.schedule,
            'KserveEntityProvider',
          ),
        }),
    );
  }

  private constructor(options: {
    client: KserveClusterApi;
    clusters: readonly KserveClusterConfig[];
    config: KserveProviderConfig;
    models: ModelResources;
    logger: LoggerService;
    backoff: KserveWatchBackoff;
    taskRunner: SchedulerServiceTaskRunner;
  }) {
    super({
      system: KSERVE_SYSTEM,
      instance: options.client.cluster.name,
      logger: options.logger,
      taskRunner: options.taskRunner,
    });
    this.client = options.client;
    this.clusters = options.clusters;
    this.config = options.config;
    this.models = options.models;
    this.backoff = options.backoff;
    this.deltas = new DeltaQueue({
      cluster: options.client.cluster.name,
      toDelta: events => this.toDelta(events),
      apply: delta => this.applyDelta(delta),
      logger: this.logger,
    });
  }

  /**
   * Relists the cluster and replaces its entities; a relist already running (scheduled, or
   * after an expired watch) is joined rather than run twice.
   */
  async refresh(logger: LoggerService): Promise<void> {
    this.refreshing ??= super.refresh(logger).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Stops the watches (and their retries); resolves once none runs and no delta is pending. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.stopWatches();
    // A relist under way starts no watch now, but its requests are still out.
    await this.refreshing?.catch(() => undefined);
    await this.stopWatches();
  }

  /** Lists every InferenceService of the cluster; throws when any page fails. */
  protected async read(logger: LoggerService): Promise<InstanceEntitiesRead> {
    const { cluster } = this.client;
    const context: InferenceServiceEntityContext = {
      clusters: this.clusters,
      cluster,
      config: this.config,
    };
    // Each object once: a list never repeats one, and listing reads each namespace once.
    const mapped: Mapped[] = [];
    const malformed: Array<{ inferenceService?: string; problem: string }> = [];
    let filteredOut = 0;
    const listing = await listClusterInferenceServices(this.client, items => {
      for (const object of items) {
        if (!this.included(object)) {
          filteredOut++;
          continue;
        }
        const mapping = mapInferenceService(object, context);
        if (mapping.ok) {
          mapped.push(mapping);
        } else {
          malformed.push({
            inferenceService: mapping.key,
            problem: mapping.problem,
          });
        }
      }
    });

    const needed = new Set<string>();
    for (const { model } of mapped) {
      const instance = model && this.models.sourcesNeeded(model);
      if (instance) needed.add(instance);
    }
    const sources = await this.models.readSources(needed, logger);
    const entities: Entity[] = [];
    const notes = noNotes();
    for (const mapping of mapped) {
      this.completeMapping(mapping, notes);
      entities.push(mapping.component, mapping.api);
    }

    if (malformed.length > 0) {
      this.warnWithExamples(
        logger,
        `${malformed.length} InferenceServices were left out: they are not what the KServe CRD says`,
        malformed.map(m => ({ ...m })),
      );
    }
    this.warnAboutNotes(logger, notes);

    // The new list replaces the watches: a delta of theirs landing after the full mutation
    // could be older than the list, and the new watches would not correct it.
    await this.stopWatches();
    this.context = context;
    this.nextScopes = listing.scopes;

    return {
      entities,
      message:
        `Read ${listing.items} InferenceServices from cluster '${cluster.name}'; ` +
        `${entities.length} entities applied`,
      fields: {
        inferenceServices: listing.items,
        entities: entities.length,
        malformed: malformed.length,
        filteredOut,
        invalidOwners: notes.invalidOwners.length,
        pages: listing.pages,
        pageSize: cluster.pageSize,
        namespaces: cluster.namespaces.length > 0 ? cluster.namespaces : 'all',
        modelVersionPages: sources.pages,
      },
    };
  }

  /** Starts the watches from the list that was just applied. */
  protected async afterRefresh(logger: LoggerService): Promise<void> {
    const scopes = this.nextScopes;
    this.nextScopes = undefined;
    if (!scopes || this.stopped) {
      return;
    }
    this.watches = scopes.map(
      scope =>
        new ScopeWatch({
          client: this.client,
          scope,
          backoff: this.backoff,
          logger: this.logger.child({
            cluster: this.client.cluster.name,
            namespace: scope.namespace ?? '(all)',
          }),
          onEvent: event => this.deltas.enqueue(event),
          onExpired: () => this.relistAfterExpiry(),
        }),
    );
    for (const watch of this.watches) {
      watch.start();
    }
    logger.debug(
      `Watching InferenceServices of cluster '${this.client.cluster.name}' in ${scopes.length} scopes`,
      { resourceVersions: scopes.map(s => s.resourceVersion) },
    );
  }

  private included(object: InferenceServiceObject): boolean {
    const name = object?.metadata?.name;
    return (
      typeof name !== 'string' || matchesNameFilters(name, this.config.filters)
    );
  }

  /** Adds the dependencies on the model it serves, and notes what was odd about it. */
  private completeMapping(mapping: Mapped, notes: MappingNotes): void {
    if (mapping.invalidOwner) {
      notes.invalidOwners.push(`${mapping.key}: ${mapping.invalidOwner}`);
    }
    const resolution = mapping.model
      ? this.models.resolve(mapping.model)
      : { refs: [] };
    if (resolution.unknownInstance) {
      notes.mlflowInstances.push(
        `${mapping.key}: mlflow.org/instance '${resolution.unknownInstance}'`,
      );
    }
    setModelResources(mapping.component, resolution.refs);
  }

  private warnAboutNotes(logger: LoggerService, notes: MappingNotes): void {
    if (notes.invalidOwners.length > 0) {
      this.warnWithExamples(
        logger,
        `${notes.invalidOwners.length} InferenceServices name an owner that is no group or user ref; ` +
          'the next owner rule applied (label, then kserve.catalog.defaultOwner)',
        notes.invalidOwners,
      );
    }
    if (notes.mlflowInstances.length > 0) {
      this.warnWithExamples(
        logger,
        `${notes.mlflowInstances.length} InferenceServices name an MLflow instance that is not configured; ` +
          'they depend on no model',
        notes.mlflowInstances,
      );
    }
  }

  private toDelta(events: InferenceServiceWatchEvent[]): EntityDelta {
    const context = this.context!;
    const added: Entity[] = [];
    const removed: string[] = [];
    const notes = noNotes();
    const malformed: string[] = [];
    for (const event of events) {
      const { namespace, name } = event.object.metadata;
      const refs = inferenceServiceEntityRefs(context, { namespace, name });
      if (event.type === 'DELETED') {
        removed.push(...refs);
        continue;
      }
      if (!this.included(event.object)) {
        continue;
      }
      const mapping = mapInferenceService(event.object, context);
      if (mapping.ok) {
        this.completeMapping(mapping, notes);
        added.push(mapping.component, mapping.api);
      } else {
        // As a relist would: a malformed object has no entities.
        removed.push(...refs);
        malformed.push(`${namespace}/${name}: ${mapping.problem}`);
      }
    }
    if (malformed.length > 0) {
      this.warnWithExamples(
        this.logger,
        `${malformed.length} changed InferenceServices are not what the KServe CRD says; their entities were removed`,
        malformed,
      );
    }
    this.warnAboutNotes(this.logger, notes);
    return { added, removed };
  }

  private relistAfterExpiry(): void {
    if (this.stopped) {
      return;
    }
    const logger = this.logger.child({
      instance: this.client.cluster.name,
      trigger: 'watch expired',
    });
    this.refresh(logger).catch(error =>
      logger.error(
        `${this.getProviderName()} relist after an expired watch failed; no entities were changed, ` +
          'the scheduled relist tries again',
        error as Error,
      ),
    );
  }

  private async stopWatches(): Promise<void> {
    const watches = this.watches;
    this.watches = [];
    await Promise.all(watches.map(watch => watch.stop()));
    await this.deltas.drained();
  }
}
