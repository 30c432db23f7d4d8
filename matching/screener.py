"""The matching engine's public entry point: an immutable screener over a set of entities.

Contract:
- ``Screener(entities, thresholds)`` builds every index up front; afterwards it is read-only and
  safe to share between threads. Building is the expensive step, screening is cheap.
- ``screen(query)`` returns the entities scoring review or match, best first, never raises on any
  string, and is deterministic for a given (entities, thresholds, query).
- ``compare(query, candidate)`` scores one pair with the same features, for ``match-pairs``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from matching.model import Entity, Match, Outcome, Query
from matching.simple import SimpleIndex, score_entity

MATCHER_VERSION = "cordon-simple-0.1"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision bands: score >= match is a match, >= review a review, else clear."""

    match: float = 0.85
    review: float = 0.70

    def __post_init__(self) -> None:
        if not 0.0 < self.review <= self.match <= 1.0:
            raise ValueError(
                f"thresholds need 0 < review <= match <= 1, got review={self.review} "
                f"match={self.match}"
            )

    def outcome(self, score: float) -> Outcome:
        if score >= self.match:
            return Outcome.MATCH
        if score >= self.review:
            return Outcome.REVIEW
        return Outcome.CLEAR


class Screener:
    """Screens queries against a fixed set of entities."""

    def __init__(self, entities: Iterable[Entity], thresholds: Thresholds | None = None) -> None:
        self.thresholds = thresholds or Thresholds()
        self.entities: tuple[Entity, ...] = tuple(entities)
        self._index = SimpleIndex(self.entities)

    @property
    def name_count(self) -> int:
        return self._index.name_count

    def screen(self, query: Query, limit: int = 10) -> list[Match]:
        """Entities scoring at least the review threshold, best first, at most ``limit``."""
        results: list[Match] = []
        for entity in self._index.candidates(query):
            score, name, features = score_entity(query, entity)
            outcome = self.thresholds.outcome(score)
            if outcome is not Outcome.CLEAR:
                results.append(Match(entity, score, outcome, name, features))
        results.sort(key=lambda m: (-m.score, m.entity.id))
        return results[:limit]

    def compare(self, query: Query, candidate: Entity) -> float:
        """Score one (query, candidate) pair in [0, 1]."""
        return score_entity(query, candidate)[0]
