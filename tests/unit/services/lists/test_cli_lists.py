"""``cordon lists show`` output, and the demo list as package data."""

from __future__ import annotations

import orjson
import pytest

from services.cli.main import main
from services.demo_lists import DEMO_LIST_PATH
from services.lists.loader import load_locations
from tests.unit.services.lists.conftest import DATA


def test_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lists", "show", str(DATA / "UK_Sanctions_List.csv"), "--json"]) == 0
    out = orjson.loads(capsys.readouterr().out)
    assert out["entities"] == 3
    assert out["names"] == 8
    assert out["by_source"] == {"uk": 3}
    assert out["by_schema"] == {"Organization": 1, "Person": 1, "Vessel": 1}
    assert out["version"].startswith("2026-10-02.")


def test_show_entity_and_regimes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lists", "show", str(DATA), "--entity", "custom:B-0001"]) == 0
    assert orjson.loads(capsys.readouterr().out)["names"][0]["value"] == "Ivan Petrov"
    assert main(["lists", "show", str(DATA / "ConList.csv"), "--by-regime"]) == 0
    out = capsys.readouterr().out
    assert "by regime:" in out and "Bosnia and Herzegovina" in out


def test_show_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    assert main(["lists", "show", "/nonexistent/list.csv"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_demo_list() -> None:
    assert DEMO_LIST_PATH.is_file()
    first_line = DEMO_LIST_PATH.read_text("utf-8").splitlines()[0]
    assert "DEMONSTRATION" in first_line and "press releases" in first_line
    (parsed,) = load_locations([str(DEMO_LIST_PATH)])
    ids = {e.id: e for e in parsed.entities}
    assert set(ids) == {f"uk:GIM{i:04d}" for i in range(1, 16)}
    assert ids["uk:GIM0011"].primary_name == "Nusret SEFEROVIĆ"
    assert ids["uk:GIM0012"].primary_name == "ALPA TRADING FZCO"
    assert ids["uk:GIM0012"].countries == ("AE",)
    assert ids["uk:GIM0001"].countries == ("XK",)
    assert all(not e.birth_dates and not e.identifiers for e in parsed.entities)
    assert {e.regimes for e in parsed.entities} == {
        ("Global Irregular Migration and Trafficking in Persons",)
    }
