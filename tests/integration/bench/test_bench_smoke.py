"""Smoke run of ``cordon bench``: the results are well-formed (never a timing assertion)."""

from __future__ import annotations

import sys
from pathlib import Path
from subprocess import run

import orjson
import pytest

from services.bench import report


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
def test_e2e_quick_relay(tmp_path: Path) -> None:
    doc = _bench(tmp_path, "--only", "e2e", "--lists", "", "--rates", "100", "--step-seconds", "1")
    sections = doc["sections"]
    assert isinstance(sections, dict)
    relay = sections["e2e"]["relay"]
    assert [s["rate"] for s in relay["steps"]] == [100, "max"]
    assert relay["steps"][0]["decided"] > 0
