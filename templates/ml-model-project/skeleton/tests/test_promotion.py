"""The evaluation decision and the challenger alias, against a mocked MLflow client."""

from types import SimpleNamespace
from unittest import mock

import pytest
from mlflow.exceptions import MlflowException
from mlflow.protos.databricks_pb2 import (
    INVALID_PARAMETER_VALUE,
    PERMISSION_DENIED,
    RESOURCE_DOES_NOT_EXIST,
)

from ${{ values.names.pythonPackage }} import config, evaluate, register

METRIC = config.PRIMARY_METRIC


def client_with(candidate_value, champion=None, champion_value=None, alias_error=None):
    """A client whose version 2 was trained by run 'new' and whose champion (if any) by 'old'."""
    client = mock.Mock()
    client.get_model_version.return_value = SimpleNamespace(version="2", run_id="new")
    if alias_error is not None:
        client.get_model_version_by_alias.side_effect = alias_error
    else:
        client.get_model_version_by_alias.return_value = SimpleNamespace(
            version=champion, run_id="old" if champion != "2" else "new"
        )
    metrics = {"new": {} if candidate_value is None else {METRIC: candidate_value}}
    metrics["old"] = {} if champion_value is None else {METRIC: champion_value}
    client.get_run.side_effect = lambda run_id: SimpleNamespace(
        data=SimpleNamespace(metrics=metrics[run_id])
    )
    return client


def missing_alias(code=INVALID_PARAMETER_VALUE):
    message = f"Registered model alias {config.CHAMPION_ALIAS} not found."
    return MlflowException(message, error_code=code)


@pytest.mark.parametrize("code", [INVALID_PARAMETER_VALUE, RESOURCE_DOES_NOT_EXIST])
def test_no_champion_means_better(code):
    client = client_with(0.7, alias_error=missing_alias(code))
    decision = evaluate.decide(client, "2")
    assert decision.stop is False
    assert decision.champion_version is None
    client.get_model_version.assert_called_once_with(config.MODEL_NAME, "2")
    client.get_model_version_by_alias.assert_called_once_with(
        config.MODEL_NAME, config.CHAMPION_ALIAS
    )


def test_other_registry_errors_are_not_taken_for_a_missing_champion():
    error = MlflowException("no access", error_code=PERMISSION_DENIED)
    with pytest.raises(MlflowException):
        evaluate.decide(client_with(0.7, alias_error=error), "2")


def test_worse_than_champion_stops():
    decision = evaluate.decide(client_with(0.70, champion="1", champion_value=0.80), "2")
    assert decision.stop is True
    assert (decision.candidate_value, decision.champion_value) == (0.70, 0.80)
    assert decision.champion_version == "1"


@pytest.mark.parametrize("candidate", [0.80, 0.85])
def test_at_least_as_good_goes_on(candidate):
    client = client_with(candidate, champion="1", champion_value=0.80)
    assert evaluate.decide(client, "2").stop is False


def test_min_delta_tolerates_small_regressions():
    client = client_with(0.795, champion="1", champion_value=0.80)
    assert evaluate.decide(client, "2").stop is True
    assert evaluate.decide(client, "2", min_delta=0.01).stop is False


def test_champion_without_the_metric_goes_on():
    assert evaluate.decide(client_with(0.7, champion="1", champion_value=None), "2").stop is False


def test_candidate_already_champion_stops():
    assert evaluate.decide(client_with(0.7, champion="2"), "2").stop is True


def test_candidate_without_the_metric_is_an_error():
    with pytest.raises(ValueError, match=METRIC):
        evaluate.decide(client_with(None, alias_error=missing_alias()), "2")


def test_register_sets_the_challenger_alias():
    client = mock.Mock()
    result = register.register_challenger(client, 3)
    client.set_registered_model_alias.assert_called_once_with(
        config.MODEL_NAME, config.CHALLENGER_ALIAS, "3"
    )
    assert result == {"model": config.MODEL_NAME, "version": "3", "alias": "challenger"}
