"""Which orchestrator run produced an MLflow run: the tags the MLOps portal links back with.

The portal reads these keys from MLflow runs (and registered model versions) to show, next to
a model version, the DAG run or pipeline run that trained it. Keep the keys in this module only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from . import config

ORCHESTRATOR_TAG = "mlops-portal.orchestrator"
PIPELINE_TAG = "mlops-portal.orchestrator.pipeline"
RUN_TAG = "mlops-portal.orchestrator.run"

AIRFLOW = "airflow"
KUBEFLOW = "kubeflow"
LOCAL = "local"
ORCHESTRATORS = (AIRFLOW, KUBEFLOW, LOCAL)

# Set by Airflow in the environment of every task it runs.
AIRFLOW_DAG_ID_ENV = "AIRFLOW_CTX_DAG_ID"
AIRFLOW_RUN_ID_ENV = "AIRFLOW_CTX_DAG_RUN_ID"
# KFP has no such variable: this project's pipeline passes its run id explicitly
# (--orchestrator-run); a container started by hand may set this one instead.
KFP_RUN_ID_ENV = "KFP_RUN_ID"


@dataclass(frozen=True)
class Lineage:
    orchestrator: str
    pipeline: str | None = None
    run: str | None = None

    def tags(self) -> dict[str, str]:
        """MLflow tags; keys without a value are left out rather than tagged with ''."""
        tags = {ORCHESTRATOR_TAG: self.orchestrator}
        if self.pipeline:
            tags[PIPELINE_TAG] = self.pipeline
        if self.run:
            tags[RUN_TAG] = self.run
        return tags


def resolve(
    orchestrator: str | None = None,
    pipeline: str | None = None,
    run: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Lineage:
    """Explicit values (CLI arguments) win, then what the orchestrator put in the environment."""
    env = os.environ if env is None else env
    if orchestrator is None:
        if env.get(AIRFLOW_RUN_ID_ENV):
            orchestrator = AIRFLOW
        elif env.get(KFP_RUN_ID_ENV):
            orchestrator = KUBEFLOW
        else:
            orchestrator = LOCAL
    if orchestrator not in ORCHESTRATORS:
        raise ValueError(f"unknown orchestrator {orchestrator!r}; expected one of {ORCHESTRATORS}")

    if orchestrator == AIRFLOW:
        pipeline = pipeline or env.get(AIRFLOW_DAG_ID_ENV) or _default_pipeline(AIRFLOW)
        run = run or env.get(AIRFLOW_RUN_ID_ENV)
    elif orchestrator == KUBEFLOW:
        pipeline = pipeline or _default_pipeline(KUBEFLOW)
        run = run or env.get(KFP_RUN_ID_ENV)
    return Lineage(orchestrator=orchestrator, pipeline=pipeline or None, run=run or None)


def _default_pipeline(orchestrator: str) -> str | None:
    # The names the template gave the DAG and the pipeline; both equal the project name.
    return {
{%- if values.airflow %}
        AIRFLOW: config.AIRFLOW_DAG_ID,
{%- endif %}
{%- if values.kubeflow %}
        KUBEFLOW: config.KFP_PIPELINE_NAME,
{%- endif %}
    }.get(orchestrator)
