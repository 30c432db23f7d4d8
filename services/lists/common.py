"""Helpers every list parser shares: countries, partial dates, scripts, multi-value cells.

Contract:
- ``country_code`` turns a country name, ISO alpha-2/alpha-3 code or demonym as lists write it
  ("Russia", "Korea, North", "Congo (Democratic Republic)", "HRV") into an ISO 3166-1 alpha-2
  code, or None when it cannot tell. Kosovo is ``XK``.
- ``parse_date`` turns the date shapes lists use ("14/04/2025", "00/00/1961", "10 Dec 1948",
  "circa 1955", "1971-05-14") into an ISO partial date ("1961", "1948-12-10"), or None.
- ``script_of`` is the ISO 15924 code of the letters' majority script.
- ``EntityDraft`` gathers one designation's fields across rows, de-duplicating in order.
- Cell-level helpers are cached (list rows repeat the same cells on every alias row) and so
  return immutable values; country names are indexed once at import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

import pycountry

from matching.model import Entity, Identifier, Name, NameKind, Schema

_COUNTRY_ALIASES = {
    "kosovo": "XK",
    "russia": "RU",
    "russian": "RU",
    "russian federation": "RU",
    "iran": "IR",
    "iranian": "IR",
    "iran islamic republic of": "IR",
    "syria": "SY",
    "syrian": "SY",
    "korea north": "KP",
    "north korea": "KP",
    "dprk": "KP",
    "democratic peoples republic of korea": "KP",
    "korea south": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "congo democratic republic": "CD",
    "democratic republic of the congo": "CD",
    "congo democratic republic of the": "CD",
    "drc": "CD",
    "congo republic": "CG",
    "congo republic of the": "CG",
    "tanzania": "TZ",
    "united republic of tanzania": "TZ",
    "palestinian": "PS",
    "palestine": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "the gambia": "GM",
    "gambia": "GM",
    "guinea bissau": "GW",
    "bosnia herzegovina": "BA",
    "bosnia and herzegovina": "BA",
    "moldova": "MD",
    "repubic of moldova": "MD",
    "moldovan": "MD",
    "belrus": "BY",
    "burma": "MM",
    "laos": "LA",
    "vietnam": "VN",
    "venezuela": "VE",
    "bolivia": "BO",
    "turkey": "TR",
    "turkiye": "TR",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "united kingdom": "GB",
    "british": "GB",
    "usa": "US",
    "united states": "US",
    "german": "DE",
    "cote divoire": "CI",
    "ivory coast": "CI",
    "czech republic": "CZ",
    "macedonia": "MK",
    "north macedonia": "MK",
    "taiwan": "TW",
    "micronesia": "FM",
    "vatican": "VA",
    "brunei": "BN",
    "cape verde": "CV",
    "swaziland": "SZ",
    "region crimea": "UA",
    "crimea": "UA",
    "uae": "AE",
}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = folded.replace("'", "").replace("’", "")
    return " ".join(_NON_ALNUM.sub(" ", folded).split())


def _country_index() -> tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]:
    """Built once at import (pycountry's own lookups scan every record on each call):
    alpha-2/alpha-3 codes, country names (short, official, common) and, for the substring
    fallback, those names plus subdivision names, each with its country's alpha-2 code."""
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    for country in pycountry.countries:
        alpha_2 = str(country.alpha_2)
        codes[alpha_2.lower()] = alpha_2
        codes[str(country.alpha_3).lower()] = alpha_2
        for attr in ("name", "official_name", "common_name"):
            if value := getattr(country, attr, None):
                names.setdefault(_key(str(value)), alpha_2)
    partial = list(names.items())
    subdivisions: dict[str, set[str]] = {}
    for subdivision in pycountry.subdivisions:
        key = _key(str(subdivision.name))
        if key:
            subdivisions.setdefault(key, set()).add(str(subdivision.country_code))
    partial += [(key, next(iter(found))) for key, found in subdivisions.items() if len(found) == 1]
    return codes, names, partial


_CODES, _NAMES, _PARTIAL = _country_index()
_PARTIAL_TEXT = "\n".join(name for name, _ in _PARTIAL)  # one C-level search rules out most


@lru_cache(maxsize=8192)
def country_code(text: str | None) -> str | None:
    """ISO alpha-2 code of a country as a list writes it, or None.

    Tried in order: known spellings (``_COUNTRY_ALIASES``), an alpha-2/alpha-3 code, an exact
    country name; then the one country whose name (or one of whose subdivisions' names)
    contains the text, as pycountry's fuzzy search would find it. None when several countries
    could be meant."""
    if not text:
        return None
    key = _key(text)
    if not key:
        return None
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    if len(key) in (2, 3) and key in _CODES:
        return _CODES[key]
    if key in _NAMES:
        return _NAMES[key]
    if len(key) < 4 or key not in _PARTIAL_TEXT:
        return None
    found = {code for name, code in _PARTIAL if key in name}
    return found.pop() if len(found) == 1 else None


_NUMBERED = re.compile(r"\(\d+\)\s*")
_LIST_SEPARATORS = re.compile(r"[;,]")


@lru_cache(maxsize=16384)
def split_numbered(text: str | None) -> tuple[str, ...]:
    """Split a cell like ``(1) A-333602 (2) M110522`` into its values; a plain cell is one."""
    if not text or not text.strip():
        return ()
    if "(" not in text:
        value = text.strip().rstrip(",;").strip()
        return (value,) if value and value != "-" else ()
    parts = _NUMBERED.split(text)
    values = [p.strip().rstrip(",;").strip() for p in parts]
    return tuple(v for v in values if v and v != "-")


@lru_cache(maxsize=16384)
def countries_in(text: str | None) -> tuple[str, ...]:
    """ISO codes of every country in a possibly numbered, comma- or semicolon-separated cell."""
    codes: list[str] = []
    for value in split_numbered(text):
        code = country_code(value)
        if code is None:
            code = next((c for c in map(country_code, _LIST_SEPARATORS.split(value)) if c), None)
        if code is not None and code not in codes:
            codes.append(code)
    return tuple(codes)


_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T.*)?$")
_TEXT_DATE = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_APPROX = re.compile(r"^(circa|approximately|approx\.?|about|c\.)\s+", re.I)
_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:to|-|–)\s*(\d{4})$")


