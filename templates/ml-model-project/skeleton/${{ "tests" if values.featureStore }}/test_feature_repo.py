"""The Feast repository declares the names and columns the rest of the project uses."""

from pathlib import Path

import pytest
import yaml

feast = pytest.importorskip("feast")

from ${{ values.names.pythonPackage }} import config, data, features  # noqa: E402

REPO = Path(__file__).resolve().parents[1] / "feature_repo"


def by_type(kind):
    return [obj for obj in features.definitions(REPO) if isinstance(obj, kind)]


def test_store_project_is_the_package():
    settings = yaml.safe_load((REPO / "feature_store.yaml").read_text(encoding="utf-8"))
    assert settings["project"] == "${{ values.names.pythonPackage }}"


def test_entity_and_feature_view_names():
    [entity] = by_type(feast.Entity)
    [view] = by_type(feast.FeatureView)
    assert entity.name == config.FEATURE_ENTITY
    assert entity.join_key == data.ENTITY_COLUMN
    assert view.name == config.FEATURE_VIEW
    assert [field.name for field in view.schema if field.name != data.ENTITY_COLUMN] == list(
        data.FEATURE_COLUMNS
    )


def test_offline_source_is_where_the_pipeline_writes(tmp_path):
    [source] = by_type(feast.FileSource)
    assert source.path == str(features.OFFLINE_SOURCE)
    assert source.timestamp_field == data.TIMESTAMP_COLUMN


def test_materialize_serves_the_latest_values(tmp_path):
    pytest.importorskip("pyarrow")
    repo = tmp_path / "feature_repo"
    repo.mkdir()
    for name in ("feature_store.yaml", "features.py"):
        (repo / name).write_text((REPO / name).read_text(encoding="utf-8"), encoding="utf-8")
    frame = data.generate(rows=200)
    features.materialize(frame, repo=repo)

    entity_id = int(frame[data.ENTITY_COLUMN].iloc[-1])
    store = feast.FeatureStore(repo_path=str(repo))
    online = store.get_online_features(
        features=[f"{config.FEATURE_VIEW}:{column}" for column in data.FEATURE_COLUMNS],
        entity_rows=[{data.ENTITY_COLUMN: entity_id}],
    ).to_dict()
    latest = frame[frame[data.ENTITY_COLUMN] == entity_id].iloc[-1]
    assert online["amount"] == [pytest.approx(latest["amount"])]
