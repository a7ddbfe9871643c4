import { ConfigApi } from '@backstage/frontend-plugin-api';
import { SignInProviderConfig } from '@backstage/core-components';
import { oidcAuthApiRef } from './oidcAuthApiRef';

/** The sign-in choices config allows: guest in development, OIDC wherever it is configured. */
export function signInProviders(
  configApi: ConfigApi,
): Array<'guest' | SignInProviderConfig> {
  const providers: Array<'guest' | SignInProviderConfig> = [];
  if (configApi.has('auth.providers.oidc')) {
    providers.push({
      id: 'oidc-auth-provider',
      title: 'Single sign-on',
      message: 'Sign in with your organisation account',
      apiRef: oidcAuthApiRef,
    });
  }
  if (configApi.getOptionalString('auth.environment') === 'development') {
    providers.push('guest');
  }
  return providers;
}
