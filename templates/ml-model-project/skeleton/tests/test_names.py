"""The names the template chose, and every file that repeats them, still agree."""

import ast
import json
from pathlib import Path

import yaml

from ${{ values.names.pythonPackage }} import config, data

ROOT = Path(__file__).resolve().parents[1]


def constant(path: Path, name: str):
    """A module-level constant of a Python file, read without importing it (no Airflow/KFP)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = [getattr(target, "id", None) for target in getattr(node, "targets", [])]
        if isinstance(node, ast.Assign) and name in targets:
            return ast.literal_eval(node.value)
    raise AssertionError(f"{path}: no constant {name}")


def test_config_names_are_the_template_values():
    assert config.PROJECT_NAME == "${{ values.name }}"
    assert config.FRAMEWORK == "${{ values.framework }}"
    assert config.EXPERIMENT_NAME == "${{ values.names.experiment }}"
    assert config.MODEL_NAME == "${{ values.names.model }}"
    assert config.MODEL_ENTITY_REF == "${{ values.names.modelEntityRef }}"
    assert config.MLFLOW_INSTANCE == "${{ values.mlflow.instance }}"
    assert config.INFERENCE_SERVICE == "${{ values.names.inferenceService }}"
    assert config.SERVING_NAMESPACE == "${{ values.serving.namespace }}"
{%- if values.airflow %}
    assert config.AIRFLOW_DAG_ID == "${{ values.names.dagId }}"
{%- endif %}
{%- if values.kubeflow %}
    assert config.KFP_PIPELINE_NAME == "${{ values.names.pipeline }}"
    assert config.KFP_INSTANCE == "${{ values.kubeflowInstance }}"
{%- endif %}
{%- if values.featureStore %}
    assert config.FEATURE_VIEW == "${{ values.names.featureView }}"
    assert config.FEATURE_ENTITY == "${{ values.names.featureEntity }}"
{%- endif %}


def test_tracking_uri_defaults_to_the_portal_and_follows_the_environment(monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    assert config.tracking_uri() == "${{ values.mlflow.trackingUri }}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000")
    assert config.tracking_uri() == "http://127.0.0.1:5000"


def test_catalog_info_annotates_the_same_names():
    component = next(yaml.safe_load_all((ROOT / "catalog-info.yaml").read_text(encoding="utf-8")))
    annotations = component["metadata"]["annotations"]
    assert component["metadata"]["name"] == config.PROJECT_NAME
    assert annotations["mlflow.org/experiment"] == config.EXPERIMENT_NAME
    assert annotations["mlflow.org/registered-model"] == config.MODEL_NAME
    assert annotations["mlflow.org/instance"] == config.MLFLOW_INSTANCE
    service = f"{config.SERVING_NAMESPACE}/{config.INFERENCE_SERVICE}"
    assert annotations["kserve.io/inference-service"] == service
    assert config.MODEL_ENTITY_REF in component["spec"]["dependsOn"]
{%- if values.airflow %}
    assert annotations["airflow.apache.org/dag-id"] == config.AIRFLOW_DAG_ID
{%- endif %}
{%- if values.kubeflow %}
    assert annotations["kubeflow.org/pipeline"] == config.KFP_PIPELINE_NAME
    assert annotations["kubeflow.org/instance"] == config.KFP_INSTANCE
{%- endif %}
{%- if values.featureStore %}
    assert annotations["feast.dev/feature-view"] == config.FEATURE_VIEW
{%- endif %}


def test_inference_service_serves_the_champion_of_the_model():
    manifest = ROOT / "deploy" / "base" / "inference-service.yaml"
    service = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    assert service["metadata"]["name"] == config.INFERENCE_SERVICE
    assert service["metadata"]["namespace"] == config.SERVING_NAMESPACE
    model = service["spec"]["predictor"]["model"]
    assert model["modelFormat"]["name"] == config.FRAMEWORK
    assert model["storageUri"] == f"models:/{config.MODEL_NAME}@{config.CHAMPION_ALIAS}"


def test_mlproject_is_named_after_the_project():
    project = yaml.safe_load((ROOT / "MLproject").read_text(encoding="utf-8"))
    assert project["name"] == config.PROJECT_NAME
{%- if values.airflow %}


def test_dag_id():
    assert constant(ROOT / "dags/${{ values.names.pythonPackage }}_dag.py", "DAG_ID") == config.AIRFLOW_DAG_ID
{%- endif %}
{%- if values.kubeflow %}


def test_pipeline_name():
    assert constant(ROOT / "pipelines/pipeline.py", "PIPELINE_NAME") == config.KFP_PIPELINE_NAME
    # The compiled spec (what the template uploaded, and what `python pipelines/pipeline.py` rewrites).
    spec = yaml.safe_load((ROOT / "pipelines" / "pipeline.yaml").read_text(encoding="utf-8"))
    assert spec["pipelineInfo"]["name"] == config.KFP_PIPELINE_NAME
{%- endif %}


def test_expectation_suite_is_about_the_training_columns():
    path = ROOT / "great_expectations" / "expectations" / f"{config.EXPECTATION_SUITE}.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    assert suite["name"] == config.EXPECTATION_SUITE
    kwargs = [expectation["kwargs"] for expectation in suite["expectations"]]
    assert {k["column"] for k in kwargs if "column" in k} <= set(data.COLUMNS)
    assert all(set(k["column_set"]) == set(data.COLUMNS) for k in kwargs if "column_set" in k)
