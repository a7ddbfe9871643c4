import { ResponseError } from '@backstage/errors';
import { createBackendRequest, entityRouteSegments } from './backendRequests';

describe('createBackendRequest', () => {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const request = (answer: Response) =>
    createBackendRequest({
      pluginId: 'kserve',
      discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
      fetchApi: {
        fetch: async (url: RequestInfo | URL, init?: RequestInit) => {
          calls.push({ url: String(url), init });
          return answer;
        },
      },
    });
  beforeEach(() => calls.splice(0));

  it('encodes each segment, adds the query and sends a JSON body', async () => {
    const send = request(Response.json({ ok: true }));
    await expect(
      send(
        entityRouteSegments(
          { namespace: 'fraud-detection', kind: 'Component', name: 'a/b c' },
          'serving',
          'traffic',
        ),
        {
          method: 'POST',
          params: new URLSearchParams({ state: 'FAILED' }),
          body: { change: { kind: 'promote' } },
        },
      ),
    ).resolves.toEqual({ ok: true });
    expect(calls).toEqual([
      {
        url: 'http://backend/api/kserve/entity/fraud-detection/component/a%2Fb%20c/serving/traffic?state=FAILED',
        init: {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"change":{"kind":"promote"}}',
        },
      },
    ]);
  });

  it('throws the backend error as a ResponseError with its status', async () => {
    const send = request(
      Response.json(
        {
          error: { name: 'ConflictError', message: 'changed meanwhile' },
          request: { method: 'GET', url: '/api/kserve/clusters' },
          response: { statusCode: 409 },
        },
        { status: 409 },
      ),
    );
    const error = (await send(['clusters']).catch(e => e)) as ResponseError;
    expect(ResponseError.is(error)).toBe(true);
    expect(error.response.status).toBe(409);
    expect(error.body.error.message).toBe('changed meanwhile');
  });

  it.each([['.'], ['..'], ['']])(
    'refuses %j as a segment before sending anything',
    async segment => {
      await expect(
        request(Response.json({}))(['runs', segment]),
      ).rejects.toThrow('cannot be used as a name in a URL');
      expect(calls).toEqual([]);
    },
  );
});
