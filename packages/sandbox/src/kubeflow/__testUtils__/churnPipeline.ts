/**
 * A pipeline exactly as the KFP SDK 2 compiles it (PyYAML's style: sequences at their key's
 * indentation, long strings double-quoted over several lines, a platform spec as a second
 * document). Kept in a string so that no formatter rewrites it.
 */
export const CHURN_PIPELINE_YAML = String.raw`# PIPELINE DEFINITION
# Name: churn-training
# Description: Trains the churn model.
# Inputs:
#    learning_rate: float [Default: 0.1]
#    registered_model: str
components:
  comp-train:
    executorLabel: exec-train
    inputDefinitions:
      parameters:
        learning_rate:
          parameterType: NUMBER_DOUBLE
        registered_model:
          parameterType: STRING
  comp-evaluate:
    executorLabel: exec-evaluate
deploymentSpec:
  executors:
    exec-train:
      container:
        args:
        - --executor_input
        - '{{$}}'
        - --function_to_execute
        - train
        command:
        - sh
        - -c
        - "\nif ! [ -x \"$(command -v pip)\" ]; then\n    python3 -m ensurepip ||\
          \ python3 -m ensurepip --user || apt-get install python3-pip\nfi\n\nPIP_DISABLE_PIP_VERSION_CHECK=1\
          \ python3 -m pip install --quiet --no-warn-script-location 'kfp==2.7.0'\
          \ '--no-deps' 'typing-extensions>=3.7.4,<5; python_version<\"3.9\"' &&\
          \ \"$0\" \"$@\"\n"
        - sh
        - -ec
        - 'program_path=$(mktemp -d)


          printf "%s" "$0" > "$program_path/ephemeral_component.py"

          _KFP_RUNTIME=true python3 -m kfp.dsl.executor_main "$@"

          '
        image: python:3.11
    exec-evaluate:
      container:
        args: []
        env: {}
        image: registry.example.com/ml/evaluate:1.2
pipelineInfo:
  description: Trains the churn model.
  name: churn-training
root:
  dag:
    tasks:
      evaluate:
        cachingOptions:
          enableCache: true
        componentRef:
          name: comp-evaluate
        dependentTasks:
        - train
        taskInfo:
          name: evaluate
      train:
        cachingOptions: {enableCache: true}
        componentRef:
          name: comp-train
        inputs:
          parameters:
            learning_rate:
              componentInputParameter: learning_rate
        taskInfo:
          name: train
  inputDefinitions:
    parameters:
      learning_rate:
        defaultValue: 0.1
        isOptional: true
        parameterType: NUMBER_DOUBLE
      registered_model:
        description: >-
          The MLflow model
          to register.
        parameterType: STRING
schemaVersion: 2.1.0
sdkVersion: kfp-2.7.0
---
platforms:
  kubernetes:
    deploymentSpec:
      executors:
        exec-train:
          secretAsEnv:
          - keyToEnv:
            - envVar: MLFLOW_TRACKING_TOKEN
              secretKey: token
            secretName: mlflow
`;
