"""Compare a newly registered version with the current champion: should the flow stop here?

    python -m ${{ values.names.pythonPackage }}.evaluate --version 7

A version is promoted further only when its metric is at least the champion's. A model
without a champion yet (the first version) always goes on.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass

from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

from . import config


@dataclass(frozen=True)
class Decision:
    stop: bool
    reason: str
    metric: str
    candidate_version: str
    candidate_value: float
    champion_version: str | None = None
    champion_value: float | None = None


def _run_metric(client: MlflowClient, run_id: str, metric: str) -> float | None:
    value = client.get_run(run_id).data.metrics.get(metric)
    return None if value is None else float(value)


def _is_missing_alias(error: MlflowException) -> bool:
    # A model without the alias: the file and SQL stores answer INVALID_PARAMETER_VALUE
    # ("Registered model alias champion not found."), other backends RESOURCE_DOES_NOT_EXIST.
    # Anything else (auth, network, a typo'd model) must not pass for "no champion".
    if error.error_code == "RESOURCE_DOES_NOT_EXIST":
        return True
    return error.error_code == "INVALID_PARAMETER_VALUE" and "not found" in str(error)


def decide(
    client: MlflowClient,
    version: str,
    model_name: str = config.MODEL_NAME,
    metric: str = config.PRIMARY_METRIC,
    min_delta: float = 0.0,
) -> Decision:
    """Stop when the candidate's metric is worse than the champion's by more than `min_delta`."""
    candidate = client.get_model_version(model_name, str(version))
    candidate_value = _run_metric(client, candidate.run_id, metric)
    if candidate_value is None:
        raise ValueError(f"{model_name} v{version} (run {candidate.run_id}) has no {metric!r}")
    base = {"metric": metric, "candidate_version": str(version), "candidate_value": candidate_value}

    try:
        champion = client.get_model_version_by_alias(model_name, config.CHAMPION_ALIAS)
    except MlflowException as error:
        if not _is_missing_alias(error):
            raise
        reason = f"{model_name} has no {config.CHAMPION_ALIAS} yet"
        return Decision(stop=False, reason=reason, **base)

    if str(champion.version) == str(version):
        return Decision(
            stop=True,
            reason=f"v{version} already is the {config.CHAMPION_ALIAS}",
            champion_version=str(champion.version),
            champion_value=candidate_value,
            **base,
        )
    champion_value = _run_metric(client, champion.run_id, metric)
    if champion_value is None:
        return Decision(
            stop=False,
            reason=f"the {config.CHAMPION_ALIAS} (v{champion.version}) has no {metric!r} to beat",
            champion_version=str(champion.version),
            **base,
        )
    worse = candidate_value < champion_value - min_delta
    return Decision(
        stop=worse,
        reason=(
            f"{metric} {candidate_value:.4f} vs {champion_value:.4f} of the "
            f"{config.CHAMPION_ALIAS} (v{champion.version}): "
            + ("worse, stopping" if worse else "at least as good")
        ),
        champion_version=str(champion.version),
        champion_value=champion_value,
        **base,
    )


def main(argv: list[str] | None = None) -> Decision:
    parser = argparse.ArgumentParser(description="Compare a model version with the champion.")
    parser.add_argument("--version", required=True, help=f"version of {config.MODEL_NAME}")
    parser.add_argument("--metric", default=config.PRIMARY_METRIC)
    parser.add_argument("--min-delta", type=float, default=0.0)
    parser.add_argument(
        "--fail-if-worse", action="store_true", help="exit with status 1 when the flow should stop"
    )
    args = parser.parse_args(argv)
    client = MlflowClient(tracking_uri=config.tracking_uri())
    decision = decide(client, args.version, metric=args.metric, min_delta=args.min_delta)
    print(json.dumps(asdict(decision)))
    if decision.stop and args.fail_if_worse:
        sys.exit(1)
    return decision


if __name__ == "__main__":
    main()
