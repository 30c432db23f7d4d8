"""Weighted token alignment of two prepared names.

Contract:
- ``NameForm`` is a name prepared once (at table build time for listed names): folded tokens,
  their phonetic keys and weights, plus canonical legal forms.
- ``token_similarity`` is in [0, 1]: 1 for equal tokens, 0.95 for equal phonetic keys, 0.6 for an
  initial against a word it starts, else the square of the optimal-string-alignment
  (Levenshtein with transpositions) similarity of the tokens or of their
  keys (whichever is higher), floored to 0 below ``TOKEN_FLOOR``. This is the one place where
  rapidfuzz's scores are used; rapidfuzz ``normalized_similarity`` is already in [0, 1].
- ``compare_names`` aligns tokens greedily (best pairs first, each token used once; token order
  is ignored), lets two adjacent tokens on one side meet one token on the other (Abd al-Rahman /
  Abdulrahman), and returns a weighted Dice score in [0, 1]: identical names score 1. When
  both sides keep unmatched tokens (a different word in the same place) each counts at least
  ``MISMATCH_FLOOR``; when only one side has extras (missing or extra middle names) and at least
  two tokens align closely, the extras count ``EXTRA_TOKEN_FACTOR`` of their weight.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from matching.weights import LEGAL_WEIGHT

TOKEN_FLOOR = 0.75
KEY_EQUAL = 0.95
KEY_FACTOR = 0.97
INITIAL = 0.6
MISMATCH_FLOOR = 0.35
CONTAINED_MIN = 0.8
JOIN_FLOOR = 0.85
EXTRA_TOKEN_FACTOR = 0.45

SimCache = dict[tuple[str, str], float]


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name ready for comparison; ``tokens``, ``keys`` and ``weights`` are parallel."""

    tokens: tuple[str, ...]
    keys: tuple[str, ...]
    weights: tuple[float, ...]
    legal: tuple[str, ...] = ()


def token_similarity(a: str, ak: str, b: str, bk: str) -> float:
    """Similarity of tokens ``a``/``b`` with phonetic keys ``ak``/``bk``."""
    if a == b:
        return 1.0
    if ak == bk:
        return KEY_EQUAL
    if len(a) == 1 or len(b) == 1:
        return INITIAL if a[0] == b[0] else 0.0
    sim = max(
        OSA.normalized_similarity(a, b, score_cutoff=TOKEN_FLOOR),
        KEY_FACTOR * OSA.normalized_similarity(ak, bk, score_cutoff=TOKEN_FLOOR),
    )
    return sim * sim if sim >= TOKEN_FLOOR else 0.0


def _sim(cache: SimCache, a: str, ak: str, b: str, bk: str) -> float:
    pair = (a, b)
    value = cache.get(pair)
    if value is None:
        value = cache[pair] = token_similarity(a, ak, b, bk)
    return value


def _joins(
    left: NameForm, right: NameForm, free_l: list[int], free_r: list[int]
) -> list[tuple[float, list[int], list[int]]]:
    """Two or three adjacent free tokens of ``left`` against one free token of ``right``."""
    found: list[tuple[float, list[int], list[int]]] = []
    free = set(free_l)
    for i in free_l:
        for size in (2, 3):
            span = list(range(i, i + size))
            if not free.issuperset(span):
                break
            joined = "".join(left.tokens[k] for k in span)
            joined_key = "".join(left.keys[k] for k in span)
            for j in free_r:
                if abs(len(right.tokens[j]) - len(joined)) > 2:
                    continue
                sim = token_similarity(joined, joined_key, right.tokens[j], right.keys[j])
                if sim >= JOIN_FLOOR:
                    found.append((sim, span, [j]))
    return found


def compare_names(query: NameForm, listed: NameForm, cache: SimCache | None = None) -> float:
    """Weighted alignment score of two names in [0, 1]."""
    if not query.tokens or not listed.tokens:
        return 0.0
    cache = {} if cache is None else cache
    pairs = []
    for i, (a, ak) in enumerate(zip(query.tokens, query.keys, strict=True)):
        for j, (b, bk) in enumerate(zip(listed.tokens, listed.keys, strict=True)):
            sim = _sim(cache, a, ak, b, bk)
            if sim > 0.0:
                pairs.append((sim, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_q: set[int] = set()
    used_l: set[int] = set()
    matched = 0.0
    aligned = 0
    for sim, i, j in pairs:
        if i in used_q or j in used_l:
            continue
        used_q.add(i)
        used_l.add(j)
        matched += sim * (query.weights[i] + listed.weights[j])
        aligned += 1
    free_q = [i for i in range(len(query.tokens)) if i not in used_q]
    free_l = [j for j in range(len(listed.tokens)) if j not in used_l]
    if free_q and free_l and len(free_q) + len(free_l) >= 3:
        joins = _joins(query, listed, free_q, free_l)
        joins += [(s, q, lq) for s, lq, q in _joins(listed, query, free_l, free_q)]
        for sim, qs, ls in sorted(joins, key=lambda p: (-p[0], -len(p[1]) - len(p[2]))):
            if used_q.intersection(qs) or used_l.intersection(ls):
                continue
            used_q.update(qs)
            used_l.update(ls)
            weight = sum(query.weights[i] for i in qs) + sum(listed.weights[j] for j in ls)
            matched += sim * weight
            aligned += 1
    extra_q = [query.weights[i] for i in range(len(query.tokens)) if i not in used_q]
    extra_l = [listed.weights[j] for j in range(len(listed.tokens)) if j not in used_l]
    aligned_weight = sum(w for i, w in enumerate(query.weights) if i in used_q)
    aligned_weight += sum(w for j, w in enumerate(listed.weights) if j in used_l)
    if extra_q and extra_l:  # a different word in the same place: evidence against
        extra = sum(max(w, MISMATCH_FLOOR) for w in extra_q + extra_l)
    elif aligned >= 2 and matched >= CONTAINED_MIN * aligned_weight:
        extra = EXTRA_TOKEN_FACTOR * sum(extra_q + extra_l)  # missing/extra middle names
    else:
        extra = sum(extra_q + extra_l)
    legal_total = LEGAL_WEIGHT * (len(query.legal) + len(listed.legal))
    legal_matched = LEGAL_WEIGHT * 2 * len(set(query.legal) & set(listed.legal))
    denominator = aligned_weight + extra + legal_total
    if denominator <= 0.0:
        return 0.0
    return min(1.0, max(0.0, (matched + legal_matched) / denominator))
