import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { testSystems } from '../__testUtils__/systems';
import { readCatalogConfig } from './readCatalogConfig';
import { toProviderCatalogConfig } from './providerCatalogConfig';

const read = (catalog?: object) =>
  toProviderCatalogConfig(
    readCatalogConfig(
      new ConfigReader({ airflow: { ...(catalog && { catalog }) } }),
      testSystems.airflow,
    ),
    { system: testSystems.airflow, owns: 'the DAGs nobody owns' },
  );

describe('toProviderCatalogConfig', () => {
  it('keeps the catalog config, with the default owner, and schedules globally', () => {
    expect(
      read({
        defaultOwner: 'ml-platform',
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
      }),
    ).toEqual({
      schedule: {
        frequency: { hours: 1 },
        timeout: { minutes: 5 },
        scope: 'global',
      },
      defaultOwner: 'group:default/ml-platform',
      filters: { include: [], exclude: [] },
    });
  });

  it('overrides a configured local scope: every replica would read the upstream', () => {
    expect(
      read({
        defaultOwner: 'ml-platform',
        schedule: {
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          scope: 'local',
        },
      }).schedule.scope,
    ).toBe('global');
  });

  it('keeps the extra keys of a system', () => {
    const config = toProviderCatalogConfig(
      { ...read({ defaultOwner: 'ml-platform' }), ownerTag: 'team' },
      { system: testSystems.mlflow, owns: 'x' },
    );
    expect(config.ownerTag).toBe('team');
  });

  it('requires a default owner, naming the key, the module and what it owns', () => {
    expect(() => read()).toThrow(InputError);
    expect(() => read({ filters: { include: ['a'] } })).toThrow(
      "airflow.catalog.defaultOwner is required by the Airflow catalog module: it owns the DAGs nobody owns, e.g. 'group:default/ml-platform'",
    );
  });
});
