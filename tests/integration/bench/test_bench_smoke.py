"""Smoke run of ``cordon bench``: the results are well-formed (never a timing assertion)."""

from __future__ import annotations

import sys
from pathlib import Path
from subprocess import run
from typing import Any

import orjson
import pytest

from services.bench import report
from services.bench.cost import write_custom_csv
from services.bench.synthetic import synthetic_entities


def _bench(tmp_path: Path, *args: str) -> dict[str, object]:
    done = run(
        [sys.executable, "-m", "services.cli.main", "bench", "--quick", "--out", str(tmp_path),
         *args],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    doc: dict[str, object] = orjson.loads((tmp_path / "results.json").read_bytes())
    assert report.validate(doc) == []
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("# cordon bench")
    return doc


def _sections_on_a_small_list(tmp_path: Path, section: str, *args: str) -> dict[str, Any]:
    """The sections of a quick run of ``section`` on a 300-entity custom list, 1 s steps."""
    lists = tmp_path / "lists"
    lists.mkdir()
    write_custom_csv(synthetic_entities(300, seed=2), lists / "bank-list.csv")
    doc = _bench(
        tmp_path / "out",
        *("--only", section, "--lists", str(lists), "--step-seconds", "1", *args),
    )
    sections = doc["sections"]
    assert isinstance(sections, dict)
    return sections


def test_matcher_quick(tmp_path: Path) -> None:
    doc = _bench(
        tmp_path, "--only", "matcher", "--lists", "", "--sizes", "3000", "--queries", "200"
    )
    sections = doc["sections"]
    assert isinstance(sections, dict)
    tables = sections["matcher"]["tables"]
    assert [t["table"] for t in tables] == ["synthetic-3000"]
    assert 0.0 <= tables[0]["recall"]["results"] <= 1.0


@pytest.mark.integration
def test_e2e_quick_relay_and_worker(tmp_path: Path) -> None:
    sections = _sections_on_a_small_list(tmp_path, "e2e", "--rates", "50,500")
    e2e = sections["e2e"]
    assert "worker_error" not in e2e, e2e.get("worker_error")
    for system in ("relay", "worker"):
        steps = e2e[system]["steps"]
        assert [s["rate"] for s in steps][-1] == "max"
        assert steps[0]["decided"] > 0
        reference = e2e[system]["reference"]  # the latency target's rate, three steps
        assert reference["rate"] == 500 and len(reference["p99_ms"]) == 3
        assert reference["median_p99_ms"] == sorted(reference["p99_ms"])[1]


@pytest.mark.integration
def test_scale_quick_drains_every_event(tmp_path: Path) -> None:
    sections = _sections_on_a_small_list(tmp_path, "scale", "--backlog", "400")
    backlog = sections["scale"]["backlog"]
    for key, processes in (("one", 1), ("two", 2)):
        assert backlog[key]["processes"] == processes
        assert backlog[key]["committed"] is True  # the group committed every offset
        assert backlog[key]["decided"] == 400
        assert backlog[key]["undecided"] == 0
        # a quick backlog may be gone before the second worker has joined the group
        assert 1 <= len(backlog[key]["decided_by_worker"]) <= processes
        assert sum(backlog[key]["decided_by_worker"]) == 400
    assert sections["scale"]["live"]["two"]["processes"] == 2
