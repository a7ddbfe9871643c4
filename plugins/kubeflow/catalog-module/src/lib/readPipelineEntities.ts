import {
  KubeflowApi,
  KubeflowListOptions,
  KubeflowPage,
  KubeflowPipeline,
  KubeflowPipelineVersion,
} from '@mlops-portal/plugin-kubeflow-node';
import {
  CatalogOwnerDirectory,
  EntityNameClash,
  NameFilters,
  UniqueEntityNames,
  mapWithConcurrency,
  matchesNameFilters,
} from '@mlops-portal/plugin-mlops-node';
import {
  KubeflowPipelineEntity,
  PipelineEntityContext,
  PipelineVersionsSummary,
  pipelineEntityMapper,
} from './pipelineToEntity';

/**
 * How many versions requests are in flight at once: enough to keep them off the critical path
 * of the pipeline pages, few enough not to crowd an API server that also runs pipelines.
 *
 * @internal
 */
export const VERSION_READS_IN_FLIGHT = 4;

/**
 * The one versions request per pipeline: the newest version, and `totalSize` for the count.
 * KFP has no bulk version list, so this is the least a version count and a latest version cost.
 *
 * @internal
 */
export const LATEST_VERSION_REQUEST: Readonly<KubeflowListOptions> = {
  pageSize: 1,
  sortBy: 'created_at desc',
  cache: false,
};

/**
 * What to ingest of an instance, and how.
 *
 * @internal
 */
export interface PipelineReadOptions {
  /** Which pipelines to ingest, by display name. */
  filters: NameFilters;
  /** Reads the catalog's users and groups (once per run), to check the configured owners. */
  readOwners: () => Promise<CatalogOwnerDirectory>;
  /** How each pipeline becomes an entity. */
  context: PipelineEntityContext;
  /** Versions requests in flight at once; {@link VERSION_READS_IN_FLIGHT} by default. */
  concurrency?: number;
}

/**
 * A configured owner the catalog does not know: its pipelines' `ownedBy` leads nowhere.
 *
 * @internal
 */
export type UnknownOwner = {
  /** The owner ref, as configured. */
  owner: string;
  /** How many of the instance's pipelines it owns. */
  pipelines: number;
};

/**
 * The entities of one instance's pipelines, and what had to be worked around.
 *
 * @internal
 */
export interface PipelineEntitiesRead {
  entities: KubeflowPipelineEntity[];
  /** Pipelines the instance listed, filtered out or not. */
  pipelinesSeen: number;
  /** Pipelines the filters left out. */
  filteredOut: number;
  /** Versions requests sent: one per ingested pipeline. */
  versionRequests: number;
  /** Users and groups the catalog holds. */
  catalogOwners: number;
  /** Owners of ingested pipelines that are no user or group in the catalog. */
  unknownOwners: UnknownOwner[];
  /** Pipelines left out because another pipeline already produced the same entity name. */
  nameClashes: EntityNameClash[];
}

/**
 * Reads every pipeline of one instance (every page, uncached) and, for each one ingested, its
 * newest version and version count (one request each, a few at a time, while the next page is
 * on its way), and the catalog's users and groups; maps the pipelines to `kubeflow-pipeline`
 * Resources. Throws, returning nothing, if any page, any versions request or the catalog read
 * fails.
 *
 * @internal
 */
export async function readPipelineEntities(
  client: Pick<KubeflowApi, 'listPipelinePages' | 'listPipelineVersions'>,
  options: PipelineReadOptions,
): Promise<PipelineEntitiesRead> {
  // The catalog answers while Kubeflow pages; a failure stops the run at the next page.
  const ownersRead = options.readOwners();
  let ownersFailed = false;
  ownersRead.catch(() => {
    ownersFailed = true;
  });
  const concurrency = options.concurrency ?? VERSION_READS_IN_FLIGHT;
  const mapper = pipelineEntityMapper(options.context);
  const names = new UniqueEntityNames();
  const seen = new Set<string>();
  const entities: KubeflowPipelineEntity[] = [];
  let pipelinesSeen = 0;
  let filteredOut = 0;
  let versionRequests = 0;
  const readVersions = (pipeline: KubeflowPipeline) => {
    versionRequests++;
    return client
      .listPipelineVersions(pipeline.pipelineId, LATEST_VERSION_REQUEST)
      .then(summarizeVersions);
  };

  // The client asks for page n + 1 as soon as page n arrives, so the versions of a page are
  // read while the next one is on its way.
  for await (const page of client.listPipelinePages({ cache: false })) {
    if (ownersFailed) {
      await ownersRead;
    }
    pipelinesSeen += page.length;
    const ingested: Array<{ pipeline: KubeflowPipeline; name: string }> = [];
    for (const pipeline of page) {
      // A pipeline listed twice (renamed while the list was paged) is ingested once.
      if (seen.has(pipeline.pipelineId)) {
        continue;
      }
      seen.add(pipeline.pipelineId);
      if (!matchesNameFilters(pipeline.displayName, options.filters)) {
        filteredOut++;
        continue;
      }
      const name = mapper.entityName(pipeline);
      // The catalog would reject both entities of one name, so the first pipeline keeps it (and
      // the other's versions are not read). Every one is a Resource in the default namespace.
      if (names.claim(`resource:default/${name}`, pipeline.pipelineId)) {
        ingested.push({ pipeline, name });
      }
    }
    const versions = await mapWithConcurrency(ingested, concurrency, item =>
      readVersions(item.pipeline),
    );
    for (let i = 0; i < ingested.length; i++) {
      const { pipeline, name } = ingested[i];
      entities.push(mapper.toEntity(pipeline, name, versions[i]));
    }
  }

  const owners = await ownersRead;
  return {
    entities,
    pipelinesSeen,
    filteredOut,
    versionRequests,
    catalogOwners: owners.size,
    unknownOwners: unknownOwners(entities, owners),
    nameClashes: names.clashes,
  };
}

/** The newest version and the count, from a page of one version, newest first. */
function summarizeVersions(
  page: KubeflowPage<KubeflowPipelineVersion>,
): PipelineVersionsSummary {
  const [latest] = page.items;
  return latest
    ? { latest, count: versionCount(page) }
    : { count: versionCount(page) };
}

/** `totalSize`; KFP leaves it out of an empty list, and a last page counts itself. */
function versionCount(
  page: KubeflowPage<KubeflowPipelineVersion>,
): number | undefined {
  const { totalSize, items } = page;
  if (totalSize === undefined) {
    return page.nextPageToken === undefined ? items.length : undefined;
  }
  // A total no list can have is no count.
  return Number.isSafeInteger(totalSize) && totalSize >= items.length
    ? totalSize
    : undefined;
}

function unknownOwners(
  entities: readonly KubeflowPipelineEntity[],
  directory: CatalogOwnerDirectory,
): UnknownOwner[] {
  const counts = new Map<string, number>();
  for (const entity of entities) {
    const { owner } = entity.spec;
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  const unknown: UnknownOwner[] = [];
  for (const [owner, pipelines] of counts) {
    if (directory.find(owner) === undefined) {
      unknown.push({ owner, pipelines });
    }
  }
  return unknown;
}
