import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { matchesNameFilters } from '@mlops-portal/plugin-mlops-node';
import { readMlflowProviderConfig } from './readMlflowProviderConfig';

const read = (catalog: object | undefined) =>
  readMlflowProviderConfig(
    new ConfigReader({
      mlflow: {
        instances: [{ name: 'prod', baseUrl: 'https://mlflow.example.com' }],
        ...(catalog && { catalog }),
      },
    }),
  );

describe('readMlflowProviderConfig', () => {
  it('fills in the defaults and always schedules in global scope', () => {
    const config = read({ defaultOwner: 'ml-platform' });
    expect(config).toEqual({
      schedule: {
        frequency: { minutes: 30 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 15 },
        scope: 'global',
      },
      defaultOwner: 'group:default/ml-platform',
      ownerTag: 'owner',
      includePrompts: false,
      filters: { include: [], exclude: [] },
    });
  });

  it('reads the schedule, owner tag, prompts and filters', () => {
    const config = read({
      defaultOwner: 'user:default/jane',
      ownerTag: 'team',
      includePrompts: true,
      schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
      filters: { include: ['fraud-.*', 'churn-.*'], exclude: ['.*-tmp'] },
    });
    expect(config.schedule).toEqual({
      frequency: { hours: 1 },
      timeout: { minutes: 5 },
      scope: 'global',
    });
    expect(config.defaultOwner).toBe('user:default/jane');
    expect(config.ownerTag).toBe('team');
    expect(config.includePrompts).toBe(true);
    expect(matchesNameFilters('fraud-detector', config.filters)).toBe(true);
    expect(matchesNameFilters('fraud-detector-tmp', config.filters)).toBe(
      false,
    );
    expect(matchesNameFilters('demand-forecaster', config.filters)).toBe(false);
  });

  it('requires a default owner, naming the key', () => {
    expect(() => read(undefined)).toThrow(InputError);
    expect(() => read({ ownerTag: 'team' })).toThrow(
      /mlflow\.catalog\.defaultOwner is required/,
    );
  });

  it('rejects an invalid default owner or owner tag with the key path', () => {
    expect(() => read({ defaultOwner: 'not a ref!' })).toThrow(
      /mlflow\.catalog\.defaultOwner/,
    );
    for (const ownerTag of [' ', ' owner', 'x'.repeat(251), 'a//b']) {
      expect(() => read({ defaultOwner: 'ml-platform', ownerTag })).toThrow(
        /^mlflow\.catalog\.ownerTag/,
      );
    }
    expect(() =>
      read({ defaultOwner: 'ml-platform', includePrompts: 'yes' }),
    ).toThrow(/mlflow\.catalog\.includePrompts must be true or false/);
  });

  it('reports an invalid schedule with its key path', () => {
    expect(() =>
      read({ defaultOwner: 'ml-platform', schedule: { frequency: 'often' } }),
    ).toThrow(/mlflow\.catalog\.schedule/);
  });
});
