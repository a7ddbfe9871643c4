import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Template snippets for `mlflow:model:register`, shown in the template editor. */
export const examples: TemplateExample[] = [
  {
    description:
      'Register a model owned by a team, so that its catalog entity gets that owner',
    example: yaml.stringify({
      steps: [
        {
          action: 'mlflow:model:register',
          id: 'register-model',
          name: 'Register MLflow model',
          input: {
            name: 'churn-predictor-v2',
            owner: 'group:default/customer-insights',
            description: 'Predicts which customers will cancel within 30 days.',
          },
        },
      ],
    }),
  },
  {
    description: 'Register a model with tags on a named MLflow instance',
    example: yaml.stringify({
      steps: [
        {
          action: 'mlflow:model:register',
          id: 'register-model',
          name: 'Register MLflow model',
          input: {
            name: 'fraud-graph-scorer',
            instance: 'research',
            owner: 'fraud-detection',
            tags: { framework: 'pytorch', 'data.domain': 'payments' },
          },
        },
      ],
    }),
  },
  {
    description:
      'Create the experiment and the registered model of a new model project, and link to both',
    example: yaml.stringify({
      steps: [
        {
          action: 'mlflow:experiment:create',
          id: 'create-experiment',
          name: 'Create MLflow experiment',
          input: {
            name: 'demand-forecaster-v3',
            tags: { team: 'supply-chain' },
          },
        },
        {
          action: 'mlflow:model:register',
          id: 'register-model',
          name: 'Register MLflow model',
          input: {
            name: 'demand-forecaster-v3',
            owner: 'group:default/supply-chain',
            tags: { experiment: 'demand-forecaster-v3' },
          },
        },
      ],
      output: {
        links: [
          {
            title: 'MLflow experiment',
            url: '${{ steps["create-experiment"].output.url }}',
          },
          {
            title: 'MLflow model',
            url: '${{ steps["register-model"].output.url }}',
          },
        ],
      },
    }),
  },
];
