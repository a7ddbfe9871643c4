import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { MlflowClient } from './MlflowClient';

const server = setupServer();
registerMswTestHooks(server);

const base = 'http://example.com/api/mlflow';
const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'fraud-detection-model',
};
const entityBase = `${base}/entity/default/component/fraud-detection-model`;

const model = {
  name: 'fraud-detector',
  tags: {},
  aliases: { champion: '5' },
  versions: [],
  url: 'http://mlflow.example.com/#/models/fraud-detector',
  stagesSupported: false,
};

function createClient() {
  return new MlflowClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });
}

describe('MlflowClient', () => {
  it('reads runs with paging, ordering and filter, carrying the user token', async () => {
    const seen: { url?: URL; auth?: string | null } = {};
    server.use(
      http.get(`${entityBase}/runs`, ({ request }) => {
        seen.url = new URL(request.url);
        seen.auth = request.headers.get('authorization');
        return HttpResponse.json({
          items: [],
          errors: [],
          nextPageToken: 'n2',
        });
      }),
    );

    const response = await createClient().getRuns(entityRef, {
      pageToken: 'tok/1+',
      maxResults: 50,
      orderBy: ['metrics.`f1,macro` DESC', 'attributes.start_time DESC'],
      filter: " metrics.auc > 0.9 and params.model = 'xgb' ",
    });

    expect(response.nextPageToken).toBe('n2');
    expect(seen.auth).toBe('Bearer user-token');
    expect(seen.url?.searchParams.get('pageToken')).toBe('tok/1+');
    expect(seen.url?.searchParams.get('maxResults')).toBe('50');
    expect(seen.url?.searchParams.getAll('orderBy')).toEqual([
      'metrics.`f1,macro` DESC',
      'attributes.start_time DESC',
    ]);
    expect(seen.url?.searchParams.get('filter')).toBe(
      "metrics.auc > 0.9 and params.model = 'xgb'",
    );
  });

  it('leaves out what is not asked for', async () => {
    let search = 'unset';
    server.use(
      http.get(`${entityBase}/runs`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json({ items: [], errors: [] });
      }),
    );
    await createClient().getRuns(entityRef, { filter: '   ' });
    expect(search).toBe('');
  });

  it('encodes every part of the entity ref and the run id', async () => {
    let path = '';
    server.use(
      http.get(`${base}/entity/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({ errors: [] });
      }),
    );
    await createClient().getRun(
      { kind: 'Resource', namespace: 'team a', name: 'Produkt Empfehlung – β' },
      'run/1?x',
    );
    expect(path).toBe(
      '/api/mlflow/entity/team%20a/resource/Produkt%20Empfehlung%20%E2%80%93%20%CE%B2/runs/run%2F1%3Fx',
    );
  });

  it('asks to compare runs, optionally for some metrics only', async () => {
    const queries: URLSearchParams[] = [];
    server.use(
      http.get(`${entityBase}/compare`, ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json({ items: [], errors: [] });
      }),
    );
    const client = createClient();
    await client.compareRuns(entityRef, { runIds: ['a', 'b'] });
    await client.compareRuns(entityRef, {
      runIds: ['a'],
      metrics: ['auc', 'val_auc'],
    });
    expect(queries[0].get('runIds')).toBe('a,b');
    expect(queries[0].has('metrics')).toBe(false);
    expect(queries[1].get('metrics')).toBe('auc,val_auc');
  });

  it('writes aliases and stages with JSON bodies', async () => {
    const calls: Array<{ method: string; path: string; body?: unknown }> = [];
    const record = async ({ request }: { request: Request }) => {
      calls.push({
        method: request.method,
        path: new URL(request.url).pathname.replace(
          '/api/mlflow/entity/default/component/fraud-detection-model',
          '',
        ),
        body: request.method === 'DELETE' ? undefined : await request.json(),
      });
      return HttpResponse.json({ item: model });
    };
    server.use(
      http.post(`${entityBase}/model/aliases`, record),
      http.delete(`${entityBase}/model/aliases/:alias`, record),
      http.post(`${entityBase}/model/versions/:version/stage`, record),
    );
    const client = createClient();

    expect(
      (await client.setAlias(entityRef, { alias: 'champion', version: '5' }))
        .item,
    ).toEqual(model);
    await client.deleteAlias(entityRef, 'old champion');
    await client.transitionStage(entityRef, '4', {
      stage: 'Production',
      archiveExistingVersions: true,
    });

    expect(calls).toEqual([
      {
        method: 'POST',
        path: '/model/aliases',
        body: { alias: 'champion', version: '5' },
      },
      { method: 'DELETE', path: '/model/aliases/old%20champion' },
      {
        method: 'POST',
        path: '/model/versions/4/stage',
        body: { stage: 'Production', archiveExistingVersions: true },
      },
    ]);
  });

  it('lists the configured instances, carrying the user token', async () => {
    const instances = [
      { name: 'prod', uiUrl: 'https://mlflow.example.com', default: true },
      {
        name: 'research',
        uiUrl: 'https://research.example.com',
        default: false,
      },
    ];
    const seen: { url?: URL; auth?: string | null } = {};
    server.use(
      http.get(`${base}/instances`, ({ request }) => {
        seen.url = new URL(request.url);
        seen.auth = request.headers.get('authorization');
        return HttpResponse.json({ instances });
      }),
    );
    expect(await createClient().listInstances()).toEqual({ instances });
    expect(seen.url?.pathname).toBe('/api/mlflow/instances');
    expect(seen.url?.search).toBe('');
    expect(seen.auth).toBe('Bearer user-token');
  });

  it('turns a failed instance list into a ResponseError', async () => {
    server.use(
      http.get(`${base}/instances`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'AuthenticationError',
              message: 'Missing credentials',
            },
            response: { statusCode: 401 },
          },
          { status: 401 },
        ),
      ),
    );
    const error = await createClient()
      .listInstances()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).response.status).toBe(401);
  });

  it.each([
    [404, 'NotFoundError', "Registered model 'nope' not found"],
    [403, 'NotAllowedError', 'Not allowed'],
    [500, 'Error', 'boom'],
  ])(
    'turns a %p Backstage error into a ResponseError',
    async (status, name, message) => {
      server.use(
        http.get(`${entityBase}/model`, () =>
          HttpResponse.json(
            {
              error: { name, message },
              request: { method: 'GET', url: '/model' },
              response: { statusCode: status },
            },
            { status },
          ),
        ),
      );
      const error = await createClient()
        .getModel(entityRef)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect((error as ResponseError).response.status).toBe(status);
      expect((error as ResponseError).body.error.name).toBe(name);
      expect((error as ResponseError).cause.message).toBe(message);
    },
  );
});
