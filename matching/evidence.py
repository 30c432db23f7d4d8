"""Secondary evidence: dates of birth, countries, document numbers, party kind, gender.

Contract: pure helpers on model values; every function accepts missing data (empty tuples,
None) and says "no evidence" rather than raising. Dates are ISO strings, possibly partial
("1971", "1971-05", "1971-05-14"); anything unparseable is ignored. Being pure, the ones the
scorer calls per candidate remember recent answers (a party is weighed against the same
listed entities again and again, and each of four birth-date features asks the same question).
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from matching.model import Identifier, Schema

_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_ORG_LIKE = frozenset({Schema.ORGANIZATION})


class DateVerdict(Enum):
    """How two sets of birth dates relate, strongest first."""

    EXACT = "exact"
    PARTIAL = "partial"
    YEAR_CLOSE = "year_close"
    DISJOINT = "disjoint"
    UNKNOWN = "unknown"


_REMEMBERED = 1 << 14  # answers each helper below keeps


@lru_cache(maxsize=_REMEMBERED)
def parse_date(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a possibly partial ISO date, or None."""
    found = _DATE.match(text or "")
    if not found:
        return None
    year, month, day = found.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def compare_dates(query: str | None, listed: tuple[str, ...]) -> tuple[DateVerdict, str]:
    """Best agreement between the query's birth date and any listed one, with the listed date."""
    return _compare_dates(query, tuple(listed))


@lru_cache(maxsize=_REMEMBERED)
def _compare_dates(query: str | None, listed: tuple[str, ...]) -> tuple[DateVerdict, str]:
    asked = parse_date(query) if query else None
    parsed = [(d, parse_date(d)) for d in listed]
    known = [(d, p) for d, p in parsed if p is not None]
    if asked is None or not known:
        return DateVerdict.UNKNOWN, ""
    best = (DateVerdict.DISJOINT, known[0][0])
    rank = list(DateVerdict)
    for text, date in known:
        verdict = _date_verdict(asked, date)
        if rank.index(verdict) < rank.index(best[0]):
            best = (verdict, text)
    return best


def _date_verdict(
    a: tuple[int, int | None, int | None], b: tuple[int, int | None, int | None]
) -> DateVerdict:
    if a[0] != b[0]:
        return DateVerdict.YEAR_CLOSE if abs(a[0] - b[0]) == 1 else DateVerdict.DISJOINT
    for x, y in ((a[1], b[1]), (a[2], b[2])):
        if x is None or y is None:
            return DateVerdict.PARTIAL
        if x != y:
            return DateVerdict.DISJOINT
    return DateVerdict.EXACT


@lru_cache(maxsize=_REMEMBERED)
def document_number(number: str) -> str:
    """Canonical document number: upper-case letters and digits only."""
    return _NOT_ALNUM.sub("", number.upper())


def identifiers_match(query: tuple[Identifier, ...], listed: tuple[Identifier, ...]) -> str | None:
    """The listed identifier equal to one of the query's (same number, compatible kind and
    issuing country), as a human-readable string, or None."""
    if not query or not listed:
        return None
    return _identifiers_match(tuple(query), tuple(listed))


@lru_cache(maxsize=_REMEMBERED)
def _identifiers_match(query: tuple[Identifier, ...], listed: tuple[Identifier, ...]) -> str | None:
    for asked in query:
        number = document_number(asked.number)
        if len(number) < 5:
            continue
        for known in listed:
            if document_number(known.number) != number:
                continue
            if asked.country and known.country and asked.country != known.country:
                continue
            kinds = {asked.kind, known.kind} - {"other"}
            if len(kinds) <= 1:
                return f"{known.kind} {known.number}" + (
                    f" ({known.country})" if known.country else ""
                )
    return None


def schemas_compatible(query: Schema | None, listed: Schema) -> bool:
    """A person never matches a vessel; unknown query kind matches anything."""
    if query is None or query is listed:
        return True
    return query in _ORG_LIKE and listed in _ORG_LIKE


def gender_conflict(query: str | None, listed: str | None) -> bool:
    """True when both genders are known (m/f) and differ."""
    if not query or not listed:
        return False
    a, b = query.strip().lower()[:1], listed.strip().lower()[:1]
    return a in "mf" and b in "mf" and a != b
