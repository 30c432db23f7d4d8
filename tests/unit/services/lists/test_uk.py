"""FCDO UK Sanctions List (CSV and XML) on small files written in its published structure."""

from __future__ import annotations

from matching.model import Identifier, NameKind, Schema
from services.lists import uk
from services.lists.model import ParsedList
from tests.unit.services.lists.conftest import DATA, by_id


def _csv(name: str = "UK_Sanctions_List.csv") -> ParsedList:
    return uk.parse_csv(name, (DATA / name).read_bytes(), "h")


def test_csv_person_all_name_kinds_scripts_and_details() -> None:
    parsed = _csv()
    assert parsed.source == "uk"
    assert parsed.list_date == "2026-10-02"
    person = by_id(parsed, "uk:RUS9001")
    assert person.schema is Schema.PERSON
    assert [(n.value, n.kind, n.script) for n in person.names] == [
        ("Pyotr Sergeyevich IVANOV", NameKind.PRIMARY, "Latn"),
        ("Иванов Пётр Сергеевич", NameKind.PRIMARY, "Cyrl"),
        ("Petr IVANOFF", NameKind.VARIATION, "Latn"),
        ("PETYA", NameKind.WEAK_ALIAS, "Latn"),
        ("Pyotr PETROV", NameKind.ALIAS, "Latn"),
    ]
    assert person.names[0].given == "Pyotr Sergeyevich"
    assert person.names[0].family == "IVANOV"
    assert person.birth_dates == ("1971-05-14", "1972")
    assert person.nationalities == ("RU",)
    assert person.identifiers == (
        Identifier("passport", "720000001", "RU"),
        Identifier("passport", "530000002"),
        Identifier("national_id", "1234567890"),
    )
    assert person.regimes == ("Russia",)
    assert person.listed_on == "2022-03-15"
    assert person.gender == "male"
    assert person.source_ref == "99001"


def test_csv_entity_and_ship() -> None:
    parsed = _csv()
    company = by_id(parsed, "uk:CYB9002")
    assert company.schema is Schema.ORGANIZATION
    assert company.countries == ("AE",)
    assert ("TSG", NameKind.WEAK_ALIAS) in {(n.value, n.kind) for n in company.names}
    ship = by_id(parsed, "uk:DPR9003")
    assert ship.schema is Schema.VESSEL
    assert ship.identifiers == (Identifier("imo", "9876543"),)
    assert ship.countries == ("KP",)


def test_csv_reordered_and_missing_optional_columns() -> None:
    (entity,) = _csv("UK_Sanctions_List_min.csv").entities
    assert entity.id == "uk:GIM9001"
    assert entity.primary_name == "Nusret SEFEROVIĆ"
    assert entity.regimes == ("Global Irregular Migration and Trafficking in Persons",)


def test_xml_same_fields() -> None:
    name = "UK_Sanctions_List.xml"
    parsed = uk.parse_xml_list(name, (DATA / name).read_bytes(), "h")
    assert parsed.list_date == "2026-10-02"
    person = by_id(parsed, "uk:RUS9001")
    assert {(n.value, n.kind, n.script) for n in person.names} == {
        ("Pyotr Sergeyevich IVANOV", NameKind.PRIMARY, "Latn"),
        ("PETYA", NameKind.WEAK_ALIAS, "Latn"),
        ("Иванов Пётр Сергеевич", NameKind.VARIATION, "Cyrl"),
    }
    assert person.birth_dates == ("1971-05-14",)
    assert person.nationalities == ("RU",)
    assert person.identifiers == (Identifier("passport", "720000001"),)
    assert person.gender == "male"
    assert person.listed_on == "2022-03-15"
    company = by_id(parsed, "uk:CYB9002")
    assert company.schema is Schema.ORGANIZATION
    assert company.countries == ("AE",)
