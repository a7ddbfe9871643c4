import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  describeWithContracts,
  expectValid,
  loadHttpContract,
} from '@mlops-portal/contract-testing';
import { createMlflowClients } from '@mlops-portal/plugin-mlflow-node';
import {
  MOUNTS,
  createSandbox,
  syntheticModelName,
} from '@mlops-portal/sandbox';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  appliedEntities,
  expectValidEntity,
  recordingLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { connectedProviders } from '../__testUtils__/provider';

// Enough synthetic models for three pages of registered models at MLflow's 1000 cap.
const SYNTHETIC_MODELS = 2500;
const VERSIONS_PER_MODEL = 2;
const STORY_MODELS = 4;
// fraud-detector 5, churn-predictor 3, demand-forecaster 2, Produkt Empfehlung – β 1.
const STORY_VERSIONS = 11;
const REGISTERED_MODELS_SEARCH = 'GET /api/2.0/mlflow/registered-models/search';
const MODEL_VERSIONS_SEARCH = 'GET /api/2.0/mlflow/model-versions/search';

/** One request the MLflow client sent over HTTP, and the answer it got. */
interface Exchange {
  path: string;
  query: Record<string, string>;
  status: number;
  body: unknown;
}

jest.setTimeout(60_000);

/**
 * The scaled sandbox on an ephemeral port for the enclosing `describe`, reset before each test.
 *
 * @remarks
 * Not the kit's `useTestSandbox`: it loads the sandbox with a dynamic `import()`, which jest under
 * backstage-cli cannot run in a node package (no `--experimental-vm-modules`).
 */
function useScaledSandbox() {
  const sandbox = createSandbox({
    scale: { models: SYNTHETIC_MODELS, versionsPerModel: VERSIONS_PER_MODEL },
  });
  let server: Server | undefined;
  beforeAll(async () => {
    server = await sandbox.listen(0, '127.0.0.1');
  });
  afterAll(() => new Promise(resolve => server?.close(resolve)));
  beforeEach(() => sandbox.reset());
  return () => ({
    sandbox,
    baseUrl: (mount: 'mlflow' | 'mlflow2') =>
      `http://127.0.0.1:${(server!.address() as AddressInfo).port}${
        MOUNTS[mount]
      }`,
    routeCounts: (mount: 'mlflow' | 'mlflow2') => ({
      ...sandbox.stats.snapshot().systems[mount]?.routes,
    }),
  });
}

