import { ResponseError } from '@backstage/errors';
import { errorMessage } from './errorMessage';

describe('errorMessage', () => {
  it('shows what the backend said for a Backstage error response', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message: "You may not change the aliases of 'fraud-detector'",
        },
        request: { method: 'POST', url: '/model/aliases' },
        response: { statusCode: 403 },
      }),
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'Content-Type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response);
    expect(errorMessage(error)).toBe(
      "You may not change the aliases of 'fraud-detector'",
    );
  });

  it('falls back to the error message, or the value itself', () => {
    expect(errorMessage(new Error('network down'))).toBe('network down');
    expect(errorMessage('plain')).toBe('plain');
  });
});
