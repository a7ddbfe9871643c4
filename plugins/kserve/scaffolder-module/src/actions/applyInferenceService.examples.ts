import { templateExample } from '@mlops-portal/plugin-mlops-node';

/** Template snippets for `kserve:inferenceservice:apply`, shown in the template editor. */
export const examples = [
  templateExample(
    'Apply an InferenceService given inline, serving the champion version of an MLflow model',
    `
    steps:
      - id: apply-inference-service
        name: Serve the model with KServe
        action: kserve:inferenceservice:apply
        input:
          manifest:
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: credit-scorer
              namespace: risk-models
              labels:
                mlops-portal/owner: risk-team
            spec:
              predictor:
                minReplicas: 1
                model:
                  modelFormat:
                    name: sklearn
                  protocolVersion: v2
                  storageUri: models:/credit-scorer@champion
    `,
  ),
  templateExample(
    "Apply the project's manifest from the workspace on a named cluster, and link to its catalog entity",
    `
    steps:
      - id: apply-inference-service
        name: Serve the model with KServe
        action: kserve:inferenceservice:apply
        input:
          manifestPath: deploy/base/inference-service.yaml
          cluster: staging
    output:
      links:
        - title: Model server
          entityRef: \${{ steps["apply-inference-service"].output.entityRef }}
    `,
  ),
  templateExample(
    'Roll out a new model version to 10 % of the traffic first, from YAML text, in a chosen namespace',
    `
    steps:
      - id: canary
        name: Start the canary
        action: kserve:inferenceservice:apply
        input:
          namespace: fraud-detection
          fieldManager: fraud-detection-release
          manifest: |
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: fraud-detector
            spec:
              predictor:
                canaryTrafficPercent: 10
                model:
                  modelFormat:
                    name: xgboost
                  protocolVersion: v2
                  storageUri: models:/fraud-detector/6
    `,
  ),
];
