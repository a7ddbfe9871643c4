import pandas as pd
import pytest

# Not just "great_expectations": without the library, the repository's great_expectations/
# folder would import as an empty namespace package.
pytest.importorskip("great_expectations.checkpoint")

from ${{ values.names.pythonPackage }} import data, validate  # noqa: E402


def test_the_suite_loads_every_expectation():
    assert len(validate.load_suite().expectations) >= 5


def test_generated_data_passes():
    validate.check(data.generate(rows=500, end=pd.Timestamp("2025-01-31T00:00:00Z")))


def test_bad_labels_and_negative_amounts_fail():
    frame = data.generate(rows=500)
    frame.loc[:9, data.LABEL_COLUMN] = 2
    frame.loc[:9, "amount"] = -1.0
    with pytest.raises(validate.ValidationFailed) as failed:
        validate.check(frame)
    assert any("label" in failure for failure in failed.value.failures)
    assert any("amount" in failure for failure in failed.value.failures)
