import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { createUpstreamError, UpstreamFailure } from './http/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import { readOrInstanceError, toInstanceError } from './toInstanceError';

const request = {
  system: 'mlflow' as const,
  instance: 'prod',
  method: 'GET',
  path: '/api/2.0/mlflow/registered-models/get',
  attempts: 1,
};
const http = (status: number): UpstreamFailure => ({
  kind: 'http',
  status,
  statusText: 'x',
  body: '{"message":"m"}',
});

describe('toInstanceError', () => {
  it.each<[string, UpstreamFailure]>([
    ['a timeout', { kind: 'timeout', timeoutMs: 1000 }],
    ['a network error', { kind: 'network', reason: 'ECONNREFUSED' }],
    [
      'a body that is not JSON',
      { kind: 'invalid-response', status: 200, contentType: 'text/html' },
    ],
    ['429', http(429)],
    ['500', http(500)],
    ['503', http(503)],
    ['401 (the portal credentials refused)', http(401)],
    ['403 (the portal credentials refused)', http(403)],
  ])('makes %s data naming the instance', (_, failure) => {
    const error = createUpstreamError(request, failure);
    const status =
      failure.kind === 'http' || failure.kind === 'invalid-response'
        ? failure.status
        : undefined;
    expect(toInstanceError(error, 'ignored')).toEqual({
      instance: 'prod',
      ...(status !== undefined && { status }),
      message: error.message,
    });
  });

  it.each([[404], [400], [409], [422]])('leaves a %s to the caller', status => {
    expect(
      toInstanceError(createUpstreamError(request, http(status)), 'prod'),
    ).toBeUndefined();
  });

  it('treats an unexpected body reported by a client as the instance failing', () => {
    const error = new ServiceUnavailableError(
      "mlflow instance 'prod': runs/search returned an unexpected body",
    );
    expect(toInstanceError(error, 'prod')).toEqual({
      instance: 'prod',
      message: error.message,
    });
  });

  it('rethrows what did not come from the instance', () => {
    expect(
      toInstanceError(new InputError('bad annotation'), 'prod'),
    ).toBeUndefined();
    expect(toInstanceError(new TypeError('bug'), 'prod')).toBeUndefined();
    expect(toInstanceError('a string', 'prod')).toBeUndefined();
  });
});

describe('readOrInstanceError', () => {
  const failing = (error: Error) => {
    const logger = { warn: jest.fn() } as unknown as LoggerService;
    const answer = readOrInstanceError({
      system: 'Airflow',
      instance: 'prod',
      logger,
      logMeta: { entityRef: 'component:default/x' },
      read: async (): Promise<{ errors: unknown[] }> => {
        throw error;
      },
      empty: errors => ({ errors }),
    });
    return { logger, answer };
  };

  it('answers what was read', async () => {
    await expect(
      readOrInstanceError({
        system: 'Airflow',
        instance: 'prod',
        logger: { warn: jest.fn() } as unknown as LoggerService,
        read: async () => ({ items: [1], errors: [] as unknown[] }),
        empty: errors => ({ items: [], errors }),
      }),
    ).resolves.toEqual({ items: [1], errors: [] });
  });

  it('answers the instance at fault as data and warns, naming the instance', async () => {
    const { logger, answer } = failing(createUpstreamError(request, http(503)));
    await expect(answer).resolves.toEqual({
      errors: [expect.objectContaining({ instance: 'prod', status: 503 })],
    });
    expect(logger.warn).toHaveBeenCalledWith(
      'Airflow instance failed; answering with the error',
      expect.objectContaining({
        entityRef: 'component:default/x',
        instance: 'prod',
        status: 503,
      }),
    );
  });

  it('rethrows what the caller is at fault for', async () => {
    const { logger, answer } = failing(new InputError('bad filter'));
    await expect(answer).rejects.toThrow('bad filter');
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