def _iso(year: int, month: int = 0, day: int = 0) -> str | None:
    if not 1800 <= year <= 2100:
        return None
    if not month or not 1 <= month <= 12:
        return f"{year:04d}"
    if not day or not 1 <= day <= 31:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


@lru_cache(maxsize=16384)
def parse_date(text: str | None) -> str | None:
    """ISO partial date of one date as lists write it, or None when it is not a date."""
    if not text:
        return None
    value = text.strip().rstrip(".").strip()
    value = _APPROX.sub("", value)
    if match := _DMY.match(value):
        return _iso(int(match[3]), int(match[2]), int(match[1]))
    if match := _MY.match(value):
        return _iso(int(match[2]), int(match[1]))
    if match := _ISO.match(value):
        return _iso(int(match[1]), int(match[2] or 0), int(match[3] or 0))
    if match := _TEXT_DATE.match(value):
        month = _MONTHS.get(match[2].lower())
        return _iso(int(match[3]), month or 0, int(match[1] or 0)) if month else None
    return None


@lru_cache(maxsize=16384)
def parse_dates(text: str | None) -> tuple[str, ...]:
    """Every date in a cell: numbered values, "1962 to 1963" ranges (each year), or one date."""
    dates: list[str] = []
    for value in split_numbered(text):
        if range_match := _YEAR_RANGE.match(value.strip()):
            first, last = int(range_match[1]), int(range_match[2])
            years = [str(y) for y in range(first, last + 1)] if 0 <= last - first <= 20 else []
            dates.extend(y for y in years if y not in dates)
            continue
        parsed = parse_date(value)
        if parsed and parsed not in dates:
            dates.append(parsed)
    return tuple(dates)


_SCRIPT_PREFIXES = (
    ("LATIN", "Latn"),
    ("CYRILLIC", "Cyrl"),
    ("ARABIC", "Arab"),
    ("CJK", "Hani"),
    ("HANGUL", "Hang"),
    ("HIRAGANA", "Jpan"),
    ("KATAKANA", "Jpan"),
    ("HEBREW", "Hebr"),
    ("GEORGIAN", "Geor"),
    ("GREEK", "Grek"),
    ("ARMENIAN", "Armn"),
    ("THAI", "Thai"),
    ("DEVANAGARI", "Deva"),
    ("ETHIOPIC", "Ethi"),
    ("MYANMAR", "Mymr"),
    ("KHMER", "Khmr"),
    ("BENGALI", "Beng"),
    ("TAMIL", "Taml"),
)


@lru_cache(maxsize=65536)
def _char_script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    for prefix, code in _SCRIPT_PREFIXES:
        if name.startswith(prefix):
            return code
    return None


