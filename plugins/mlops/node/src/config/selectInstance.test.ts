import { InputError, NotFoundError } from '@backstage/errors';
import { selectInstance } from './selectInstance';
import { UpstreamInstanceConfig } from './types';
import { testSystems } from '../__testUtils__/systems';

const instance = (name: string): UpstreamInstanceConfig => ({
  name,
  baseUrl: `https://${name}.example.com`,
  uiUrl: `https://${name}.example.com`,
  auth: { type: 'none' },
  timeoutMs: 1000,
  retries: 0,
  cacheTtlMs: 0,
});

describe('selectInstance', () => {
  const instances = [instance('prod'), instance('staging')];

  it('picks the named instance', () => {
    expect(selectInstance(instances, testSystems.mlflow, 'staging').name).toBe(
      'staging',
    );
  });

  it('picks the first instance when none is named', () => {
    expect(selectInstance(instances, testSystems.mlflow).name).toBe('prod');
  });

  it('names the configured instances when the name is unknown', () => {
    expect(() => selectInstance(instances, testSystems.airflow, 'dev')).toThrow(
      new InputError(
        "Unknown airflow instance 'dev'; configured instances are 'prod', 'staging'",
      ),
    );
  });

  it('says so when nothing is configured', () => {
    expect(() => selectInstance([], testSystems.kubeflow)).toThrow(
      NotFoundError,
    );
    expect(() => selectInstance([], testSystems.kubeflow)).toThrow(
      'No Kubeflow Pipelines instances are configured (kubeflow.instances)',
    );
  });
});
