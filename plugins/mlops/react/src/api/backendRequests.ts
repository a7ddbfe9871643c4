import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';

/**
 * A request to a system's backend plugin: the method, query and JSON body.
 *
 * @public
 */
export interface BackendRequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  params?: URLSearchParams;
  body?: object;
}

/**
 * A JSON request to a system's backend plugin, path segment by segment.
 *
 * @public
 */
export type BackendRequest = <T>(
  segments: readonly string[],
  options?: BackendRequestOptions,
) => Promise<T>;

/**
 * Creates the requests a system's frontend client sends to its backend plugin
 * (`discoveryApi.getBaseUrl(pluginId)`, the user's token through `fetchApi`): every segment
 * encoded as one path segment, a JSON body, and a failed answer thrown as `ResponseError`, which
 * keeps the backend's status and error so the page can tell a 404 from a 409.
 *
 * @public
 */
export function createBackendRequest(options: {
  pluginId: string;
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
}): BackendRequest {
  const { pluginId, discoveryApi, fetchApi } = options;
  return async <T>(
    segments: readonly string[],
    request: BackendRequestOptions = {},
  ): Promise<T> => {
    const path = segments.map(encodeSegment).join('/');
    const baseUrl = await discoveryApi.getBaseUrl(pluginId);
    const query = request.params?.toString();
    const response = await fetchApi.fetch(
      `${baseUrl}/${path}${query ? `?${query}` : ''}`,
      {
        method: request.method ?? 'GET',
        ...(request.body !== undefined && {
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request.body),
        }),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  };
}

/**
 * The path segments of an entity's routes, `entity/:namespace/:kind/:name/...rest`, the kind in
 * lower case as the backends match it.
 *
 * @public
 */
export function entityRouteSegments(
  ref: CompoundEntityRef,
  ...rest: string[]
): string[] {
  return [
    'entity',
    ref.namespace,
    // kinds are matched case-insensitively; the lower case keeps URLs (and caches) uniform
    ref.kind.toLocaleLowerCase('en-US'),
    ref.name,
    ...rest,
  ];
}

function encodeSegment(segment: string): string {
  // URL parsers resolve `.` and `..` even as `%2E`: such a name would address another route.
  if (segment === '.' || segment === '..' || segment === '') {
    throw new InputError(`'${segment}' cannot be used as a name in a URL`);
  }
  return encodeURIComponent(segment);
}
