"""Kubeflow Pipelines (v2) pipeline of ${{ values.name }}.

    ingest → validate → ${{ "features → " if values.featureStore }}train → evaluate → register

`register` runs only when the new version is not worse than the champion.

pipelines/pipeline.yaml is this pipeline compiled (KFP 2.x, PIPELINE_IMAGE and
MLFLOW_TRACKING_URI unset); the template uploaded it as pipeline "${{ values.names.pipeline }}".
After a change here, compile it again with `python pipelines/pipeline.py`, which rewrites
pipelines/pipeline.yaml, and upload that as a new version (KFP UI or `kfp pipeline create-version`).

The components run in the project image built from the Dockerfile (a Python image with the
requirements, this repository, great_expectations/${{ " and feature_repo/" if values.featureStore }}); set
PIPELINE_IMAGE to the reference you pushed it under before compiling. The training step gets
the KFP run id, which it tags the MLflow run with: that is how the portal links a model
version back to its pipeline run.
"""

# No `from __future__ import annotations`: KFP reads the components' type annotations
# (Input[Dataset], int, ...) from their signatures and cannot use them as strings.
import os
from pathlib import Path

from kfp import compiler, dsl
from kfp.dsl import Dataset, Input, Output

PIPELINE_NAME = "${{ values.names.pipeline }}"
BASE_IMAGE = os.environ.get("PIPELINE_IMAGE", "${{ values.name }}:latest")
# Extra requirements installed when a step starts (e.g. trying a change without rebuilding).
PACKAGES = os.environ.get("PIPELINE_PACKAGES", "").split()
# Given to every step; credentials (MLFLOW_TRACKING_TOKEN, ...) belong in a Kubernetes secret.
MLFLOW_TRACKING_URI = os.environ.get("MLFLOW_TRACKING_URI", "${{ values.mlflow.trackingUri }}")

# dsl.If replaced dsl.Condition in kfp 2.x; keep older SDKs working.
If = getattr(dsl, "If", None) or dsl.Condition

# Component bodies run in the container: they import what they need themselves and cannot
# use this module's globals.


@dsl.component(base_image=BASE_IMAGE, packages_to_install=PACKAGES)
def ingest(source: str, rows: int, table: Output[Dataset]):
    from ${{ values.names.pythonPackage }} import data

    data.save(data.ingest(source or None, rows=rows), table.path)


@dsl.component(base_image=BASE_IMAGE, packages_to_install=PACKAGES)
def validate(table: Input[Dataset]):
    from ${{ values.names.pythonPackage }} import data
    from ${{ values.names.pythonPackage }} import validate as validation

    # Raises on failed expectations: the run fails before anything trains on bad data.
    validation.check(data.load(table.path))
{%- if values.featureStore %}


@dsl.component(base_image=BASE_IMAGE, packages_to_install=PACKAGES)
def features(table: Input[Dataset]):
    from ${{ values.names.pythonPackage }} import data
    from ${{ values.names.pythonPackage }} import features as feature_store

    feature_store.materialize(data.load(table.path))
{%- endif %}


@dsl.component(base_image=BASE_IMAGE, packages_to_install=PACKAGES)
def train(table: Input[Dataset], orchestrator_run: str) -> str:
    """Returns the registered model version."""
    from ${{ values.names.pythonPackage }} import config
    from ${{ values.names.pythonPackage }} import train as training

    result = training.main(
        [
            f"--data={table.path}",
            "--orchestrator=kubeflow",
            f"--orchestrator-pipeline={config.KFP_PIPELINE_NAME}",
            f"--orchestrator-run={orchestrator_run}",
        ]
    )
    return result.model_version


@dsl.component(base_image=BASE_IMAGE, packages_to_install=PACKAGES)
def evaluate(model_version: str) -> str:
    """Returns "continue" when the version is at least as good as the champion, else "stop"."""
    from mlflow.tracking import MlflowClient

    from ${{ values.names.pythonPackage }} import config
    from ${{ values.names.pythonPackage }} import evaluate as evaluation

    decision = evaluation.decide(MlflowClient(tracking_uri=config.tracking_uri()), model_version)
    print(decision.reason)
    return "stop" if decision.stop else "continue"


@dsl.component(base_image=BASE_IMAGE, packages_to_install=PACKAGES)
def register(model_version: str):
    from mlflow.tracking import MlflowClient

    from ${{ values.names.pythonPackage }} import config
    from ${{ values.names.pythonPackage }} import register as registration

    client = MlflowClient(tracking_uri=config.tracking_uri())
    print(registration.register_challenger(client, model_version))


@dsl.pipeline(name=PIPELINE_NAME, description=${{ (values.description or "") | dump }})
def pipeline(source: str = "", rows: int = 5000):
    """source: a .parquet/.csv the image can read; empty trains on a generated table."""
    ingested = ingest(source=source, rows=rows)
    validated = validate(table=ingested.outputs["table"])
{%- if values.featureStore %}
    published = features(table=ingested.outputs["table"]).after(validated)
{%- endif %}
    trained = train(
        table=ingested.outputs["table"],
        # Resolved by KFP at run time to this run's id: the lineage tag of the MLflow run.
        orchestrator_run=dsl.PIPELINE_JOB_ID_PLACEHOLDER,
    ).after(${{ "published" if values.featureStore else "validated" }})
    decision = evaluate(model_version=trained.output)
    with If(decision.output == "continue", name="better-than-champion"):
        registered = register(model_version=trained.output)

    steps = [ingested, validated, ${{ "published, " if values.featureStore }}trained, decision, registered]
    for step in steps:
        step.set_env_variable("MLFLOW_TRACKING_URI", MLFLOW_TRACKING_URI)
        # Every run must train on fresh data and reach the registry: no cached steps.
        step.set_caching_options(False)


if __name__ == "__main__":
    compiler.Compiler().compile(
        pipeline_func=pipeline, package_path=str(Path(__file__).with_name("pipeline.yaml"))
    )
