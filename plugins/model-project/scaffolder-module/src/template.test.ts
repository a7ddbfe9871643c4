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
  expectedValues,
  KSERVE_CLUSTER,
  KUBEFLOW_INSTANCES,
  kserveCluster,
  loadTemplate,
  mlflowInstance,
  PipelineUpload,
  post,
  renderProject,
  startScaffolder as startTemplateScaffolder,
  templateParameters as parameters,
} from './__testUtils__/scaffolder';

// templates/ml-model-project run by the real scaffolder (its task runner renders the steps,
// fetch:template renders the skeleton), for every orchestrator × feature store × deployment
// mode, and its output checked against the upstream contracts. kubeflow:pipeline:upload is a
// stand-in here (__testUtils__/scaffolder.ts); pipelineSpec.test.ts checks what it uploads.

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
        // Half the combinations apply the InferenceService themselves instead of Argo CD.
        delivery: featureStore ? ('apply' as const) : ('argocd' as const),
      })),
    ),
);

describe('the ml-model-project template', () => {
  const { sandbox, writes } = useSandboxMlflow([]);
  const template = loadTemplate();
  const uploads: PipelineUpload[] = [];

  const startScaffolder = (
    options: {
      kubeflow?: boolean;
      kserve?: ReturnType<typeof kserveCluster>;
    } = {},
  ) =>
    startTemplateScaffolder({
      template,
      mlflowBaseUrl: sandbox().baseUrl('mlflow'),
      uploads,
      kubeflowInstances: options.kubeflow === false ? [] : undefined,
      kserve: options.kserve,
    });

  describe.each(combinations)(
    '$orchestrator, feature store $featureStore, $deploymentMode ($framework, $protocol), $delivery',
    combination => {
      const cluster = kserveCluster();
      let project: RenderedProject;
      let output: { links?: Array<Record<string, unknown>> };
      let uploaded: PipelineUpload[];

      beforeAll(async () => {
        const api = await startScaffolder({ kserve: cluster });
        const before = uploads.length;
        const rendered = await renderProject(
          api,
          template,
          parameters(combination),
        );
        uploaded = uploads.slice(before);
        output = rendered.output;
        project = {
          dir: rendered.dir,
          files: rendered.files,
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
      it('applies the rendered InferenceService to the KServe cluster, as a server dry-run only, when delivery is apply', () => {
        const { values } = project;
        const applied = {
          applies: cluster.calls
            .filter(call => call.method === 'applyInferenceService')
            .map(call => {
              const arg = call.arg as {
                dryRun?: boolean;
                manifest: { kind: string; metadata: Record<string, any> };
              };
              return {
                dryRun: arg.dryRun,
                kind: arg.manifest.kind,
                name: arg.manifest.metadata.name,
                namespace: arg.manifest.metadata.namespace,
                owner:
                  arg.manifest.metadata.annotations?.['backstage.io/owner'],
              };
            }),
          cluster: values.serving.cluster,
          links: (output.links ?? []).filter(
            link => link.title === 'Model server',
          ),
        };
        const apply = {
          applies: [
            {
              dryRun: true,
              kind: 'InferenceService',
              name: values.names.inferenceService,
              namespace: values.serving.namespace,
              owner: values.owner,
            },
          ],
          cluster: KSERVE_CLUSTER,
          links: [
            {
              title: 'Model server',
              icon: 'catalog',
              entityRef: `component:${values.serving.namespace}/${values.names.inferenceService}`,
            },
          ],
        };
        expect(applied).toEqual(
          values.serving.delivery === 'apply'
            ? apply
            : { applies: [], cluster: '', links: [] },
        );
      });
      it('uses one set of names in every file', () => {
        expect(checkNames(project)).toEqual([]);
      });
      it('uploads the compiled pipeline as the Component’s Kubeflow pipeline and links to it, when Kubeflow is chosen', () => {
        const { values } = project;
        const kubeflow = {
          uploaded: [
            {
              input: {
                specPath: 'pipelines/pipeline.yaml',
                name: values.names.pipeline,
                description: parameters(combination).description,
                instance: KUBEFLOW_INSTANCES[0].name,
              },
              dryRun: true,
              specPipelineName: values.names.pipeline,
            },
          ],
          links: [
            {
              title: 'Kubeflow pipeline',
              icon: 'dashboard',
              url: `${KUBEFLOW_INSTANCES[0].uiUrl}/#/pipelines/details/${values.names.pipeline}`,
            },
          ],
        };
        expect({
          uploaded,
          links: (output.links ?? []).filter(
            link => link.title === 'Kubeflow pipeline',
          ),
        }).toEqual(values.kubeflow ? kubeflow : { uploaded: [], links: [] });
      });
    },
  );

  it('does not write to MLflow in a dry run', () => {
    expect(writes()).toEqual({});
  });

  describe('with bad parameters, stops before anything is created', () => {
    it.each<[Record<string, unknown> & { withoutKubeflow?: boolean }, string]>([
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
      [
        { orchestrator: 'both', kubeflowInstance: 'staging' },
        "Unknown kubeflow instance 'staging'; configured instances are 'sandbox', 'research'",
      ],
      [
        { orchestrator: 'kubeflow', withoutKubeflow: true },
        'no Kubeflow Pipelines instance is configured (kubeflow.instances)',
      ],
    ])('%j', async ({ withoutKubeflow, ...overrides }, message) => {
      const api = await startScaffolder({ kubeflow: !withoutKubeflow });
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
