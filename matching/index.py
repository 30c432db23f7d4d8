"""Candidate index over every name of every entity: fuzzy token blocking plus a character check.

Contract:
- Built once from normalised names (``NameIndex(names, owners)``, ``owners[i]`` = the entity
  position of name ``i``); read-only afterwards. ``weight(token)`` is a token's weight in
  this table (from ``df``), the one the scorer uses.
- Names with the same tokens are one form: postings, estimates and the character check work on
  distinct forms, and a nomination lists every name of each nominated form (namesakes cost one
  entry, not one each; the limit and ``RARE_POSTINGS`` count forms).
- Terms are the table's vocabulary of unique folded tokens plus every run of two or three
  adjacent tokens joined (merged/split names: Abd al-Rahman / Abdulrahman). Postings map a term
  to name positions.
- A query token meets the terms equal to it, sharing its phonetic skeleton, or within its edit
  budget among single tokens (one edit; two for tokens of ``TWO_EDIT_LEN``+ letters not in the
  vocabulary). A run of joined query tokens meets single listed tokens only, and only as the
  scorer's join takes them (equal, same skeleton, or one edit by its letters). Found
  through symmetric-deletion tables (SymSpell, ``matching._deletions``: every 1-delete of each
  token, 2-deletes of long ones; plus 1-deletes of skeletons of ``KEY_FUZZY_LEN``+ letters),
  and scored with the scorer's own ``token_similarity`` (terms it scores 0 are dropped); the
  search is compiled (``matching._neighbours``), the tables are built here (filled in a
  second thread, without the GIL, while the figures are worked out).
  A met term credits each name carrying it with matched weight ``similarity * (query weight +
  term weight)``, both aligned weights, and the token and distinctive-token counts on each side.
- ``candidates`` ranks names by an optimistic estimate of the name score from that credit and
  returns the best ``limit`` at or above ``min_estimate``, plus, whatever the limit, every name
  sharing a rare term (carried by at most ``RARE_POSTINGS`` names) and every name carrying a
  met term (terms with the fewest length-feasible texts first, ``CHAR_BUDGET`` texts at most;
  a text too much longer or shorter than the query's cannot reach the ratio and is skipped)
  whose token-sorted text is within
  ``CHAR_RATIO`` (character level) of the query's: several small edits spread over the tokens,
  or one word swapped for a similar one (Goran / Granit), still meet. Terms carried by more
  than ``common_cap`` names only rank, they do not nominate (unless every query term is that
  common: then the names sharing the two rarest ones).
- ``df(key)`` is the number of entities whose names carry phonetic key ``key`` (token weights).
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from threading import Lock

import numpy as np
import numpy.typing as npt

from matching._deletions import VariantTable
from matching._kernel import Postings
from matching._neighbours import TermNeighbours
from matching.compare import (
    DISTINCT,
    EXTRA_TOKEN_FACTOR,
    JOIN_FLOOR,
    KEY_EQUAL,
    MISMATCH_FLOOR,
    ONE_EDIT,
    REPLACED_FACTOR,
)
from matching.normalize import NormalizedName
from matching.phonetic import skeleton
from matching.weights import token_weight

TWO_EDIT_LEN = 8
KEY_FUZZY_LEN = 5  # skeletons this long also meet skeletons one edit away (as the scorer's)
MIN_FUZZY_LEN = 2  # shorter tokens (initials) meet only themselves
ONE_EDIT_SIM = 0.85
TIE_BREAK = 0.005  # per token: among equal overlaps, shorter names rank first
NEIGHBOUR_CACHE = 1 << 16  # query tokens whose fuzzy neighbours are remembered
RARE_POSTINGS = 12
CHAR_RATIO = 84.0  # token-sorted character similarity (0-100) that always nominates (84: a
# benchmark rounding 84.5 up to 85 still finds its names)
CHAR_BUDGET = 12_000  # most names checked character by character per query name
IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]


def name_keys(name: NormalizedName) -> list[str]:
    """Phonetic keys of a name: token skeletons, then skeletons of adjacent joined tokens."""
    tokens = name.tokens
    keys = [skeleton(t) for t in tokens]
    keys += [skeleton(tokens[i] + tokens[i + 1]) for i in range(len(tokens) - 1)]
    return keys


def _runs(tokens: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Index terms of a name -> the tokens they join: each token, then every run of two and
    three adjacent tokens joined (the first occurrence of a repeated term wins)."""
    runs: dict[str, tuple[str, ...]] = {}
    for size in (1, 2, 3):
        for i in range(len(tokens) - size + 1):
            span = tokens[i : i + size]
            runs.setdefault("".join(span), span)
    return runs