def script_of(text: str) -> str:
    """ISO 15924 code of the script most letters of ``text`` are written in (default Latn)."""
    if text.isascii():
        return "Latn"
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha() and (code := _char_script(char)) is not None:
            counts[code] = counts.get(code, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else "Latn"


def clean(value: object) -> str | None:
    """A cell as a stripped string, or None when it is empty."""
    if value is None or value == "":
        return None
    return " ".join((value if type(value) is str else str(value)).split()) or None


def join_name(*parts: str | None) -> str:
    return " ".join(p for p in (clean(x) for x in parts) if p)


_KIND_RANK = {NameKind.PRIMARY: 0, NameKind.VARIATION: 1, NameKind.ALIAS: 2, NameKind.WEAK_ALIAS: 3}


def _add(items: list[str], value: str | None) -> None:
    if value and value not in items:
        items.append(value)


@dataclass
class EntityDraft:
    """One designation's fields, gathered row by row; ``build`` freezes it into an Entity."""

    id: str
    source: str
    schema: Schema
    names: list[Name] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    regimes: list[str] = field(default_factory=list)
    listed_on: str | None = None
    source_ref: str | None = None
    gender: str | None = None

    def add_name(
        self,
        value: str | None,
        kind: NameKind,
        given: str | None = None,
        family: str | None = None,
        script: str | None = None,
    ) -> None:
        text = clean(value)
        if not text:
            return
        name = Name(text, kind, script or script_of(text), clean(given), clean(family))
        for position, existing in enumerate(self.names):
            if existing.value == text:
                if _KIND_RANK[kind] < _KIND_RANK[existing.kind]:
                    self.names[position] = name
                return
        self.names.append(name)

    def add_birth_dates(self, dates: Iterable[str]) -> None:
        for date in dates:
            _add(self.birth_dates, date)

    def add_nationalities(self, codes: Iterable[str]) -> None:
        for code in codes:
            _add(self.nationalities, code)

    def add_countries(self, codes: Iterable[str]) -> None:
        for code in codes:
            _add(self.countries, code)

    def add_identifier(self, kind: str, number: str | None, country: str | None = None) -> None:
        value = clean(number)
        if not value or value in {"-", "N/A", "n/a"}:
            return
        identifier = Identifier(kind, value, country)
        if all((i.kind, i.number) != (kind, value) for i in self.identifiers):
            self.identifiers.append(identifier)

    def add_regime(self, regime: str | None) -> None:
        _add(self.regimes, clean(regime))

    def set_gender(self, text: str | None) -> None:
        value = (clean(text) or "").lower()
        if value in {"male", "m"}:
            self.gender = "male"
        elif value in {"female", "f"}:
            self.gender = "female"

    def build(self) -> Entity:
        primary = [n for n in self.names if n.kind is NameKind.PRIMARY]
        others = [n for n in self.names if n.kind is not NameKind.PRIMARY]
        return Entity(
            id=self.id,
            source=self.source,
            schema=self.schema,
            names=(*primary, *others),
            birth_dates=tuple(self.birth_dates),
            nationalities=tuple(self.nationalities),
            countries=tuple(self.countries),
            identifiers=tuple(self.identifiers),
            regimes=tuple(self.regimes),
            listed_on=self.listed_on,
            source_ref=self.source_ref,
            gender=self.gender,
        )


_NOT_KEY = re.compile(r"[^a-z0-9]")


def header_key(text: object) -> str:
    """A column header reduced to lower-case letters and digits ("D.O.B" -> "dob")."""
    if isinstance(text, str):
        return _header_key(text)
    return _NOT_KEY.sub("", str(text or "").casefold())


@lru_cache(maxsize=4096)
def _header_key(text: str) -> str:
    return _NOT_KEY.sub("", text.casefold())


_NO_FIELDS: Mapping[str, str] = MappingProxyType({})
_LABELLED = re.compile(r"\(([A-Za-z][A-Za-z /]{1,40})\)\s*:\s*")


@lru_cache(maxsize=16384)
def labelled_fields(text: str | None) -> Mapping[str, str]:
    """``(Gender):Male (IMO number):7408873`` -> {"gender": "Male", "imonumber": "7408873"}."""
    if not text:
        return _NO_FIELDS
    parts = _LABELLED.split(text)
    fields: dict[str, str] = {}
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        fields.setdefault(header_key(label), value.strip().rstrip("."))
    return MappingProxyType(fields)
