import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { MlopsSystem, parseOwnerRef } from '@mlops-portal/plugin-mlops-common';
import { configError } from './keyPath';
import { NameFilters, UpstreamCatalogConfig } from './types';

/** Ingestion schedule when `<system>.catalog.schedule` is not configured. */
export const DEFAULT_CATALOG_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { minutes: 30 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 15 },
  };

/**
 * Reads and validates `<system>.catalog`; throws `InputError` naming the exact key path.
 *
 * @public
 */
export function readCatalogConfig(
  config: Config,
  system: MlopsSystem,
): UpstreamCatalogConfig {
  const catalogPath = `${system.id}.catalog`;
  const catalogConfig = config.getOptionalConfig(catalogPath);
  return {
    schedule: readSchedule(catalogConfig, `${catalogPath}.schedule`),
    defaultOwner: readDefaultOwner(
      catalogConfig,
      `${catalogPath}.defaultOwner`,
    ),
    filters: {
      include: readPatterns(catalogConfig, 'include', catalogPath),
      exclude: readPatterns(catalogConfig, 'exclude', catalogPath),
    },
  };
}

/**
 * Whether an upstream name passes the `include`/`exclude` filters (full matches).
 *
 * @public
 */
export function matchesNameFilters(
  name: string,
  filters: NameFilters,
): boolean {
  const included =
    filters.include.length === 0 ||
    filters.include.some(pattern => pattern.test(name));
  return included && !filters.exclude.some(pattern => pattern.test(name));
}

function readSchedule(
  catalogConfig: Config | undefined,
  keyPath: string,
): SchedulerServiceTaskScheduleDefinition {
  if (!catalogConfig?.has('schedule')) {
    return DEFAULT_CATALOG_SCHEDULE;
  }
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(
      catalogConfig.getConfig('schedule'),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw configError(keyPath, `is invalid: ${reason}`);
  }
}

function readDefaultOwner(
  catalogConfig: Config | undefined,
  keyPath: string,
): string | undefined {
  const value = catalogConfig?.getOptionalString('defaultOwner');
  if (value === undefined) {
    return undefined;
  }
  try {
    return parseOwnerRef(value);
  } catch (error) {
    throw configError(keyPath, (error as Error).message);
  }
}

function readPatterns(
  catalogConfig: Config | undefined,
  key: 'include' | 'exclude',
  catalogPath: string,
): RegExp[] {
  const patterns =
    catalogConfig?.getOptionalStringArray(`filters.${key}`) ?? [];
  return patterns.map((pattern, index) => {
    try {
      // Anchored, so 'fraud-.*' does not also match 'old-fraud-model'.
      return new RegExp(`^(?:${pattern})$`, 'u');
    } catch (error) {
      throw configError(
        `${catalogPath}.filters.${key}[${index}]`,
        `'${pattern}' is not a valid regular expression: ${
          (error as Error).message
        }`,
      );
    }
  });
}
