"""End to end against a throw-away MLflow (SQLite): train, register, compare with the champion."""

import pytest
from mlflow.tracking import MlflowClient

from ${{ values.names.pythonPackage }} import config, evaluate, lineage, register, train

# Small and quick: this checks the plumbing, not the model.
FAST = ["--rows=400", "${{ "--epochs=2" if values.framework == "pytorch" else "--n-estimators=10" }}"]


@pytest.fixture
def tracking_uri(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # artifacts go to ./mlruns
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    monkeypatch.delenv("MLFLOW_RUN_ID", raising=False)
    for name in ("AIRFLOW_CTX_DAG_ID", "AIRFLOW_CTX_DAG_RUN_ID", "KFP_RUN_ID"):
        monkeypatch.delenv(name, raising=False)
    return uri


def test_train_logs_registers_and_tags_lineage(tracking_uri):
    result = train.main([*FAST, "--orchestrator=kubeflow", "--orchestrator-run=run-42"])
    client = MlflowClient(tracking_uri=tracking_uri)

    run = client.get_run(result.run_id)
    assert run.data.tags[lineage.ORCHESTRATOR_TAG] == "kubeflow"
    assert run.data.tags[lineage.RUN_TAG] == "run-42"
    assert config.PRIMARY_METRIC in run.data.metrics
    assert client.get_experiment(run.info.experiment_id).name == config.EXPERIMENT_NAME

    version = client.get_model_version(config.MODEL_NAME, result.model_version)
    assert version.run_id == result.run_id
    assert version.tags[lineage.RUN_TAG] == "run-42"

    # The first version: there is no champion to beat yet.
    assert evaluate.decide(client, result.model_version).stop is False
    register.register_challenger(client, result.model_version)
    challenger = client.get_model_version_by_alias(config.MODEL_NAME, config.CHALLENGER_ALIAS)
    assert challenger.version == result.model_version


def test_second_version_is_compared_with_the_champion(tracking_uri):
    client = MlflowClient(tracking_uri=tracking_uri)
    first = train.main(FAST)
    client.set_registered_model_alias(config.MODEL_NAME, config.CHAMPION_ALIAS, first.model_version)
    second = train.main([*FAST, "--seed=7"])
    decision = evaluate.decide(client, second.model_version)
    assert decision.champion_version == first.model_version
    metric = config.PRIMARY_METRIC
    assert decision.stop is (second.metrics[metric] < first.metrics[metric])
