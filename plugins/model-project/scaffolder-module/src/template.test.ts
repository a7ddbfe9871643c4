import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackendFeature } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGitea from '@backstage/plugin-scaffolder-backend-module-gitea';
import scaffolderModuleMlflow from '@mlops-portal/plugin-scaffolder-backend-module-mlflow';
import { useSandboxMlflow } from '@mlops-portal/plugin-mlflow-node/testUtils';
import {
  checkCatalogInfo,
  checkLayout,
  checkManifests,
  checkNames,
  checkPython,
  checkSyntax,
  RenderedProject,
} from './__testUtils__/checkProject';
import {
  readTemplateFiles,
  writeDirectoryContents,
} from './__testUtils__/templateFiles';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { MLFLOW_SYSTEM } from '@mlops-portal/plugin-mlflow-common';
import type { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import { planRepository } from './lib/repository';
import { planModelProject, type ModelProjectValues } from './lib/values';
import { scaffolderModuleModelProject } from './module';

// templates/ml-model-project run by the real scaffolder (its task runner renders the steps,
// fetch:template renders the skeleton), for every orchestrator × feature store × deployment
// mode, and its output checked against the upstream contracts.

const GIT_HOST = '127.0.0.1:7101';
const INTEGRATIONS = {
  gitea: [
    {
      host: GIT_HOST,
      baseUrl: `http://${GIT_HOST}`,
      username: 'mlops',
      password: 'mlops-demo',
    },
  ],
};
/** The MLflow instance the scaffolder is configured with, at the sandbox's (per-run) URL. */
const mlflowInstance = (baseUrl: string) => ({
  name: 'sandbox',
  baseUrl,
  uiUrl: 'https://mlflow.example.com',
});

const combinations = (['airflow', 'kubeflow', 'both'] as const).flatMap(
  (orchestrator, o) =>
    [false, true].flatMap(featureStore =>
      (['Serverless', 'RawDeployment'] as const).map(deploymentMode => ({
        orchestrator,
        featureStore,
        deploymentMode,
        // All three frameworks and both protocols are covered across the combinations.
        framework: (['sklearn', 'xgboost', 'pytorch'] as const)[
          (o + Number(featureStore)) % 3
        ],
        protocol: deploymentMode === 'Serverless' ? 'v1' : 'v2',
        canaryPercent: deploymentMode === 'Serverless' ? 20 : 0,
      })),
    ),
);

const parameters = (overrides: Record<string, unknown> = {}) => ({
  name: 'fraud-scorer',
  description: 'Scores card transactions for fraud.',
  owner: 'group:default/fraud-detection',
  system: 'system:default/fraud-detection',
  framework: 'sklearn',
  orchestrator: 'airflow',
  featureStore: false,
  mlflowInstance: '',
  protocol: 'v2',
  deploymentMode: 'Serverless',
  canaryPercent: 0,
  namespace: 'models',
  repoUrl: `${GIT_HOST}?owner=demo&repo=fraud-scorer`,
  ...overrides,
});

describe('the ml-model-project template', () => {
  const { sandbox, writes } = useSandboxMlflow([]);
  const files = readTemplateFiles();
  const templateEntity: Entity = {
    ...(files.template as Entity),
    metadata: {
      ...files.template.metadata,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `file:${path.join(
          files.dir,
          'template.yaml',
        )}`,
      },
    },
  };

  async function startScaffolder(...features: BackendFeature[]) {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-project-'));
    const { server } = await startTestBackend({
      features: [
        ...features,
        scaffolderPlugin,
        scaffolderModuleMlflow,
        scaffolderModuleModelProject,
        scaffolderModuleGitea,
        catalogServiceMock.factory({ entities: [templateEntity] }),
        mockServices.rootConfig.factory({
          data: {
            backend: { workingDirectory: workDir },
            integrations: INTEGRATIONS,
            mlflow: {
              instances: [mlflowInstance(sandbox().baseUrl('mlflow'))],
            },
          },
        }),
      ],
    });
    const { port } = server.address() as { port: number };
    return `http://127.0.0.1:${port}/api/scaffolder`;
  }

  async function post(url: string, body: object) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  async function dryRun(api: string, values: object) {
    return post(`${api}/v2/dry-run`, {
      template: templateEntity,
      values,
      directoryContents: files.directoryContents,
    });
  }

  describe.each(combinations)(
    '$orchestrator, feature store $featureStore, $deploymentMode ($framework, $protocol)',
    combination => {
      let project: RenderedProject;

      beforeAll(async () => {
        const api = await startScaffolder();
        const { status, body } = await dryRun(api, parameters(combination));
        if (status !== 200) {
          throw new Error(
            `The dry run answered ${status}: ${JSON.stringify(body)}`,
          );
        }
        const dir = fs.mkdtempSync(
          path.join(os.tmpdir(), 'model-project-out-'),
        );
        const rendered = writeDirectoryContents(dir, body.directoryContents);
        // The dry run's workspace holds the template folder itself next to what it rendered.
        const projectFiles = rendered.filter(
          file => file !== 'template.yaml' && !file.startsWith('skeleton/'),
        );
        project = {
          dir,
          files: projectFiles,
          values: expectedValues(
            parameters(combination),
            mlflowInstance(sandbox().baseUrl('mlflow')),
          ),
        };
      }, 60_000);

      it('has the files the options ask for, and no others', () => {
        expect(checkLayout(project)).toEqual([]);
      });
      it('parses: every YAML file, every Python file (py_compile), nothing left unrendered', () => {
        expect(checkSyntax(project)).toEqual([]);
        expect(checkPython(project)).toEqual([]);
      });
      it('validates: the InferenceService, the Argo CD Applications and the CI workflow against their schemas', () => {
        expect(checkManifests(project)).toEqual([]);
      }, 60_000);
      it("describes itself to the catalog with valid entities and the suite's annotations", async () => {
        expect(await checkCatalogInfo(project)).toEqual([]);
      });
      it('uses one set of names in every file', () => {
        expect(checkNames(project)).toEqual([]);
      });
    },
  );

  it('does not write to MLflow in a dry run', () => {
    expect(writes()).toEqual({});
  });

  describe('with bad parameters, stops before anything is created', () => {
    it.each([
      [
        { name: 'lambda' },
        "the Python package 'lambda', which Python cannot import",
      ],
      [
        { deploymentMode: 'RawDeployment', canaryPercent: 20 },
        'A canary (20 %) needs the Serverless deployment mode',
      ],
      [
        { repoUrl: 'git.example.com?owner=demo&repo=fraud-scorer' },
        "No integration is configured for the repository host 'git.example.com'",
      ],
      [
        { mlflowInstance: 'research' },
        "Unknown mlflow instance 'research'; configured instances are 'sandbox'",
      ],
    ])('%j', async (overrides, message) => {
      const api = await startScaffolder();
      const created = await post(`${api}/v2/tasks`, {
        templateRef: 'template:default/ml-model-project',
        values: parameters(overrides),
      });
      expect(created.status).toBe(201);

      const { task, events } = await waitForTask(api, created.body.id);

      expect(task.status).toBe('failed');
      const log = events
        .map(event => String(event.body.message ?? ''))
        .join('\n');
      expect(log).toContain(message);
      // Only the plan step ran: no file rendered, nothing created upstream.
      const started = new Set(
        events
          .filter(
            event => event.body.stepId && event.body.status === 'processing',
          )
          .map(event => event.body.stepId),
      );
      expect([...started]).toEqual(['plan']);
      expect(writes()).toEqual({});
    });

    it('refuses a name the form would not accept when the task is created', async () => {
      const api = await startScaffolder();
      const created = await post(`${api}/v2/tasks`, {
        templateRef: 'template:default/ml-model-project',
        values: parameters({ name: 'Fraud_Scorer' }),
      });
      expect(created.status).toBe(400);
      expect(JSON.stringify(created.body)).toContain('name');
      expect(writes()).toEqual({});
    });
  });
});

type TaskEvent = {
  type: string;
  body: { message?: string; stepId?: string; status?: string };
};

async function waitForTask(api: string, id: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const task = await (await fetch(`${api}/v2/tasks/${id}`)).json();
    if (['completed', 'failed', 'cancelled'].includes(task.status)) {
      const events: TaskEvent[] = await (
        await fetch(`${api}/v2/tasks/${id}/events`)
      ).json();
      return { task, events };
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`Task ${id} did not finish`);
}

/** The values the plan step gave fetch:template: the same function on the same input. */
function expectedValues(
  input: ReturnType<typeof parameters>,
  instance: ReturnType<typeof mlflowInstance>,
): ModelProjectValues {
  const config = new ConfigReader({ integrations: INTEGRATIONS });
  const { repoUrl, ...request } = input;
  return planModelProject(request, {
    mlflow: {
      system: MLFLOW_SYSTEM,
      instances: [instance],
      forInstance: () => ({ instance }),
    } as unknown as MlflowClients,
    repository: planRepository(repoUrl, ScmIntegrations.fromConfig(config)),
  });
}
