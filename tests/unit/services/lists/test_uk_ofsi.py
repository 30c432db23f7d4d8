"""OFSI ConList (2022 format): counts on the real files (SOURCES.md), spot checks, small CSV."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from matching.model import Identifier, NameKind, Schema
from services.lists import uk_ofsi
from services.lists.loader import load_locations
from services.lists.model import ParsedList
from tests.unit.services.lists.conftest import DATA, by_id


def test_counts_2025_04_14(ofsi_2025_04_14: ParsedList) -> None:
    parsed = ofsi_2025_04_14
    assert parsed.source == "uk-ofsi"
    assert parsed.list_date == "2025-04-14"
    assert len(parsed.entities) == 4688
    assert Counter(e.schema for e in parsed.entities) == {
        Schema.PERSON: 3663, Schema.ORGANIZATION: 1010, Schema.VESSEL: 15,
    }  # fmt: skip
    regimes = Counter(r for e in parsed.entities for r in e.regimes)
    assert len(regimes) == 31
    assert regimes["Russia"] == 2181
    assert regimes["Bosnia and Herzegovina"] == 3


@pytest.mark.parametrize(("folder", "targets"), [("2025-04-10", 4686), ("2023-06-05", 3993)])
def test_counts_other_dates(shared_lists: Path, folder: str, targets: int) -> None:
    (parsed,) = load_locations([str(shared_lists / "uk_ofsi" / folder)])
    assert len(parsed.entities) == targets


def test_putin_names_scripts_dob(ofsi_2025_04_14: ParsedList) -> None:
    entity = by_id(ofsi_2025_04_14, "uk-ofsi:14196")
    assert entity.primary_name == "Vladimir Vladimirovich PUTIN"
    cyrillic = [n for n in entity.names if n.script == "Cyrl"]
    assert [n.value for n in cyrillic] == ["Владимир Владимирович Путин"]
    assert any(n.kind is NameKind.VARIATION and n.value == "Vladimir PUTIN" for n in entity.names)
    assert entity.birth_dates == ("1952-10-07",)
    assert entity.nationalities == ("RU",)
    assert entity.source_ref == "RUS0251"
    assert entity.listed_on == "2022-02-25"
    assert entity.gender == "male"


def test_ship_with_imo_and_aliases(ofsi_2025_04_14: ParsedList) -> None:
    ship = by_id(ofsi_2025_04_14, "uk-ofsi:13651")
    assert ship.schema is Schema.VESSEL
    assert ship.primary_name == "SAM JONG 2"
    assert {"AKTIVA", "PETROCHEM VALOUR"} <= {n.value for n in ship.names}
    assert Identifier("imo", "7408873") in ship.identifiers


def test_new_targets_of_14_april(ofsi_2025_04_14: ParsedList) -> None:
    majid = by_id(ofsi_2025_04_14, "uk-ofsi:16857")
    assert majid.primary_name == "Rawa MAJID"
    assert majid.birth_dates == ("1986-07-12",)
    assert majid.nationalities == ("IQ", "SE")
    assert by_id(ofsi_2025_04_14, "uk-ofsi:16856").primary_name == "FOXTROT NETWORK"


def test_small_csv_numbered_cells_and_weak_alias() -> None:
    parsed = uk_ofsi.parse_csv("ConList.csv", (DATA / "ConList.csv").read_bytes(), "h")
    assert parsed.list_date == "2025-04-14"
    person = by_id(parsed, "uk-ofsi:90001")
    assert [(n.value, n.kind) for n in person.names] == [
        ("Marko KOVAC", NameKind.PRIMARY), ("Marko KOVACH", NameKind.WEAK_ALIAS),
    ]  # fmt: skip
    assert person.birth_dates == ("1970-02-01", "1971")
    assert person.identifiers == (
        Identifier("passport", "A1234567", "BA"), Identifier("passport", "B7654321", "HR"),
    )  # fmt: skip
    assert person.source_ref == "BIH9001"
    company = by_id(parsed, "uk-ofsi:90002")
    assert company.countries == ("KP",)
    assert Identifier("registration", "55-66") in company.identifiers


def _rows(*details: tuple[str, str, str]) -> list[tuple[str | None, ...]]:
    header = ("Name 6", "Name 1", "Group Type", "Group ID", "DOB", "Other Information")
    return [header] + [
        (family, given, "Individual", "7", dob, other) for family, given, (dob, other) in
        zip(("KOVAC", "KOVACH", "KOVACS"), ("Marko", "Marco", "Mark"), details, strict=False)
    ]  # fmt: skip


def test_every_row_of_a_target_adds_its_details_whatever_repeats() -> None:
    """A target's rows are names crossed with details: each distinct detail is kept once, in
    order, and a row repeating the previous row's details still adds its name."""
    a = ("01/02/1970", "(Gender):Male")
    b = ("1971", "(Gender):Female")
    parsed = uk_ofsi.parse_rows("ConList.xlsx", _rows(a, a, b), "h")
    (person,) = parsed.entities
    assert [n.value for n in person.names] == ["Marko KOVAC", "Marco KOVACH", "Mark KOVACS"]
    assert person.birth_dates == ("1970-02-01", "1971")
    assert person.gender == "female"  # the last row's, as when every row was read
    (person,) = uk_ofsi.parse_rows("ConList.xlsx", _rows(a, b, a), "h").entities
    assert person.birth_dates == ("1970-02-01", "1971")
    assert person.gender == "male"
