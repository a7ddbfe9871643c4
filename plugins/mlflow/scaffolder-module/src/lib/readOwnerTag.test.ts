import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_OWNER_TAG, readOwnerTag } from './readOwnerTag';

const config = (data: object) => mockServices.rootConfig({ data });

describe('readOwnerTag', () => {
  it('defaults to the owner tag the catalog provider reads by default', () => {
    expect(readOwnerTag(config({}))).toBe(DEFAULT_OWNER_TAG);
    expect(readOwnerTag(config({ mlflow: { catalog: {} } }))).toBe('owner');
  });

  it('follows mlflow.catalog.ownerTag', () => {
    expect(
      readOwnerTag(config({ mlflow: { catalog: { ownerTag: 'team' } } })),
    ).toBe('team');
  });

  it('fails at startup on a key MLflow would refuse, naming the config key', () => {
    expect(() =>
      readOwnerTag(config({ mlflow: { catalog: { ownerTag: 'team:owner' } } })),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(
          /^mlflow\.catalog\.ownerTag is not a valid MLflow tag key.*'team:owner'/,
        ),
      }),
    );
  });
});
