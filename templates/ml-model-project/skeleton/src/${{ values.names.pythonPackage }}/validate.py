"""Validate the training table with Great Expectations before anything trains on it.

    python -m ${{ values.names.pythonPackage }}.validate table.parquet

The expectations live in great_expectations/expectations/${{ values.names.pythonPackage }}_training_data.json
(reviewed like code, no data in it). Each run builds an ephemeral GX 1.x context around that
suite and runs a checkpoint on the table, so nothing a run writes needs committing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import great_expectations as gx
import pandas as pd

from . import config, data

CHECKPOINT_NAME = f"{config.EXPECTATION_SUITE}_checkpoint"


class ValidationFailed(Exception):
    def __init__(self, failures: list[str]):
        super().__init__("data validation failed: " + "; ".join(failures))
        self.failures = failures


def suite_path(project_dir: Path | None = None) -> Path:
    root = project_dir or config.project_dir()
    return root / "great_expectations" / "expectations" / f"{config.EXPECTATION_SUITE}.json"


def load_suite(path: Path | None = None) -> gx.ExpectationSuite:
    spec = json.loads((path or suite_path()).read_text(encoding="utf-8"))
    suite = gx.ExpectationSuite(
        name=spec["name"], expectations=spec["expectations"], meta=spec.get("meta")
    )
    # ExpectationSuite logs and drops an expectation it cannot build; a typo must fail instead.
    if len(suite.expectations) != len(spec["expectations"]):
        raise ValueError(f"{path or suite_path()}: some expectations are invalid (see the log)")
    return suite


def build_checkpoint(context, suite: gx.ExpectationSuite) -> gx.Checkpoint:
    batch_definition = (
        context.data_sources.add_pandas(name=config.PROJECT_NAME)
        .add_dataframe_asset(name="training_data")
        .add_batch_definition_whole_dataframe("whole_table")
    )
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(
            name=config.EXPECTATION_SUITE, data=batch_definition, suite=context.suites.add(suite)
        )
    )
    return context.checkpoints.add(
        gx.Checkpoint(name=CHECKPOINT_NAME, validation_definitions=[definition])
    )


def run_checkpoint(frame: pd.DataFrame):
    context = gx.get_context(mode="ephemeral")
    checkpoint = build_checkpoint(context, load_suite())
    return checkpoint.run(batch_parameters={"dataframe": frame})


def check(frame: pd.DataFrame) -> None:
    """Raise ValidationFailed naming every failed expectation."""
    result = run_checkpoint(frame)
    if result.success:
        return
    failures = [
        f"{outcome.expectation_config.type}({outcome.expectation_config.kwargs.get('column', '')})"
        for validation in result.run_results.values()
        for outcome in validation.results
        if not outcome.success
    ]
    raise ValidationFailed(failures or ["the checkpoint did not succeed"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Validate a training table.")
    parser.add_argument("table", help=".parquet or .csv file with the project's columns")
    args = parser.parse_args(argv)
    try:
        check(data.load(args.table))
    except ValidationFailed as failed:
        print(failed, file=sys.stderr)
        sys.exit(1)
    print(f"{args.table}: valid ({config.EXPECTATION_SUITE})")


if __name__ == "__main__":
    main()
