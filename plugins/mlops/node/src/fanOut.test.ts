import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { fanOut } from './fanOut';
import { createUpstreamError } from './http/errors';

const instances = [{ name: 'prod' }, { name: 'staging' }, { name: 'dev' }];

describe('fanOut', () => {
  it('merges the items of every instance', async () => {
    const result = await fanOut(instances, async instance => [
      `${instance.name}-a`,
      `${instance.name}-b`,
    ]);
    expect(result).toEqual({
      items: ['prod-a', 'prod-b', 'staging-a', 'staging-b', 'dev-a', 'dev-b'],
      errors: [],
    });
  });

  it('turns a failing instance into error data and keeps the others', async () => {
    const logger = mockServices.logger.mock();
    const result = await fanOut(
      instances,
      async instance => {
        if (instance.name === 'staging') {
          throw createUpstreamError(
            {
              system: 'mlflow',
              instance: 'staging',
              method: 'GET',
              path: '/api/2.0/mlflow/registered-models/search',
              attempts: 3,
            },
            {
              kind: 'http',
              status: 503,
              statusText: 'Service Unavailable',
              body: '',
            },
          );
        }
        return [instance.name];
      },
      { logger },
    );
    expect(result.items).toEqual(['prod', 'dev']);
    expect(result.errors).toEqual([
      {
        instance: 'staging',
        status: 503,
        message:
          "mlflow instance 'staging': GET /api/2.0/mlflow/registered-models/search failed with 503 Service Unavailable after 3 attempts",
      },
    ]);
    expect(logger.warn).toHaveBeenCalledWith('Upstream instance failed', {
      instance: 'staging',
      status: 503,
      error: expect.stringContaining("mlflow instance 'staging'"),
    });
  });

  it('captures any error, without a status when there was no upstream answer', async () => {
    const result = await fanOut(instances, instance => {
      if (instance.name === 'prod') {
        // a synchronous throw, e.g. a bug in mapping one instance's payload
        throw new TypeError(
          "Cannot read properties of undefined (reading 'x')",
        );
      }
      if (instance.name === 'dev') {
        return Promise.reject(new NotFoundError('no such thing'));
      }
      return Promise.resolve([1]);
    });
    expect(result.items).toEqual([1]);
    expect(result.errors).toEqual([
      {
        instance: 'prod',
        message: "Cannot read properties of undefined (reading 'x')",
      },
      { instance: 'dev', message: 'no such thing' },
    ]);
  });

  it('runs the instances in parallel', async () => {
    let running = 0;
    let maxRunning = 0;
    await fanOut(instances, async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise(resolve => setTimeout(resolve, 10));
      running--;
      return [];
    });
    expect(maxRunning).toBe(3);
  });

  it('returns empty results for no instances', async () => {
    await expect(fanOut([], async () => [1])).resolves.toEqual({
      items: [],
      errors: [],
    });
  });
});
