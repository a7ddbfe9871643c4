import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  defaultTechDocsPrebuildSchedule,
  readTechDocsPrebuildConfig,
  TechDocsPrebuilder,
} from './TechDocsPrebuilder';

const entity = (
  kind: string,
  name: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', annotations },
  spec: {},
});
const docs = { 'backstage.io/techdocs-ref': 'dir:.' };

const sse = (...events: Array<[string, unknown]>) =>
  events
    .map(([type, data]) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`)
    .join('');

/** The techdocs backend's two routes the prebuilder uses, for a few entities. */
function fakeTechDocsBackend(options: {
  published: string[];
  builds: Record<string, Response>;
}) {
  const requests: string[] = [];
  const fakeFetch = jest.fn(
    async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input));
      requests.push(url.pathname);
      expect(new Headers(init?.headers).get('authorization')).toMatch(
        /^Bearer /,
      );
      const metadata = url.pathname.match(
        /^\/api\/techdocs\/static\/docs\/(.+)\/techdocs_metadata\.json$/,
      );
      if (metadata) {
        return options.published.includes(metadata[1])
          ? Response.json({ site_name: metadata[1] })
          : Response.json(
              { error: { name: 'NotFoundError' } },
              { status: 404 },
            );
      }
      const sync = url.pathname.match(/^\/api\/techdocs\/sync\/(.+)$/);
      if (sync && options.builds[sync[1]]) {
        return options.builds[sync[1]];
      }
      return new Response('unexpected request', { status: 500 });
    },
  );
  return { fakeFetch: fakeFetch as unknown as typeof fetch, requests };
}

describe('TechDocsPrebuilder', () => {
  it('builds the docs never published, skips the published ones and reports failures', async () => {
    const { fakeFetch, requests } = fakeTechDocsBackend({
      published: ['default/component/already-built'],
      builds: {
        'default/system/mlops-portal': new Response(
          sse(
            ['log', 'Step 1 of 3: Preparing docs'],
            ['finish', { updated: true }],
          ),
        ),
        'default/component/broken': new Response(
          sse(['log', 'Step 2 of 3'], ['error', 'mkdocs: command not found']),
        ),
      },
    });
    const logger = mockServices.logger.mock();
    const prebuilder = new TechDocsPrebuilder({
      catalog: catalogServiceMock({
        entities: [
          entity('System', 'mlops-portal', docs),
          entity('Component', 'already-built', docs),
          entity('Component', 'broken', docs),
          entity('Component', 'no-docs'),
          entity('Component', 'docs-elsewhere', {
            'backstage.io/techdocs-entity': 'system:default/mlops-portal',
          }),
        ],
      }),
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
      logger,
      fetch: fakeFetch,
    });

    await expect(prebuilder.run()).resolves.toEqual({
      built: ['system:default/mlops-portal'],
      failed: ['component:default/broken'],
      alreadyBuilt: 1,
    });
    expect(requests.filter(path => path.includes('/sync/')).sort()).toEqual([
      '/api/techdocs/sync/default/component/broken',
      '/api/techdocs/sync/default/system/mlops-portal',
    ]);
    expect(requests.some(path => /no-docs|docs-elsewhere/.test(path))).toBe(
      false,
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'TechDocs of component:default/broken could not be built: mkdocs: command not found',
    );
  });

  it('counts a refused, unreachable or empty build as failed and goes on with the others', async () => {
    const { fakeFetch } = fakeTechDocsBackend({
      published: [],
      builds: {
        'default/system/mlops-portal': Response.json(
          { error: { name: 'NotFoundError' } },
          { status: 404, statusText: 'Not Found' },
        ),
        'default/component/checked-just-now': new Response(
          sse(['finish', { updated: false }]),
        ),
        'default/component/after': new Response(
          sse(['finish', { updated: true }]),
        ),
      },
    });
    const unreachable = jest.fn(
      async (input: string | URL | Request, init?: RequestInit) =>
        String(input).includes('/sync/default/component/unreachable')
          ? Promise.reject(new TypeError('fetch failed'))
          : fakeFetch(input, init),
    ) as unknown as typeof fetch;
    const prebuilder = new TechDocsPrebuilder({
      catalog: catalogServiceMock({
        entities: [
          entity('System', 'mlops-portal', docs),
          entity('Component', 'unreachable', docs),
          entity('Component', 'checked-just-now', docs),
          entity('Component', 'after', docs),
        ],
      }),
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
      logger: mockServices.logger.mock(),
      fetch: unreachable,
    });

    await expect(prebuilder.run()).resolves.toEqual({
      built: ['component:default/after'],
      failed: [
        'system:default/mlops-portal',
        'component:default/unreachable',
        'component:default/checked-just-now',
      ],
      alreadyBuilt: 0,
    });
  });
});

describe('readTechDocsPrebuildConfig', () => {
  it('prebuilds where the backend builds TechDocs, on the configured schedule', () => {
    expect(
      readTechDocsPrebuildConfig(
        mockServices.rootConfig({
          data: {
            techdocs: { builder: 'local' },
            mlops: {
              techdocs: {
                prebuild: {
                  schedule: {
                    frequency: { minutes: 5 },
                    timeout: { minutes: 10 },
                    initialDelay: { seconds: 15 },
                  },
                },
              },
            },
          },
        }),
      ),
    ).toEqual({
      enabled: true,
      schedule: {
        frequency: { minutes: 5 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 15 },
      },
      legacyPathCasing: false,
    });
  });

  it('defaults to the backend building, on the default schedule', () => {
    expect(readTechDocsPrebuildConfig(mockServices.rootConfig())).toEqual({
      enabled: true,
      schedule: defaultTechDocsPrebuildSchedule,
      legacyPathCasing: false,
    });
  });

  it('does nothing where docs are built and published outside the backend', () => {
    expect(
      readTechDocsPrebuildConfig(
        mockServices.rootConfig({
          data: { techdocs: { builder: 'external' } },
        }),
      ).enabled,
    ).toBe(false);
  });
});
