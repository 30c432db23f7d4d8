"""Candidate index over every name of every entity: fuzzy token blocking plus a character check.

Contract:
- Built once from normalised names (``NameIndex(names, owners)``, ``owners[i]`` = the entity
  position of name ``i``); read-only afterwards. Call ``set_totals`` with each name's token
  weight sum before use.
- Terms are the table's vocabulary of unique folded tokens plus every run of two or three
  adjacent tokens joined (merged/split names: Abd al-Rahman / Abdulrahman). Postings map a term
  to name positions.
- A query token (or run of joined query tokens, which meets single listed tokens only) meets
  the terms equal to it, sharing its phonetic skeleton, or within its edit budget (one edit;
  two for tokens of ``TWO_EDIT_LEN``+ letters) among single tokens, found through a
  symmetric-deletion dictionary (SymSpell: every 1-delete of each token, 2-deletes of long
  ones), verified with Levenshtein distance and scored with the scorer's ``token_similarity``
  (terms it scores 0 are dropped). A met term credits each name carrying it with
  ``similarity * query token weight`` on the query side and ``similarity * term weight`` on the
  listed side.
- ``candidates`` ranks names by an optimistic estimate of the name score from that credit and
  returns the best ``limit`` at or above ``min_estimate``, plus, whatever the limit, every name
  sharing a rare term (carried by at most ``RARE_POSTINGS`` names) and every name whose
  token-sorted text is within ``CHAR_RATIO`` (character level) of the query's: several small
  edits spread over the tokens still meet. Terms carried by more than ``common_cap`` names only
  rank, they do not nominate (unless every query term is that common: then the names sharing
  the two rarest ones).
- ``df(key)`` is the number of entities whose names carry phonetic key ``key`` (token weights).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from matching.compare import KEY_EQUAL, token_similarity
from matching.normalize import NormalizedName
from matching.phonetic import skeleton
from matching.weights import token_weight

TWO_EDIT_LEN = 8
MIN_FUZZY_LEN = 2  # shorter tokens (initials) meet only themselves
ONE_EDIT_SIM = 0.85
EXTRA_FACTOR = 0.45  # as compare.EXTRA_TOKEN_FACTOR: unmatched tokens count this much
TIE_BREAK = 0.005  # per token: among equal overlaps, shorter names rank first
RARE_POSTINGS = 12
SLACK = 0.2  # leftover credit below this is rounding from near matches, not a missing word
CHAR_RATIO = 85.0  # token-sorted character similarity (0-100) that always nominates
CHAR_POOL = 4000  # most names checked character by character per query name
IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]


def name_keys(name: NormalizedName) -> list[str]:
    """Phonetic keys of a name: token skeletons, then skeletons of adjacent joined tokens."""
    tokens = name.tokens
    keys = [skeleton(t) for t in tokens]
    keys += [skeleton(tokens[i] + tokens[i + 1]) for i in range(len(tokens) - 1)]
    return keys


def name_terms(tokens: Sequence[str]) -> list[str]:
    """Index terms of a name: its tokens, then two and three adjacent tokens joined."""
    pairs = [tokens[i] + tokens[i + 1] for i in range(len(tokens) - 1)]
    triples = [pairs[i] + tokens[i + 2] for i in range(len(tokens) - 2)]
    return [*tokens, *pairs, *triples]


def _deletions(term: str) -> set[str]:
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


def _budget(a: str, b: str) -> int:
    return 2 if min(len(a), len(b)) >= TWO_EDIT_LEN - 1 and max(len(a), len(b)) >= 8 else 1


@dataclass(frozen=True, slots=True)
class Nomination:
    """Name positions the index nominates, best first, with their optimistic estimates;
    ``similar`` marks names whose text is close to the query's at the character level."""

    positions: IntArray
    estimates: FloatArray
    similar: npt.NDArray[np.bool_]


