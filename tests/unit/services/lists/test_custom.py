"""The documented custom CSV / JSON format for a bank's own list."""

from __future__ import annotations

import pytest

from matching.model import Identifier, NameKind, Schema
from services.lists import custom
from services.lists.model import ListFormatError
from tests.unit.services.lists.conftest import DATA, by_id


def test_csv() -> None:
    parsed = custom.parse_csv("c.csv", (DATA / "custom_list.csv").read_bytes(), "h")
    assert parsed.source == "custom"
    assert parsed.list_date == "2025-10-01"
    assert len(parsed.entities) == 3
    ivan = by_id(parsed, "custom:B-0001")
    assert [(n.value, n.kind, n.script) for n in ivan.names] == [
        ("Ivan Petrov", NameKind.PRIMARY, "Latn"),
        ("Ivan PETROFF", NameKind.ALIAS, "Latn"),
        ("Иван Петров", NameKind.ALIAS, "Cyrl"),
        ("Vanya", NameKind.WEAK_ALIAS, "Latn"),
    ]
    assert ivan.birth_dates == ("1970-03",)
    assert ivan.identifiers == (Identifier("passport", "4509123456", "RU"),)
    company = by_id(parsed, "custom:B-0002")  # two rows merged
    assert company.schema is Schema.ORGANIZATION
    assert {n.value for n in company.names} == {
        "Blue Harbour Trading LLC", "Blue Harbor Trading", "BHT Dubai",
    }  # fmt: skip
    assert by_id(parsed, "custom:B-0003").identifiers == (Identifier("imo", "9123456"),)


def test_json() -> None:
    parsed = custom.parse_json("c.json", (DATA / "custom_list.json").read_bytes(), "h")
    ivan = by_id(parsed, "custom:B-0001")
    assert ("Иван Петров", NameKind.VARIATION, "Cyrl") in {
        (n.value, n.kind, n.script) for n in ivan.names
    }
    assert ivan.nationalities == ("RU",)
    assert by_id(parsed, "custom:B-0002").schema is Schema.ORGANIZATION


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"id,name\n1,X\n", r"lacks column\(s\) schema"),
        (b"id,schema,name\n1,Spaceship,X\n", "unknown schema"),
        (b"id,schema,name\n1,Person,\n", "has no name"),
    ],
)
def test_csv_errors(data: bytes, problem: str) -> None:
    with pytest.raises(ListFormatError, match=problem):
        custom.parse_csv("bank.csv", data, "h")


def test_json_errors() -> None:
    with pytest.raises(ListFormatError, match="invalid JSON"):
        custom.parse_json("bank.json", b'{"entities": [', "h")
    with pytest.raises(ListFormatError, match='"entities" array'):
        custom.parse_json("bank.json", b"[]", "h")
