"""FCDO UK Sanctions List (``UK_Sanctions_List.csv``, ``.xml``, ``.ods``): the UK source from 2026.

CSV: line 1 is a report-date line (``Report Date: 02-Oct-2026``), line 2 the header, then one row
per name; rows sharing a ``Unique ID`` are one designation, id ``uk:<Unique ID>``. ODS: the same
rows in the first sheet of a spreadsheet (read with calamine). XML: one
element per designation carrying the same fields as child elements (names as ``Name`` elements
with ``Name1``..``Name6``, ``NameType``, ``AliasStrength``).

Columns/elements are found by name with case, spaces and punctuation ignored, and a few known
spellings per field (``Nationality(/ies)``, ``D.O.B``, ``Regime Name``…); extra or missing
optional columns are fine, ``Unique ID`` and ``Name 6`` are required. ``Name type``: "Primary
Name" -> primary, "Primary Name Variation" -> variation, "Alias" -> alias, or weak alias when
``Alias strength`` is "Low quality". ``Designation Type``: Individual / Entity / Ship.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from matching.model import NameKind, Schema
from services.lists.common import (
    EntityDraft,
    clean,
    header_key,
    join_name,
    labelled_fields,
    split_numbered,
)
from services.lists.countries import countries_in, country_code
from services.lists.dates import parse_date, parse_dates
from services.lists.model import ListFormatError, ParsedList
from services.lists.sheets import read_sheet
from services.lists.un import parse_xml

SOURCE = "uk"
FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("uniqueid",),
    "group": ("ofsigroupid",),
    "un_ref": ("unreferencenumber",),
    "name_type": ("nametype",),
    "strength": ("aliasstrength", "aliasquality"),
    "non_latin": ("namenonlatinscript", "nonlatinname"),
    "regime": ("regimename", "regime"),
    "type": ("designationtype", "individualentityship", "entitytype", "grouptype"),
    "dob": ("dob", "dateofbirth", "dobs"),
    "nationality": ("nationalityies", "nationality", "nationalities"),
    "birth_country": ("countryofbirth",),
    "country": ("addresscountry", "country"),
    "passport": ("passportnumber",),
    "national_id": ("nationalidentifiernumber", "nationalidentificationnumber"),
    "designated": ("datedesignated", "dateofdesignation", "designationdate"),
    "gender": ("gender",),
    "imo": ("imonumber", "shipimonumber"),
}
_KEY_TO_FIELD = {key: name for name, keys in FIELDS.items() for key in keys}
_SCHEMAS = {"individual": Schema.PERSON, "entity": Schema.ORGANIZATION, "ship": Schema.VESSEL}
_KINDS = {
    "primaryname": NameKind.PRIMARY,
    "primarynamevariation": NameKind.VARIATION,
    "alias": NameKind.ALIAS,
    "aka": NameKind.ALIAS,
    "fka": NameKind.ALIAS,
}
_REPORT_DATE = re.compile(r"(\d{1,2})[- /]([A-Za-z]{3})[A-Za-z]*[- /](\d{4})")


@dataclass
class _NameRow:
    parts: list[str | None]
    kind: NameKind
    non_latin: str | None = None


@dataclass
class _Designation:
    unique_id: str
    names: list[_NameRow] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, value: str | None) -> None:
        if value and value not in (bucket := self.values.setdefault(name, [])):
            bucket.append(value)

    def first(self, name: str) -> str | None:
        return next(iter(self.values.get(name, [])), None)


def _kind(name_type: str | None, strength: str | None) -> NameKind:
    kind = _KINDS.get(header_key(name_type), NameKind.ALIAS)
    if kind is NameKind.ALIAS and header_key(strength) == "lowquality":
        return NameKind.WEAK_ALIAS
    return kind


def _report_date(line: str) -> str | None:
    if match := _REPORT_DATE.search(line):
        return parse_date(f"{match[1]} {match[2]} {match[3]}")
    return parse_date(line.split(":", 1)[-1].split()[0]) if ":" in line else None


def parse_csv(path: str, data: bytes, content_hash: str) -> ParsedList:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ListFormatError(path, f"not UTF-8 text (bad byte at offset {exc.start})") from exc
    try:
        rows = list(csv.reader(io.StringIO(text), strict=True))
    except csv.Error as exc:
        raise ListFormatError(path, f"malformed CSV ({exc}); the file may be truncated") from exc
    return parse_rows(path, rows, content_hash)


def parse_ods(path: str, data: bytes, content_hash: str) -> ParsedList:
    """``UK_Sanctions_List.ods``: the CSV's rows in a spreadsheet (first sheet)."""
    return parse_rows(path, read_sheet(path, data, "ODS"), content_hash)


def parse_rows(path: str, rows: Sequence[Sequence[str | None]], content_hash: str) -> ParsedList:
    """Group the rows below the header by Unique ID into designations."""
    header_at = next(
        (
            i
            for i, row in enumerate(rows[:5])
            if {"uniqueid", "name6"} <= {header_key(c) for c in row}
        ),
        None,
    )
    if header_at is None:
        raise ListFormatError(
            path, "no UK Sanctions List header row (expected Unique ID and Name 6 columns)"
        )
    list_date = next(
        (_report_date(r[0]) for r in rows[:header_at] if r and r[0] and "date" in r[0].lower()),
        None,
    )
    header = [header_key(c) for c in rows[header_at]]
    while header and not header[-1]:
        header.pop()
    designations: dict[str, _Designation] = {}
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(c and c.strip() for c in row):
            continue
        if len(row) > len(header) and any(row[len(header) :]):
            raise ListFormatError(path, f"line {number} has more fields than the header")
        cells = {key: clean(value) for key, value in zip(header, row, strict=False)}
        unique_id = cells.get("uniqueid")
        if not unique_id:
            raise ListFormatError(
                path, f"line {number} has no Unique ID; the file may be truncated"
            )
        designation = designations.setdefault(unique_id, _Designation(unique_id))
        _add_cells(designation, cells)
    return _finish(path, designations.values(), content_hash, list_date)


