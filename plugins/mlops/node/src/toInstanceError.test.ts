import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { createUpstreamError, UpstreamFailure } from './http/errors';
import { toInstanceError } from './toInstanceError';

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
