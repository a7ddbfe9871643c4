import { templateExample } from '@mlops-portal/plugin-mlops-node';

/** Template snippets for `kubeflow:run:create`, shown in the template editor. */
export const examples = [
  templateExample(
    "Start a run of a pipeline's newest version with its parameters",
    `
    steps:
      - id: run-pipeline
        name: Run the Kubeflow pipeline
        action: kubeflow:run:create
        input:
          pipeline: fraud-detection-training
          parameters:
            lookback_days: 30
            feature_view: transaction_features
            registered_model: fraud-detector
    `,
  ),
  templateExample(
    'Run a chosen version in a chosen experiment, and link to the run',
    `
    steps:
      - id: run-pipeline
        name: Run the Kubeflow pipeline
        action: kubeflow:run:create
        input:
          pipeline: fraud-detection-training
          version: v2
          runName: backfill-october
          experiment: fraud-detection
          parameters:
            lookback_days: 90
            feature_view: transaction_features
            registered_model: fraud-detector
    output:
      links:
        - title: Kubeflow run
          url: \${{ steps["run-pipeline"].output.url }}
    `,
  ),
  templateExample(
    'Run a pipeline on a named instance',
    `
    steps:
      - id: run-pipeline
        name: Run the Kubeflow pipeline
        action: kubeflow:run:create
        input:
          pipeline: demand-forecast-training
          instance: research
          parameters:
            horizon_days: 14
            registered_model: demand-forecaster
    `,
  ),
];
