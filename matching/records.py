"""Queries and entities from loose JSON-like records (the CLI's and match-pairs' input).

Contract: ``query_from_record`` and ``entity_from_record`` accept the FollowTheMoney-style keys
of DESIGN.md (``name``, ``names``, ``schema``, ``birth_date``, ``country``, ``nationality``,
``gender``, ``first_name``, ``middle_name``, ``last_name``, ``father_name``, plus
``passport``/``identifiers``); values may be strings or lists of strings; unknown keys and
malformed values are ignored, never raised on. Countries become ISO alpha-2 where recognisable.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import pycountry

from matching.model import Entity, Identifier, Name, NameKind, Query, Schema

_SCHEMAS = {
    "person": Schema.PERSON,
    "company": Schema.ORGANIZATION,
    "organization": Schema.ORGANIZATION,
    "organisation": Schema.ORGANIZATION,
    "entity": Schema.ORGANIZATION,
    "publicbody": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "ship": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
    "airplane": Schema.AIRCRAFT,
}


def schema_of(value: object) -> Schema | None:
    """Schema from a FollowTheMoney name; None for unknown or LegalEntity/Thing (any kind)."""
    return _SCHEMAS.get(str(value).strip().lower()) if isinstance(value, str) else None


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


@lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """ISO alpha-2 code for an alpha-2/alpha-3 code or a country name, else None."""
    value = text.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    try:
        found = pycountry.countries.lookup(value)
    except LookupError:
        return "XK" if value.upper() in {"XKX", "RKS", "KOSOVO"} else None
    return str(found.alpha_2)


def _countries(record: Mapping[str, Any]) -> tuple[str, ...]:
    found = [
        country_code(v)
        for key in ("country", "countries", "nationality", "nationalities", "citizenship")
        for v in _strings(record.get(key))
    ]
    return tuple(dict.fromkeys(c for c in found if c))


def _identifiers(record: Mapping[str, Any]) -> tuple[Identifier, ...]:
    found = [
        Identifier(kind, n)
        for kind in ("passport", "national_id", "imo")
        for n in _strings(record.get(kind) or record.get(f"{kind}_number"))
    ]
    found += [Identifier("other", n) for n in _strings(record.get("identifiers"))]
    return tuple(found)


def _all_names(record: Mapping[str, Any]) -> list[str]:
    names = _strings(record.get("name")) + _strings(record.get("names"))
    parts = [
        p
        for key in ("first_name", "middle_name", "father_name", "last_name")
        for p in _strings(record.get(key))[:1]
    ]
    if parts:
        names.append(" ".join(parts))
    return list(dict.fromkeys(n.strip() for n in names))


def query_from_record(record: Mapping[str, Any]) -> Query:
    """A ``Query`` from a record; the first name given is the screened name."""
    names = _all_names(record)
    dates = _strings(record.get("birth_date")) or _strings(record.get("birthDate"))
    gender = _strings(record.get("gender"))
    return Query(
        name=names[0] if names else "",
        schema=schema_of(record.get("schema")),
        names=tuple(names[1:]),
        birth_date=dates[0] if dates else None,
        countries=_countries(record),
        identifiers=_identifiers(record),
        gender=gender[0] if gender else None,
    )


def entity_from_record(
    record: Mapping[str, Any], entity_id: str = "pair:candidate", default: Schema = Schema.PERSON
) -> Entity:
    """An ``Entity`` from a record; an absent or unknown schema becomes ``default``."""
    names = _all_names(record)
    kinds = [NameKind.PRIMARY] + [NameKind.ALIAS] * (len(names) - 1)
    schema = schema_of(record.get("schema")) or default
    gender = _strings(record.get("gender"))
    return Entity(
        id=entity_id,
        source="pair",
        schema=schema,
        names=tuple(Name(n, k) for n, k in zip(names, kinds, strict=True)),
        birth_dates=tuple(_strings(record.get("birth_date")) or _strings(record.get("birthDate"))),
        nationalities=_countries(record),
        identifiers=_identifiers(record),
        gender=gender[0] if gender else None,
    )
