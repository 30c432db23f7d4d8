"""OFSI Consolidated List of Asset Freeze Targets, "2022 format" (ConList.csv / ConList.xlsx).

Layout: row 1 ``Last Updated,<dd/mm/yyyy>``; row 2 the column headers; then one row per name.
Rows sharing a ``Group ID`` are one target, id ``uk-ofsi:<Group ID>``. Columns are found by
header name (case, spaces and punctuation ignored), so extra or reordered columns are fine;
``Name 6``, ``Group Type`` and ``Group ID`` are required.

Name rows: ``Alias Type`` "Primary name" -> primary, "Primary name variation" -> variation,
"AKA"/"FKA" -> alias, or weak alias when ``Alias Quality`` is "Low quality". ``Name 6`` is the
family / entity name, ``Name 1..5`` the other parts. The non-Latin name on a row is kept as a
further name of the same kind, with its script. ``Other Information`` carries labelled fields:
the FCDO Unique ID (kept as ``source_ref``), gender, IMO number, business registration number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence

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

SOURCE = "uk-ofsi"
REQUIRED = ("name6", "grouptype", "groupid")
_SCHEMAS = {"individual": Schema.PERSON, "entity": Schema.ORGANIZATION, "ship": Schema.VESSEL}
_KINDS = {
    "primaryname": NameKind.PRIMARY,
    "primarynamevariation": NameKind.VARIATION,
    "aka": NameKind.ALIAS,
    "fka": NameKind.ALIAS,
}
_UK_REF = re.compile(r"[A-Z]{3}\d{4}")
#: Every column ``_add_details`` reads. A target's rows (one per name) mostly repeat these; a
#: row repeating the ones its target took last adds nothing and is not read again.
DETAIL_COLUMNS = (
    "dob", "nationality", "country", "countryofbirth", "passportnumber", "passportdetails",
    "nationalidentificationnumber", "nationalidentificationdetails", "regime", "listedon",
    "uksanctionslistdatedesignated", "otherinformation",
)  # fmt: skip

Cell = Callable[[str], str | None]


def parse_xlsx(path: str, data: bytes, content_hash: str) -> ParsedList:
    """Parse ``ConList.xlsx`` (first sheet, read with calamine)."""
    return parse_rows(path, read_sheet(path, data, "XLSX"), content_hash)


def parse_csv(path: str, data: bytes, content_hash: str) -> ParsedList:
    """Parse ``ConList.csv`` (UTF-8, or Windows-1252 as older exports were)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ListFormatError(
                path, f"neither UTF-8 nor Windows-1252 text (bad byte at offset {exc.start})"
            ) from exc
    try:
        rows = [tuple(clean(c) for c in row) for row in csv.reader(io.StringIO(text), strict=True)]
    except csv.Error as exc:
        raise ListFormatError(path, f"malformed CSV ({exc}); the file may be truncated") from exc
    return parse_rows(path, rows, content_hash)


def _find_header(path: str, rows: Sequence[Sequence[str | None]]) -> tuple[int, dict[str, int]]:
    for number, row in enumerate(rows[:5]):
        columns = {header_key(cell): i for i, cell in enumerate(row) if cell}
        if all(name in columns for name in REQUIRED):
            return number, columns
    raise ListFormatError(
        path, "no OFSI header row (expected columns Name 6, Group Type, Group ID in the first rows)"
    )


def _list_date(rows: Sequence[Sequence[str | None]], header_row: int) -> str | None:
    for row in rows[:header_row]:
        cells = [c for c in row if c]
        if len(cells) >= 2 and header_key(cells[0]) == "lastupdated":
            return parse_date(cells[1])
    return None


