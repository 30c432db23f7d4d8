"""Matcher bench passes: each from cold caches on a new screener, the median one reported."""

from __future__ import annotations

from typing import Any

import pytest

from matching import Screener, Thresholds
from matching.normalize import normalize_name
from matching.phonetic import skeleton
from services.bench import matcher
from services.bench.synthetic import query_mix, synthetic_entities


def test_empty_process_caches_empties_names_and_skeletons() -> None:
    normalize_name("Nusret Seferović")
    skeleton("seferovic")
    assert normalize_name.cache_info().currsize > 0
    matcher.empty_process_caches()
    assert normalize_name.cache_info().currsize == 0
    assert skeleton.cache_info().currsize == 0


def test_cold_passes_report_the_median_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    entities = synthetic_entities(300, seed=3)
    queries = [q.query for q in query_mix(entities, 40, seed=5)]
    rates = iter([900.0, 300.0, 600.0])
    screeners: list[Screener] = []
    cold: list[bool] = []

    def fake_time(screener: Screener, timed: Any) -> dict[str, Any]:
        screeners.append(screener)
        hits = normalize_name.cache_info().hits
        normalize_name("Cold Probe")  # seen by every pass: only a miss if emptied in between
        cold.append(
            normalize_name.cache_info().hits == hits
            and screener._cached_name_hits.cache_info().currsize == 0
        )
        for query in timed:
            screener.screen(query)
        rate = next(rates)
        return {"screens_per_s": rate, "screens_per_cpu_s": rate, "p50_ms": 1.0, "p99_ms": rate}

    monkeypatch.setattr(matcher, "time_screener", fake_time)
    emptied: list[int] = []
    real_empty = matcher.empty_process_caches

    def counted_empty() -> None:
        emptied.append(1)
        real_empty()

    monkeypatch.setattr(matcher, "empty_process_caches", counted_empty)
    last, figures, builds = matcher.cold_passes(entities, Thresholds(), queries, 3)
    assert figures["screens_per_s"] == 600.0 and figures["p99_ms"] == 600.0
    assert [p["screens_per_s"] for p in figures["passes"]] == [900.0, 300.0, 600.0]
    assert len(builds) == 3 and all(b > 0 for b in builds)
    assert len(emptied) == 3 and cold == [True, True, True]
    assert len({id(s) for s in screeners}) == 3  # a new screener each pass
    assert last is screeners[-1]
    assert all(s.screen(queries[0]) == screeners[0].screen(queries[0]) for s in screeners)


def test_one_pass_has_no_pass_list() -> None:
    entities = synthetic_entities(200, seed=2)
    queries = [q.query for q in query_mix(entities, 20, seed=1)]
    _, figures, builds = matcher.cold_passes(entities, Thresholds(), queries, 1)
    assert "passes" not in figures and len(builds) == 1
    assert figures["screens_per_s"] > 0
