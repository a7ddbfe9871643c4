"""Ingestion: the training table, read from a file or generated so the project runs anywhere.

One row per event: the entity it is about (`entity_id`, also the Feast join key), when it
happened (`event_timestamp`), the numeric features and the binary label. Replace `generate`
with the real source once there is one, and keep the column names: validation, training
and the orchestrators rely on them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

ENTITY_COLUMN = "entity_id"
TIMESTAMP_COLUMN = "event_timestamp"
LABEL_COLUMN = "label"
FEATURE_COLUMNS = ("amount", "account_age_days", "events_last_7d", "risk_ratio")
COLUMNS = (ENTITY_COLUMN, TIMESTAMP_COLUMN, *FEATURE_COLUMNS, LABEL_COLUMN)


def generate(rows: int = 5000, seed: int = 42, end: pd.Timestamp | None = None) -> pd.DataFrame:
    """A synthetic table whose label depends on the features, so a model has something to learn.

    Timestamps fall in the week before `end` (default: now), which keeps them inside the
    freshness window of the feature store.
    """
    if rows < 10:
        raise ValueError("rows must be at least 10")
    rng = np.random.default_rng(seed)
    end = pd.Timestamp.now(tz="UTC").floor("s") if end is None else pd.Timestamp(end)
    if end.tzinfo is None:
        end = end.tz_localize("UTC")

    amount = rng.lognormal(mean=3.5, sigma=1.0, size=rows)
    account_age_days = rng.integers(0, 3650, size=rows).astype("float64")
    events_last_7d = rng.poisson(lam=4.0, size=rows).astype("float64")
    risk_ratio = rng.beta(2.0, 5.0, size=rows)

    # About a quarter of the rows are positive; a tree model reaches a ROC AUC near 0.8.
    logit = (
        -1.6
        + 1.0 * (np.log1p(amount) - 3.5)
        - 0.0008 * (account_age_days - 1825.0)
        + 0.3 * (events_last_7d - 4.0)
        + 5.0 * (risk_ratio - 0.29)
    )
    label = (rng.random(rows) < 1.0 / (1.0 + np.exp(-logit))).astype("int64")

    seconds_before_end = rng.integers(0, 7 * 24 * 3600, size=rows)
    frame = pd.DataFrame(
        {
            ENTITY_COLUMN: rng.integers(1, max(rows // 5, 2) + 1, size=rows).astype("int64"),
            TIMESTAMP_COLUMN: end - pd.to_timedelta(seconds_before_end, unit="s"),
            "amount": amount.round(2),
            "account_age_days": account_age_days,
            "events_last_7d": events_last_7d,
            "risk_ratio": risk_ratio.round(4),
            LABEL_COLUMN: label,
        }
    )
    return frame.sort_values(TIMESTAMP_COLUMN, ignore_index=True)


def load(path: str | Path) -> pd.DataFrame:
    """Read a table with the project's columns: .csv, else parquet (orchestrator artifacts
    have no suffix)."""
    path = Path(path)
    frame = pd.read_csv(path) if path.suffix == ".csv" else pd.read_parquet(path)
    missing = [column for column in COLUMNS if column not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    frame[TIMESTAMP_COLUMN] = pd.to_datetime(frame[TIMESTAMP_COLUMN], utc=True)
    return frame[list(COLUMNS)]


def ingest(source: str | Path | None = None, rows: int = 5000, seed: int = 42) -> pd.DataFrame:
    """The training table: `source` when given, else a generated one."""
    return load(source) if source else generate(rows=rows, seed=seed)


def save(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write the table as parquet, the format the orchestrators hand from step to step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(path, index=False)
    return path


def features_and_label(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    return frame[list(FEATURE_COLUMNS)].astype("float64"), frame[LABEL_COLUMN].astype("int64")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the training table as parquet.")
    parser.add_argument("output", help="where to write the .parquet file")
    parser.add_argument("--source", help="a .parquet or .csv file to read instead of generating")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    frame = ingest(args.source, rows=args.rows, seed=args.seed)
    print(save(frame, args.output))


if __name__ == "__main__":
    main()
