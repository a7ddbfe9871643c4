import {
  AuthService,
  DiscoveryService,
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  DEFAULT_NAMESPACE,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

const TECHDOCS_REF = 'backstage.io/techdocs-ref';

type PrebuildOutcome = 'built' | 'alreadyBuilt' | { failure: string };

/** The prebuild schedule when `mlops.techdocs.prebuild.schedule` is not configured. @public */
export const defaultTechDocsPrebuildSchedule: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { minutes: 10 },
    timeout: { minutes: 30 },
    initialDelay: { seconds: 30 },
  };

/** Whether to prebuild TechDocs (the backend builds them, `techdocs.builder: local`) and when. @public */
export function readTechDocsPrebuildConfig(config: RootConfigService): {
  enabled: boolean;
  schedule: SchedulerServiceTaskScheduleDefinition;
  legacyPathCasing: boolean;
} {
  const key = 'mlops.techdocs.prebuild.schedule';
  return {
    // The techdocs backend builds on request when the builder is local or unset.
    enabled: [undefined, 'local'].includes(
      config.getOptionalString('techdocs.builder'),
    ),
    schedule: config.has(key)
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig(key),
        )
      : defaultTechDocsPrebuildSchedule,
    legacyPathCasing:
      config.getOptionalBoolean(
        'techdocs.legacyUseCaseSensitiveTripletPaths',
      ) ?? false,
  };
}

/** What one prebuild run did: the refs of the entities whose docs it built or failed to build. @public */
export interface TechDocsPrebuildResult {
  built: string[];
  failed: string[];
  alreadyBuilt: number;
}

/** Builds the TechDocs never built yet, through the techdocs backend, so search can index them. @public */
export class TechDocsPrebuilder {
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly discovery: DiscoveryService;
  private readonly logger: LoggerService;
  private readonly fetch: typeof fetch;
  private readonly legacyPathCasing: boolean;

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    discovery: DiscoveryService;
    logger: LoggerService;
    fetch?: typeof fetch;
    legacyPathCasing?: boolean;
  }) {
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.discovery = options.discovery;
    this.logger = options.logger;
    this.fetch = options.fetch ?? fetch;
    this.legacyPathCasing = options.legacyPathCasing ?? false;
  }

  /** Builds, one at a time, the docs of every entity with a techdocs-ref that has none published. */
  async run(signal?: AbortSignal): Promise<TechDocsPrebuildResult> {
    const result: TechDocsPrebuildResult = {
      built: [],
      failed: [],
      alreadyBuilt: 0,
    };
    const baseUrl = await this.discovery.getBaseUrl('techdocs');
    for await (const entity of this.entitiesWithDocs()) {
      signal?.throwIfAborted();
      const ref = stringifyEntityRef(entity);
      let outcome: PrebuildOutcome;
      try {
        outcome = await this.prebuild(entity, baseUrl, signal);
      } catch (error) {
        // One unreachable or broken build does not stop the others; a cancelled task does.
        signal?.throwIfAborted();
        outcome = { failure: (error as Error)?.message ?? String(error) };
      }
      if (outcome === 'alreadyBuilt') {
        result.alreadyBuilt += 1;
      } else if (outcome === 'built') {
        this.logger.info(`TechDocs of ${ref} built ahead of their first view`);
        result.built.push(ref);
      } else {
        this.logger.warn(
          `TechDocs of ${ref} could not be built: ${outcome.failure}`,
        );
        result.failed.push(ref);
      }
    }
    return result;
  }

  private async prebuild(
    entity: Entity,
    baseUrl: string,
    signal?: AbortSignal,
  ): Promise<PrebuildOutcome> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'techdocs',
    });
    const headers = { authorization: `Bearer ${token}` };
    const path = this.entityPath(entity);

    const metadata = await this.fetch(
      `${baseUrl}/static/docs/${path}/techdocs_metadata.json`,
      { headers, signal },
    );
    await metadata.body?.cancel();
    if (metadata.ok) {
      return 'alreadyBuilt';
    }
    const failure = await this.sync(`${baseUrl}/sync/${path}`, {
      headers,
      signal,
    });
    return failure ? { failure } : 'built';
  }

  /** Asks the techdocs backend to build; its answer is an event stream ending in `finish` or `error`. */
  private async sync(
    url: string,
    init: { headers: Record<string, string>; signal?: AbortSignal },
  ): Promise<string | undefined> {
    const response = await this.fetch(url, init);
    const body = await response.text();
    if (!response.ok) {
      return `${response.status} ${response.statusText} ${body.slice(0, 200)}`;
    }
    const events = [...body.matchAll(/^event: (\w+)\ndata: (.*)$/gm)];
    const last = events[events.length - 1];
    if (last?.[1] === 'finish') {
      // `updated: false` with nothing published: the backend checked these docs under a minute ago.
      return JSON.parse(last[2])?.updated === false
        ? 'the techdocs backend built nothing this time'
        : undefined;
    }
    if (last?.[1] === 'error') {
      return String(JSON.parse(last[2]));
    }
    return 'the build ended without a result';
  }

  private async *entitiesWithDocs(): AsyncGenerator<Entity> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const fields = ['kind', 'metadata.namespace', 'metadata.name'];
    let cursor: string | undefined;
    do {
      const page = await this.catalog.queryEntities(
        cursor
          ? { cursor, fields, limit: 100 }
          : {
              filter: {
                [`metadata.annotations.${TECHDOCS_REF}`]: CATALOG_FILTER_EXISTS,
              },
              fields,
              limit: 100,
            },
        { credentials },
      );
      yield* page.items;
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
  }

  private entityPath(entity: Entity): string {
    const triplet = [
      entity.metadata.namespace ?? DEFAULT_NAMESPACE,
      entity.kind,
      entity.metadata.name,
    ].map(part => (this.legacyPathCasing ? part : part.toLowerCase()));
    return triplet.map(encodeURIComponent).join('/');
  }
}
