"""Country names and codes as lists write them, to ISO 3166-1 alpha-2.

Contract: ``country_code`` turns a country name, ISO alpha-2/alpha-3 code or demonym
("Russia", "Korea, North", "Congo (Democratic Republic)", "HRV") into an alpha-2 code, or None
when it cannot tell; Kosovo is ``XK``. ``countries_in`` finds every country of a multi-value
cell ("(1) Russia (2) Ukraine"). Names are indexed once at import; lookups are cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

from services.lists.common import LIST_SEPARATORS, split_numbered

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


@lru_cache(maxsize=16384)
def countries_in(text: str | None) -> tuple[str, ...]:
    """ISO codes of every country in a possibly numbered, comma- or semicolon-separated cell."""
    codes: list[str] = []
    for value in split_numbered(text):
        parts = [p for p in (s.strip() for s in LIST_SEPARATORS.split(value)) if p]
        part_codes = [country_code(p) for p in parts]
        if len(parts) > 1 and all(part_codes):  # "Iraq; Syria", not "Korea, North"
            found = part_codes
        else:
            found = [country_code(value) or next((c for c in part_codes if c), None)]
        codes.extend(c for c in found if c is not None and c not in codes)
    return tuple(codes)
