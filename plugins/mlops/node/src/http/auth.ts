import { UpstreamAuthConfig } from '../config/types';

/**
 * The request headers that carry configured credentials.
 *
 * @internal
 */
export function authHeadersFromConfig(
  auth: UpstreamAuthConfig,
): Record<string, string> {
  switch (auth.type) {
    case 'basic':
      return {
        authorization: `Basic ${Buffer.from(
          `${auth.username}:${auth.password}`,
          'utf8',
        ).toString('base64')}`,
      };
    case 'bearer':
      return { authorization: `Bearer ${auth.token}` };
    default:
      return {};
  }
}
