"""The matching engine's public entry point: an immutable screener over a set of entities.

Contract:
- ``Screener(entities, thresholds)`` builds every index up front (names normalised, phonetic
  keys indexed, token weights computed); afterwards it is read-only and safe to share between
  threads. Building is the expensive step, screening is cheap. The index's nominations are
  remembered per normalised query text, and the names they score above a floor per query
  text, schema, floor and comparison band (``NOMINATION_CACHE`` of each, least recently used
  go). The floor is what the query's own secondary evidence leaves its name to reach.
- ``screen(query)`` returns the entities scoring review or match, best first, never raises on any
  string, and is deterministic for a given (entities, thresholds, query). A match resting on a
  weak alias alone (no document, birth date or country support) is reported as review.
- ``compare(query, candidate)`` scores one pair with the same features, for ``match-pairs``.
- ``candidates(query)`` lists the entities the index nominates (the benchmark's index recall).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from matching._compare import compare_names
from matching._kernel import worth_comparing
from matching.compare import NameForm
from matching.evidence import document_number, schemas_compatible
from matching.index import NameIndex, Nomination
from matching.model import Entity, Match, Name, NameKind, Outcome, Query, Schema
from matching.normalize import NormalizedName, normalize_name
from matching.phonetic import skeleton
from matching.score import (
    SECONDARY_LIFT,
    WEAK_ALIAS_CAP,
    Pair,
    score_pair,
    secondary_lift,
    supported,
)

MATCHER_VERSION = "cordon-2.1"
CANDIDATE_LIMIT = 128
MIN_ESTIMATE = 0.3  # index estimate of the name score below which a name is not nominated
SCORE_ESTIMATE = 0.5  # nominated names estimated below this are not compared (unless the
# text is close at the character level): the estimate is an optimistic bound of the name score,
# and a name needs about 0.58 to reach review with the strongest secondary evidence
NOMINATION_CACHE = 16_384  # normalised query texts whose nominations a screener remembers
# (a bank's counterparties repeat: about 2 KB each on the real lists, 30 MB when full)
NAME_FLOOR = 0.5  # names scoring below this are not worth the secondary features
ESTIMATE_MARGIN = 0.08  # names estimated this far below the name score a query needs (review
# minus the lift secondary evidence can give: without evidence, review itself) are not
# compared. The estimate can undershoot by more: a query carrying any evidence compares down
# to the margin under the need with every kind of evidence (about SCORE_ESTIMATE). Names
# scoring below what the query's own evidence needs are dropped (their entity's bound is under
# review): a party with only a country needs a name near review, not the 0.58 an identifier
# would allow.


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
        owners: list[int] = []
        names: list[Name] = []
        normalized: list[NormalizedName] = []
        for position, entity in enumerate(self.entities):
            for name in dict.fromkeys(entity.names):
                norm = normalize_name(name.value)
                if norm.tokens:
                    owners.append(position)
                    names.append(name)
                    normalized.append(norm)
        self._owners = owners
        self._names = names
        self._index = NameIndex(normalized, owners)
        self._cached_nominations = lru_cache(maxsize=NOMINATION_CACHE)(self._nominations)
        self._cached_name_hits = lru_cache(maxsize=NOMINATION_CACHE)(self._name_hits)
        interned: dict[NormalizedName, NameForm] = {}
        self._forms = [interned.get(n) or interned.setdefault(n, self._form(n)) for n in normalized]
        self._by_document: dict[str, list[int]] = defaultdict(list)
        for position, entity in enumerate(self.entities):
            for identifier in entity.identifiers:
                number = document_number(identifier.number)
                if len(number) >= 5:
                    self._by_document[number].append(position)

    @property
    def name_count(self) -> int:
        return len(self._names)

    def _form(self, norm: NormalizedName) -> NameForm:
        keys = tuple(skeleton(t) for t in norm.tokens)
        weights = tuple(self._index.weight(t) for t in norm.tokens)
        return NameForm(norm.tokens, keys, weights, tuple(dict.fromkeys(norm.legal)))

    def _query_names(self, query: Query) -> list[str]:
        names = [n for n in query.all_names if n and n.strip()]
        if not names and (query.first_name or query.last_name):
            names = [f"{query.first_name or ''} {query.last_name or ''}"]
        return names

    def _nominate(self, form: NameForm) -> Nomination:
        return self._cached_nominations(form.tokens, form.weights)

    def _nominations(self, tokens: tuple[str, ...], weights: tuple[float, ...]) -> Nomination:
        # shared between callers through the cache: the index hands out read-only arrays;
        # the weights are the tokens' own (``_form``), so the tokens alone decide the answer
        return self._index.candidates(tokens, CANDIDATE_LIMIT, MIN_ESTIMATE, weights)

    def candidates(self, query: Query) -> list[Entity]:
        """The entities the candidate index nominates for full scoring (for index recall)."""
        owners: dict[int, None] = {}
        for text in self._query_names(query):
            norm = normalize_name(text)
            if norm.tokens:
                for position in self._nominate(self._form(norm)).positions.tolist():
                    owners.setdefault(self._owners[position])
        return [self.entities[o] for o in owners]

    def _name_hits(
        self, text: str, schema: Schema | None, floor: float, compare_to: float
    ) -> tuple[tuple[int, float, int], ...]:
        """(owner, name similarity, name position) of every listed name the index nominates
        for ``text`` that scores at least ``floor``, of entities ``schema`` may be, in
        nomination order. Names estimated ``ESTIMATE_MARGIN`` below ``compare_to`` (and below
        ``SCORE_ESTIMATE``) are not compared, unless close at the character level."""
        compare_from = max(SCORE_ESTIMATE, compare_to - ESTIMATE_MARGIN)
        norm = normalize_name(text)
        if not norm.tokens:
            return ()
        form = self._form(norm)
        nominated = self._nominate(form)
        worth = worth_comparing(
            nominated.positions, nominated.estimates, nominated.similar, compare_from
        )
        hits: list[tuple[int, float, int]] = []
        name_sims: dict[int, float] = {}
        for position in worth:
            owner = self._owners[position]
            if not schemas_compatible(schema, self.entities[owner].schema):
                continue
            listed = self._forms[position]
            sim = name_sims.get(id(listed), -1.0)
            if sim < 0.0:
                sim = name_sims[id(listed)] = compare_names(form, listed)
            if sim >= floor:
                hits.append((owner, sim, position))
        return tuple(hits)

    def screen(self, query: Query, limit: int = 10) -> list[Match]:
        """Entities scoring at least the review threshold, best first, at most ``limit``."""
        best: dict[int, tuple[float, Name | None, float, Name | None, str]] = {}
        review = self.thresholds.review
        lift = secondary_lift(query)
        floor = max(NAME_FLOOR, review - lift - 1e-9)  # a name below this cannot reach review
        # names are compared down to the margin under what the query would need with every
        # kind of evidence, as soon as it carries any: estimates can undershoot (see above)
        compare_to = max(NAME_FLOOR, review - (SECONDARY_LIFT if lift else 0.0) - 1e-9)
        for text in self._query_names(query):
            hits = self._cached_name_hits(text, query.schema, floor, compare_to)
            for owner, sim, position in hits:
                name = self._names[position]
                strong, strong_name, weak, weak_name, said = best.get(
                    owner, (0.0, None, 0.0, None, text)
                )
                if name.kind is NameKind.WEAK_ALIAS:
                    if sim > weak:
                        weak, weak_name = sim, name
                elif sim > strong:
                    strong, strong_name, said = sim, name, text
                best[owner] = (strong, strong_name, weak, weak_name, said)
        for identifier in query.identifiers:
            for owner in self._by_document.get(document_number(identifier.number), ()):
                best.setdefault(owner, (0.0, None, 0.0, None, query.name))
        return self._best_matches(query, best, lift, limit)

    def _best_matches(
        self,
        query: Query,
        best: dict[int, tuple[float, Name | None, float, Name | None, str]],
        lift: float,
        limit: int,
    ) -> list[Match]:
        """Decide entities in order of their score's upper bound (name score plus every
        positive feature the query can fire: ``lift``), stopping once ``limit`` matches
        outrank the next bound: many namesakes of one listed name cost ``limit`` decisions, not
        one each."""
        order = sorted(
            (
                (-min(1.0, max(f[0], WEAK_ALIAS_CAP * f[2]) + lift), self.entities[o].id, o)
                for o, f in best.items()
            ),
        )
        matches: list[Match] = []
        for negative_bound, entity_id, owner in order:
            if -negative_bound < self.thresholds.review:
                break
            if len(matches) >= limit:
                matches.sort(key=lambda m: (-m.score, m.entity.id))
                del matches[limit:]
                last = matches[-1]
                if (-last.score, last.entity.id) < (negative_bound, entity_id):
                    break
            match = self._decide(query, self.entities[owner], *best[owner])
            if match is not None:
                matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.entity.id))
        return matches[:limit]

    def _decide(
        self,
        query: Query,
        entity: Entity,
        strong: float,
        strong_name: Name | None,
        weak: float,
        weak_name: Name | None,
        said: str,
    ) -> Match | None:
        pair = Pair(query, entity, said, strong, strong_name, weak, weak_name)
        score, features = score_pair(pair)
        outcome = self.thresholds.outcome(score)
        if outcome is Outcome.CLEAR:
            return None
        if outcome is Outcome.MATCH and pair.weak_alias_alone and not supported(features):
            outcome = Outcome.REVIEW
        matched = (weak_name if pair.weak_alias_alone else strong_name) or strong_name
        return Match(entity, score, outcome, matched or entity.names[0], features)

    def compare(self, query: Query, candidate: Entity) -> float:
        """Score one (query, candidate) pair in [0, 1]."""
        return self.explain(query, candidate)[0]

    def explain(self, query: Query, candidate: Entity) -> tuple[float, Match | None]:
        """Score one pair; the ``Match`` (with features) when it reaches review."""
        strong: tuple[float, Name | None, str] = (0.0, None, query.name)
        weak: tuple[float, Name | None] = (0.0, None)
        for text in self._query_names(query):
            form = self._form(normalize_name(text))
            for name in candidate.names:
                sim = compare_names(form, self._form(normalize_name(name.value)))
                if name.kind is NameKind.WEAK_ALIAS:
                    weak = max(weak, (sim, name), key=lambda w: w[0])
                elif sim > strong[0]:
                    strong = (sim, name, text)
        pair = Pair(query, candidate, strong[2], strong[0], strong[1], weak[0], weak[1])
        score, _ = score_pair(pair)
        if not candidate.names:
            return 0.0, None
        match = self._decide(query, candidate, strong[0], strong[1], weak[0], weak[1], strong[2])
        return score, match
