import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BackendFeature,
  createBackendModule,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGitea from '@backstage/plugin-scaffolder-backend-module-gitea';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { MLFLOW_SYSTEM } from '@mlops-portal/plugin-mlflow-common';
import type { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import { kserveClustersServiceRef } from '@mlops-portal/plugin-kserve-node';
import {
  FakeKserveCluster,
  fakeKserveClusters,
} from '@mlops-portal/plugin-kserve-node/testUtils';
import { mockInstanceClientsFactory } from '@mlops-portal/plugin-mlops-node/testUtils';
import scaffolderModuleKserve from '@mlops-portal/plugin-scaffolder-backend-module-kserve';
import scaffolderModuleMlflow from '@mlops-portal/plugin-scaffolder-backend-module-mlflow';
import yaml from 'yaml';
import { planRepository } from '../lib/repository';
import { planModelProject, type ModelProjectValues } from '../lib/values';
import { scaffolderModuleModelProject } from '../module';
import { readTemplateFiles, writeDirectoryContents } from './templateFiles';

// templates/ml-model-project in the real scaffolder of a test backend, shared by the template's
// tests: the demo's git host integration, the sandbox's MLflow, a stand-in for Kubeflow's
// `kubeflow:pipeline:upload`, and the real `kserve:inferenceservice:apply` on an in-memory cluster.

export const GIT_HOST = '127.0.0.1:7101';
export const INTEGRATIONS = {
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
export const mlflowInstance = (baseUrl: string) => ({
  name: 'sandbox',
  baseUrl,
  uiUrl: 'https://mlflow.example.com',
});

/** The Kubeflow instances the scaffolder is configured with; the template uploads to the first. */
export const KUBEFLOW_INSTANCES = [
  {
    name: 'sandbox',
    baseUrl: 'http://127.0.0.1:1/kubeflow',
    uiUrl: 'https://kubeflow.example.com',
  },
  {
    name: 'research',
    baseUrl: 'http://127.0.0.1:1/kubeflow-research',
    uiUrl: 'https://research-kubeflow.example.com',
  },
];

/** The KServe cluster the scaffolder is configured with (as a `kubernetes:` cluster). */
export const KSERVE_CLUSTER = 'sandbox';

/** A fresh in-memory cluster for `kserve:inferenceservice:apply`, with the template's namespace. */
export const kserveCluster = () => new FakeKserveCluster(KSERVE_CLUSTER);

/** The form's values for a project, as the template's parameters name them. */
export const templateParameters = (
  overrides: Record<string, unknown> = {},
) => ({
  name: 'fraud-scorer',
  description: 'Scores card transactions for fraud.',
  owner: 'group:default/fraud-detection',
  system: 'system:default/fraud-detection',
  framework: 'sklearn',
  orchestrator: 'airflow',
  featureStore: false,
  mlflowInstance: '',
  kubeflowInstance: '',
  protocol: 'v2',
  deploymentMode: 'Serverless',
  canaryPercent: 0,
  namespace: 'models',
  repoUrl: `${GIT_HOST}?owner=demo&repo=fraud-scorer`,
  ...overrides,
});
export type TemplateParameters = ReturnType<typeof templateParameters>;

/** What the stand-in `kubeflow:pipeline:upload` was given, and the spec it read. */
export interface PipelineUpload {
  input: Record<string, unknown>;
  dryRun: boolean;
  /** `pipelineInfo.name` of the spec at `specPath` in the workspace. */
  specPipelineName: unknown;
}

/**
 * `kubeflow:pipeline:upload` as far as the template can tell: the inputs of the Kubeflow
 * scaffolder module's action (plugins/kubeflow/scaffolder-module, which this package does not
 * depend on), nothing else accepted; it reads the spec from the workspace as that action does,
 * refuses what that action refuses (no `pipelineInfo.name`, no `root`), records the call and
 * answers with that action's outputs. The action itself is tested in its own package.
 */
export function fakeKubeflowUploadModule(uploads: PipelineUpload[]) {
  return createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'fake-kubeflow-upload',
    register(reg) {
      reg.registerInit({
        deps: { scaffolder: scaffolderActionsExtensionPoint },
        async init({ scaffolder }) {
          scaffolder.addActions(
            createTemplateAction({
              id: 'kubeflow:pipeline:upload',
              supportsDryRun: true,
              schema: {
                input: z =>
                  z
                    .object({
                      specPath: z.string().min(1),
                      name: z.string().optional(),
                      description: z.string().optional(),
                      versionName: z.string().optional(),
                      versionDescription: z.string().optional(),
                      instance: z.string().optional(),
                    })
                    .strict(),
                output: z =>
                  z.object({
                    pipelineId: z.string(),
                    pipelineVersionId: z.string(),
                    pipelineName: z.string(),
                    versionName: z.string(),
                    pipelineCreated: z.boolean(),
                    versionCreated: z.boolean(),
                    url: z.string(),
                    instance: z.string(),
                  }),
              },
              async handler(ctx) {
                const file = resolveSafeChildPath(
                  ctx.workspacePath,
                  ctx.input.specPath,
                );
                const spec = yaml.parse(fs.readFileSync(file, 'utf8'));
                if (!spec?.pipelineInfo?.name || !spec?.root) {
                  throw new Error(
                    `${ctx.input.specPath} is not a compiled KFP pipeline spec`,
                  );
                }
                uploads.push({
                  input: { ...ctx.input },
                  dryRun: ctx.isDryRun === true,
                  specPipelineName: spec.pipelineInfo.name,
                });
                const instance =
                  KUBEFLOW_INSTANCES.find(
                    candidate => candidate.name === ctx.input.instance,
                  ) ?? KUBEFLOW_INSTANCES[0];
                const pipelineName = ctx.input.name ?? spec.pipelineInfo.name;
                ctx.output('pipelineId', '(new pipeline)');
                ctx.output('pipelineVersionId', '(new version)');
                ctx.output('pipelineName', pipelineName);
                ctx.output('versionName', pipelineName);
                ctx.output('pipelineCreated', true);
                ctx.output('versionCreated', true);
                ctx.output(
                  'url',
                  `${instance.uiUrl}/#/pipelines/details/${encodeURIComponent(
                    pipelineName,
                  )}`,
                );
                ctx.output('instance', instance.name);
              },
            }),
          );
        },
      });
    },
  });
}

