"""OFAC legacy CSV: counts on the real files, remarks parsing, companions.

SOURCES.md counts the trailing ``\\x1a`` line of the 2021 set and the consolidated files as a row
(8,977 / 11,911 / 443 / 1,074): the files hold 8,976 numeric entries with 11,910 alt rows, and
443 - 1 = 442 consolidated entries (``grep -c '^[0-9]'``). The 2024 sdn.csv count (14,965)
already excludes it. The tests assert what the files contain.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from matching.model import Identifier, NameKind, Schema
from services.lists import ofac
from services.lists.model import ParsedList
from tests.unit.services.lists.conftest import by_id


def _numeric_rows(path: Path) -> int:
    return sum(1 for line in path.read_bytes().splitlines() if line[:1].isdigit())


def test_sdn_2024_counts(ofac_2024: ParsedList, shared_lists: Path) -> None:
    assert len(ofac_2024.entities) == 14965
    assert Counter(e.schema for e in ofac_2024.entities) == {
        Schema.PERSON: 6854, Schema.VESSEL: 851, Schema.AIRCRAFT: 376, Schema.ORGANIZATION: 6884,
    }  # fmt: skip
    assert max(int(e.id.split(":")[1]) for e in ofac_2024.entities) == 48907
    assert sum(1 for e in ofac_2024.entities if any("BALKANS" in r for r in e.regimes)) == 210


def test_2021_set_counts_and_every_alt_attached(ofac_2021: ParsedList, shared_lists: Path) -> None:
    folder = shared_lists / "ofac/2021-07-07_watchman_bench"
    assert len(ofac_2021.entities) == _numeric_rows(folder / "sdn.csv") == 8976
    alt_rows = ofac.read_rows("alt.csv", (folder / "alt.csv").read_bytes(), "alt")
    assert len(alt_rows) == 11910
    names = {(e.id, n.value.replace(" ", "")) for e in ofac_2021.entities for n in e.names}
    attached = 0
    for ent_num, _, _, alt_name, _ in alt_rows:
        family, _, given = (alt_name or "").partition(",")
        if {(f"ofac:{ent_num}", (alt_name or "").replace(" ", "")),
            (f"ofac:{ent_num}", (given + family).replace(" ", ""))} & names:  # fmt: skip
            attached += 1
    assert attached == 11910


def test_consolidated_non_sdn(ofac_cons: ParsedList, shared_lists: Path) -> None:
    folder = shared_lists / "ofac/2025-12-19_consolidated_non_sdn"
    assert len(ofac_cons.entities) == _numeric_rows(folder / "cons_prim.csv") == 442
    haniya = by_id(ofac_cons, "ofac:9639")
    assert haniya.primary_name == "Ismail Abdul Salah HANIYA"
    assert haniya.birth_dates == ("1962",)


def test_remarks_dob_pob_passports_aliases(ofac_2021: ParsedList) -> None:
    zawahiri = by_id(ofac_2021, "ofac:2676")
    assert zawahiri.birth_dates == ("1951-06-19",)
    assert zawahiri.countries == ("EG",)
    assert zawahiri.identifiers == (
        Identifier("passport", "1084010", "EG"), Identifier("passport", "19820215"),
    )  # fmt: skip
    assert any(n.value == "Ayman AL-ZAWAHIRI" and n.kind is NameKind.ALIAS for n in zawahiri.names)
    bank = by_id(ofac_2021, "ofac:306")
    kinds = {n.value: n.kind for n in bank.names}
    assert kinds == {
        "BANCO NACIONAL DE CUBA": NameKind.PRIMARY,
        "BNC": NameKind.WEAK_ALIAS,
        "NATIONAL BANK OF CUBA": NameKind.ALIAS,
    }
    assert {"CH", "ES", "JP"} <= set(bank.countries)
    cifuentes = by_id(ofac_2021, "ofac:12300")  # remarks continue in sdn_comments.csv
    assert Identifier("passport", "AL720622", "CO") in cifuentes.identifiers
    assert len(cifuentes.birth_dates) == 3


def test_vessel_imo_fka_and_gender(ofac_2024: ParsedList) -> None:
    ebano = by_id(ofac_2024, "ofac:4243")
    assert ebano.schema is Schema.VESSEL
    assert Identifier("imo", "7406784") in ebano.identifiers
    assert {("ANA I", NameKind.ALIAS), ("SAND SWAN", NameKind.ALIAS)} <= {
        (n.value, n.kind) for n in ebano.names
    }
    assert by_id(ofac_2024, "ofac:2677").gender == "male"
    assert by_id(ofac_2024, "ofac:2677").nationalities == ("EG",)


def test_synthetic_row_latin1_empty_fields_and_eof() -> None:
    data = (
        b'1,"M\xdcLLER, J\xfcrgen","individual","SDGT] [IRGC",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
        b"\"DOB circa 1960; alt. DOB 1962 to 1963; nationality Germany; a.k.a. 'JM'; "
        b'National ID No. 123 (Germany); Gender Female."\r\n\x1a'
    )
    parsed = ofac.parse("sdn.csv", data, {}, "h")
    (entity,) = parsed.entities
    assert entity.primary_name == "Jürgen MÜLLER"
    assert entity.regimes == ("SDGT", "IRGC")
    assert entity.birth_dates == ("1960", "1962", "1963")
    assert entity.nationalities == ("DE",)
    assert entity.gender == "female"
    assert Identifier("national_id", "123", "DE") in entity.identifiers
    assert ("JM", NameKind.WEAK_ALIAS) in {(n.value, n.kind) for n in entity.names}
