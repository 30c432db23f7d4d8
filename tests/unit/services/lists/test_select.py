"""One copy per list in a directory (newest by list date, folder date, mtime), unique ids,
and the FCDO list as ODS."""

from __future__ import annotations

import csv
import logging
import os
import shutil
from pathlib import Path

import pytest

from services.lists import formats
from services.lists.loader import load_locations
from services.lists.select import peek_date
from tests.unit.services.lists.conftest import DATA
from tests.unit.services.lists.ods import write_ods

CUSTOM = (DATA / "custom_list.csv").read_text(encoding="utf-8")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _names(parsed: list[formats.ParsedList], root: Path) -> list[str]:
    return sorted(str(Path(p.path).relative_to(root)) for p in parsed)


def test_newest_by_the_lists_own_date(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    conlist = (DATA / "ConList.csv").read_text(encoding="utf-8")
    _write(tmp_path / "a/ConList.csv", conlist)  # Last Updated 14/04/2025
    older = conlist.replace("Last Updated,14/04/2025", "Last Updated,01/01/2024", 1)
    _write(tmp_path / "z-2026-01-01/ConList.csv", older)  # later path and folder: date rules
    with caplog.at_level(logging.INFO, logger="services.lists.select"):
        parsed = load_locations([str(tmp_path)])
    assert _names(parsed, tmp_path) == ["a/ConList.csv"]
    assert "z-2026-01-01/ConList.csv: superseded by" in caplog.text


def test_folder_date_then_mtime_when_undated(tmp_path: Path) -> None:
    undated = CUSTOM.replace("# list_date: 2025-10-01\n", "")
    _write(tmp_path / "2025-02-01_export/bank.csv", undated)
    _write(tmp_path / "2024-01-01/bank.csv", undated)
    assert _names(load_locations([str(tmp_path)]), tmp_path) == ["2025-02-01_export/bank.csv"]

    other = tmp_path / "mtime"
    first = _write(other / "b/bank.csv", undated)
    second = _write(other / "a/bank.csv", undated)
    os.utime(first, (1_700_000_000, 1_700_000_000))
    os.utime(second, (1_800_000_000, 1_800_000_000))
    assert _names(load_locations([str(other)]), other) == ["a/bank.csv"]


def test_different_lists_in_one_directory_all_load(tmp_path: Path) -> None:
    _write(tmp_path / "2024/bank.csv", CUSTOM)
    _write(tmp_path / "2024/partners.csv", CUSTOM.replace("B-000", "P-000"))
    shutil.copy(DATA / "ConList.csv", tmp_path / "ConList.csv")
    assert len(load_locations([str(tmp_path)])) == 3


def test_explicit_files_all_load_with_unique_ids(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    old = _write(tmp_path / "old.csv", CUSTOM.replace("2025-10-01", "2024-03-01"))
    new = _write(tmp_path / "new.csv", CUSTOM.replace("Ivan Petrov,", "Ivan PETROV Jr,"))
    with caplog.at_level(logging.INFO, logger="services.lists.select"):
        parsed = load_locations([str(old), str(new)])
    by_path = {Path(p.path).name: p for p in parsed}
    assert set(by_path) == {"old.csv", "new.csv"}
    assert len(by_path["new.csv"].entities) == 3 and by_path["old.csv"].entities == ()
    ids = [e.id for p in parsed for e in p.entities]
    assert len(ids) == len(set(ids))
    assert "old.csv: 3 entity ids also in newer lists" in caplog.text


def test_real_directory_loads_newest_copies_once(
    shared_lists: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = formats.read_sheet
    sheets: list[str] = []

    def counting(path: str, data: bytes, label: str) -> list[tuple[str | None, ...]]:
        sheets.append(path)
        return read(path, data, label)

    monkeypatch.setattr(formats, "read_sheet", counting)
    parsed = load_locations([str(shared_lists)])
    assert _names(parsed, shared_lists) == [
        "ofac/2024-05-03_sdn_only/sdn.csv",
        "ofac/2025-12-19_consolidated_non_sdn/cons_prim.csv",
        "uk_ofsi/2025-04-14/ConList.xlsx",
        "un/UN_consolidated.xml",
    ]
    assert len(sheets) == 1  # the older ConList.xlsx copies are dated from their first rows
    ids = [e.id for p in parsed for e in p.entities]
    assert len(ids) == len(set(ids))


def test_xlsx_date_read_from_the_first_rows(shared_lists: Path) -> None:
    for day in ("2023-06-05", "2025-04-10", "2025-04-14"):
        data = (shared_lists / f"uk_ofsi/{day}/ConList.xlsx").read_bytes()
        assert peek_date("uk-ofsi-xlsx", data) == day


def test_fcdo_list_as_ods(tmp_path: Path) -> None:
    with (DATA / "UK_Sanctions_List.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    (ods,) = load_locations([str(write_ods(tmp_path / "UK_Sanctions_List.ods", rows))])
    (csv_list,) = load_locations([str(DATA / "UK_Sanctions_List.csv")])
    assert (ods.source, ods.list_date) == ("uk", "2026-10-02")
    assert ods.entities == csv_list.entities


def test_ofsi_list_as_ods(tmp_path: Path) -> None:
    with (DATA / "ConList.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    (ods,) = load_locations([str(write_ods(tmp_path / "ConList.ods", rows))])
    (csv_list,) = load_locations([str(DATA / "ConList.csv")])
    assert ods.source == "uk-ofsi" and ods.entities == csv_list.entities


def test_unreadable_ods_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "UK_Sanctions_List.ods"
    path.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(formats.ListFormatError, match="ODS") as info:
        load_locations([str(path)])
    assert info.value.path == str(path)
