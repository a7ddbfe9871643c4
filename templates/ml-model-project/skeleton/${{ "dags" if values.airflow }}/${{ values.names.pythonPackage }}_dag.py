{%- set team = (values.owner.split(':') | last).split('/') | last -%}
"""Airflow DAG of ${{ values.name }}: train, compare with the champion, register a challenger.

    ingest → validate → ${{ "features → " if values.featureStore }}train → evaluate → register

`evaluate` is a short-circuit: when the new model version is worse than the current
`champion` of ${{ values.names.model }}, `register` is skipped. The MLflow run is tagged with
this DAG run's id, which is how the portal links a model version back to its DAG run.

Runs on Airflow 2.8+ and 3. The project package is imported inside the tasks, never at
module level, so parsing this file needs neither the package nor the ML libraries; the
workers need both (requirements-airflow.txt).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

try:  # Airflow 3: the Task SDK
    from airflow.sdk import dag, task
except ImportError:  # Airflow 2.8 – 2.x
    from airflow.decorators import dag, task

DAG_ID = "${{ values.names.dagId }}"
# The repository this file was deployed from (git-sync, a DAG bundle): dags/ is one level down.
PROJECT_DIR = Path(__file__).resolve().parents[1]
# Where the tasks hand the training table on; every worker must see it (shared volume or
# object-store mount) unless all tasks run on one worker.
DATA_DIR = Path(os.environ.get("MLOPS_DATA_DIR", "/tmp/mlops-data")) / DAG_ID


def _use_project() -> None:
    """Import the project from the deployed repository when the workers do not install it."""
    os.environ.setdefault("MLOPS_PROJECT_DIR", str(PROJECT_DIR))
    src = PROJECT_DIR / "src"
    if src.is_dir() and str(src) not in sys.path:
        sys.path.insert(0, str(src))


@dag(
    dag_id=DAG_ID,
    description=${{ (values.description or "") | dump }},
    schedule="@weekly",
    start_date=datetime(2024, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "${{ team }}",
        "retries": 1,
        "retry_delay": timedelta(minutes=5),
    },
    # An optional .parquet/.csv to train on; empty means a generated table.
    params={"source": ""},
    tags=["mlops-portal", "${{ values.framework }}", "${{ values.name }}"],
    doc_md=__doc__,
)
def ${{ values.names.pythonPackage }}_dag():
    @task
    def ingest(params: dict | None = None, run_id: str | None = None) -> str:
        _use_project()
        from ${{ values.names.pythonPackage }} import data

        source = (params or {}).get("source") or None
        table = DATA_DIR / re.sub(r"[^A-Za-z0-9._-]", "_", run_id or "manual") / "training.parquet"
        return str(data.save(data.ingest(source), table))

    @task
    def validate(table: str) -> str:
        _use_project()
        from ${{ values.names.pythonPackage }} import data
        from ${{ values.names.pythonPackage }} import validate as validation

        # Raises on failed expectations: the DAG run fails before anything trains on bad data.
        validation.check(data.load(table))
        return table
{%- if values.featureStore %}

    @task
    def features(table: str) -> str:
        _use_project()
        from ${{ values.names.pythonPackage }} import data
        from ${{ values.names.pythonPackage }} import features as feature_store

        feature_store.materialize(data.load(table))
        return table
{%- endif %}

    @task
    def train(table: str, run_id: str | None = None) -> dict:
        _use_project()
        from ${{ values.names.pythonPackage }} import train as training

        # run_id is the DAG run's id (injected by Airflow): the lineage tag of the MLflow run.
        result = training.main(
            [
                f"--data={table}",
                "--orchestrator=airflow",
                f"--orchestrator-pipeline={DAG_ID}",
                f"--orchestrator-run={run_id or ''}",
            ]
        )
        return asdict(result)

    @task.short_circuit
    def evaluate(trained: dict) -> bool:
        """True lets `register` run; False skips it (the new version is worse than the champion)."""
        _use_project()
        from mlflow.tracking import MlflowClient

        from ${{ values.names.pythonPackage }} import config
        from ${{ values.names.pythonPackage }} import evaluate as evaluation

        client = MlflowClient(tracking_uri=config.tracking_uri())
        decision = evaluation.decide(client, trained["model_version"])
        print(decision.reason)
        return not decision.stop

    @task
    def register(trained: dict) -> dict:
        _use_project()
        from mlflow.tracking import MlflowClient

        from ${{ values.names.pythonPackage }} import config
        from ${{ values.names.pythonPackage }} import register as registration

        client = MlflowClient(tracking_uri=config.tracking_uri())
        return registration.register_challenger(client, trained["model_version"])

    table = validate(ingest())
{%- if values.featureStore %}
    table = features(table)
{%- endif %}
    trained = train(table)
    evaluate(trained) >> register(trained)


${{ values.names.pythonPackage }}_dag()
