import {
  AuditorService,
  AuthService,
  coreServices,
  HttpAuthService,
  HttpRouterService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  ActionsRegistryService,
  actionsRegistryServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { Permission } from '@backstage/plugin-permission-common';
import { mlopsPermissions } from '@mlops-portal/plugin-mlops-common';
import { IngestedEntityAuthority } from '../authority/IngestedEntityAuthority';
import { readAuthorityConfig } from '../authority/readAuthorityConfig';
import { ReadCache } from '../cache/ReadCache';
import { readCacheServiceRef } from '../cache/readCacheServiceRef';
import { EntityResolver } from '../catalog/EntityResolver';
import { WritePipeline } from '../write/WritePipeline';

/**
 * The services every system's backend plugin depends on, to spread into its `deps` next to its
 * own clients: `deps: { ...systemPluginDeps, airflow: airflowClientsServiceRef }`.
 *
 * @public
 */
export const systemPluginDeps = {
  config: coreServices.rootConfig,
  httpRouter: coreServices.httpRouter,
  httpAuth: coreServices.httpAuth,
  auth: coreServices.auth,
  logger: coreServices.logger,
  permissions: coreServices.permissions,
  permissionsRegistry: coreServices.permissionsRegistry,
  auditor: coreServices.auditor,
  actionsRegistry: actionsRegistryServiceRef,
  catalog: catalogServiceRef,
  readCache: readCacheServiceRef,
};

/**
 * The resolved {@link systemPluginDeps}.
 *
 * @public
 */
export interface SystemPluginDeps {
  config: RootConfigService;
  httpRouter: HttpRouterService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  logger: LoggerService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  auditor: AuditorService;
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  readCache: ReadCache;
}

/**
 * The kit's parts of a system's backend plugin, wired the one way every system uses them.
 *
 * @public
 */
export interface SystemPluginServices {
  /** The authority rule: writes against the ingested entity, restricted reads. */
  authority: IngestedEntityAuthority;
  /** Route and action entities, read with the caller's credentials. */
  entities: EntityResolver;
  /** Every write: audit, authority, change, reload. */
  pipeline: WritePipeline;
}

/**
 * Registers the system's permissions (and the suite's own) and creates the kit's parts of its
 * backend plugin from {@link systemPluginDeps}.
 *
 * @public
 */
export function createSystemPluginServices(
  deps: SystemPluginDeps,
  permissions: readonly Permission[],
): SystemPluginServices {
  deps.permissionsRegistry.addPermissions([
    ...permissions,
    ...mlopsPermissions,
  ]);
  const authority = new IngestedEntityAuthority({
    catalog: deps.catalog,
    auth: deps.auth,
    permissions: deps.permissions,
    readCache: deps.readCache,
    ...readAuthorityConfig(deps.config),
  });
  return {
    authority,
    entities: new EntityResolver({
      catalog: deps.catalog,
      readCache: deps.readCache,
    }),
    pipeline: new WritePipeline({
      authority,
      auditor: deps.auditor,
      logger: deps.logger,
    }),
  };
}