def _weighed(
    spans: Sequence[tuple[str, ...]], weight: Callable[[str], float]
) -> Iterator[tuple[list[float], float]]:
    """Each span's token weights and their sum."""
    for span in spans:
        weights = [weight(t) for t in span]
        yield weights, sum(weights)


def _form_figures(tokens: Sequence[str], weights: Sequence[float]) -> tuple[float, ...]:
    """What the estimate reads of a name (listed or queried): weight and tokens less initials,
    initials, distinctive tokens."""
    initials = [w for t, w in zip(tokens, weights, strict=True) if len(t) == 1]
    return (
        sum(weights) - sum(initials),
        float(len(tokens) - len(initials)),
        float(len(initials)),
        float(sum(w >= DISTINCT for w in weights)),
    )


def _variant_tables(
    terms: list[str], single: Sequence[bool], keys: list[str]
) -> tuple[VariantTable, VariantTable, VariantTable]:
    """The index's deletion tables (ids are positions in ``terms`` and ``keys``): single
    tokens one or two deletions deep, every term as it is, every skeleton key as it is and
    long ones one deletion deep."""
    fuzzy = [i for i, term in enumerate(terms) if len(term) > MIN_FUZZY_LEN and single[i]]
    term_variants = VariantTable()
    term_variants.add_many(
        [terms[i] for i in fuzzy],
        fuzzy,
        1,
        [2 if len(terms[i]) >= TWO_EDIT_LEN else 1 for i in fuzzy],
    )
    term_exact = VariantTable()
    term_exact.add_many(terms, list(range(len(terms))), 0, [0] * len(terms))
    key_variants = VariantTable()
    key_variants.add_many(
        keys, list(range(len(keys))), 0, [1 if len(k) >= KEY_FUZZY_LEN else 0 for k in keys]
    )
    return term_variants, term_exact, key_variants


