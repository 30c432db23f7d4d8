"""Candidate index over every name of every entity: phonetic keys with a one-edit neighbourhood.

Contract:
- Built once from normalised names (``NameIndex(names, owners)``, ``owners[i]`` = the entity
  position of name ``i``); read-only afterwards.
- Keys are the phonetic skeletons of each token and of each pair of adjacent tokens joined
  (merged/split names). Lookup finds keys equal to a query key or within one insertion,
  deletion or substitution of it (a symmetric-deletion dictionary, as in SymSpell), so typos
  and transliteration residue still meet.
- ``candidates(keys, weights, limit)`` returns name positions ranked by the summed weight of the
  query keys they share; keys carried by more than ``common_cap`` names only rank, they do not
  nominate (unless every query key is that common: then names sharing the two rarest keys).
- ``df(key)`` is the number of entities whose names carry ``key`` (token weights come from it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from matching.normalize import NormalizedName
from matching.phonetic import skeleton

MIN_DELETE_LEN = 4
NEIGHBOUR_SHARE = 0.6  # a one-edit key match counts this much of an exact one
EXTRA_FACTOR = 0.45  # as compare.EXTRA_TOKEN_FACTOR: unmatched tokens count this much
TIE_BREAK = 0.01  # per token: among equal overlaps, shorter names rank first
IntArray = npt.NDArray[np.int32]


def name_keys(name: NormalizedName) -> list[str]:
    """Index keys of a name: token skeletons, then skeletons of adjacent joined tokens."""
    tokens = name.tokens
    keys = [skeleton(t) for t in tokens]
    keys += [skeleton(tokens[i] + tokens[i + 1]) for i in range(len(tokens) - 1)]
    return keys


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


class NameIndex:
    """Inverted index from phonetic key to name positions, with one-edit key lookup."""

    def __init__(self, names: Sequence[NormalizedName], owners: Sequence[int]) -> None:
        """Index ``names``; call ``set_totals`` with each name's token weight sum before use."""
        postings: dict[str, list[int]] = defaultdict(list)
        holders: dict[str, set[int]] = defaultdict(set)
        for position, (name, owner) in enumerate(zip(names, owners, strict=True)):
            for key in dict.fromkeys(name_keys(name)):
                postings[key].append(position)
                holders[key].add(owner)
        self.name_count = len(names)
        self._lengths = np.asarray([len(n.tokens) for n in names], dtype=np.float64)
        self._totals = np.ones(len(names), dtype=np.float64)
        self.common_cap = max(1000, self.name_count // 200)
        self._keys: dict[str, int] = {}
        self._postings: list[IntArray] = []
        self._df: list[int] = []
        for key, plist in postings.items():
            self._keys[key] = len(self._postings)
            self._postings.append(np.asarray(plist, dtype=np.int32))
            self._df.append(len(holders[key]))
        deletes: dict[str, list[int]] = defaultdict(list)
        for key, key_id in self._keys.items():
            if len(key) >= MIN_DELETE_LEN:
                for deleted in _deletions(key):
                    deletes[deleted].append(key_id)
        self._deletes = {k: tuple(v) for k, v in deletes.items()}

    def set_totals(self, totals: Sequence[float]) -> None:
        """The sum of each name's token weights (known only once every df is counted)."""
        self._totals = np.asarray(totals, dtype=np.float64)

    def df(self, key: str) -> int:
        key_id = self._keys.get(key)
        return 0 if key_id is None else self._df[key_id]

    def neighbours(self, key: str) -> set[int]:
        """Ids of indexed keys equal to ``key`` or one edit away from it."""
        found: set[int] = set()
        exact = self._keys.get(key)
        if exact is not None:
            found.add(exact)
        if len(key) < MIN_DELETE_LEN:
            return found
        found.update(self._deletes.get(key, ()))
        for deleted in _deletions(key):
            key_id = self._keys.get(deleted)
            if key_id is not None:
                found.add(key_id)
            found.update(self._deletes.get(deleted, ()))
        return found

    def candidates(
        self,
        keys: Sequence[str],
        weights: Sequence[float],
        limit: int,
        query_total: float,
        min_estimate: float = 0.0,
    ) -> list[int]:
        """Name positions sharing query keys, best first, at most ``limit``.

        Ranking uses an optimistic estimate of the name score: the shared key weight as if
        every shared key were an exact token match (``query_total`` is the sum of the query's
        token weights); names estimated below ``min_estimate`` are left out."""
        rare: list[tuple[IntArray, float]] = []
        common: list[tuple[int, IntArray, float]] = []
        seen: set[int] = set()
        for key, weight in zip(keys, weights, strict=True):
            exact = self._keys.get(key)
            for key_id in self.neighbours(key):
                if key_id in seen:
                    continue
                seen.add(key_id)
                plist = self._postings[key_id]
                share = weight if key_id == exact else weight * NEIGHBOUR_SHARE
                if len(plist) > self.common_cap:
                    common.append((len(plist), plist, share))
                else:
                    rare.append((plist, share))
        if not rare:
            if len(common) < 2:
                return []
            common.sort(key=lambda c: c[0])
            both = np.intersect1d(common[0][1], common[1][1], assume_unique=True)
            both_shared = np.full(len(both), common[0][2] + common[1][2])
            return self._best(both, both_shared, query_total, min_estimate, limit)
        ids = np.concatenate([p for p, _ in rare])
        scores = np.repeat(
            np.asarray([w for _, w in rare], dtype=np.float64), [len(p) for p, _ in rare]
        )
        unique, inverse = np.unique(ids, return_inverse=True)
        shared: npt.NDArray[np.float64] = np.bincount(inverse, weights=scores).astype(np.float64)
        for _, plist, weight in common:
            shared = shared + np.isin(unique, plist, assume_unique=True).astype(np.float64) * weight
        return self._best(unique, shared, query_total, min_estimate, limit)

    def _best(
        self,
        unique: IntArray,
        shared: npt.NDArray[np.float64],
        query_total: float,
        min_estimate: float,
        limit: int,
    ) -> list[int]:
        """Rank by an optimistic estimate of the name score from the shared key weight."""
        shared = np.minimum(shared, query_total)
        extra = np.maximum(0.0, query_total + self._totals[unique] - 2.0 * shared)
        estimate = 2.0 * shared / (2.0 * shared + EXTRA_FACTOR * extra + 1e-9)
        estimate -= TIE_BREAK * self._lengths[unique]
        top = np.flatnonzero(estimate >= min_estimate)
        if len(top) > limit:
            top = top[np.argpartition(-estimate[top], limit)[:limit]]
        order = top[np.lexsort((unique[top], -estimate[top]))]
        return [int(p) for p in unique[order]]
