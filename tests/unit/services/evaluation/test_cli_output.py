"""cordon match-pairs and cordon screen --input: output lines follow DESIGN.md."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import orjson
import pytest

from matching import Entity, Name, Schema, Screener
from services.cli import screen
from services.cli.main import main


def test_match_pairs_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        {
            "id": 1,
            "query": {"name": "Nusret Seferovic"},
            "candidate": {"name": "Nusret SEFEROVIĆ", "schema": "Person"},
        },
        {
            "id": 2,
            "query": {"name": "Jane Smith"},
            "candidate": {"name": "ALPA Trading FZCO", "schema": "Company"},
        },
    ]
    data = b"\n".join(orjson.dumps(line) for line in lines) + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["match-pairs"]) == 0
    out = [orjson.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == [1, 2]
    assert out[0]["match"] is True and out[1]["match"] is False
    assert all(set(o) == {"id", "score", "match"} and 0 <= o["score"] <= 1 for o in out)


def test_screen_batch_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    table = Screener([Entity("t:1", "t", Schema.PERSON, (Name("Nusret SEFEROVIĆ"),))])
    monkeypatch.setattr(screen, "load_screener", lambda paths: table)
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"id": "a", "name": "Nusret Seferovic"}\n{"id": "b", "name": "Jane Smith"}\n'
    )
    assert main(["screen", "--input", str(queries), "--lists", "x"]) == 0
    out = [orjson.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[0]["outcome"] == "match" and out[0]["matches"][0]["entity_id"] == "t:1"
    assert {"entity_id", "score", "name"} <= set(out[0]["matches"][0])
    assert out[1] == {"id": "b", "outcome": "clear", "matches": []}
