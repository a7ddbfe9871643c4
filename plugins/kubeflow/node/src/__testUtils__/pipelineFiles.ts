/** A two-task pipeline as the KFP SDK 2 compiles it (`kfp dsl compile`), abridged. */
export const CHURN_PIPELINE_YAML = `# PIPELINE DEFINITION
# Name: churn-training
# Inputs:
#    learning_rate: float [Default: 0.1]
#    registered_model: str
components:
  comp-evaluate:
    executorLabel: exec-evaluate
  comp-train:
    executorLabel: exec-train
    inputDefinitions:
      parameters:
        learning_rate:
          parameterType: NUMBER_DOUBLE
deploymentSpec:
  executors:
    exec-evaluate:
      container:
        image: registry.example.com/ml/churn:1.0
    exec-train:
      container:
        args:
        - --executor_input
        - '{{$}}'
        command:
        - sh
        - -c
        - "\\nif ! [ -x \\"$(command -v pip)\\" ]; then\\n    python3 -m ensurepip ||\\
          \\ python3 -m ensurepip --user\\nfi\\n"
        image: registry.example.com/ml/churn:1.0
pipelineInfo:
  name: churn-training
root:
  dag:
    tasks:
      train:
        componentRef:
          name: comp-train
        taskInfo:
          name: train
      evaluate:
        componentRef:
          name: comp-evaluate
        dependentTasks:
        - train
        taskInfo:
          name: evaluate
  inputDefinitions:
    parameters:
      learning_rate:
        defaultValue: 0.1
        isOptional: true
        parameterType: NUMBER_DOUBLE
      registered_model:
        parameterType: STRING
schemaVersion: 2.1.0
sdkVersion: kfp-2.13.0
`;
