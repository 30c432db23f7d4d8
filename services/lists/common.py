"""Helpers every list parser shares: scripts, multi-value cells, the entity draft.

Countries are in ``services.lists.countries``, partial dates in ``services.lists.dates``.

Contract:
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

from matching.model import Entity, Identifier, Name, NameKind, Schema

_NUMBERED = re.compile(r"\(\d+\)\s*")
LIST_SEPARATORS = re.compile(r"[;,]")


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
