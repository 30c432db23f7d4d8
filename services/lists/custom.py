"""A bank's own list: Cordon's documented custom CSV / JSON format (see CUSTOM_FORMAT.md).

CSV (UTF-8, comma-separated, a header row; leading ``#`` lines are comments, and
``# list_date: 2025-10-01`` dates the list). Columns, by name, in any order:

=================  ========  ===================================================================
column             required  meaning
=================  ========  ===================================================================
id                 yes       the bank's id; the entity id is ``custom:<id>``
schema             yes       Person, Organization (or Company, LegalEntity), Vessel, Aircraft
name               yes       the primary name
aliases            no        further names, ``|``-separated
weak_aliases       no        nicknames / generic names that must never match alone, ``|``-sep.
birth_dates        no        ISO dates, partial allowed (``1971``, ``1971-05``), ``|``-separated
nationalities      no        ISO alpha-2/alpha-3 codes or English names, ``|``-separated
countries          no        idem, for addresses / registration
passports          no        ``NUMBER`` or ``NUMBER:CC`` (issuing country), ``|``-separated
national_ids       no        idem
imo                no        IMO numbers, ``|``-separated
regimes            no        ``|``-separated
listed_on          no        ISO date
gender             no        male / female
=================  ========  ===================================================================

Rows sharing an ``id`` are one entity (their names and fields are merged), so a name per row
works too. JSON: ``{"list_date": "…", "entities": [{…}]}`` where each entity has the same keys,
with lists instead of ``|``-separated strings, and optionally ``names``: a list of
``{"value", "kind" (primary/variation/alias/weak_alias), "script"?}`` objects, and
``identifiers``: a list of ``{"kind", "number", "country"?}`` objects.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import orjson

from matching.model import NameKind, Schema
from services.lists.common import EntityDraft, clean, header_key
from services.lists.countries import country_code
from services.lists.dates import parse_date
from services.lists.model import ListFormatError, ParsedList

SOURCE = "custom"
REQUIRED = ("id", "schema", "name")
_SCHEMAS = {
    "person": Schema.PERSON,
    "individual": Schema.PERSON,
    "organization": Schema.ORGANIZATION,
    "organisation": Schema.ORGANIZATION,
    "company": Schema.ORGANIZATION,
    "legalentity": Schema.ORGANIZATION,
    "entity": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "ship": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}


def _column(header: str) -> str:
    """``Birth Dates`` / ``birth-dates`` -> ``birth_dates``."""
    return re.sub(r"[^a-z0-9]+", "_", header.strip().casefold()).strip("_")


def _schema(path: str, where: str, value: object) -> Schema:
    schema = _SCHEMAS.get(header_key(value))
    if schema is None:
        raise ListFormatError(path, f"{where}: unknown schema {value!r}")
    return schema


def _values(value: object) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split("|")
    return [text for text in (clean(v) for v in items) if text]


def _fill(draft: EntityDraft, record: dict[str, Any]) -> None:
    draft.add_name(clean(record.get("name")), NameKind.PRIMARY)
    for alias in _values(record.get("aliases")):
        draft.add_name(alias, NameKind.ALIAS)
    for alias in _values(record.get("weak_aliases")):
        draft.add_name(alias, NameKind.WEAK_ALIAS)
    for name in record.get("names") or []:
        if isinstance(name, dict):
            name_kind = NameKind(name.get("kind", "primary"))
            draft.add_name(clean(name.get("value")), name_kind, script=clean(name.get("script")))
    draft.add_birth_dates([d for d in map(parse_date, _values(record.get("birth_dates"))) if d])
    draft.add_nationalities(
        [c for c in map(country_code, _values(record.get("nationalities"))) if c]
    )
    draft.add_countries([c for c in map(country_code, _values(record.get("countries"))) if c])
    for kind, column in (("passport", "passports"), ("national_id", "national_ids")):
        for value in _values(record.get(column)):
            number, _, issuer = value.partition(":")
            draft.add_identifier(kind, number, country_code(issuer))
    for value in _values(record.get("imo")):
        draft.add_identifier("imo", value)
    for identifier in record.get("identifiers") or []:
        if isinstance(identifier, dict):
            draft.add_identifier(
                str(identifier.get("kind", "other")),
                clean(identifier.get("number")),
                country_code(clean(identifier.get("country"))),
            )
    for regime in _values(record.get("regimes")):
        draft.add_regime(regime)
    draft.listed_on = draft.listed_on or parse_date(clean(record.get("listed_on")))
    draft.set_gender(clean(record.get("gender")))


def _merge(path: str, records: list[tuple[str, dict[str, Any]]]) -> list[EntityDraft]:
    drafts: dict[str, EntityDraft] = {}
    for where, record in records:
        entity_id = clean(record.get("id"))
        if not entity_id:
            raise ListFormatError(path, f"{where}: no id")
        draft = drafts.get(entity_id)
        if draft is None:
            schema = _schema(path, where, record.get("schema"))
            draft = drafts[entity_id] = EntityDraft(
                f"{SOURCE}:{entity_id}", SOURCE, schema, source_ref=entity_id
            )
        _fill(draft, record)
        if not draft.names:
            raise ListFormatError(path, f"{where}: entity {entity_id} has no name")
    if not drafts:
        raise ListFormatError(path, "no entities")
    return list(drafts.values())


def parse_csv(path: str, data: bytes, content_hash: str) -> ParsedList:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ListFormatError(path, f"not UTF-8 text (bad byte at offset {exc.start})") from exc
    lines = text.splitlines(keepends=True)
    list_date = None
    start = 0
    while start < len(lines) and lines[start].lstrip().startswith("#"):
        key, _, value = lines[start].lstrip("# ").partition(":")
        if header_key(key) == "listdate":
            list_date = parse_date(value)
        start += 1
    try:
        reader = csv.DictReader(io.StringIO("".join(lines[start:])), strict=True)
        header = {_column(f) for f in reader.fieldnames or []}
        if missing := [c for c in REQUIRED if c not in header]:
            raise ListFormatError(path, f"custom list header lacks column(s) {', '.join(missing)}")
        records = [
            (
                f"line {number}",
                {_column(k): v for k, v in row.items() if k is not None},
            )
            for number, row in enumerate(reader, start=start + 2)
        ]
    except csv.Error as exc:
        raise ListFormatError(path, f"malformed CSV ({exc}); the file may be truncated") from exc
    entities = tuple(d.build() for d in _merge(path, records))
    return ParsedList(SOURCE, path, entities, content_hash, list_date)


def parse_json(path: str, data: bytes, content_hash: str) -> ParsedList:
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ListFormatError(path, f"invalid JSON ({exc}); the file may be truncated") from exc
    if not isinstance(document, dict) or not isinstance(document.get("entities"), list):
        raise ListFormatError(path, 'custom JSON list needs an object with an "entities" array')
    records = [
        (f"entities[{i}]", record)
        for i, record in enumerate(document["entities"])
        if isinstance(record, dict)
    ]
    if len(records) != len(document["entities"]):
        raise ListFormatError(path, "every item of entities must be an object")
    try:
        entities = tuple(d.build() for d in _merge(path, records))
    except ValueError as exc:
        raise ListFormatError(path, f"invalid value ({exc})") from exc
    list_date = parse_date(clean(document.get("list_date")))
    return ParsedList(SOURCE, path, entities, content_hash, list_date)
