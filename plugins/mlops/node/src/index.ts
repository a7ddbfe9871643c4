/**
 * The backend kit every MLOps Portal system builds on: instance config, the upstream HTTP client,
 * the one read cache, per-instance clients, entity resolution and the authority rule, the write
 * pipeline, actions registration, paging and per-instance fan-out.
 *
 * @packageDocumentation
 */

export type {
  NameFilters,
  UpstreamAuthConfig,
  UpstreamCatalogConfig,
  UpstreamInstanceConfig,
} from './config/types';
export type {
  UpstreamAuthConfigSchema,
  UpstreamCatalogConfigSchema,
  UpstreamInstanceConfigSchema,
} from './config/schema';
export {
  readInstanceConfigs,
  type ReadInstanceConfigsOptions,
} from './config/readInstanceConfigs';
export {
  readCatalogConfig,
  matchesNameFilters,
} from './config/readCatalogConfig';
export {
  toProviderCatalogConfig,
  type ProviderCatalogConfig,
  type ProviderCatalogConfigOptions,
} from './config/providerCatalogConfig';
export { selectInstance } from './config/selectInstance';
export {
  ReadCache,
  READ_CACHE_MEMO_MS,
  type ReadCacheOptions,
  type ReadCacheReadOptions,
} from './cache/ReadCache';
export { readCacheServiceRef } from './cache/readCacheServiceRef';
export { deepFreeze } from './cache/deepFreeze';
export {
  UpstreamHttpClient,
  type UpstreamHttpClientOptions,
  type UpstreamHttpMethod,
  type UpstreamRequest,
} from './http/UpstreamHttpClient';
export {
  createUpstreamError,
  errorClassForStatus,
  getUpstreamErrorDetails,
  readCommonErrorBody,
  type UpstreamErrorBody,
  type UpstreamErrorDetails,
  type UpstreamFailure,
  type UpstreamFailureKind,
} from './http/errors';
export {
  encodePath,
  type UpstreamQuery,
  type UpstreamQueryValue,
} from './http/url';
export { parseRequest } from './http/parseRequest';
export {
  executeWithRetry,
  RETRYABLE_STATUSES,
  type RetryOptions,
  type RetryOutcome,
} from './http/retry';
export {
  UpstreamTransportError,
  type UpstreamResponse,
} from './http/transport';
export {
  createInstanceClients,
  createInstanceClientsServiceRef,
  instanceSummaries,
  type InstanceClientDeps,
  type InstanceClients,
} from './clients/InstanceClients';
export {
  EntityResolver,
  DEFAULT_ENTITY_CACHE_TTL_MS,
  type EntityResolverOptions,
} from './catalog/EntityResolver';
export {
  UniqueEntityNames,
  type EntityNameClash,
} from './catalog/UniqueEntityNames';
export {
  CatalogOwnerDirectory,
  type CatalogOwnerDirectoryReadOptions,
  type OwnerKind,
  type OwnerLookupOptions,
} from './catalog/CatalogOwnerDirectory';
export {
  InstanceEntityProvider,
  providerTaskRunner,
  type InstanceEntitiesRead,
  type InstanceEntityProviderOptions,
  type ProviderScheduleOptions,
} from './catalog/InstanceEntityProvider';
export {
  IngestedEntityAuthority,
  type AuthorityResolution,
  type IngestedEntityAuthorityOptions,
} from './authority/IngestedEntityAuthority';
export {
  providerLocationRef,
  type IngestedEntityLocator,
} from './authority/locator';
export {
  readAuthorityConfig,
  type AuthorityConfig,
} from './authority/readAuthorityConfig';
export {
  WritePipeline,
  type WriteAuthority,
  type WriteChange,
  type WriteOperation,
  type WritePipelineOptions,
} from './write/WritePipeline';
export { writePipelineServiceRef } from './write/writePipelineServiceRef';
export {
  runWriteStep,
  type WriteStep,
  type WriteStepContext,
  type WriteStepResult,
} from './write/runWriteStep';
export { createOrReuseWinner } from './write/createOrReuseWinner';
export { optionalText } from './input/optionalText';
export { pollUntil, type PollResult, type PollUntilOptions } from './poll';
export { actorName } from './write/actor';
export {
  createSystemPluginServices,
  systemPluginDeps,
  type SystemPluginDeps,
  type SystemPluginServices,
} from './plugin/systemPluginServices';
export {
  actionEntityContexts,
  entityParamsSchema,
  routeEntityContexts,
  type EntityReadContext,
  type EntityWriteContext,
} from './plugin/entityContexts';
export {
  defineMlopsAction,
  registerMlopsActions,
  type MlopsAction,
} from './actions/registerActions';
export { instanceErrorOutputSchema } from './actions/outputSchemas';
export { templateExample } from './actions/templateExample';
export {
  listInstancesAction,
  instancesOutputSchema,
} from './actions/listInstancesAction';
export {
  paginateByToken,
  paginateByOffset,
  prefetchPages,
  prefetchOffsetPages,
  collectAll,
  type TokenPage,
  type OffsetPage,
  type PrefetchOffsetPagesOptions,
  type PagingOptions,
} from './paging';
export { mapWithConcurrency } from './concurrency';
export { fanOut, type FanOutResult } from './fanOut';
export {
  readOrInstanceError,
  toInstanceError,
  type ReadOrInstanceErrorOptions,
} from './toInstanceError';
