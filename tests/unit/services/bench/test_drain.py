from __future__ import annotations

import pytest

from services.bench.drain import window_rate


def test_rate_between_the_tenth_and_ninetieth_percentile() -> None:
    # a slow start and a slow tail, 1,000 events/s in between
    stamps = [0] * 10 + [10_000 + i for i in range(80)] + [20_000 + 1000 * i for i in range(10)]
    assert window_rate(stamps) == pytest.approx(79 / 0.079)


def test_too_few_events_or_no_time_measures_nothing() -> None:
    assert window_rate([]) is None
    assert window_rate(list(range(10))) is None
    assert window_rate([5] * 1000) is None


def test_custom_window() -> None:
    stamps = list(range(0, 100_000, 10))  # 100 events/s
    assert window_rate(stamps, (0.0, 1.0)) == pytest.approx(100.0)