/** The template as the catalog holds it, and the folder's files for a dry run. */
export function loadTemplate() {
  const files = readTemplateFiles();
  const entity: Entity = {
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
  return { files, entity };
}
export type LoadedTemplate = ReturnType<typeof loadTemplate>;

/** Starts a test backend with the scaffolder and the template's modules; its API's base URL. */
export async function startScaffolder(options: {
  template: LoadedTemplate;
  mlflowBaseUrl: string;
  uploads?: PipelineUpload[];
  /** Without them, a project whose pipeline runs on Kubeflow is refused by the plan. */
  kubeflowInstances?: typeof KUBEFLOW_INSTANCES;
  /** The cluster `kserve:inferenceservice:apply` applies to; a fresh one by default. */
  kserve?: FakeKserveCluster;
  features?: BackendFeature[];
}) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-project-'));
  const { server } = await startTestBackend({
    features: [
      ...(options.features ?? []),
      scaffolderPlugin,
      scaffolderModuleMlflow,
      scaffolderModuleModelProject,
      scaffolderModuleGitea,
      fakeKubeflowUploadModule(options.uploads ?? []),
      scaffolderModuleKserve,
      mockInstanceClientsFactory(
        kserveClustersServiceRef,
        fakeKserveClusters([options.kserve ?? kserveCluster()]),
      ),
      catalogServiceMock.factory({ entities: [options.template.entity] }),
      mockServices.rootConfig.factory({
        data: {
          backend: { workingDirectory: workDir },
          integrations: INTEGRATIONS,
          mlflow: { instances: [mlflowInstance(options.mlflowBaseUrl)] },
          kubeflow: {
            instances: options.kubeflowInstances ?? KUBEFLOW_INSTANCES,
          },
          // What the plan reads the cluster names from; the clients are the fake above.
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: KSERVE_CLUSTER,
                    url: 'http://127.0.0.1:1/kubernetes',
                    authProvider: 'serviceAccount',
                    serviceAccountToken: 'unused',
                  },
                ],
              },
            ],
          },
        },
      }),
    ],
  });
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}/api/scaffolder`;
}

export async function post(url: string, body: object) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A dry run of the template: every step in dry-run mode, the rendered workspace returned. */
export async function dryRun(
  api: string,
  template: LoadedTemplate,
  values: object,
) {
  return post(`${api}/v2/dry-run`, {
    template: template.entity,
    values,
    directoryContents: template.files.directoryContents,
  });
}

/** What a dry run rendered, written to a temporary folder, with the task's output. */
export interface DryRunProject {
  dir: string;
  /** The rendered project's files (relative, '/'-separated), without the template's own. */
  files: string[];
  /** The template's output (links, ...), rendered. */
  output: { links?: Array<Record<string, unknown>> };
}

/** Dry-runs the template with these values and writes what it rendered to a temporary folder. */
export async function renderProject(
  api: string,
  template: LoadedTemplate,
  values: object,
): Promise<DryRunProject> {
  const { status, body } = await dryRun(api, template, values);
  if (status !== 200) {
    throw new Error(`The dry run answered ${status}: ${JSON.stringify(body)}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-project-out-'));
  const rendered = writeDirectoryContents(dir, body.directoryContents);
  // The dry run's workspace holds the template folder itself next to what it rendered.
  const files = rendered.filter(
    file => file !== 'template.yaml' && !file.startsWith('skeleton/'),
  );
  return { dir, files, output: body.output ?? {} };
}

/** The values the plan step gave fetch:template: the same function on the same input. */
export function expectedValues(
  input: TemplateParameters,
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
    kubeflowInstances: KUBEFLOW_INSTANCES.map(candidate => candidate.name),
    kserveClusters: [KSERVE_CLUSTER],
  });
}
