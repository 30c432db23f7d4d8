"""Output records: timestamps as datetime formats them, a screening's parts built once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from matching import Query
from streams.records import iso, screening


def _datetime_iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@pytest.mark.parametrize(
    "ts",
    [
        0.0,
        1.0,
        1_760_000_000.0,
        1_760_000_000.1234,
        1_760_000_000.9994999,
        1_760_000_000.9995,
        1_760_000_000.9999996,  # rounds up to the next second, as datetime does
        1_760_000_000.0004995,
        1.9999995,
        -1.5,
        -0.0000004,
    ],
)
def test_iso_is_datetimes_milliseconds_with_a_z(ts: float) -> None:
    assert iso(ts) == _datetime_iso(ts)


def test_a_clear_screening_summarises_to_clear_with_no_alert_parts() -> None:
    found = screening(Query("Jane Smith", countries=("GB",)), (), "v1")
    assert found.summary == {
        "query": {"name": "Jane Smith", "countries": ["GB"]},
        "outcome": "clear",
        "best_score": 0.0,
        "entity_ids": [],
    }
    assert found.alert_parts == ()
