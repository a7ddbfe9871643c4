import { SandboxHttpError } from '../http/errors';
import { SandboxRoute, SystemAdapter, SystemRouter } from '../http/routes';
import { StatsRecorder } from '../http/stats';

/**
 * The public half of a fixed RSA key. The sandbox never signs ID tokens; the key exists so
 * an OIDC client (the production auth config) can fetch discovery + JWKS and boot offline.
 * Being fixed keeps GET responses identical across sandboxes.
 */
export const SANDBOX_OIDC_JWK = {
  kty: 'RSA',
  kid: 'sandbox-oidc-1',
  use: 'sig',
  alg: 'RS256',
  n: 'q_23qQz6FiCAejCaC5q77kxmWoaQODxh5MlgmVdgZy0bh4nPPCF2sCxH3HUAtVsQpFV_loddgxT9FHJx5Ly-X22teW8_16KCGLD6ZF57X7P8gJ_yeZtgiwd00p0oF7pECzr-92XTXnjQ24Lo4xVVJKSfklQA6Y1aCAtkvwNkO9dinpdzWDkv_DjePgCcsEU-F9H5AiR9FSk1D9eCo_GFpO5HETNNMwG6usuBFDTOyDhgoehT7KfbcKzDgVngGRqo2jwF4Fj1lr4xU8iSrvfyjjWq0EhQGoXmS6mDVuuAeaA7XMd_Un_aKtMxX0CyG_X0Fp41uFf1UiyzwROHY2IYuw',
  e: 'AQAB',
} as const;

const oauthError = (status: number, error: string, description: string) =>
  new SandboxHttpError({
    status,
    json: { error, error_description: description },
  });

/** A minimal OIDC issuer: discovery document and JWKS under the /oidc mount. */
export function createOidcRouter(opts: {
  mount: string;
  publicUrl: () => string;
  table: SandboxRoute[];
  stats: StatsRecorder;
}) {
  const adapter: SystemAdapter = {
    system: 'oidc',
    mount: opts.mount,
    malformedBody: message => oauthError(400, 'invalid_request', message),
    routeNotFound: () =>
      oauthError(
        404,
        'not_found',
        'The sandbox OIDC issuer only serves discovery and JWKS.',
      ),
    internalError: message => oauthError(500, 'server_error', message),
  };
  const r = new SystemRouter(adapter, opts.table, opts.stats);
  const issuer = () => `${opts.publicUrl()}${opts.mount}`;

  r.get('/.well-known/openid-configuration', () => ({
    json: {
      issuer: issuer(),
      authorization_endpoint: `${issuer()}/authorize`,
      token_endpoint: `${issuer()}/token`,
      userinfo_endpoint: `${issuer()}/userinfo`,
      jwks_uri: `${issuer()}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'profile', 'email'],
      token_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_post',
      ],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'name', 'email'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
    },
  }));

  r.get('/jwks', () => ({ json: { keys: [SANDBOX_OIDC_JWK] } }));

  return r.finish();
}