def parse_rows(path: str, rows: Sequence[Sequence[str | None]], content_hash: str) -> ParsedList:
    """Group name rows by Group ID into entities."""
    header_row, columns = _find_header(path, rows)
    width = len(rows[header_row])
    drafts: dict[str, EntityDraft] = {}
    last_details: dict[str, tuple[str | None, ...]] = {}  # per Group ID
    detail_columns = [columns[name] for name in DETAIL_COLUMNS if name in columns]
    for number, row in enumerate(rows[header_row + 1 :], start=header_row + 2):
        if not any(row):
            continue
        if len(row) < width and not any(row[len(row) :]):
            row = (*row, *([None] * (width - len(row))))

        def cell(name: str, row: Sequence[str | None] = row) -> str | None:
            index = columns.get(name)
            return row[index] if index is not None and index < len(row) else None

        group_id = cell("groupid")
        if not group_id:
            raise ListFormatError(path, f"row {number} has no Group ID; the file may be truncated")
        schema = _SCHEMAS.get(header_key(cell("grouptype")))
        if schema is None:
            raise ListFormatError(path, f"row {number}: unknown Group Type {cell('grouptype')!r}")
        draft = drafts.get(group_id)
        if draft is None:
            draft = drafts[group_id] = EntityDraft(f"{SOURCE}:{group_id}", SOURCE, schema)
        _add_names(draft, cell)
        details = tuple(row[i] if i < len(row) else None for i in detail_columns)
        if last_details.get(group_id) != details:
            last_details[group_id] = details
            _add_details(draft, cell)
    if not drafts:
        raise ListFormatError(path, "no data rows below the header")
    return ParsedList(
        SOURCE,
        path,
        tuple(d.build() for d in drafts.values()),
        content_hash,
        _list_date(rows, header_row),
    )


def _add_names(draft: EntityDraft, cell: Cell) -> None:
    """The name a row carries, and its non-Latin spelling."""
    kind = _KINDS.get(header_key(cell("aliastype")), NameKind.ALIAS)
    if kind is NameKind.ALIAS and header_key(cell("aliasquality")) == "lowquality":
        kind = NameKind.WEAK_ALIAS
    given = join_name(*(cell(f"name{i}") for i in range(1, 6)))
    family = cell("name6")
    if draft.schema is Schema.PERSON:
        draft.add_name(join_name(given, family), kind, given or None, family)
    else:
        draft.add_name(join_name(given, family), kind)
    draft.add_name(cell("namenonlatinscript"), kind)


def _add_details(draft: EntityDraft, cell: Cell) -> None:
    """Everything but the name a row carries (the ``DETAIL_COLUMNS``). Adding the same
    details twice in a row changes nothing."""
    draft.add_birth_dates(parse_dates(cell("dob")))
    draft.add_nationalities(countries_in(cell("nationality")))
    draft.add_countries(countries_in(cell("country")))
    draft.add_countries(countries_in(cell("countryofbirth")))
    _add_documents(draft, "passport", cell("passportnumber"), cell("passportdetails"))
    _add_documents(
        draft, "national_id", cell("nationalidentificationnumber"),
        cell("nationalidentificationdetails"),
    )  # fmt: skip
    draft.add_regime(cell("regime"))
    listed = parse_date(cell("listedon")) or parse_date(cell("uksanctionslistdatedesignated"))
    if listed and (draft.listed_on is None or listed < draft.listed_on):
        draft.listed_on = listed

    info = labelled_fields(cell("otherinformation"))
    if draft.source_ref is None and (ref := _UK_REF.search(info.get("uksanctionslistref", ""))):
        draft.source_ref = ref.group(0)
    draft.set_gender(info.get("gender"))
    if imo := re.search(r"\d{7}", info.get("imonumber", "")):
        draft.add_identifier("imo", imo.group(0))
    if registration := info.get("businessregno"):
        draft.add_identifier("registration", registration)


def _add_documents(draft: EntityDraft, kind: str, numbers: str | None, details: str | None) -> None:
    detail_values = split_numbered(details)
    for position, number in enumerate(split_numbered(numbers)):
        detail = detail_values[position] if position < len(detail_values) else None
        country = None
        if detail:
            country = country_code(detail.split(" number")[0].split(".")[0].split(",")[0])
        draft.add_identifier(kind, number, country)
