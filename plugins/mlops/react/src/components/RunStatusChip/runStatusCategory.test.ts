import { runStatusCategory } from './runStatusCategory';

describe('runStatusCategory', () => {
  it.each([
    // MLflow
    ['FINISHED', 'ok'],
    ['RUNNING', 'running'],
    ['SCHEDULED', 'pending'],
    ['FAILED', 'error'],
    ['KILLED', 'error'],
    ['READY', 'ok'],
    ['PENDING_REGISTRATION', 'pending'],
    ['FAILED_REGISTRATION', 'error'],
    // Airflow
    ['success', 'ok'],
    ['queued', 'pending'],
    ['up_for_retry', 'pending'],
    ['upstream_failed', 'error'],
    ['skipped', 'neutral'],
    // Kubeflow Pipelines
    ['SUCCEEDED', 'ok'],
    ['CANCELED', 'error'],
    ['RUNTIME_STATE_UNSPECIFIED', 'neutral'],
    // KServe
    ['True', 'ok'],
    ['False', 'error'],
    ['Unknown', 'pending'],
  ] as const)('maps %p to %p', (status, category) => {
    expect(runStatusCategory(status)).toBe(category);
  });

  it('ignores case and separators', () => {
    expect(runStatusCategory('Up-For-Retry')).toBe('pending');
    expect(runStatusCategory('failedRegistration')).toBe('error');
  });

  it('calls what it does not know neutral', () => {
    expect(runStatusCategory('SOMETHING_NEW')).toBe('neutral');
    expect(runStatusCategory('')).toBe('neutral');
    expect(runStatusCategory(undefined)).toBe('neutral');
  });
});
