import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const planStep = (input: Record<string, unknown>) => ({
  id: 'plan',
  name: 'Check the project',
  action: 'mlops:model-project:plan',
  input,
});

/** Template snippets for `mlops:model-project:plan`, shown in the template editor. */
export const examples: TemplateExample[] = [
  {
    description:
      'Plan a scikit-learn project trained by Airflow and served by KServe with a 10 % canary',
    example: yaml.stringify({
      steps: [
        planStep({
          name: 'fraud-scorer',
          owner: 'group:default/fraud-detection',
          framework: 'sklearn',
          orchestrator: 'airflow',
          deploymentMode: 'Serverless',
          canaryPercent: 10,
          repoUrl: 'github.com?owner=acme&repo=fraud-scorer',
        }),
      ],
    }),
  },
  {
    description:
      'Plan from the template parameters, then render the skeleton with the planned values',
    example: yaml.stringify({
      steps: [
        planStep({
          name: '${{ parameters.name }}',
          owner: '${{ parameters.owner }}',
          framework: '${{ parameters.framework }}',
          orchestrator: '${{ parameters.orchestrator }}',
          featureStore: '${{ parameters.featureStore }}',
          repoUrl: '${{ parameters.repoUrl }}',
        }),
        {
          id: 'fetch',
          name: 'Render the skeleton',
          action: 'fetch:template',
          input: {
            url: './skeleton',
            values: '${{ steps.plan.output.values }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Plan a PyTorch project on a named Kubeflow Pipelines instance with Feast, served as a RawDeployment (no canary)',
    example: yaml.stringify({
      steps: [
        planStep({
          name: 'demand-forecaster',
          owner: 'group:default/supply-chain',
          system: 'supply-chain',
          framework: 'pytorch',
          orchestrator: 'kubeflow',
          featureStore: true,
          protocol: 'v2',
          deploymentMode: 'RawDeployment',
          namespace: 'forecasting',
          kubeflowInstance: 'kfp-research',
          repoUrl: 'gitlab.com?owner=acme&repo=demand-forecaster',
        }),
      ],
    }),
  },
];
