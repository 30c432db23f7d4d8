"""A labelled development set generated deterministically from listed entities.

Contract: ``generate(entities, seed, per_category)`` returns ``Case``s: positives (a variant of a
listed name, labelled with its entity id) in the categories of issue 4 (diacritics dropped,
other transliteration, typo, order swap, middle name dropped, initials, legal-form change,
script change), and negatives labelled None (ordinary names, near-misses of listed names,
generic company names). A negative is dropped when one listed name carries all its tokens (it
would not be a clear negative). Near-misses are real negatives: a listed given name with a
surname that is none of the entity's words, or a company name with its most distinctive word
replaced. Same inputs and seed,
same cases, in the same order.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matching import Entity, NameKind, Schema
from matching.normalize import LEGAL_MARK, normalize_name
from services.evaluation import variants

POSITIVE = (
    "diacritics",
    "transliteration",
    "typo",
    "order_swap",
    "middle_dropped",
    "initials",
    "legal_form",
    "script_cyrillic",
    "script_listed",
)
NEGATIVE = ("ordinary_name", "near_miss", "generic_company")


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled query: ``expected`` is the entity id it must hit, None for a negative."""

    category: str
    name: str
    schema: Schema | None
    expected: str | None
    source_name: str = ""


Maker = Callable[[random.Random, str], str | None]

_MAKERS: dict[str, tuple[Maker, frozenset[Schema]]] = {
    "diacritics": (variants.drop_diacritics, frozenset(Schema)),
    "transliteration": (variants.transliterate, frozenset({Schema.PERSON})),
    "typo": (variants.typo, frozenset(Schema)),
    "order_swap": (variants.swap_order, frozenset({Schema.PERSON})),
    "middle_dropped": (variants.drop_middle, frozenset({Schema.PERSON})),
    "initials": (variants.initial, frozenset({Schema.PERSON})),
    "legal_form": (variants.change_legal_form, frozenset({Schema.ORGANIZATION})),
    "script_cyrillic": (variants.to_cyrillic, frozenset({Schema.PERSON})),
}


def _latin(text: str) -> bool:
    return (
        all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in text)
        and text.strip() != ""
    )


def generate(
    entities: Sequence[Entity], seed: int = 20251023, per_category: int = 150
) -> list[Case]:
    """The development set for ``entities`` (see the module contract)."""
    rnd = random.Random(seed)
    listed = [frozenset(normalize_name(n.value).tokens) for e in entities for n in e.names]
    holders: dict[str, set[int]] = {}
    for position, tokens in enumerate(listed):
        for token in tokens:
            holders.setdefault(token, set()).add(position)
    counts = {token: len(names) for token, names in holders.items()}
    strong = [e for e in entities if any(n.kind is not NameKind.WEAK_ALIAS for n in e.names)]
    cases: list[Case] = []
    for category in POSITIVE:
        cases += _positives(rnd, strong, category, per_category)
    makers: dict[str, Callable[[random.Random, Sequence[Entity]], tuple[str, Schema | None]]] = {
        "ordinary_name": lambda r, _: (variants.ordinary_name(r), Schema.PERSON),
        "near_miss": lambda r, e: variants.near_miss(r, e, counts),
        "generic_company": lambda r, _: (variants.generic_company(r), Schema.ORGANIZATION),
    }
    for category in NEGATIVE:
        made = 0
        for _ in range(per_category * 20):
            if made >= per_category:
                break
            name, schema = makers[category](rnd, strong)
            tokens = frozenset(normalize_name(name).tokens)
            if not tokens or _within_listed(tokens, holders):
                continue
            cases.append(Case(category, name, schema, None))
            made += 1
    return cases


def _within_listed(tokens: frozenset[str], holders: dict[str, set[int]]) -> bool:
    """True when one listed name carries every token: such a query is not a clear negative
    ("Carlos Lopez" against "Carlos Antonio LOPEZ OSPINA" deserves a review)."""
    common: set[int] | None = None
    for token in sorted(tokens, key=lambda t: len(holders.get(t, ()))):
        found = holders.get(token)
        if not found:
            return False
        common = set(found) if common is None else common & found
        if not common:
            return False
    return True


def _positives(
    rnd: random.Random, entities: Sequence[Entity], category: str, quota: int
) -> list[Case]:
    found: list[Case] = []
    order = list(range(len(entities)))
    rnd.shuffle(order)
    for position in order:
        if len(found) >= quota:
            break
        entity = entities[position]
        names = [n.value for n in entity.names if n.kind is not NameKind.WEAK_ALIAS]
        if category == "script_listed":
            other = [n for n in names if not _latin(n) and any(c.isalpha() for c in n)]
            if other:
                found.append(Case(category, rnd.choice(other), None, entity.id, other[0]))
            continue
        maker, schemas = _MAKERS[category]
        if entity.schema not in schemas:
            continue
        latin = [n for n in names if _latin(n)]
        if not latin:
            continue
        source = rnd.choice(latin)
        if category == "legal_form" and not any(
            t.startswith(LEGAL_MARK) for t in normalize_name(source).legal
        ):
            source = f"{source} {rnd.choice(variants.LEGAL_SUFFIXES)}"
        varied = maker(rnd, source)
        if varied and varied != source:
            schema = entity.schema if rnd.random() < 0.5 else None
            found.append(Case(category, varied, schema, entity.id, source))
    return found
