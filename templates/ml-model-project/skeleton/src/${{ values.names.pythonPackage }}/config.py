"""Every name this project shares with MLflow, the orchestrators, Feast, KServe and the portal.

The software template wrote these once; the DAG, the pipeline, the manifests and
catalog-info.yaml use the same values, so change them together (tests/test_names.py
checks that they still agree).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_NAME = "${{ values.name }}"
FRAMEWORK = "${{ values.framework }}"

# MLflow: the portal (instance "${{ values.mlflow.instance }}") reads runs from this experiment
# and ingests the registered model as ${{ values.names.modelEntityRef }}.
MLFLOW_INSTANCE = "${{ values.mlflow.instance }}"
DEFAULT_TRACKING_URI = "${{ values.mlflow.trackingUri }}"
EXPERIMENT_NAME = "${{ values.names.experiment }}"
MODEL_NAME = "${{ values.names.model }}"
MODEL_ENTITY_REF = "${{ values.names.modelEntityRef }}"

# Aliases of the model-registry promotion flow: training registers a version, evaluation
# compares it with the champion, registration marks it challenger; promoting a challenger
# to champion (what KServe serves) is a deliberate, separate step.
CHAMPION_ALIAS = "champion"
CHALLENGER_ALIAS = "challenger"

# The metric evaluation compares; higher is better.
PRIMARY_METRIC = "roc_auc"
{%- if values.airflow %}

AIRFLOW_DAG_ID = "${{ values.names.dagId }}"
{%- endif %}
{%- if values.kubeflow %}

# Kubeflow Pipelines: the template uploaded pipelines/pipeline.yaml as this pipeline to the
# portal's instance "${{ values.kubeflowInstance }}".
KFP_INSTANCE = "${{ values.kubeflowInstance }}"
KFP_PIPELINE_NAME = "${{ values.names.pipeline }}"
{%- endif %}
{%- if values.featureStore %}

FEATURE_VIEW = "${{ values.names.featureView }}"
FEATURE_ENTITY = "${{ values.names.featureEntity }}"
{%- endif %}

INFERENCE_SERVICE = "${{ values.names.inferenceService }}"
SERVING_NAMESPACE = "${{ values.serving.namespace }}"

# Great Expectations suite (great_expectations/expectations/<suite>.json).
EXPECTATION_SUITE = "${{ values.names.pythonPackage }}_training_data"


def tracking_uri() -> str:
    """The MLflow server: MLFLOW_TRACKING_URI when set (CI, orchestrators), else the portal's."""
    return os.environ.get("MLFLOW_TRACKING_URI") or DEFAULT_TRACKING_URI


def project_dir() -> Path:
    """The repository root, where great_expectations/${{ " and feature_repo/" if values.featureStore }} live.

    MLOPS_PROJECT_DIR wins (the container image sets it); otherwise the checkout this module
    was imported from (editable install or src/ on the path), otherwise the working directory.
    """
    configured = os.environ.get("MLOPS_PROJECT_DIR")
    if configured:
        return Path(configured)
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "great_expectations").is_dir():
        return checkout
    return Path.cwd()
