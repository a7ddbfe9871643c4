import {
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { createMlflowClients } from '@mlops-portal/plugin-mlflow-node';
import { createSandbox, SandboxStats } from '@mlops-portal/sandbox';
import type { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { expectValidEntity } from '../__testUtils__/entities';
import { recordingLogger } from '../__testUtils__/logger';
import { MlflowEntityProvider } from './MlflowEntityProvider';

// Enough synthetic models for three pages of registered models at MLflow's 1000 cap.
const SYNTHETIC_MODELS = 2500;
const VERSIONS_PER_MODEL = 2;
const STORY_MODELS = 4;
// fraud-detector 5, churn-predictor 3, demand-forecaster 2, Produkt Empfehlung – β 1.
const STORY_VERSIONS = 11;

describe('MlflowEntityProvider against the sandbox', () => {
  let server: Server;
  let sandboxUrl: string;

  beforeAll(async () => {
    server = await createSandbox({
      scale: {
        models: SYNTHETIC_MODELS,
        versionsPerModel: VERSIONS_PER_MODEL,
      },
    }).listen(0, '127.0.0.1');
    sandboxUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  beforeEach(async () => {
    await fetch(`${sandboxUrl}/__sandbox/reset`, { method: 'POST' });
  });

  async function refreshOnce(mount: 'mlflow' | 'mlflow2') {
    const config = new ConfigReader({
      mlflow: {
        instances: [
          {
            name: 'sandbox',
            baseUrl: `${sandboxUrl}/${mount}`,
            uiUrl: 'https://mlflow.example.com',
            majorVersion: mount === 'mlflow2' ? 2 : 3,
          },
        ],
        catalog: { defaultOwner: 'group:default/ml-platform' },
      },
    });
    const { logger, records } = recordingLogger();
    const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
    const schedule: SchedulerServiceTaskRunner = {
      run: async task => {
        tasks.push(task);
      },
    };
    const [provider] = MlflowEntityProvider.fromConfig(config, {
      clients: createMlflowClients({ config, logger }),
      logger,
      schedule,
    });
    const applied: Entity[][] = [];
    await provider.connect({
      applyMutation: async mutation => {
        if (mutation.type === 'full') {
          applied.push(mutation.entities.map(e => e.entity));
        }
      },
      refresh: async () => {},
    });
    await tasks[0].fn(new AbortController().signal);

    expect(records.filter(r => r.level === 'error')).toEqual([]);
    expect(applied).toHaveLength(1);
    const stats = (await (
      await fetch(`${sandboxUrl}/__sandbox/stats`)
    ).json()) as SandboxStats;
    const byTitle = new Map(applied[0].map(e => [e.metadata.title, e]));
    return {
      entities: applied[0],
      byTitle,
      stats: stats.systems[mount],
      records,
    };
  }

  it('ingests the story and the synthetic models from MLflow 3, one request per page', async () => {
    const { entities, byTitle, stats, records } = await refreshOnce('mlflow');

    expect(entities).toHaveLength(STORY_MODELS + SYNTHETIC_MODELS);

    const fraud = byTitle.get('fraud-detector')!;
    expect(fraud.metadata.name).toBe('fraud-detector');
    expect(fraud.spec).toMatchObject({
      type: 'ml-model',
      owner: 'group:default/fraud-detection',
      mlflow: {
        instance: 'sandbox',
        tags: { owner: 'fraud-detection' },
        aliases: {
          champion: {
            version: '4',
            status: 'READY',
            runId: '114543373bd119a4482ea04f60d25075',
          },
          challenger: {
            version: '5',
            status: 'READY',
            runId: '1e483d10c421f337ed352c7c0ee49a29',
          },
        },
        latestVersions: [{ version: '5' }],
        versionCount: 5,
      },
    });
    expect(fraud.metadata.links).toEqual([
      {
        url: 'https://mlflow.example.com/#/models/fraud-detector',
        title: 'MLflow model',
        icon: 'dashboard',
      },
    ]);

    expect(byTitle.get('churn-predictor')?.spec?.owner).toBe(
      'group:default/customer-insights',
    );
    expect(byTitle.get('demand-forecaster')?.spec?.owner).toBe(
      'group:default/supply-chain',
    );
    const produkt = byTitle.get('Produkt Empfehlung – β')!;
    expect(produkt.spec?.owner).toBe('group:default/ml-platform');
    expect(produkt.metadata.name).toMatch(/^produkt-empfehlung-[0-9a-f]{8}$/);
    expect(byTitle.get('synthetic-model-00001')?.spec?.owner).toBe(
      'group:default/synthetic-team-a',
    );
    for (const entity of [fraud, produkt]) {
      await expectValidEntity(entity);
    }

    // ceil(2504 / 1000) = 3 model pages and one page of 5,011 versions; nothing else.
    expect(stats.routes).toEqual({
      'GET /api/2.0/mlflow/registered-models/search': 3,
      'GET /api/2.0/mlflow/model-versions/search': 1,
    });
    expect(records.find(r => r.level === 'info')?.fields).toMatchObject({
      registeredModelPages: 3,
      modelVersionPages: 1,
      versions: STORY_VERSIONS + SYNTHETIC_MODELS * VERSIONS_PER_MODEL,
    });
  });

  it('reads the stages of an MLflow 2.x registry', async () => {
    const { byTitle, stats } = await refreshOnce('mlflow2');
    expect(byTitle.get('fraud-detector')?.spec?.mlflow).toMatchObject({
      aliases: {
        champion: { version: '4', stage: 'Production' },
        challenger: { version: '5', stage: 'Staging' },
      },
      latestVersions: [
        { version: '5', stage: 'Staging' },
        { version: '4', stage: 'Production' },
        { version: '3', stage: 'Archived' },
      ],
    });
    expect(stats.total).toBe(4);
  });
});
