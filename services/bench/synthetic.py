"""Deterministic synthetic sanctions tables and query mixes built from realistic name parts.

Contract:
- ``synthetic_entities(n_names, seed)`` returns entities carrying exactly ``n_names`` names in
  total: about 70% persons (Balkan, Arabic, Slavic, Western, Asian name stock; some patronymics,
  spelling variants, Cyrillic aliases and weak aliases) and 30% organisations (words, sector,
  legal form). The same (n_names, seed) always yields the same entities.
- ``query_mix(entities, n, seed, listed_share)`` returns ``n`` labelled queries: a
  ``listed_share`` of variants of listed names (folded diacritics, spelling variants, typos,
  reordered or dropped parts, another legal form), the rest fresh names from the same stock,
  mostly not listed (a namesake now and then, as in real traffic). Queries carry no schema: a
  payment does not say whether a party is a person or a company.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from matching import Entity, Name, NameKind, Query, Schema
from services.bench.namestock import (
    CYRILLIC,
    GIVEN,
    LEGAL_FORMS,
    ORG_SECTORS,
    ORG_WORDS,
    PATRONYMIC,
    SURNAMES,
    VARIANTS,
)

TRADITIONS = tuple(GIVEN)
PERSON_SHARE = 0.7


@dataclass(frozen=True, slots=True)
class LabelledQuery:
    """A query and whether it was derived from a listed name (``listed``) or not."""

    query: Query
    listed: bool
    source_entity: str | None = None


def fold_diacritics(text: str) -> str:
    """``text`` without combining marks (what a payment system that only knows ASCII sends)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def to_cyrillic(text: str) -> str:
    """A rough Latin-to-Cyrillic rendering of a Slavic name (for script variety)."""
    out: list[str] = []
    lower = fold_diacritics(text).lower()
    i = 0
    while i < len(lower):
        for latin, cyr in CYRILLIC:
            if lower.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            out.append(lower[i])
            i += 1
    return "".join(out).title()


class NameGenerator:
    """Person and organisation names drawn from the stock with one seeded ``random.Random``."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def tradition(self) -> str:
        return self.rng.choice(TRADITIONS)

    def person_parts(self, tradition: str) -> list[str]:
        rng = self.rng
        given = rng.choice(GIVEN[tradition])
        surname = rng.choice(SURNAMES[tradition])
        roll = rng.random()
        if tradition in PATRONYMIC and roll < 0.4:
            prefix, suffix = PATRONYMIC[tradition]
            father = rng.choice(GIVEN[tradition])
            return [given, f"{prefix}{father}{suffix}", surname]
        if roll < 0.25:
            return [given, rng.choice(GIVEN[tradition]), surname]
        return [given, surname]

    def organisation(self) -> str:
        rng = self.rng
        words = [rng.choice(ORG_WORDS)]
        if rng.random() < 0.5:
            words.append(rng.choice(ORG_WORDS))
        words.append(rng.choice(ORG_SECTORS))
        if rng.random() < 0.8:
            words.append(rng.choice(LEGAL_FORMS))
        return " ".join(words)


def _person_aliases(gen: NameGenerator, tradition: str, parts: list[str]) -> list[Name]:
    rng = gen.rng
    choice = rng.random()
    if choice < 0.3:
        return [Name(" ".join(_vary_parts(rng, parts)), NameKind.ALIAS)]
    if choice < 0.5:
        return [Name(" ".join([parts[-1].upper(), *parts[:-1]]), NameKind.VARIATION)]
    if choice < 0.6 and tradition == "slavic":
        return [Name(to_cyrillic(" ".join(parts)), NameKind.VARIATION, script="Cyrl")]
    if choice < 0.7:
        return [Name(parts[0], NameKind.WEAK_ALIAS)]
    return [Name(" ".join(gen.person_parts(tradition)), NameKind.ALIAS)]


def _vary_parts(rng: random.Random, parts: list[str]) -> list[str]:
    return [rng.choice(VARIANTS[p]) if p in VARIANTS else fold_diacritics(p) for p in parts]


def synthetic_entities(n_names: int, seed: int = 1) -> list[Entity]:
    """Entities carrying exactly ``n_names`` names; deterministic for (n_names, seed)."""
    gen = NameGenerator(seed)
    rng = gen.rng
    entities: list[Entity] = []
    remaining = n_names
    while remaining > 0:
        number = len(entities) + 1
        if rng.random() < PERSON_SHARE:
            tradition = gen.tradition()
            parts = gen.person_parts(tradition)
            names = [Name(" ".join(parts), NameKind.PRIMARY)]
            while rng.random() < 0.55 and len(names) < 5:
                names.extend(_person_aliases(gen, tradition, parts))
            schema = Schema.PERSON
        else:
            primary = gen.organisation()
            names = [Name(primary, NameKind.PRIMARY)]
            while rng.random() < 0.4 and len(names) < 4:
                names.append(Name(fold_diacritics(gen.organisation()), NameKind.ALIAS))
            schema = Schema.ORGANIZATION
        names = list({n.value: n for n in reversed(names)}.values())[::-1][:remaining]
        remaining -= len(names)
        entities.append(
            Entity(f"custom:syn-{number}", "custom", schema, tuple(names), regimes=("synthetic",))
        )
    return entities


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.4:
        return word[:i] + word[i + 1 :]
    if kind < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiounrst") + word[i + 1 :]


def listed_variant(rng: random.Random, entity: Entity) -> str:
    """A spelling of one of ``entity``'s names as a payment or border system might send it."""
    usable = [n for n in entity.names if n.kind is not NameKind.WEAK_ALIAS] or list(entity.names)
    parts = rng.choice(usable).value.split()
    if not parts:
        return entity.primary_name
    roll = rng.random()
    if entity.schema is Schema.ORGANIZATION:
        core = [p for p in parts if p not in LEGAL_FORMS] or parts
        if roll < 0.4:
            parts = [*core, rng.choice(LEGAL_FORMS)]
        elif roll < 0.7:
            parts = core
        else:
            parts = [_typo(rng, p) if rng.random() < 0.3 else p for p in core]
    elif roll < 0.3:
        parts = _vary_parts(rng, parts)
    elif roll < 0.5:
        parts = [fold_diacritics(p) for p in parts]
        j = rng.randrange(len(parts))
        parts[j] = _typo(rng, parts[j])
    elif roll < 0.65 and len(parts) > 1:
        parts = [parts[-1], *parts[:-1]]
    elif roll < 0.8 and len(parts) > 2:
        parts = [parts[0], parts[-1]]
    text = " ".join(parts)
    return text.upper() if rng.random() < 0.2 else text


def query_mix(
    entities: Sequence[Entity], n: int, seed: int = 7, listed_share: float = 0.15
) -> list[LabelledQuery]:
    """``n`` queries, a ``listed_share`` of them variants of listed names; deterministic."""
    gen = NameGenerator(seed)
    rng = gen.rng
    out: list[LabelledQuery] = []
    for _ in range(n):
        if entities and rng.random() < listed_share:
            entity = rng.choice(entities)
            out.append(LabelledQuery(Query(listed_variant(rng, entity)), True, entity.id))
        elif rng.random() < PERSON_SHARE:
            out.append(LabelledQuery(Query(" ".join(gen.person_parts(gen.tradition()))), False))
        else:
            out.append(LabelledQuery(Query(gen.organisation()), False))
    return out
