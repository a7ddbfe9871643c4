/**
 * Backend toolkit the MLOps Portal plugins share: instance config, an upstream
 * HTTP client (timeouts, retries, coalescing, caching, error mapping), paging
 * and per-instance fan-out.
 *
 * @packageDocumentation
 */

export type {
  NameFilters,
  UpstreamAuthConfig,
  UpstreamCatalogConfig,
  UpstreamInstanceConfig,
} from './config/types';
export {
  readInstanceConfigs,
  type ReadInstanceConfigsOptions,
} from './config/readInstanceConfigs';
export {
  readCatalogConfig,
  matchesNameFilters,
} from './config/readCatalogConfig';
export { selectInstance } from './config/selectInstance';
export {
  UpstreamHttpClient,
  type UpstreamHttpClientOptions,
  type UpstreamHttpMethod,
  type UpstreamRequest,
} from './http/UpstreamHttpClient';
export {
  getUpstreamErrorDetails,
  type UpstreamErrorDetails,
  type UpstreamFailureKind,
} from './http/errors';
export {
  encodePath,
  type UpstreamQuery,
  type UpstreamQueryValue,
} from './http/url';
export {
  paginateByToken,
  paginateByOffset,
  collectAll,
  type TokenPage,
  type OffsetPage,
  type PagingOptions,
} from './paging';
export { fanOut, type FanOutResult, type InstanceError } from './fanOut';
export { toInstanceError } from './toInstanceError';
