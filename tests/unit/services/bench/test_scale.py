"""The scale figure: the median of several drained pairs (one worker, then two)."""

from __future__ import annotations

from typing import Any

from services.bench.scale import _median_round


def _pair(one: float, two: float, deciding: int = 2) -> dict[str, Any]:
    return {"one": {"rate": one}, "two": {"rate": two, "deciding_workers": deciding}}


def test_the_ratio_is_the_median_rounds_and_its_drains_are_shown() -> None:
    rounds = [_pair(3000.0, 4500.0), _pair(2000.0, 4000.0), _pair(2500.0, 4500.0)]
    result = _median_round(rounds)
    assert result["round_ratios"] == [1.5, 2.0, 1.8]
    assert result["ratio"] == 1.8
    assert (result["one"]["rate"], result["two"]["rate"]) == (2500.0, 4500.0)


def test_no_ratio_when_a_round_had_only_one_worker_deciding() -> None:
    result = _median_round([_pair(3000.0, 6000.0), _pair(3000.0, 3100.0, deciding=1)])
    assert result["ratio"] is None
    assert result["round_ratios"] == [2.0, None]


def test_one_round() -> None:
    assert _median_round([_pair(2000.0, 3500.0)])["ratio"] == 1.75
