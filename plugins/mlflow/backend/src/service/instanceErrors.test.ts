import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { upstreamError } from '../__testUtils__/fakeMlflow';
import { toInstanceError } from './instanceErrors';

describe('toInstanceError', () => {
  it.each([
    ['a timeout', ServiceUnavailableError, { kind: 'timeout' as const }],
    ['a network error', ServiceUnavailableError, { kind: 'network' as const }],
    [
      'a body that is not JSON',
      ServiceUnavailableError,
      { kind: 'invalid-response' as const, status: 200 },
    ],
    ['429', ServiceUnavailableError, { status: 429 }],
    ['500', ServiceUnavailableError, { status: 500 }],
    ['503', ServiceUnavailableError, { status: 503 }],
    ['401 (the portal credentials refused)', NotAllowedError, { status: 401 }],
    ['403 (the portal credentials refused)', NotAllowedError, { status: 403 }],
  ])('makes %s data naming the instance', (_, ErrorClass, details) => {
    const error = upstreamError(ErrorClass, { instance: 'prod', ...details });
    expect(toInstanceError(error, 'ignored')).toEqual({
      instance: 'prod',
      ...('status' in details && { status: details.status }),
      message: error.message,
    });
  });

  it.each([
    ['404', NotFoundError, 404],
    ['400', InputError, 400],
    ['409', ConflictError, 409],
  ])('leaves %s to the caller', (_, ErrorClass, status) => {
    expect(
      toInstanceError(
        upstreamError(ErrorClass, { instance: 'prod', status }),
        'prod',
      ),
    ).toBeUndefined();
  });

  it('treats an unexpected body reported by the client as the instance failing', () => {
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
