"""Detection, directory loading, OFAC grouping, and rejection of bad files with clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from services.lists.loader import load_locations
from services.lists.model import ListFormatError
from tests.unit.services.lists.conftest import DATA

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol9;</FIRST_NAME></INDIVIDUAL>
</INDIVIDUALS></CONSOLIDATED_LIST>"""


def test_directory_reads_every_recognised_file(tmp_path: Path) -> None:
    for name in ("UK_Sanctions_List.csv", "ConList.csv", "custom_list.json"):
        shutil.copy(DATA / name, tmp_path / name)
    (tmp_path / "nested").mkdir()
    shutil.copy(DATA / "UK_Sanctions_List.xml", tmp_path / "nested" / "UK_Sanctions_List.xml")
    (tmp_path / "README.md").write_text("not a list")
    (tmp_path / ".hidden.csv").write_text("junk")
    parsed = load_locations([str(tmp_path)])
    # the FCDO CSV and XML are two copies of one list, of the same date: the later path wins
    assert sorted((p.source, Path(p.path).name) for p in parsed) == [
        ("custom", "custom_list.json"),
        ("uk", "UK_Sanctions_List.xml"),
        ("uk-ofsi", "ConList.csv"),
    ]


def test_ofac_companions_grouped_with_sdn(shared_lists: Path) -> None:
    folder = shared_lists / "ofac/2025-12-19_consolidated_non_sdn"
    (parsed,) = load_locations([str(folder / "cons_prim.csv")])
    assert parsed.source == "ofac"
    assert sum(len(e.names) for e in parsed.entities) > len(parsed.entities)  # cons_alt joined


def _reject(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ListFormatError, match=problem) as info:
        load_locations([str(path)])
    assert info.value.path.endswith(name)
    assert name in str(info.value)


def test_billion_laughs_refused(tmp_path: Path) -> None:
    _reject(tmp_path, "consolidated.xml", BILLION_LAUGHS, "declares entities")


def test_truncated_xml(tmp_path: Path, shared_lists: Path) -> None:
    data = (shared_lists / "un/UN_consolidated.xml").read_bytes()[:50_000]
    _reject(tmp_path, "consolidated.xml", data, "malformed XML.*truncated")


def test_truncated_ofac_csv(tmp_path: Path, shared_lists: Path) -> None:
    data = (shared_lists / "ofac/2024-05-03_sdn_only/sdn.csv").read_bytes()[:10_007]
    _reject(tmp_path, "sdn.csv", data, "truncated")


def test_truncated_xlsx(tmp_path: Path, shared_lists: Path) -> None:
    data = (shared_lists / "uk_ofsi/2025-04-14/ConList.xlsx").read_bytes()[:100_000]
    _reject(tmp_path, "ConList.xlsx", data, "XLSX")


def test_truncated_uk_csv(tmp_path: Path) -> None:
    data = (DATA / "UK_Sanctions_List.csv").read_bytes()
    _reject(tmp_path, "UK_Sanctions_List.csv", data[: data.index(b"RUS9001,99001,,PETYA") + 3],
            "no Unique ID|Designation Type|truncated")  # fmt: skip


def test_mis_encoded_uk_csv(tmp_path: Path) -> None:
    data = (DATA / "UK_Sanctions_List.csv").read_text("utf-8").encode("utf-16")
    _reject(tmp_path, "UK_Sanctions_List.csv", data, "not UTF-8")


def test_mis_encoded_un_xml(tmp_path: Path) -> None:
    data = b'<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST><A>\xff\xfe</A>'
    _reject(tmp_path, "consolidated.xml", data, "malformed XML")


def test_header_less_ofsi_csv(tmp_path: Path) -> None:
    rows = (DATA / "ConList.csv").read_bytes().split(b"\n", 2)[2]
    _reject(tmp_path, "ConList.csv", rows, "no OFSI header row")


def test_header_less_uk_csv(tmp_path: Path) -> None:
    rows = (DATA / "UK_Sanctions_List.csv").read_bytes().split(b"\n", 2)[2]
    _reject(tmp_path, "UK_Sanctions_List.csv", rows, "no UK Sanctions List header row")


def test_unrecognised_explicit_file(tmp_path: Path) -> None:
    _reject(tmp_path, "notes.txt", b"hello, world\n", "not a recognised sanctions list format")


def test_missing_location(tmp_path: Path) -> None:
    from services.lists.sources import SourceError

    with pytest.raises(SourceError, match="no such file"):
        load_locations([str(tmp_path / "absent.csv")])