class NameIndex:
    """Inverted index from vocabulary term to name positions, with fuzzy term lookup."""

    def __init__(self, names: Sequence[NormalizedName], owners: Sequence[int]) -> None:
        vocab: dict[str, int] = {}
        postings: list[list[int]] = []
        key_holders: dict[str, set[int]] = defaultdict(set)
        for position, (name, owner) in enumerate(zip(names, owners, strict=True)):
            for term in dict.fromkeys(name_terms(name.tokens)):
                term_id = vocab.setdefault(term, len(postings))
                if term_id == len(postings):
                    postings.append([])
                postings[term_id].append(position)
            for key in name_keys(name):
                key_holders[key].add(owner)
        self.name_count = len(names)
        self.common_cap = max(1000, self.name_count // 200)
        self._vocab = vocab
        self._terms = list(vocab)
        self._postings = [np.asarray(p, dtype=np.int32) for p in postings]
        self._df = {key: len(holders) for key, holders in key_holders.items()}
        self._term_weights = [token_weight(self.df(skeleton(t)), skeleton(t)) for t in vocab]
        by_skeleton: dict[str, list[int]] = defaultdict(list)
        deletes: dict[str, list[int]] = defaultdict(list)
        single = {t for n in names for t in n.tokens}
        self._single = [t in single for t in vocab]
        for term, term_id in vocab.items():
            by_skeleton[skeleton(term)].append(term_id)
            if len(term) <= MIN_FUZZY_LEN or term not in single:
                continue
            once = _deletions(term)
            for deleted in once:
                deletes[deleted].append(term_id)
            if len(term) >= TWO_EDIT_LEN:
                for deleted in {d for one in once for d in _deletions(one)} - once:
                    deletes[deleted].append(term_id)
        self._by_skeleton = {k: tuple(v) for k, v in by_skeleton.items()}
        self._deletes = {k: tuple(v) for k, v in deletes.items()}
        self._lengths = np.asarray([len(n.tokens) for n in names], dtype=np.float64)
        self._sorted = [" ".join(sorted(n.tokens)) for n in names]
        self._text_len = np.asarray([len(s) for s in self._sorted], dtype=np.int32)
        self._totals = np.ones(len(names), dtype=np.float64)

    def set_totals(self, totals: Sequence[float]) -> None:
        """The sum of each name's token weights (known only once every df is counted)."""
        self._totals = np.asarray(totals, dtype=np.float64)

    def df(self, key: str) -> int:
        return self._df.get(key, 0)

    def neighbours(self, token: str, singles_only: bool = False) -> dict[int, float]:
        """Vocabulary terms ``token`` meets, with their similarity to it (as the scorer's
        ``token_similarity``; terms it scores 0 are left out)."""
        found: dict[int, float] = {}
        exact = self._vocab.get(token)
        if exact is not None:
            found[exact] = 1.0
        key = skeleton(token)
        for term_id in self._by_skeleton.get(key, ()):
            found.setdefault(term_id, KEY_EQUAL)
        if len(token) >= MIN_FUZZY_LEN:
            near: set[int] = set(self._deletes.get(token, ()))
            if len(token) > MIN_FUZZY_LEN:
                once = _deletions(token)
                layers = [once]
                if len(token) >= TWO_EDIT_LEN - 1:
                    layers.append({d for one in once for d in _deletions(one)} - once)
                for layer in layers:
                    for deleted in layer:
                        shorter = self._vocab.get(deleted)
                        if shorter is not None:
                            near.add(shorter)
                        near.update(self._deletes.get(deleted, ()))
            for term_id in near - found.keys():
                term = self._terms[term_id]
                budget = _budget(token, term)
                if Levenshtein.distance(token, term, score_cutoff=budget) <= budget:
                    sim = token_similarity(token, key, term, skeleton(term))
                    if sim > 0.0:
                        found[term_id] = sim
        if singles_only:
            return {t: sim for t, sim in found.items() if self._single[t]}
        return found

    def candidates(
        self,
        tokens: Sequence[str],
        weights: Sequence[float],
        limit: int,
        min_estimate: float = 0.0,
    ) -> Nomination:
        """Names the query's tokens (with their weights) nominate; see the module contract."""
        query_total = sum(weights)
        terms = [(t, w, False) for t, w in zip(tokens, weights, strict=True)]
        for joined in name_terms(tokens)[len(tokens) :]:
            key = skeleton(joined)
            terms.append((joined, token_weight(self.df(key), key), True))
        best: dict[int, tuple[float, float]] = {}
        for token, weight, joined_query in terms:
            for term_id, sim in self.neighbours(token, joined_query).items():
                credit = (sim * weight, sim * self._term_weights[term_id])
                if sum(credit) > sum(best.get(term_id, (0.0, 0.0))):
                    best[term_id] = credit
        rare: list[tuple[IntArray, tuple[float, float]]] = []
        common: list[tuple[IntArray, tuple[float, float]]] = []
        for term_id, credit in best.items():
            plist = self._postings[term_id]
            (common if len(plist) > self.common_cap else rare).append((plist, credit))
        if not rare:
            if len(common) < 2:
                return Nomination(np.empty(0, np.int32), np.empty(0), np.empty(0, bool))
            common.sort(key=lambda c: len(c[0]))
            unique = np.intersect1d(common[0][0], common[1][0], assume_unique=True)
            (_, (q0, l0)), (_, (q1, l1)) = common[0], common[1]
            common = common[2:]
            asked: FloatArray = np.full(len(unique), q0 + q1)
            listed: FloatArray = np.full(len(unique), l0 + l1)
            forced = np.zeros(len(unique), dtype=bool)
        else:
            ids = np.concatenate([p for p, _ in rare])
            sizes = [len(p) for p, _ in rare]
            unique, inverse = np.unique(ids, return_inverse=True)
            asked_by = np.repeat(np.asarray([c[0] for _, c in rare]), sizes)
            listed_by = np.repeat(np.asarray([c[1] for _, c in rare]), sizes)
            asked = np.bincount(inverse, weights=asked_by).astype(np.float64)
            listed = np.bincount(inverse, weights=listed_by).astype(np.float64)
            forced = np.zeros(len(unique), dtype=bool)
            for plist, credit in rare:
                if len(plist) <= RARE_POSTINGS and sum(credit) >= ONE_EDIT_SIM:
                    forced[np.searchsorted(unique, plist)] = True
        for plist, (q_credit, l_credit) in common:
            at = np.minimum(np.searchsorted(plist, unique), len(plist) - 1)
            hit = plist[at] == unique
            asked = asked + hit * q_credit
            listed = listed + hit * l_credit
        estimate = self._estimate(unique, asked, listed, query_total)
        similar = self._similar_text(tokens, unique, estimate)
        forced |= similar
        keep = np.flatnonzero(estimate >= min_estimate)
        if len(keep) > limit:
            keep = keep[np.argpartition(-estimate[keep], limit)[:limit]]
        chosen = np.union1d(keep, np.flatnonzero(forced))
        order = chosen[np.lexsort((unique[chosen], -estimate[chosen]))]
        return Nomination(unique[order], estimate[order], similar[order])

    def _estimate(
        self, unique: IntArray, asked: FloatArray, listed: FloatArray, query_total: float
    ) -> FloatArray:
        """Optimistic name score from the credit on each side: leftovers on one side only
        (missing middle names) count ``EXTRA_FACTOR`` of their weight, on both sides fully."""
        totals = self._totals[unique]
        asked = np.minimum(asked, query_total)
        listed = np.minimum(listed, totals)
        left_q = query_total - asked
        left_l = totals - listed
        both = (left_q > SLACK) & (left_l > SLACK)
        extra = (left_q + left_l) * np.where(both, 1.0, EXTRA_FACTOR)
        shared = asked + listed
        estimate: FloatArray = shared / (shared + extra + 1e-9)
        return estimate - TIE_BREAK * self._lengths[unique]

    def _similar_text(
        self, tokens: Sequence[str], unique: IntArray, estimate: FloatArray
    ) -> npt.NDArray[np.bool_]:
        """Names whose token-sorted text is within ``CHAR_RATIO`` of the query's."""
        text = " ".join(sorted(tokens))
        size = len(text)
        lengths = self._text_len[unique]
        bound = 200.0 * np.minimum(lengths, size) / (lengths + size)
        pool = np.flatnonzero(bound >= CHAR_RATIO)
        if len(pool) > CHAR_POOL:
            pool = pool[np.argpartition(-estimate[pool], CHAR_POOL)[:CHAR_POOL]]
        similar = np.zeros(len(unique), dtype=bool)
        names = self._sorted
        for at, position in zip(pool.tolist(), unique[pool].tolist(), strict=True):
            if fuzz.ratio(text, names[position], score_cutoff=CHAR_RATIO):
                similar[at] = True
        return similar
