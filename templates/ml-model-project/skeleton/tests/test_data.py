import pandas as pd
import pytest

from ${{ values.names.pythonPackage }} import data

END = pd.Timestamp("2025-01-31T12:00:00Z")


def test_generate_has_the_project_columns_and_types():
    frame = data.generate(rows=500, seed=1, end=END)
    assert tuple(frame.columns) == data.COLUMNS
    assert len(frame) == 500
    assert frame[data.ENTITY_COLUMN].dtype == "int64"
    assert str(frame[data.TIMESTAMP_COLUMN].dt.tz) == "UTC"
    for column in data.FEATURE_COLUMNS:
        assert frame[column].dtype == "float64"
    assert set(frame[data.LABEL_COLUMN].unique()) == {0, 1}


def test_generate_is_reproducible_and_recent():
    first = data.generate(rows=200, seed=7, end=END)
    pd.testing.assert_frame_equal(first, data.generate(rows=200, seed=7, end=END))
    assert not first.equals(data.generate(rows=200, seed=8, end=END))
    timestamps = first[data.TIMESTAMP_COLUMN]
    assert timestamps.max() <= END
    assert timestamps.min() >= END - pd.Timedelta(days=7)


def test_generate_rejects_tiny_tables():
    with pytest.raises(ValueError):
        data.generate(rows=5)


def test_csv_round_trip(tmp_path):
    frame = data.generate(rows=50, seed=3, end=END)
    path = tmp_path / "table.csv"
    frame.to_csv(path, index=False)
    pd.testing.assert_frame_equal(data.load(path), frame, check_dtype=False)


def test_parquet_round_trip_without_suffix(tmp_path):
    pytest.importorskip("pyarrow")
    frame = data.generate(rows=50, seed=3, end=END)
    # Orchestrator artifacts have no suffix; they are parquet.
    path = data.save(frame, tmp_path / "artifact")
    pd.testing.assert_frame_equal(data.load(path), frame)


def test_load_names_missing_columns(tmp_path):
    path = tmp_path / "table.csv"
    data.generate(rows=50, end=END).drop(columns=[data.LABEL_COLUMN]).to_csv(path, index=False)
    with pytest.raises(ValueError, match="label"):
        data.load(path)


def test_ingest_generates_without_a_source():
    assert len(data.ingest(None, rows=100)) == 100


def test_features_and_label_split():
    features, labels = data.features_and_label(data.generate(rows=100, end=END))
    assert tuple(features.columns) == data.FEATURE_COLUMNS
    assert labels.name == data.LABEL_COLUMN
