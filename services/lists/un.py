"""UN Security Council Consolidated List (official XML, ``consolidated.xml``).

Layout: ``<CONSOLIDATED_LIST dateGenerated=…>`` with ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY``. Ids are ``un:<REFERENCE_NUMBER>``. Primary name: FIRST_NAME..FOURTH_NAME
joined; NAME_ORIGINAL_SCRIPT is a further primary name in its own script (detected). Aliases:
QUALITY "Good" (and "a.k.a."/"f.k.a."/empty) -> alias, "Low" -> weak alias. Birth dates:
DATE, YEAR, or every year of a BETWEEN FROM_YEAR..TO_YEAR range. NATIONALITY/VALUE ->
nationalities; address and birth countries -> countries; INDIVIDUAL_DOCUMENT -> passport /
national_id / other with the issuing country. UN_LIST_TYPE is the regime.

Parsing goes through defusedxml: a document declaring entities (billion laughs, external
entities) is refused with a ListFormatError.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from matching.model import NameKind, Schema
from services.lists.common import EntityDraft, clean, join_name
from services.lists.countries import country_code
from services.lists.dates import parse_date
from services.lists.model import ListFormatError, ParsedList

SOURCE = "un"
_WEAK = {"low"}


def parse_xml(path: str, data: bytes) -> Element:
    """Parse XML bytes safely; any failure is a ListFormatError naming the problem."""
    try:
        root: Element = SafeET.fromstring(data, forbid_dtd=False)
    except DefusedXmlException as exc:
        raise ListFormatError(
            path, f"XML declares entities or external references, refused as unsafe ({exc})"
        ) from exc
    except ParseError as exc:
        raise ListFormatError(
            path, f"malformed XML ({exc}); the file may be truncated or mis-encoded"
        ) from exc
    return root


def _text(element: Element, tag: str) -> str | None:
    found = element.find(tag)
    return clean(found.text) if found is not None else None


def parse(path: str, data: bytes, content_hash: str) -> ParsedList:
    root = parse_xml(path, data)
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFormatError(path, f"root element is <{root.tag}>, not <CONSOLIDATED_LIST>")
    entities = []
    for element in root.iter():
        if element.tag == "INDIVIDUAL":
            entities.append(_parse_one(path, element, Schema.PERSON, "INDIVIDUAL").build())
        elif element.tag == "ENTITY":
            entities.append(_parse_one(path, element, Schema.ORGANIZATION, "ENTITY").build())
    if not entities:
        raise ListFormatError(path, "no INDIVIDUAL or ENTITY elements")
    return ParsedList(
        SOURCE, path, tuple(entities), content_hash, parse_date(root.get("dateGenerated"))
    )


def _parse_one(path: str, element: Element, schema: Schema, prefix: str) -> EntityDraft:
    reference = _text(element, "REFERENCE_NUMBER")
    if not reference:
        raise ListFormatError(
            path, f"{prefix} DATAID {_text(element, 'DATAID')} has no REFERENCE_NUMBER"
        )
    draft = EntityDraft(f"{SOURCE}:{reference}", SOURCE, schema, source_ref=reference)
    parts = [_text(element, tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME")]
    fourth = _text(element, "FOURTH_NAME")
    draft.add_name(join_name(*parts, fourth), NameKind.PRIMARY)
    draft.add_name(_text(element, "NAME_ORIGINAL_SCRIPT"), NameKind.PRIMARY)
    for alias in element.findall(f"{prefix}_ALIAS"):
        quality = (_text(alias, "QUALITY") or "").lower()
        kind = NameKind.WEAK_ALIAS if quality in _WEAK else NameKind.ALIAS
        draft.add_name(_text(alias, "ALIAS_NAME"), kind)
    draft.add_regime(_text(element, "UN_LIST_TYPE"))
    draft.listed_on = parse_date(_text(element, "LISTED_ON"))
    draft.set_gender(_text(element, "GENDER"))
    for value in element.findall("NATIONALITY/VALUE"):
        if code := country_code(clean(value.text)):
            draft.add_nationalities([code])
    for tag in (f"{prefix}_ADDRESS", "INDIVIDUAL_PLACE_OF_BIRTH"):
        for place in element.findall(tag):
            if code := country_code(_text(place, "COUNTRY")):
                draft.add_countries([code])
    for dob in element.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        draft.add_birth_dates(_birth_dates(dob))
    for document in element.findall("INDIVIDUAL_DOCUMENT"):
        number = _text(document, "NUMBER")
        if not number:
            continue
        label = " ".join(
            filter(
                None, (_text(document, "TYPE_OF_DOCUMENT"), _text(document, "TYPE_OF_DOCUMENT2"))
            )
        ).lower()
        doc_kind = "other"
        if "pass" in label or "pasaporte" in label:
            doc_kind = "passport"
        elif "national" in label or "identi" in label:
            doc_kind = "national_id"
        issuer = _text(document, "ISSUING_COUNTRY") or _text(document, "COUNTRY_OF_ISSUE")
        draft.add_identifier(doc_kind, number, country_code(issuer))
    return draft


def _birth_dates(dob: Element) -> list[str]:
    if date := parse_date(_text(dob, "DATE")):
        return [date]
    if year := parse_date(_text(dob, "YEAR")):
        return [year]
    first, last = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
    if first and last and first.isdigit() and last.isdigit() and 0 <= int(last) - int(first) <= 20:
        return [str(y) for y in range(int(first), int(last) + 1)]
    return []
