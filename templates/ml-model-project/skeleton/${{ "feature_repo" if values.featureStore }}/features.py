"""Feast definitions of ${{ values.name }}: the entity, the offline source and the feature view.

The columns are those of src/${{ values.names.pythonPackage }}/data.py; the training pipeline
writes the source file (data/${{ values.names.featureView }}.parquet) before materializing.
"""

from datetime import timedelta

from feast import Entity, FeatureView, Field, FileSource, ValueType
from feast.types import Float64

entity = Entity(
    name="${{ values.names.featureEntity }}",
    join_keys=["entity_id"],
    value_type=ValueType.INT64,
    description="What one row of the training table is about.",
)

source = FileSource(
    name="${{ values.names.featureView }}_source",
    # Relative paths are resolved against this repository.
    path="data/${{ values.names.featureView }}.parquet",
    timestamp_field="event_timestamp",
)

feature_view = FeatureView(
    name="${{ values.names.featureView }}",
    entities=[entity],
    # Rows older than this are not served online: the features describe recent behaviour.
    ttl=timedelta(days=7),
    schema=[
        Field(name="amount", dtype=Float64),
        Field(name="account_age_days", dtype=Float64),
        Field(name="events_last_7d", dtype=Float64),
        Field(name="risk_ratio", dtype=Float64),
    ],
    online=True,
    source=source,
    owner="${{ values.owner }}",
    tags={"model": "${{ values.names.model }}", "team": "${{ (values.owner.split(':') | last).split('/') | last }}"},
)
