"""Percentiles and summaries of services/bench/stats.py, as labelled cases."""

from __future__ import annotations

import pytest

from services.bench.stats import median_item, percentile, slope, summarize_ms


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([5.0], 99, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([1.0, 2.0, 3.0, 4.0], 0, 1.0),
        ([1.0, 2.0, 3.0, 4.0], 100, 4.0),
        ([4.0, 1.0, 3.0, 2.0], 50, 2.5),  # order does not matter
        (list(map(float, range(1, 101))), 99, 99.01),
        ([], 50, None),  # no sample, no made-up figure
    ],
)
def test_percentile(values: list[float], q: float, expected: float | None) -> None:
    result = percentile(values, q)
    assert result == (None if expected is None else pytest.approx(expected))


def test_percentile_refuses_out_of_range_q() -> None:
    with pytest.raises(ValueError, match="0 <= q <= 100"):
        percentile([1.0], 101)


def test_summary_is_in_milliseconds() -> None:
    summary = summarize_ms([0.001, 0.002, 0.003])
    assert summary["count"] == 3
    assert summary["p50_ms"] == pytest.approx(2.0)
    assert summary["max_ms"] == pytest.approx(3.0)
    assert summarize_ms([])["p99_ms"] is None


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([(0.0, 0.0), (1.0, 10.0), (2.0, 20.0)], 10.0),  # backlog growing 10/s
        ([(0.0, 5.0), (1.0, 5.0), (2.0, 5.0)], 0.0),  # steady backlog
        ([(1.0, 3.0)], 0.0),
    ],
)
def test_slope(points: list[tuple[float, float]], expected: float) -> None:
    assert slope(points) == pytest.approx(expected)


def test_median_item_is_the_middle_measurement_with_its_other_figures() -> None:
    runs = [{"rate": 9.0, "p99": 1}, {"rate": 3.0, "p99": 2}, {"rate": 6.0, "p99": 3}]
    assert median_item(runs, key=lambda r: r["rate"]) == {"rate": 6.0, "p99": 3}
    assert median_item([4.0, 1.0, 3.0, 2.0], key=float) == 2.0  # the lower middle
    assert median_item([(1.0, "a"), (1.0, "b"), (1.0, "c")], key=lambda t: t[0]) == (1.0, "b")
    with pytest.raises(ValueError):
        median_item([], key=float)
