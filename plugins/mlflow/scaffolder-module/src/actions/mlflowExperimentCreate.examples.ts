import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Template snippets for `mlflow:experiment:create`, shown in the template editor. */
export const examples: TemplateExample[] = [
  {
    description:
      'Create an experiment on the default MLflow instance, or reuse it if it exists',
    example: yaml.stringify({
      steps: [
        {
          action: 'mlflow:experiment:create',
          id: 'create-experiment',
          name: 'Create MLflow experiment',
          input: {
            name: 'churn-prediction-v2',
          },
        },
      ],
    }),
  },
  {
    description:
      'Create an experiment on a named instance with its own artifact location and tags',
    example: yaml.stringify({
      steps: [
        {
          action: 'mlflow:experiment:create',
          id: 'create-experiment',
          name: 'Create MLflow experiment',
          input: {
            name: 'fraud-detection-graph-features',
            instance: 'research',
            artifactLocation:
              's3://ml-artifacts/fraud-detection-graph-features',
            tags: {
              team: 'fraud-detection',
              'mlflow.note.content':
                'Graph features for the fraud detector, created from the Backstage template',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Create an experiment and link to it from the output of the template',
    example: yaml.stringify({
      steps: [
        {
          action: 'mlflow:experiment:create',
          id: 'create-experiment',
          name: 'Create MLflow experiment',
          input: {
            name: 'demand-forecast-v3',
            tags: { team: 'supply-chain' },
          },
        },
      ],
      output: {
        links: [
          {
            title: 'MLflow experiment',
            url: '${{ steps["create-experiment"].output.url }}',
          },
        ],
      },
    }),
  },
];
