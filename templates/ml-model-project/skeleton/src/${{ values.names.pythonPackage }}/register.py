"""Mark a version as the challenger, the candidate a person (or a later job) promotes to champion.

    python -m ${{ values.names.pythonPackage }}.register --version 7

KServe serves `models:/${{ values.names.model }}@champion`, so setting `challenger` changes nothing
that is served; promoting is moving the `champion` alias once the challenger has proven itself.
"""

from __future__ import annotations

import argparse
import json

from mlflow.tracking import MlflowClient

from . import config


def register_challenger(
    client: MlflowClient, version: str, model_name: str = config.MODEL_NAME
) -> dict:
    client.set_registered_model_alias(model_name, config.CHALLENGER_ALIAS, str(version))
    return {"model": model_name, "version": str(version), "alias": config.CHALLENGER_ALIAS}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=f"Set the {config.CHALLENGER_ALIAS} alias.")
    parser.add_argument("--version", required=True, help=f"version of {config.MODEL_NAME}")
    args = parser.parse_args(argv)
    result = register_challenger(MlflowClient(tracking_uri=config.tracking_uri()), args.version)
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
