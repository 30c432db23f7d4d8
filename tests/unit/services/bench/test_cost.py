"""The 1M-name cost run writes the custom list format the worker's loader reads back."""

from __future__ import annotations

from pathlib import Path

from services.bench.cost import write_custom_csv
from services.bench.pyspy import summarize
from services.bench.synthetic import synthetic_entities
from services.lists.loader import load_locations


def test_custom_csv_round_trips_through_the_loader(tmp_path: Path) -> None:
    entities = synthetic_entities(500, seed=3)
    path = tmp_path / "bank.csv"
    write_custom_csv(entities, path)
    (parsed,) = load_locations([str(path)])
    assert parsed.source == "custom"
    assert {e.id for e in parsed.entities} == {e.id for e in entities}
    names = {n.value for e in parsed.entities for n in e.names}
    assert names == {n.value for e in entities for n in e.names}


def test_pyspy_summary_shares(tmp_path: Path) -> None:
    raw = tmp_path / "worker.raw"
    raw.write_text(
        "main;loop;screen (matching/screener.py:1) 3\nmain;loop;send 1\n", encoding="utf-8"
    )
    summary = summarize(raw)
    assert summary["samples"] == 4
    assert summary["own"][0] == " 75.0% screen (matching/screener.py)"
    assert summary["inclusive"] == [" 75.0% screen (matching/screener.py)"]
    assert summarize(tmp_path / "missing.raw") == {}
