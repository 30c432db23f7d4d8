"""Domain types shared by the list parsers, the matcher and the pipeline.

Contract:
- Every type is a frozen, slotted dataclass: safe to share between the event loop and the
  thread that builds the next table.
- Entity ids follow DESIGN.md: ``uk:<Unique ID>``, ``uk-ofsi:<Group ID>``, ``ofac:<ent_num>``,
  ``un:<REFERENCE_NUMBER>``, ``custom:<id>``.
- Dates are ISO 8601 strings, possibly partial: ``"1971"``, ``"1971-05"``, ``"1971-05-14"``.
- Countries are ISO 3166-1 alpha-2 codes, upper case (``"XK"`` for Kosovo).
- Scores are floats in [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Schema(StrEnum):
    """The kind of listed party (FollowTheMoney names)."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    VESSEL = "Vessel"
    AIRCRAFT = "Aircraft"


class NameKind(StrEnum):
    """How a list presents a name; a weak alias never makes a match on its own."""

    PRIMARY = "primary"
    VARIATION = "variation"
    ALIAS = "alias"
    WEAK_ALIAS = "weak_alias"


class Outcome(StrEnum):
    """Decision band of a screening result, ordered clear < review < match."""

    CLEAR = "clear"
    REVIEW = "review"
    MATCH = "match"

    @property
    def rank(self) -> int:
        return _OUTCOME_RANK[self]


_OUTCOME_RANK = {Outcome.CLEAR: 0, Outcome.REVIEW: 1, Outcome.MATCH: 2}


@dataclass(frozen=True, slots=True)
class Name:
    """One name of a listed entity.

    ``value`` is the full name as the list writes it; ``given``/``family`` are filled when the
    list separates the parts (FCDO/OFSI "Name 1..6", UN FIRST_NAME..). ``script`` is an ISO
    15924 code (``Latn``, ``Cyrl``, ``Arab``, ...).
    """

    value: str
    kind: NameKind = NameKind.PRIMARY
    script: str = "Latn"
    given: str | None = None
    family: str | None = None


@dataclass(frozen=True, slots=True)
class Identifier:
    """A document or registry number: ``kind`` is ``passport``, ``national_id``, ``imo``,
    ``registration`` or ``other``; ``country`` is the issuing state when known."""

    kind: str
    number: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A normalised listed party: one designation, every name it is known by."""

    id: str
    source: str
    schema: Schema
    names: tuple[Name, ...]
    birth_dates: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    regimes: tuple[str, ...] = ()
    listed_on: str | None = None
    source_ref: str | None = None
    gender: str | None = None

    @property
    def primary_name(self) -> str:
        """The first primary name, else the first name of any kind."""
        for name in self.names:
            if name.kind is NameKind.PRIMARY:
                return name.value
        return self.names[0].value if self.names else ""


@dataclass(frozen=True, slots=True)
class Query:
    """A party to screen, as extracted from an event or given on the command line.

    ``schema`` None means the kind of party is unknown (any schema may match). ``names`` holds
    further names of the same party (aliases, other scripts); ``name`` is always screened.
    """

    name: str
    schema: Schema | None = None
    names: tuple[str, ...] = ()
    birth_date: str | None = None
    countries: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    gender: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *(n for n in self.names if n != self.name))


@dataclass(frozen=True, slots=True)
class FeatureScore:
    """One named feature's verdict on a (query, entity) pair, with a human-readable detail."""

    name: str
    score: float
    weight: float
    detail: str


@dataclass(frozen=True, slots=True)
class Match:
    """A listed entity that scored review or match against a query."""

    entity: Entity
    score: float
    outcome: Outcome
    matched_name: Name
    features: tuple[FeatureScore, ...] = field(default=())

    def explanation(self) -> list[dict[str, object]]:
        """The features as plain dicts, for alerts and JSON output."""
        return [
            {"feature": f.name, "score": round(f.score, 4), "weight": f.weight, "detail": f.detail}
            for f in self.features
        ]
