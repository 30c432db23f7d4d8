"""Scoring: a declared table of named, weighted features; the score is their weighted sum.

Contract:
- ``FEATURES`` is the algorithm. Each ``Feature`` turns a ``Pair`` (query, entity, and the
  name comparison already made) into a score in [0, 1] and a human-readable detail; its
  ``weight`` may be negative (evidence against). Tuning is editing this table.
- ``score_pair`` returns the clamped sum in [0, 1] and the features that fired (non-zero), in
  table order: that tuple is the explanation carried by alerts.
- A weak alias adds at most ``WEAK_ALIAS_CAP`` of its similarity, and only beyond what the
  strong names already give: it supports a match, it never makes one alone (see
  ``Pair.weak_alias_alone``; the screener caps such outcomes at review).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from matching.evidence import (
    DateVerdict,
    compare_dates,
    gender_conflict,
    identifiers_match,
    schemas_compatible,
)
from matching.model import Entity, FeatureScore, Name, Query

WEAK_ALIAS_CAP = 0.8


@dataclass(frozen=True, slots=True)
class Pair:
    """A query, a listed entity and the best name similarities found between them."""

    query: Query
    entity: Entity
    query_name: str
    strong: float
    strong_name: Name | None
    weak: float = 0.0
    weak_name: Name | None = None

    @property
    def weak_alias_alone(self) -> bool:
        return WEAK_ALIAS_CAP * self.weak > self.strong


@dataclass(frozen=True, slots=True)
class Feature:
    """A named piece of evidence: ``func(pair) -> (score, detail)``; weight sign = direction."""

    name: str
    weight: float
    func: Callable[[Pair], tuple[float, str]]


def _name_match(pair: Pair) -> tuple[float, str]:
    if pair.strong_name is None or pair.strong <= 0.0:
        return 0.0, ""
    kind = pair.strong_name.kind.value
    return pair.strong, f"{pair.query_name!r} ~ {pair.strong_name.value!r} ({kind})"


def _weak_alias(pair: Pair) -> tuple[float, str]:
    uplift = WEAK_ALIAS_CAP * pair.weak - pair.strong
    if pair.weak_name is None or uplift <= 0.0:
        return 0.0, ""
    return uplift, f"{pair.query_name!r} ~ weak alias {pair.weak_name.value!r} ({pair.weak:.2f})"


def _dob(verdicts: tuple[DateVerdict, ...], score: float) -> Callable[[Pair], tuple[float, str]]:
    def feature(pair: Pair) -> tuple[float, str]:
        verdict, listed = compare_dates(pair.query.birth_date, pair.entity.birth_dates)
        if verdict not in verdicts:
            return 0.0, ""
        return score, f"birth date {pair.query.birth_date} vs listed {listed} ({verdict.value})"

    return feature


def _countries(pair: Pair) -> tuple[frozenset[str], frozenset[str]]:
    entity = pair.entity
    return _country_sets(
        tuple(pair.query.countries), tuple(entity.nationalities), tuple(entity.countries)
    )


@lru_cache(maxsize=1 << 14)
def _country_sets(
    asked: tuple[str, ...], nationalities: tuple[str, ...], countries: tuple[str, ...]
) -> tuple[frozenset[str], frozenset[str]]:
    """The query's and the entity's countries, upper-cased (asked twice per pair)."""
    listed = {c.upper() for c in nationalities if c} | {c.upper() for c in countries if c}
    return frozenset(c.upper() for c in asked if c), frozenset(listed)


def _country_match(pair: Pair) -> tuple[float, str]:
    asked, listed = _countries(pair)
    common = asked & listed
    return (1.0, f"country {', '.join(sorted(common))} is listed") if common else (0.0, "")


def _country_mismatch(pair: Pair) -> tuple[float, str]:
    asked, listed = _countries(pair)
    if not asked or not listed or asked & listed:
        return 0.0, ""
    return 1.0, f"country {', '.join(sorted(asked))} vs listed {', '.join(sorted(listed))}"


def _identifier(pair: Pair) -> tuple[float, str]:
    found = identifiers_match(pair.query.identifiers, pair.entity.identifiers)
    return (1.0, f"document number matches listed {found}") if found else (0.0, "")


def _schema_mismatch(pair: Pair) -> tuple[float, str]:
    if schemas_compatible(pair.query.schema, pair.entity.schema):
        return 0.0, ""
    return 1.0, f"a {pair.query.schema} cannot be a listed {pair.entity.schema.value}"


def _gender_mismatch(pair: Pair) -> tuple[float, str]:
    if not gender_conflict(pair.query.gender, pair.entity.gender):
        return 0.0, ""
    return 1.0, f"gender {pair.query.gender} vs listed {pair.entity.gender}"


FEATURES: tuple[Feature, ...] = (
    Feature("name_match", 1.0, _name_match),
    Feature("weak_alias_match", 1.0, _weak_alias),
    Feature("identifier_match", 0.75, _identifier),
    Feature("dob_exact", 0.08, _dob((DateVerdict.EXACT,), 1.0)),
    Feature("dob_partial", 0.08, _dob((DateVerdict.PARTIAL,), 0.5)),
    Feature("dob_year_off_by_one", -0.03, _dob((DateVerdict.YEAR_CLOSE,), 1.0)),
    Feature("dob_disjoint", -0.15, _dob((DateVerdict.DISJOINT,), 1.0)),
    Feature("country_match", 0.04, _country_match),
    Feature("country_mismatch", -0.05, _country_mismatch),
    Feature("gender_mismatch", -0.1, _gender_mismatch),
    Feature("schema_mismatch", -1.0, _schema_mismatch),
)
# The supporting features, and the query field each needs to fire: 0 identifiers,
# 1 birth date, 2 countries.
_NEEDS = {"identifier_match": 0, "dob_exact": 1, "dob_partial": 1, "country_match": 2}
SUPPORTING = frozenset(_NEEDS)
# Most the supporting features can add to a name score, by which fields the query carries
# (a bound: exclusive ones summed too).
_LIFTS = {
    carried: sum(
        f.weight for f in FEATURES if f.name in _NEEDS and f.weight > 0 and carried[_NEEDS[f.name]]
    )
    for carried in product((False, True), repeat=3)
}
SECONDARY_LIFT = _LIFTS[True, True, True]  # with every kind of evidence


def secondary_lift(query: Query) -> float:
    """Most the supporting features can add to ``query``'s name score: the positive weights
    of those whose evidence the query carries (a query with no birth date gets no lift from
    the birth-date features)."""
    return _LIFTS[bool(query.identifiers), bool(query.birth_date), bool(query.countries)]


def score_pair(pair: Pair) -> tuple[float, tuple[FeatureScore, ...]]:
    """Weighted sum of the features, clamped to [0, 1], and the features that fired."""
    total = 0.0
    fired: list[FeatureScore] = []
    for feature in FEATURES:
        value, detail = feature.func(pair)
        if value == 0.0:
            continue
        total += feature.weight * value
        fired.append(FeatureScore(feature.name, value, feature.weight, detail))
    return min(1.0, max(0.0, total)), tuple(fired)


def supported(features: tuple[FeatureScore, ...]) -> bool:
    """True when a positive secondary feature (document, birth date, country) fired."""
    return any(f.name in SUPPORTING for f in features)