def _add_cells(designation: _Designation, cells: dict[str, str | None]) -> None:
    parts = [cells.get(f"name{i}") for i in range(1, 7)]
    if any(parts) or cells.get("namenonlatinscript"):
        kind = _kind(_get(cells, "name_type"), _get(cells, "strength"))
        designation.names.append(_NameRow(parts, kind, _get(cells, "non_latin")))
    for key, value in cells.items():
        if (name := _KEY_TO_FIELD.get(key)) and name not in ("name_type", "strength", "non_latin"):
            designation.add(name, value)
        elif key.startswith("otherinformation") and value:
            designation.add("other", value)


def _get(cells: dict[str, str | None], name: str) -> str | None:
    return next((cells[k] for k in FIELDS[name] if cells.get(k)), None)


def parse_xml_list(path: str, data: bytes, content_hash: str) -> ParsedList:
    root = parse_xml(path, data)
    designations: dict[str, _Designation] = {}
    for element in root.iter():
        children = {header_key(child.tag): child for child in element}
        if "uniqueid" not in children:
            continue
        unique_id = clean(children["uniqueid"].text)
        if not unique_id:
            raise ListFormatError(path, f"a <{element.tag}> element has an empty UniqueID")
        designation = designations.setdefault(unique_id, _Designation(unique_id))
        _add_element(designation, element)
    if not designations:
        raise ListFormatError(path, "no designation elements (with a UniqueID) in the XML")
    list_date = None
    for key in ("dateGenerated", "ReportDate", "reportDate"):
        list_date = list_date or parse_date(root.get(key))
    for child in root:
        if header_key(child.tag) in {"reportdate", "dategenerated", "publicationdate"}:
            list_date = list_date or parse_date(clean(child.text)) or _report_date(child.text or "")
    return _finish(path, designations.values(), content_hash, list_date)


def _add_element(designation: _Designation, element: Element) -> None:
    for node in element.iter():
        children = {header_key(child.tag): clean(child.text) for child in node}
        if any(f"name{i}" in children for i in range(1, 7)):
            parts = [children.get(f"name{i}") for i in range(1, 7)]
            kind = _kind(_get(children, "name_type"), _get(children, "strength"))
            designation.names.append(_NameRow(parts, kind, _get(children, "non_latin")))
            continue
        key = header_key(node.tag)
        if len(node) or node is element:
            continue
        value = clean(node.text)
        if key in ("namenonlatinscript", "nonlatinname") and value:
            designation.names.append(_NameRow([None] * 6, NameKind.VARIATION, value))
        elif (name := _KEY_TO_FIELD.get(key)) and name not in ("name_type", "strength"):
            designation.add(name, value)
        elif key.startswith("otherinformation") and value:
            designation.add("other", value)


def _finish(
    path: str, designations: Iterable[_Designation], content_hash: str, list_date: str | None
) -> ParsedList:
    entities = []
    for designation in designations:
        type_key = header_key(designation.first("type"))
        schema = _SCHEMAS.get(type_key)
        if schema is None:
            raise ListFormatError(
                path,
                f"designation {designation.unique_id}: unknown Designation Type "
                f"{designation.first('type')!r}",
            )
        entities.append(_build(designation, schema).build())
    if not entities:
        raise ListFormatError(path, "no designations below the header")
    return ParsedList(SOURCE, path, tuple(entities), content_hash, list_date)


def _build(designation: _Designation, schema: Schema) -> EntityDraft:
    draft = EntityDraft(f"{SOURCE}:{designation.unique_id}", SOURCE, schema)
    draft.source_ref = designation.first("group") or designation.first("un_ref")
    for row in designation.names:
        given, family = join_name(*row.parts[:5]), row.parts[5]
        if schema is Schema.PERSON:
            draft.add_name(join_name(given, family), row.kind, given or None, family)
        else:
            draft.add_name(join_name(given, family), row.kind)
        draft.add_name(row.non_latin, row.kind)
    values = designation.values
    for value in values.get("dob", []):
        draft.add_birth_dates(parse_dates(value))
    for value in values.get("nationality", []):
        draft.add_nationalities(countries_in(value))
    for name in ("country", "birth_country"):
        for value in values.get(name, []):
            draft.add_countries(countries_in(value))
    for name, kind in (("passport", "passport"), ("national_id", "national_id")):
        for value in values.get(name, []):
            for number in split_numbered(value):
                document, _, issuer = number.partition("(")
                draft.add_identifier(kind, document.strip(), country_code(issuer.rstrip(")")))
    for value in values.get("imo", []):
        if imo := re.search(r"\d{7}", value):
            draft.add_identifier("imo", imo.group(0))
    for value in values.get("regime", []):
        draft.add_regime(value)
    dates = sorted(d for d in map(parse_date, values.get("designated", [])) if d)
    draft.listed_on = dates[0] if dates else None
    draft.set_gender(designation.first("gender"))
    for other in values.get("other", []):
        labelled = labelled_fields(other)
        if draft.gender is None:
            draft.set_gender(labelled.get("gender"))
        if imo := re.search(r"\d{7}", labelled.get("imonumber", "")):
            draft.add_identifier("imo", imo.group(0))
    return draft
