import { InputError, NotFoundError } from '@backstage/errors';
import { selectInstance } from './selectInstance';
import { UpstreamInstanceConfig } from './types';

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
    expect(selectInstance(instances, 'mlflow', 'staging').name).toBe('staging');
  });

  it('picks the first instance when none is named', () => {
    expect(selectInstance(instances, 'mlflow').name).toBe('prod');
  });

  it('names the configured instances when the name is unknown', () => {
    expect(() => selectInstance(instances, 'airflow', 'dev')).toThrow(
      new InputError(
        "Unknown airflow instance 'dev'; configured instances are 'prod', 'staging'",
      ),
    );
  });

  it('says so when nothing is configured', () => {
    expect(() => selectInstance([], 'kubeflow')).toThrow(NotFoundError);
    expect(() => selectInstance([], 'kubeflow')).toThrow(
      'No kubeflow instances are configured (kubeflow.instances)',
    );
  });
});
