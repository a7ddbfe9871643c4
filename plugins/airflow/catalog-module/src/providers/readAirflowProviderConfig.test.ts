import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { matchesNameFilters } from '@mlops-portal/plugin-mlops-node';
import { readAirflowProviderConfig } from './readAirflowProviderConfig';

const read = (catalog: object | undefined) =>
  readAirflowProviderConfig(
    new ConfigReader({
      airflow: {
        instances: [{ name: 'prod', baseUrl: 'https://airflow.example.com' }],
        ...(catalog && { catalog }),
      },
    }),
  );

describe('readAirflowProviderConfig', () => {
  it('fills in the defaults and always schedules in global scope', () => {
    expect(read({ defaultOwner: 'ml-platform' })).toEqual({
      schedule: {
        frequency: { minutes: 30 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 15 },
        scope: 'global',
      },
      defaultOwner: 'group:default/ml-platform',
      filters: { include: [], exclude: [] },
    });
  });

  it('reads the schedule, a user as default owner, and filters over DAG ids', () => {
    const config = read({
      defaultOwner: 'user:default/jane.doe',
      schedule: {
        frequency: { hours: 1 },
        timeout: { minutes: 5 },
        scope: 'local',
      },
      filters: { include: ['fraud_.*', 'churn_.*'], exclude: ['.*_tmp'] },
    });
    expect(config.schedule).toEqual({
      frequency: { hours: 1 },
      timeout: { minutes: 5 },
      scope: 'global',
    });
    expect(config.defaultOwner).toBe('user:default/jane.doe');
    expect(matchesNameFilters('fraud_detection_training', config.filters)).toBe(
      true,
    );
    expect(matchesNameFilters('fraud_detection_tmp', config.filters)).toBe(
      false,
    );
    expect(matchesNameFilters('demand_forecast_batch', config.filters)).toBe(
      false,
    );
  });

  it('requires a default owner, naming the key and what it owns', () => {
    expect(() => read(undefined)).toThrow(InputError);
    expect(() => read({ filters: { include: ['x'] } })).toThrow(
      "airflow.catalog.defaultOwner is required by the Apache Airflow catalog module: it owns the DAGs whose owners name no catalog user or group, e.g. 'group:default/ml-platform'",
    );
  });

  it('rejects an invalid default owner, filter or schedule with the key path', () => {
    expect(() => read({ defaultOwner: 'not a ref!' })).toThrow(
      /^airflow\.catalog\.defaultOwner/,
    );
    expect(() => read({ defaultOwner: 'component:default/x' })).toThrow(
      /^airflow\.catalog\.defaultOwner .*group or a user/,
    );
    expect(() =>
      read({ defaultOwner: 'ml-platform', filters: { include: ['('] } }),
    ).toThrow(/^airflow\.catalog\.filters\.include\[0\]/);
    expect(() =>
      read({ defaultOwner: 'ml-platform', schedule: { frequency: 'often' } }),
    ).toThrow(/^airflow\.catalog\.schedule is invalid/);
  });
});
