import { ConfigReader } from '@backstage/config';
import { signInProviders } from './signInProviders';

const ids = (config: object) =>
  signInProviders(new ConfigReader(config)).map(p =>
    typeof p === 'string' ? p : p.id,
  );

describe('signInProviders', () => {
  it('offers the guest in development only', () => {
    expect(ids({ auth: { environment: 'development' } })).toEqual(['guest']);
    expect(ids({ auth: { environment: 'production' } })).toEqual([]);
  });

  it('offers single sign-on wherever OIDC is configured', () => {
    expect(
      ids({
        auth: {
          environment: 'production',
          providers: { oidc: { production: { clientId: 'portal' } } },
        },
      }),
    ).toEqual(['oidc-auth-provider']);
  });
});
