import { ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import { MODEL_PROJECT_PUBLISHERS, planRepository } from '../lib/repository';
import { MODEL_PROJECT_DELIVERIES } from '../lib/serving';
import {
  MODEL_PROJECT_FRAMEWORKS,
  MODEL_PROJECT_ORCHESTRATORS,
  planModelProject,
} from '../lib/values';
import { examples } from './modelProjectPlan.examples';

/**
 * The id of the plan action.
 *
 * @public
 */
export const MODEL_PROJECT_PLAN_ACTION_ID = 'mlops:model-project:plan';

/**
 * Creates the scaffolder action `mlops:model-project:plan`: the first step of the model-project
 * template. It checks the name against every system that will carry it and the options
 * together, before anything is created, and outputs the values the skeleton is rendered from
 * and the publish action matching the repository host. It changes nothing anywhere.
 *
 * @public
 */
export function createModelProjectPlanAction(options: {
  integrations: ScmIntegrationRegistry;
  mlflow: MlflowClients;
  /**
   * The names of the configured Kubeflow Pipelines instances (`kubeflow.instances[].name`), the
   * default first; without any, a project whose pipeline runs on Kubeflow is refused.
   */
  kubeflowInstances?: readonly string[];
  /**
   * The names of the configured KServe clusters, the default first; without any, a project
   * whose InferenceService is to be applied directly is refused.
   */
  kserveClusters?: readonly string[];
}) {
  return createTemplateAction({
    id: MODEL_PROJECT_PLAN_ACTION_ID,
    description:
      'Checks a new model project against MLflow, Airflow, Kubeflow, KServe and Python naming rules and computes its names, values and publisher',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe(
              'The project name, used for the experiment, model, DAG, pipeline and InferenceService (a DNS-1123 label)',
            ),
        description: z => z.string().optional().describe('What the model does'),
        owner: z => z.string().describe('Owning group or user (entity ref)'),
        system: z =>
          z
            .string()
            .optional()
            .describe('The System it belongs to (entity ref)'),
        framework: z =>
          z.enum(MODEL_PROJECT_FRAMEWORKS).describe('Training framework'),
        orchestrator: z =>
          z
            .enum(MODEL_PROJECT_ORCHESTRATORS)
            .describe('Where the training pipeline runs'),
        featureStore: z =>
          z.boolean().optional().describe('Whether to add a Feast repository'),
        protocol: z =>
          z
            .enum(['v1', 'v2'])
            .optional()
            .describe('KServe inference protocol (v2 by default)'),
        deploymentMode: z =>
          z
            .enum(['Serverless', 'RawDeployment', 'Standard'])
            .optional()
            .describe(
              'KServe deployment mode (Serverless by default; canaries need it)',
            ),
        canaryPercent: z =>
          z
            .number()
            .optional()
            .describe(
              'Initial canary traffic percentage, 0 for none (Serverless only)',
            ),
        namespace: z =>
          z
            .string()
            .optional()
            .describe('Kubernetes namespace of the InferenceService'),
        mlflowInstance: z =>
          z
            .string()
            .optional()
            .describe(
              'Configured MLflow instance (`mlflow.instances[].name`); the first when empty',
            ),
        kubeflowInstance: z =>
          z
            .string()
            .optional()
            .describe(
              'Configured Kubeflow Pipelines instance (`kubeflow.instances[].name`) the pipeline is uploaded to when it runs on Kubeflow; the first when empty',
            ),
        delivery: z =>
          z
            .enum(MODEL_PROJECT_DELIVERIES)
            .optional()
            .describe(
              'How the InferenceService reaches its cluster: argocd (default; GitOps) or apply (kserve:inferenceservice:apply now)',
            ),
        kserveCluster: z =>
          z
            .string()
            .optional()
            .describe(
              'The KServe cluster (a `kubernetes:` config cluster) the InferenceService is applied to with delivery apply; the first when empty',
            ),
        repoUrl: z =>
          z
            .string()
            .describe(
              'Repository location from RepoUrlPicker (`host?owner=…&repo=…`)',
            ),
      },
      output: {
        values: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              'The values to render the skeleton with (`fetch:template` input `values`)',
            ),
        publisher: z =>
          z
            .enum(MODEL_PROJECT_PUBLISHERS)
            .describe(
              'The integration type of the repository host: run `publish:<publisher>`',
            ),
        repoUrl: z =>
          z.string().describe('The repository location, for the publish step'),
        catalogInfoUrl: z =>
          z
            .string()
            .describe(
              "Where the published repository's catalog-info.yaml is read from (`catalog:register` input `catalogInfoUrl`)",
            ),
      },
    },
    async handler(ctx) {
      const { repoUrl, ...request } = ctx.input;
      const repository = planRepository(repoUrl, options.integrations);
      const values = planModelProject(request, {
        mlflow: options.mlflow,
        repository,
        kubeflowInstances: options.kubeflowInstances,
        kserveClusters: options.kserveClusters,
      });
      ctx.logger.info(
        `Model project '${values.name}': ${values.framework} on ${values.orchestrator}, ` +
          `KServe ${values.serving.deploymentMode}${
            values.serving.canary
              ? ` with a ${values.serving.canaryPercent} % canary`
              : ''
          } ${
            values.serving.delivery === 'apply'
              ? `applied to cluster '${values.serving.cluster}'`
              : 'through Argo CD'
          }, published with publish:${repository.publisher} to ${
            repository.cloneUrl
          }`,
      );
      ctx.output('values', values as unknown as Record<string, unknown>);
      ctx.output('publisher', repository.publisher);
      ctx.output('repoUrl', repoUrl);
      ctx.output('catalogInfoUrl', repository.catalogInfoUrl);
    },
  });
}
