import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { experimentStep, templateExample } from '../lib/examples';

/** Template snippets for `mlflow:experiment:create`, shown in the template editor. */
export const examples: TemplateExample[] = [
  templateExample(
    'Create an experiment on the default MLflow instance, or reuse it if it exists',
    [experimentStep({ name: 'churn-prediction-v2' })],
  ),
  templateExample(
    'Create an experiment on a named instance with its own artifact location and tags',
    [
      experimentStep({
        name: 'fraud-detection-graph-features',
        instance: 'research',
        artifactLocation: 's3://ml-artifacts/fraud-detection-graph-features',
        tags: {
          team: 'fraud-detection',
          'mlflow.note.content':
            'Graph features for the fraud detector, created from the Backstage template',
        },
      }),
    ],
  ),
  templateExample(
    'Create an experiment and link to it from the output of the template',
    [
      experimentStep({
        name: 'demand-forecast-v3',
        tags: { team: 'supply-chain' },
      }),
    ],
    [
      {
        title: 'MLflow experiment',
        url: '${{ steps["create-experiment"].output.url }}',
      },
    ],
  ),
];
