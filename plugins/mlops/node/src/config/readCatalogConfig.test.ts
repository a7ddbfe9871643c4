import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_CATALOG_SCHEDULE,
  matchesNameFilters,
  readCatalogConfig,
} from './readCatalogConfig';
import { testSystems } from '../__testUtils__/systems';

function read(catalog: JsonValue) {
  return readCatalogConfig(
    new ConfigReader({ mlflow: { catalog } }),
    testSystems.mlflow,
  );
}

describe('readCatalogConfig', () => {
  it('uses defaults when the block is absent', () => {
    expect(
      readCatalogConfig(new ConfigReader({}), testSystems.airflow),
    ).toEqual({
      schedule: DEFAULT_CATALOG_SCHEDULE,
      defaultOwner: undefined,
      filters: { include: [], exclude: [] },
    });
  });

  it('reads the schedule, owner and filters', () => {
    const catalog = read({
      schedule: { frequency: { minutes: 15 }, timeout: 'PT5M' },
      defaultOwner: 'ml-platform',
      filters: { include: ['fraud-.*', 'churn'], exclude: ['.*-tmp'] },
    });
    expect(catalog.schedule.frequency).toEqual({ minutes: 15 });
    expect(catalog.schedule.timeout).toBeDefined();
    // a bare name means a group, as for spec.owner
    expect(catalog.defaultOwner).toBe('group:default/ml-platform');
    expect(catalog.filters.include).toHaveLength(2);
  });

  it('keeps a full owner ref as it is', () => {
    expect(read({ defaultOwner: 'user:ml/alice' }).defaultOwner).toBe(
      'user:ml/alice',
    );
  });

  it('reports an invalid schedule with its key path', () => {
    expect(() => read({ schedule: { timeout: { minutes: 1 } } })).toThrow(
      /^mlflow\.catalog\.schedule is invalid: /,
    );
  });

  it('reports an invalid owner ref with its key path', () => {
    expect(() => read({ defaultOwner: 'group:a:b' })).toThrow(InputError);
    expect(() => read({ defaultOwner: 'group:a:b' })).toThrow(
      "mlflow.catalog.defaultOwner 'group:a:b' is not a valid entity ref",
    );
  });

  it('reports an invalid pattern with its key path', () => {
    expect(() => read({ filters: { exclude: ['ok', '(unclosed'] } })).toThrow(
      "mlflow.catalog.filters.exclude[1] '(unclosed' is not a valid regular expression",
    );
  });
});

describe('matchesNameFilters', () => {
  const filters = read({
    filters: { include: ['fraud-.*', 'churn'], exclude: ['.*-tmp'] },
  }).filters;

  it.each([
    ['fraud-model', true],
    ['churn', true],
    ['fraud-model-tmp', false],
    ['old-fraud-model', false], // patterns match whole names
    ['churn-v2', false],
  ])('%j → %j', (name, expected) => {
    expect(matchesNameFilters(name, filters)).toBe(expected);
  });

  it('includes everything when no include pattern is given', () => {
    expect(matchesNameFilters('anything', { include: [], exclude: [] })).toBe(
      true,
    );
  });
});
