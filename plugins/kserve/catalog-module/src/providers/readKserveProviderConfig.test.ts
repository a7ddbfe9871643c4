import { ConfigReader } from '@backstage/config';
import { readKserveProviderConfig } from './readKserveProviderConfig';

const read = (catalog: object) =>
  readKserveProviderConfig(new ConfigReader({ kserve: { catalog } }));

describe('readKserveProviderConfig', () => {
  it('defaults the owner keys, the schedule (global) and artifact-source matching', () => {
    expect(read({ defaultOwner: 'ml-platform' })).toEqual({
      defaultOwner: 'group:default/ml-platform',
      ownerAnnotation: 'backstage.io/owner',
      ownerLabel: 'owner',
      matchModelVersionSources: true,
      filters: { include: [], exclude: [] },
      schedule: {
        frequency: { minutes: 30 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 15 },
        scope: 'global',
      },
    });
  });

  it('reads every key', () => {
    const config = read({
      defaultOwner: 'user:default/jane.doe',
      ownerAnnotation: 'example.com/owner',
      ownerLabel: 'example.com/team',
      matchModelVersionSources: false,
      filters: { include: ['fraud-.*'] },
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 2 } },
    });
    expect(config).toMatchObject({
      defaultOwner: 'user:default/jane.doe',
      ownerAnnotation: 'example.com/owner',
      ownerLabel: 'example.com/team',
      matchModelVersionSources: false,
      schedule: {
        frequency: { minutes: 5 },
        timeout: { minutes: 2 },
        scope: 'global',
      },
    });
    expect(config.filters.include.map(p => p.source)).toEqual([
      '^(?:fraud-.*)$',
    ]);
  });

  it('requires a default owner', () => {
    expect(() => read({})).toThrow(
      "kserve.catalog.defaultOwner is required by the KServe catalog module: it owns the InferenceServices whose annotation kserve.catalog.ownerAnnotation and label kserve.catalog.ownerLabel name no owner, e.g. 'group:default/ml-platform'",
    );
    expect(() => read({ defaultOwner: 'api:default/x' })).toThrow(
      /^kserve\.catalog\.defaultOwner 'api:default\/x' must refer to a group or a user/,
    );
  });

  it('refuses keys Kubernetes would not accept on an object', () => {
    expect(() =>
      read({ defaultOwner: 'ml-platform', ownerAnnotation: 'owner of it' }),
    ).toThrow(
      "kserve.catalog.ownerAnnotation 'owner of it' is not an annotation key Kubernetes accepts, e.g. 'backstage.io/owner' or 'example.com/team'",
    );
    expect(() =>
      read({ defaultOwner: 'ml-platform', ownerLabel: '-team' }),
    ).toThrow(/^kserve\.catalog\.ownerLabel '-team' is not a label key/);
    expect(() =>
      read({ defaultOwner: 'ml-platform', filters: { exclude: ['('] } }),
    ).toThrow(
      /^kserve\.catalog\.filters\.exclude\[0\] '\(' is not a valid regular expression/,
    );
  });
});
