import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { experimentStep, modelStep, templateExample } from '../lib/examples';

/** Template snippets for `mlflow:model:register`, shown in the template editor. */
export const examples: TemplateExample[] = [
  templateExample(
    'Register a model owned by a team, so that its catalog entity gets that owner',
    [
      modelStep({
        name: 'churn-predictor-v2',
        owner: 'group:default/customer-insights',
        description: 'Predicts which customers will cancel within 30 days.',
      }),
    ],
  ),
  templateExample('Register a model with tags on a named MLflow instance', [
    modelStep({
      name: 'fraud-graph-scorer',
      instance: 'research',
      owner: 'fraud-detection',
      tags: { framework: 'pytorch', 'data.domain': 'payments' },
    }),
  ]),
  templateExample(
    'Create the experiment and the registered model of a new model project, and link to both',
    [
      experimentStep({
        name: 'demand-forecaster-v3',
        tags: { team: 'supply-chain' },
      }),
      modelStep({
        name: 'demand-forecaster-v3',
        owner: 'group:default/supply-chain',
        tags: { experiment: 'demand-forecaster-v3' },
      }),
    ],
    [
      {
        title: 'MLflow experiment',
        url: '${{ steps["create-experiment"].output.url }}',
      },
      {
        title: 'MLflow model',
        url: '${{ steps["register-model"].output.url }}',
      },
    ],
  ),
];
