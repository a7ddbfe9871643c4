import pytest

from ${{ values.names.pythonPackage }} import lineage


def test_tag_keys_are_the_portal_contract():
    assert lineage.ORCHESTRATOR_TAG == "mlops-portal.orchestrator"
    assert lineage.PIPELINE_TAG == "mlops-portal.orchestrator.pipeline"
    assert lineage.RUN_TAG == "mlops-portal.orchestrator.run"


def test_local_run_has_only_the_orchestrator_tag():
    assert lineage.resolve(env={}).tags() == {"mlops-portal.orchestrator": "local"}


def test_airflow_context_from_the_environment():
    env = {"AIRFLOW_CTX_DAG_ID": "some-dag", "AIRFLOW_CTX_DAG_RUN_ID": "manual__2025-01-01"}
    assert lineage.resolve(env=env).tags() == {
        "mlops-portal.orchestrator": "airflow",
        "mlops-portal.orchestrator.pipeline": "some-dag",
        "mlops-portal.orchestrator.run": "manual__2025-01-01",
    }


def test_explicit_arguments_win():
    env = {"AIRFLOW_CTX_DAG_ID": "some-dag", "AIRFLOW_CTX_DAG_RUN_ID": "from-env"}
    resolved = lineage.resolve("kubeflow", pipeline="p", run="run-1", env=env)
    assert resolved == lineage.Lineage("kubeflow", "p", "run-1")


def test_empty_run_falls_back_to_the_environment():
    resolved = lineage.resolve("airflow", run="", env={"AIRFLOW_CTX_DAG_RUN_ID": "scheduled__x"})
    assert resolved.run == "scheduled__x"
{%- if values.kubeflow %}


def test_kubeflow_defaults_to_the_project_pipeline():
    resolved = lineage.resolve(env={"KFP_RUN_ID": "abc"})
    assert resolved.tags() == {
        "mlops-portal.orchestrator": "kubeflow",
        "mlops-portal.orchestrator.pipeline": "${{ values.names.pipeline }}",
        "mlops-portal.orchestrator.run": "abc",
    }
{%- endif %}


def test_unknown_orchestrator_is_rejected():
    with pytest.raises(ValueError):
        lineage.resolve("cron", env={})
