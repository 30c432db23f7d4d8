"""UN consolidated XML: counts, aliases by quality, original script, DOB shapes, documents."""

from __future__ import annotations

from collections import Counter

from matching.model import Identifier, NameKind, Schema
from services.lists import un
from services.lists.model import ParsedList
from tests.unit.services.lists.conftest import by_id


def test_counts(un_list: ParsedList) -> None:
    assert un_list.list_date == "2026-02-27"
    assert Counter(e.schema for e in un_list.entities) == {
        Schema.PERSON: 730, Schema.ORGANIZATION: 273,
    }  # fmt: skip
    assert len({e.id for e in un_list.entities}) == 1003


def test_aliases_by_quality_and_arabic_script(un_list: ParsedList) -> None:
    entity = by_id(un_list, "un:QDi.001")
    names = {(n.value, n.kind, n.script) for n in entity.names}
    assert ("محمد صلاح الدين عبدالحليم زيدان", NameKind.PRIMARY, "Arab") in names
    assert ("Sayf-Al Adl", NameKind.ALIAS, "Latn") in names
    assert ("Seif al Adel", NameKind.WEAK_ALIAS, "Latn") in names
    assert entity.birth_dates == ("1963-04-11", "1960-04-11")
    assert entity.nationalities == ("EG",)
    assert entity.regimes == ("Al-Qaida",)
    assert entity.listed_on == "2001-01-25"


def test_document_and_year_dob(un_list: ParsedList) -> None:
    assert Identifier("passport", "381310014") in by_id(un_list, "un:KPi.033").identifiers
    assert by_id(un_list, "un:CDi.001").birth_dates == ("1971",)


def test_between_years() -> None:
    xml = b"""<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><INDIVIDUALS><INDIVIDUAL>
      <DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME><SECOND_NAME>B</SECOND_NAME>
      <UN_LIST_TYPE>X</UN_LIST_TYPE><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1973</FROM_YEAR>
      <TO_YEAR>1975</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT>
      <NUMBER>77</NUMBER><ISSUING_COUNTRY>Kosovo</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>
    </INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"""
    (entity,) = un.parse("un.xml", xml, "h").entities
    assert entity.birth_dates == ("1973", "1974", "1975")
    assert entity.identifiers == (Identifier("national_id", "77", "XK"),)
