"""Weighted token alignment of two prepared names.

Contract:
- ``NameForm`` is a name prepared once (at table build time for listed names): folded tokens,
  their phonetic keys and weights, plus canonical legal forms.
- ``token_similarity`` is in [0, 1]: 1 for equal tokens, 0.95 for equal phonetic keys, 0.6 for an
  initial against a word it starts; otherwise it counts optimal-string-alignment edits (on the
  tokens or their keys, whichever is fewer) so a typo is told from a replaced word: one edit in
  tokens of 5+ letters ``ONE_EDIT``, two in tokens of 8+ ``TWO_EDITS``; a token under 5 letters
  only meets one differing by a vowel (Omar / Umar) or by a letter dropped inside a longer word
  with the same first letter (Rjab / Rajab); anything else is 0 (Kumar / Umar, Yang / Wang).
- ``compare_names`` aligns tokens greedily (best pairs first, each token used once; token order
  is ignored), lets two adjacent tokens on one side meet one token on the other (Abd al-Rahman /
  Abdulrahman), and returns a weighted Dice score in [0, 1]: identical names score 1. When
  both sides keep unmatched tokens (a different word in the same place) each counts at least
  ``MISMATCH_FLOOR``; when only one side has extras (missing or extra middle names) and at least
  two tokens align closely and the aligned tokens carry identity (distinctive weight), the
  extras count ``EXTRA_TOKEN_FACTOR`` of their weight. A pair aligned below ``ALIGNED_MIN`` is
  a replacement, not a variant. Every distinctive token (weight >= ``DISTINCT``) replaced on
  both sides (unmatched or weakly aligned; at most two) multiplies the score by
  ``REPLACED_FACTOR``: "SAHEL Cyprus ENGINEERS" is not "SAHEL TECHNICAL ENGINEERS" and
  "Ajay Kumar GUPTA" is not "Umar Gupta"; a distinctive word in place of a listed one, even a
  common one, counts once ("FU London YU 005" is not "FU YUAN YU 005"). An initial standing
  for a word is not a replacement. Two names with only one word in common and another word
  beside it on each side ("Carlos KOVACEVIC" / "Vladimir KOVACEVIC"), and a one-word listed
  name (an alias such as FAROOQ) met by one word of a query carrying another name word
  (``NAME_LIKE``: "Elena Farouk", not "Rosneft Trading"), take the factor at least once.
  Joined tokens meet a word only as it is or with a typo, not through a near skeleton
  ("Zaw Hein" is not "Sahin").
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from matching.weights import LEGAL_WEIGHT

KEY_EQUAL = 0.95
INITIAL = 0.6
ONE_EDIT = 0.85  # one edit in tokens of 5+ letters: a typo
TWO_EDITS = 0.7  # two edits in tokens of 8+ letters
SHORT_VOWEL = 0.8  # tokens under 5 letters may differ by one vowel only (Omar / Umar)
ALIGNED_MIN = 0.7  # a pair below this is a replacement, not a variant of the same word
DISTINCT = 0.5  # tokens weighing this much identify; generic ones weigh far less
MISMATCH_FLOOR = 0.35
REPLACED_FACTOR = 0.75  # per distinctive word replaced on both sides (max two)
CONTAINED_MIN = 0.8
JOIN_FLOOR = 0.85
EXTRA_TOKEN_FACTOR = 0.45
NAME_LIKE = 0.25  # a word weighing this much is a name, not a generic word (Trading: 0.12)
_VOWELS = str.maketrans("eiouy", "aaaaa")

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
    shortest = min(len(a), len(b))
    if shortest < 5:
        if OSA.distance(ak, bk, score_cutoff=1) > 1 and OSA.distance(a, b, score_cutoff=1) > 1:
            return 0.0
        if len(a) != len(b):  # a dropped letter inside a longer word (Rjab / Rajab)
            return ONE_EDIT if max(len(a), len(b)) >= 5 and a[0] == b[0] else 0.0
        same = len(ak) == len(bk) and ak.translate(_VOWELS) == bk.translate(_VOWELS)
        return SHORT_VOWEL if same else 0.0
    cutoff = 2 if shortest >= 8 else 1
    edits = OSA.distance(a, b, score_cutoff=cutoff)
    if edits > 1 and min(len(ak), len(bk)) >= 5:  # keys shorter than 5 are too coarse
        edits = min(edits, OSA.distance(ak, bk, score_cutoff=cutoff))
    if edits <= 1:
        return ONE_EDIT
    return TWO_EDITS if edits <= cutoff else 0.0


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
                if sim == ONE_EDIT and OSA.distance(joined, right.tokens[j], score_cutoff=1) > 1:
                    continue  # a join meets a typo of the word, not a near skeleton (Zaw Hein)
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
    aligned_pairs: list[tuple[int, int, float]] = []
    for sim, i, j in pairs:
        if i in used_q or j in used_l:
            continue
        used_q.add(i)
        used_l.add(j)
        matched += sim * (query.weights[i] + listed.weights[j])
        aligned += 1
        aligned_pairs.append((i, j, sim))
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
    weak = [(i, j) for i, j, sim in aligned_pairs if sim < ALIGNED_MIN and sim != INITIAL]
    weak_q = {i for i, _ in weak}
    weak_l = {j for _, j in weak}
    extra_q = [query.weights[i] for i in range(len(query.tokens)) if i not in used_q]
    extra_l = [listed.weights[j] for j in range(len(listed.tokens)) if j not in used_l]
    aligned_weight = sum(w for i, w in enumerate(query.weights) if i in used_q)
    aligned_weight += sum(w for j, w in enumerate(listed.weights) if j in used_l)
    identity = sum(query.weights[i] for i in used_q - weak_q if query.weights[i] >= DISTINCT) + sum(
        listed.weights[j] for j in used_l - weak_l if listed.weights[j] >= DISTINCT
    )
    if extra_q and extra_l:  # a different word in the same place: evidence against
        extra = sum(max(w, MISMATCH_FLOOR) for w in extra_q + extra_l)
    elif aligned >= 2 and identity >= 2 * DISTINCT and matched >= CONTAINED_MIN * aligned_weight:
        extra = EXTRA_TOKEN_FACTOR * sum(extra_q + extra_l)  # missing/extra middle names
    else:
        extra = sum(max(w, MISMATCH_FLOOR) for w in extra_q + extra_l)
    distinct_q = sum(1 for w in extra_q if w >= DISTINCT) + sum(
        1 for i in weak_q if query.weights[i] >= DISTINCT
    )
    distinct_l = sum(1 for w in extra_l if w >= DISTINCT) + sum(
        1 for j in weak_l if listed.weights[j] >= DISTINCT
    )
    replaced = min(distinct_q, distinct_l, 2)
    if extra_q and extra_l:  # a distinctive word in place of another word, on either side
        replaced = max(replaced, min(max(distinct_q, distinct_l), 1))
    words_q = [i for i in range(len(query.tokens)) if i not in used_q and len(query.tokens[i]) > 1]
    words_l = [
        j for j in range(len(listed.tokens)) if j not in used_l and len(listed.tokens[j]) > 1
    ]
    if aligned == 1 and words_q and words_l:  # one word in common, another beside it on each side
        replaced = max(replaced, 1)
    if len(listed.tokens) == 1 and any(query.weights[i] >= NAME_LIKE for i in words_q):
        replaced = max(replaced, 1)
    legal_total = LEGAL_WEIGHT * (len(query.legal) + len(listed.legal))
    legal_matched = LEGAL_WEIGHT * 2 * len(set(query.legal) & set(listed.legal))
    denominator = aligned_weight + extra + legal_total
    if denominator <= 0.0:
        return 0.0
    score = (matched + legal_matched) / denominator * REPLACED_FACTOR**replaced
    return min(1.0, max(0.0, score))
