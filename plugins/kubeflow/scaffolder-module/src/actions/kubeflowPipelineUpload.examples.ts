import { templateExample } from '@mlops-portal/plugin-mlops-node';

/** Template snippets for `kubeflow:pipeline:upload`, shown in the template editor. */
export const examples = [
  templateExample(
    "Upload the project's compiled pipeline as a new pipeline (or a new version of it)",
    `
    steps:
      - id: upload-pipeline
        name: Upload the Kubeflow pipeline
        action: kubeflow:pipeline:upload
        input:
          specPath: pipeline/pipeline.yaml
    `,
  ),
  templateExample(
    'Upload under a chosen name and version on a named instance, and link to it',
    `
    steps:
      - id: upload-pipeline
        name: Upload the Kubeflow pipeline
        action: kubeflow:pipeline:upload
        input:
          specPath: pipeline/pipeline.yaml
          name: churn-model-training
          description: Trains the churn model
          versionName: v1
          instance: research
    output:
      links:
        - title: Kubeflow pipeline
          url: \${{ steps["upload-pipeline"].output.url }}
    `,
  ),
  templateExample(
    'Upload the pipeline, then start its first run',
    `
    steps:
      - id: upload-pipeline
        name: Upload the Kubeflow pipeline
        action: kubeflow:pipeline:upload
        input:
          specPath: pipeline/pipeline.yaml
      - id: first-run
        name: Start the first run
        action: kubeflow:run:create
        input:
          pipeline: \${{ steps["upload-pipeline"].output.pipelineId }}
          version: \${{ steps["upload-pipeline"].output.pipelineVersionId }}
    output:
      links:
        - title: First run
          url: \${{ steps["first-run"].output.url }}
    `,
  ),
];
