"""The results document: schema check, targets against figures, summary rendering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from services.bench import report


def _table(label: str, names: int, rate: float, p99: float) -> dict[str, Any]:
    side = {"p50_ms": p99 / 2, "p99_ms": p99, "screens_per_s": rate}
    return {
        "table": label,
        "names": names,
        "build_s": 1.0,
        "screener": side,
        "baseline": {"p50_ms": 5.0, "p99_ms": 9.0, "screens_per_s": 100.0},
        "recall": {"results": 0.995, "candidates": 0.97 if label == "real" else None},
    }


def _doc() -> dict[str, Any]:
    return {
        "schema": report.SCHEMA,
        "started_at": "2025-10-23T09:00:00+00:00",
        "finished_at": "2025-10-23T09:01:00+00:00",
        "duration_s": 60.0,
        "quick": True,
        "host": {"cpus": 2},
        "sections": {
            "matcher": {
                "tables": [
                    _table("real", 40_000, 6000.0, 0.8),
                    _table("synthetic-1000000", 1_000_000, 900.0, 12.0),
                ]
            },
            "scale": {
                "backlog": {
                    "one": {
                        "rate": 2000.0,
                        "events_per_cpu_s": 2500.0,
                        "host_cpu": {"busy": 0.6, "steal": 0.02},
                    },
                    "two": {"rate": 3000.0, "events_per_cpu_s": 2000.0},
                    "ratio": 1.5,
                    "round_ratios": [1.4, 1.5, 1.9],
                },
                "host_cpu": {"busy": 0.9, "steal": 0.125},
                "live": {"one": {}, "two": {}, "ratio": None},
                "ratio": 1.5,
            },
        },
    }


def test_well_formed_document_has_no_problems() -> None:
    assert report.validate(_doc()) == []


def test_problems_are_named() -> None:
    doc = _doc()
    del doc["host"]
    doc["sections"]["matcher"]["tables"][0]["screener"]["p99_ms"] = None
    problems = report.validate(doc)
    assert "missing key 'host'" in problems
    assert any("screener.p99_ms" in p for p in problems)
    assert report.validate([]) == ["not a JSON object"]


def test_targets_against_figures() -> None:
    by_name = {t.name: t for t in report.targets(_doc()["sections"])}
    assert by_name["matcher.real.screens_per_s"].met is True
    assert by_name["matcher.real.p99_ms"].met is True
    assert by_name["matcher.real.recall_candidates"].met is False
    assert "matcher.real.recall_results" not in by_name
    assert by_name["matcher.1m.p99_ms"].met is False
    assert by_name["matcher.1m.p99_ms"].detail == "1.2x the limit"
    assert by_name["scale.two_vs_one"].met is False


def test_write_round_trips(tmp_path: Path) -> None:
    json_path, md_path = report.write(_doc(), tmp_path)
    loaded = orjson.loads(json_path.read_bytes())
    assert report.validate(loaded) == []
    assert loaded["targets"]
    summary = md_path.read_text(encoding="utf-8")
    assert "| matcher.real.p99_ms |" in summary
    assert "| ratio | 1.500x | | | - | |" in summary
    assert "3 times: ratios 1.400x, 1.500x, 1.900x; the table shows the median round" in summary
    assert "| 1 | 2,000.0 | 2,500.0 | 2.0% |" in summary
    assert "CPU per event with two workers running: 1.25x that of one alone" in summary
    assert "stolen by the hypervisor (shared host): scale 12.5%" in summary


def _e2e_at_500(relay: list[float], worker: list[float], repeats: bool) -> dict[str, Any]:
    def system(p99s: list[float]) -> dict[str, Any]:
        latency = {"p50_ms": 10.0, "p99_ms": p99s[0], "p999_ms": p99s[0]}
        step = {"rate": 500, "sent": 4000, "decided": 4000, "latency": latency, "sustained": True}
        step["tries"] = [True, False, True] if repeats else [True]
        out: dict[str, Any] = {"steps": [step], "max_sustained_rate": 2000}
        if repeats:
            out["reference"] = {"rate": 500, "p99_ms": p99s, "median_p99_ms": sorted(p99s)[1]}
        return out

    return {"relay": system(relay), "worker": system(worker)}


def test_latency_target_reads_the_median_of_the_steps_at_500() -> None:
    # one stall in the worker's first 500/s step does not decide the target; the medians do
    sections = {"e2e": _e2e_at_500([100.0, 300.0, 110.0], [500.0, 150.0, 160.0], True)}
    target = {t.name: t for t in report.targets(sections)}["e2e.worker.p99_ms_at_500"]
    assert (target.value, target.baseline, target.met) == (160.0, 110.0, True)
    summary = report.summary({**_doc(), "sections": sections, "targets": []})
    assert "relay 100.0, 300.0, 110.0 ms; worker 500.0, 150.0, 160.0 ms" in summary
    assert "| True (2/3) |" in summary  # a rate's verdict, with its tries
    # a run without repeats is judged on its one step
    sections = {"e2e": _e2e_at_500([100.0], [500.0], False)}
    target = {t.name: t for t in report.targets(sections)}["e2e.worker.p99_ms_at_500"]
    assert (target.value, target.met) == (500.0, False)