def _grouped(form_ids: IntArray, count: int) -> tuple[npt.NDArray[np.int64], IntArray]:
    """Name positions grouped by form: form ``f`` holds ``names[start[f]:start[f + 1]]``."""
    names = np.argsort(form_ids, kind="stable").astype(np.int32)
    start = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(form_ids, minlength=count), out=start[1:])
    return start, names


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
        form_of: dict[tuple[str, ...], int] = {}
        forms: list[NormalizedName] = []
        form_ids = np.empty(len(names), dtype=np.int32)
        form_keys: list[list[str]] = []
        key_holders: dict[str, set[int]] = defaultdict(set)
        for position, (name, owner) in enumerate(zip(names, owners, strict=True)):
            form_id = form_of.setdefault(name.tokens, len(forms))
            if form_id == len(forms):
                forms.append(name)
                form_keys.append(name_keys(name))
            form_ids[position] = form_id
            for key in form_keys[form_id]:
                key_holders[key].add(owner)
        del form_keys
        vocab: dict[str, int] = {}
        postings: list[list[int]] = []
        spans: list[tuple[str, ...]] = []
        for form_id, name in enumerate(forms):
            for term, span in _runs(name.tokens).items():
                term_id = vocab.setdefault(term, len(postings))
                if term_id == len(postings):
                    postings.append([])
                    spans.append(span)
                postings[term_id].append(form_id)
        self.name_count = len(names)
        self.common_cap = max(1000, self.name_count // 200)
        self._df = {key: len(holders) for key, holders in key_holders.items()}
        del key_holders
        single = [len(span) == 1 for span in spans]
        self._terms = list(vocab)  # term id -> term
        term_keys = [skeleton(term) for term in self._terms]
        by_skeleton: dict[str, list[int]] = defaultdict(list)
        for term_id, key in enumerate(term_keys):
            by_skeleton[key].append(term_id)
        with ThreadPoolExecutor(1, thread_name_prefix="cordon-variants") as filler:
            # the deletion tables fill without the GIL while the figures are worked out here
            filled = filler.submit(_variant_tables, self._terms, single, list(by_skeleton))
            self._listed_weights: dict[str, float] = {}  # every listed token's weight, once
            self._listed_weights = {s[0]: self.weight(s[0]) for s in spans if len(s) == 1}
            term_figures = np.asarray(  # per term: weight, tokens, distinctive tokens
                [
                    (w, len(ws), sum(x >= DISTINCT for x in ws))
                    for ws, w in _weighed(spans, self.weight)
                ],
                dtype=np.float64,
            ).reshape(-1, 3)
            form_figures = np.asarray(  # per form, what the estimate reads of it
                [_form_figures(n.tokens, [self.weight(t) for t in n.tokens]) for n in forms],
                dtype=np.float64,
            ).reshape(-1, 4)
            starts = np.zeros(len(postings) + 1, dtype=np.int64)
            np.cumsum([len(p) for p in postings], out=starts[1:])
            carriers = np.fromiter(
                chain.from_iterable(postings), dtype=np.int32, count=int(starts[-1])
            )
            del postings
            self._kernel = Postings(
                starts,
                carriers,
                term_figures,
                form_figures,
                (EXTRA_TOKEN_FACTOR, MISMATCH_FLOOR, REPLACED_FACTOR),
                [" ".join(sorted(n.tokens)) for n in forms],
                *_grouped(form_ids, len(forms)),
            )
            term_variants, term_exact, key_variants = filled.result()
        self._neighbourhood = TermNeighbours(
            vocab,
            {k: tuple(v) for k, v in by_skeleton.items()},
            self._terms,
            term_keys,
            bytes(single),
            term_variants,
            term_exact,
            key_variants,
            skeleton,
            (MIN_FUZZY_LEN, TWO_EDIT_LEN, KEY_FUZZY_LEN, KEY_EQUAL, JOIN_FLOOR, ONE_EDIT),
        )
        del by_skeleton, term_keys
        self._kernel_lock = Lock()
        self._cached_met = lru_cache(maxsize=NEIGHBOUR_CACHE)(self._neighbourhood.met)

    def weight(self, token: str) -> float:
        """A folded token's weight in this table (``token_weight`` of its skeleton's df)."""
        known = self._listed_weights.get(token)
        if known is not None:
            return known
        key = skeleton(token)
        return token_weight(self.df(key), key)

    def df(self, key: str) -> int:
        return self._df.get(key, 0)

    def neighbours(self, token: str, singles_only: bool = False) -> tuple[tuple[int, float], ...]:
        """Vocabulary terms ``token`` meets, with their similarity to it (as the scorer's
        ``token_similarity``; terms it scores 0 are left out), in no particular order. Cached
        per index (as the packed arrays the candidate step reads): names repeat."""
        with self._kernel_lock:
            ids, sims = self._cached_met(token, singles_only)
        return tuple(zip(array("i", ids), array("d", sims), strict=True))

    def candidates(
        self,
        tokens: Sequence[str],
        limit: int,
        min_estimate: float = 0.0,
        weights: Sequence[float] | None = None,
    ) -> Nomination:
        """Names the query's tokens nominate, best first; see the module contract.
        ``weights``: the tokens' ``weight``s, when the caller has them already."""
        weights = [self.weight(t) for t in tokens] if weights is None else list(weights)
        with self._kernel_lock:
            positions, estimates, similar = self._kernel.candidates(
                tuple(tokens),
                weights,
                _form_figures(tokens, weights),
                self._cached_met,
                DISTINCT,
                self.common_cap,
                RARE_POSTINGS,
                ONE_EDIT_SIM,
                CHAR_RATIO,
                CHAR_BUDGET,
                limit,
                min_estimate,
                TIE_BREAK,
            )
        return Nomination(positions, estimates, similar)
