"""Publish the features to Feast: write the offline source, apply the definitions, materialize.

    python -m ${{ values.names.pythonPackage }}.features table.parquet

The feature repository is feature_repo/ (definitions in feature_repo/features.py). The
training table becomes the parquet file the FileSource reads, then the feature view
${{ values.names.featureView }} is materialized into the online store for serving.
"""

from __future__ import annotations

import argparse
import importlib.util
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from feast import Entity, FeatureStore, FeatureView, FileSource

from . import config, data

# Relative to the feature repository; the FileSource in feature_repo/features.py reads it.
OFFLINE_SOURCE = Path("data") / f"{config.FEATURE_VIEW}.parquet"


def repo_dir() -> Path:
    return config.project_dir() / "feature_repo"


def write_offline_source(frame: pd.DataFrame, repo: Path | None = None) -> Path:
    columns = [data.ENTITY_COLUMN, data.TIMESTAMP_COLUMN, *data.FEATURE_COLUMNS]
    return data.save(frame[columns], (repo or repo_dir()) / OFFLINE_SOURCE)


def definitions(repo: Path | None = None) -> list:
    """The Feast objects declared in feature_repo/features.py (what `feast apply` would find)."""
    path = (repo or repo_dir()) / "features.py"
    spec = importlib.util.spec_from_file_location(f"{config.FEATURE_VIEW}_definitions", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [
        value
        for value in vars(module).values()
        if isinstance(value, (Entity, FeatureView, FileSource))
    ]


def materialize(
    frame: pd.DataFrame, end_date: datetime | None = None, repo: Path | None = None
) -> None:
    repo = repo or repo_dir()
    write_offline_source(frame, repo)
    store = FeatureStore(repo_path=str(repo))
    # Applying is idempotent; doing it here keeps a fresh environment (CI, a new worker)
    # from materializing against an empty registry.
    store.apply(definitions(repo))
    store.materialize_incremental(
        end_date=end_date or datetime.now(timezone.utc), feature_views=[config.FEATURE_VIEW]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Materialize the feature view.")
    parser.add_argument("table", help=".parquet or .csv file with the project's columns")
    args = parser.parse_args(argv)
    materialize(data.load(args.table))
    print(f"materialized {config.FEATURE_VIEW} from {args.table}")


if __name__ == "__main__":
    main()