describe('MlflowEntityProvider against the sandbox MLflow (real HTTP, real clients)', () => {
  const sandbox = useScaledSandbox();

  /** The provider over real clients of one sandbox mount, recording what goes over the wire. */
  async function providerOf(
    mount: 'mlflow' | 'mlflow2',
    catalog: object = { defaultOwner: 'group:default/ml-platform' },
  ) {
    const exchanges: Exchange[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input));
      exchanges.push({
        path: url.pathname.slice(`/${mount}`.length),
        query: Object.fromEntries(url.searchParams),
        status: response.status,
        body: await response.clone().json(),
      });
      return response;
    };
    const clients = createMlflowClients({
      config: new ConfigReader({
        mlflow: {
          instances: [
            {
              name: 'sandbox',
              baseUrl: sandbox().baseUrl(mount),
              uiUrl: 'https://mlflow.example.com',
              majorVersion: mount === 'mlflow2' ? 2 : 3,
            },
          ],
        },
      }),
      logger: recordingLogger().logger,
      fetch: recordingFetch,
    });
    const provider = await connectedProviders(clients, catalog);
    return { ...provider, clients, exchanges };
  }

  /** One run of the provider; fails the test unless it applied one full mutation and logged no error. */
  async function refreshOnce(mount: 'mlflow' | 'mlflow2', catalog?: object) {
    const run = await providerOf(mount, catalog);
    await run.runner.runAll();
    expect(run.records.filter(r => r.level === 'error')).toEqual([]);
    const entities = appliedEntities(run.connections[0]);
    const byTitle = new Map<string | undefined, Entity>(
      entities.map(e => [e.metadata.title, e]),
    );
    return { ...run, entities, byTitle };
  }

  it('ingests the story and the synthetic models from MLflow 3, one request per page', async () => {
    const { entities, byTitle, records } = await refreshOnce('mlflow');

    expect(entities).toHaveLength(STORY_MODELS + SYNTHETIC_MODELS);

    const fraud = byTitle.get('fraud-detector')!;
    expect(fraud.metadata).toMatchObject({
      name: 'fraud-detector',
      annotations: {
        'backstage.io/managed-by-location': 'mlops:mlflow/sandbox',
        'backstage.io/managed-by-origin-location': 'mlops:mlflow/sandbox',
        'mlflow.org/registered-model': 'fraud-detector',
        'mlflow.org/instance': 'sandbox',
      },
      links: [
        {
          url: 'https://mlflow.example.com/#/models/fraud-detector',
          title: 'MLflow model',
          icon: 'dashboard',
        },
      ],
    });
    expect(fraud.spec).toMatchObject({
      type: 'ml-model',
      owner: 'group:default/fraud-detection',
      mlflow: {
        instance: 'sandbox',
        tags: expect.arrayContaining([
          { key: 'owner', value: 'fraud-detection' },
        ]),
        aliases: [
          {
            alias: 'challenger',
            version: '5',
            status: 'READY',
            runId: '1e483d10c421f337ed352c7c0ee49a29',
          },
          {
            alias: 'champion',
            version: '4',
            status: 'READY',
            runId: '114543373bd119a4482ea04f60d25075',
          },
        ],
        latestVersions: [{ version: '5' }],
        versionCount: 5,
      },
    });

    expect(byTitle.get('churn-predictor')?.spec?.owner).toBe(
      'group:default/customer-insights',
    );
    expect(byTitle.get('demand-forecaster')?.spec?.owner).toBe(
      'group:default/supply-chain',
    );
    const produkt = byTitle.get('Produkt Empfehlung – β')!;
    expect(produkt.spec?.owner).toBe('group:default/ml-platform');
    expect(produkt.metadata.name).toMatch(/^produkt-empfehlung-[0-9a-f]{8}$/);
    expect(byTitle.get(syntheticModelName(1))?.spec?.owner).toBe(
      'group:default/synthetic-team-a',
    );
    for (const entity of [fraud, produkt]) {
      await expectValidEntity(entity);
    }

    // ceil(2504 / 1000) = 3 model pages and one page of 5,011 versions; nothing else.
    expect(sandbox().routeCounts('mlflow')).toEqual({
      [REGISTERED_MODELS_SEARCH]: 3,
      [MODEL_VERSIONS_SEARCH]: 1,
    });
    expect(records.find(r => r.level === 'info')?.fields).toMatchObject({
      registeredModelPages: 3,
      modelVersionPages: 1,
      versions: STORY_VERSIONS + SYNTHETIC_MODELS * VERSIONS_PER_MODEL,
    });
  });

  it('reads the stages of an MLflow 2.x registry', async () => {
    const { byTitle } = await refreshOnce('mlflow2');
    expect(byTitle.get('fraud-detector')?.spec?.mlflow).toMatchObject({
      aliases: [
        { alias: 'challenger', version: '5', stage: 'Staging' },
        { alias: 'champion', version: '4', stage: 'Production' },
      ],
      latestVersions: [
        { version: '5', stage: 'Staging' },
        { version: '4', stage: 'Production' },
        { version: '3', stage: 'Archived' },
      ],
    });
    expect(sandbox().routeCounts('mlflow2')).toEqual({
      [REGISTERED_MODELS_SEARCH]: 3,
      [MODEL_VERSIONS_SEARCH]: 1,
    });
  });

  it('applies nothing when one model on page 2 of the answer is malformed', async () => {
    const broken = syntheticModelName(1500);
    // Page 2 of the names in MLflow's order; a timestamp MLflow would never send.
    Object.assign(sandbox().sandbox.state.mlflow.models.get(broken)!, {
      creationTimestamp: 'yesterday',
    });
    const { connections, runner, records } = await providerOf('mlflow');
    await runner.runAll();

    expect(connections[0].applyMutation).not.toHaveBeenCalled();
    const errors = records.filter(r => r.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].error).toBeInstanceOf(ServiceUnavailableError);
    expect(errors[0].error?.message).toMatch(
      /^mlflow instance 'sandbox': registered-models\/search returned an unexpected body: .*creation_timestamp/,
    );
    // Page 3 was never asked for.
    expect(sandbox().routeCounts('mlflow')[REGISTERED_MODELS_SEARCH]).toBe(2);
  });

  it('leaves out a prompt created through the MLflow API unless prompts are included', async () => {
    const prompt = 'summarise-ticket';
    await createMlflowClients({
      config: new ConfigReader({
        mlflow: {
          instances: [
            { name: 'sandbox', baseUrl: sandbox().baseUrl('mlflow') },
          ],
        },
      }),
      logger: recordingLogger().logger,
    })
      .forInstance()
      .createRegisteredModel({
        name: prompt,
        tags: [{ key: 'mlflow.prompt.is_prompt', value: 'true' }],
      });

    const without = await refreshOnce('mlflow');
    expect(without.byTitle.has(prompt)).toBe(false);
    expect(without.entities).toHaveLength(STORY_MODELS + SYNTHETIC_MODELS);
    expect(without.records.find(r => r.level === 'info')?.fields).toMatchObject(
      { promptsLeftOut: 1 },
    );

    const withPrompts = await refreshOnce('mlflow', {
      defaultOwner: 'group:default/ml-platform',
      includePrompts: true,
    });
    expect(withPrompts.byTitle.get(prompt)?.spec?.type).toBe('ml-model');
  });

  describeWithContracts('against the MLflow contracts', () => {
    it.each([
      ['mlflow', 'mlflow-3'],
      ['mlflow2', 'mlflow-2'],
    ] as const)(
      'sends requests to /%s that %s allows, and is fed pages it allows',
      async (mount, contractName) => {
        const contract = loadHttpContract(contractName);
        const { exchanges } = await refreshOnce(mount);
        expect(exchanges.map(e => [e.path, e.query.max_results])).toEqual([
          ['/api/2.0/mlflow/registered-models/search', '1000'],
          ['/api/2.0/mlflow/registered-models/search', '1000'],
          ['/api/2.0/mlflow/registered-models/search', '1000'],
          ['/api/2.0/mlflow/model-versions/search', '200000'],
        ]);
        for (const { path, query, status, body } of exchanges) {
          expectValid(contract.validateRequest({ method: 'GET', path, query }));
          expectValid(
            contract.validateResponse({ method: 'GET', path, status, body }),
          );
        }
      },
    );
  });
});
