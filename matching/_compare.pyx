# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled ``token_similarity`` and ``compare_names``: the same scores as matching/compare.py.

Contract: both functions return exactly what their Python versions in ``matching.compare``
return for the same arguments (a test holds them equal on labelled and random names); the
Python versions stay the readable specification. ``compare_names`` takes no token-similarity
cache (a compiled token comparison is cheaper than a dict lookup). Names of more than ``MAX_TOKENS`` tokens, and edit distances of tokens
longer than ``MAX_LEN`` characters, are handed to the Python versions.
"""

from libc.math cimport pow
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ
from libc.stdlib cimport qsort

from matching import compare as spec
from matching.weights import LEGAL_WEIGHT as _LEGAL_WEIGHT

cdef enum:
    MAX_TOKENS = 16
    MAX_LEN = 64
    MAX_JOINS = 2 * MAX_TOKENS * MAX_TOKENS * 2

cdef double KEY_EQUAL = spec.KEY_EQUAL
cdef double INITIAL = spec.INITIAL
cdef double ONE_EDIT = spec.ONE_EDIT
cdef double TWO_EDITS = spec.TWO_EDITS
cdef double SHORT_VOWEL = spec.SHORT_VOWEL
cdef double ALIGNED_MIN = spec.ALIGNED_MIN
cdef double DISTINCT = spec.DISTINCT
cdef double MISMATCH_FLOOR = spec.MISMATCH_FLOOR
cdef double REPLACED_FACTOR = spec.REPLACED_FACTOR
cdef double CONTAINED_MIN = spec.CONTAINED_MIN
cdef double EXTRA_TOKEN_FACTOR = spec.EXTRA_TOKEN_FACTOR
cdef double NAME_LIKE = spec.NAME_LIKE
cdef double JOIN_FLOOR = spec.JOIN_FLOOR
cdef double LEGAL_WEIGHT = _LEGAL_WEIGHT


cdef struct Pair:
    double sim
    int i
    int j


cdef int _by_pair(const void* a, const void* b) noexcept nogil:
    cdef const Pair* x = <const Pair*>a
    cdef const Pair* y = <const Pair*>b
    if x.sim != y.sim:
        return -1 if x.sim > y.sim else 1
    if x.i != y.i:
        return -1 if x.i < y.i else 1
    return (x.j > y.j) - (x.j < y.j)


cdef struct Join:
    double sim
    int start  # first joined token (on the joined side)
    int size  # tokens joined (2 or 3)
    int other  # the single token on the other side
    int query_side  # 1: the query's tokens are joined
    int order  # insertion order: ties keep it (as Python's stable sort)


cdef int _by_join(const void* a, const void* b) noexcept nogil:
    cdef const Join* x = <const Join*>a
    cdef const Join* y = <const Join*>b
    if x.sim != y.sim:
        return -1 if x.sim > y.sim else 1
    if x.size != y.size:  # more tokens first (each join spans size + 1 of them)
        return -1 if x.size > y.size else 1
    return (x.order > y.order) - (x.order < y.order)


cdef Py_ssize_t _find_joins(tuple left_t, tuple left_k, char* used_left, tuple right_t,
                            tuple right_k, char* used_right, int query_side, Join* found,
                            Py_ssize_t n_found) except -1:
    """As ``compare._joins``: two or three adjacent free tokens of the left name against one
    free token of the right, appended to ``found`` from ``n_found``; returns the new count."""
    cdef Py_ssize_t n_left = len(left_t), n_right = len(right_t), i, j, size, k
    cdef double sim
    cdef str joined, joined_key, token
    for i in range(n_left):
        if used_left[i]:
            continue
        for size in (2, 3):
            if i + size > n_left:
                break
            for k in range(i, i + size):
                if used_left[k]:
                    break
            else:
                joined = "".join(left_t[i:i + size])
                joined_key = "".join(left_k[i:i + size])
                for j in range(n_right):
                    if used_right[j]:
                        continue
                    token = right_t[j]
                    if len(token) - len(joined) > 2 or len(joined) - len(token) > 2:
                        continue
                    sim = token_similarity(joined, joined_key, token, right_k[j])
                    if sim == ONE_EDIT and _osa(joined, token, 1) > 1:
                        continue  # a join meets a typo of the word, not a near skeleton
                    if sim >= JOIN_FLOOR and n_found < MAX_JOINS:
                        found[n_found].sim = sim
                        found[n_found].start = <int>i
                        found[n_found].size = <int>size
                        found[n_found].other = <int>j
                        found[n_found].query_side = query_side
                        found[n_found].order = <int>n_found
                        n_found += 1
                continue
            break  # a used token inside the span: longer spans from i are not free either
    return n_found


cdef Py_ssize_t _osa(str a, str b, Py_ssize_t cutoff) except -1:
    """Optimal-string-alignment distance of ``a`` and ``b``, or ``cutoff + 1`` when above:
    only cells within ``cutoff`` of the diagonal are computed, and a row whose every cell is
    above ``cutoff`` ends the search (no later row can come back under it)."""
    cdef Py_ssize_t la = len(a), lb = len(b), i, j, lo, hi, best, row_min
    cdef Py_ssize_t big = cutoff + 1
    cdef int rows[3][MAX_LEN + 2]
    cdef int* before
    cdef int* prev
    cdef int* cur
    cdef unsigned int kind_a, kind_b
    cdef void* data_a
    cdef void* data_b
    cdef Py_UCS4 ca, cb
    if la - lb > cutoff or lb - la > cutoff:
        return big
    if la > MAX_LEN or lb > MAX_LEN:
        return min(spec.OSA.distance(a, b, score_cutoff=cutoff), big)
    kind_a, data_a = PyUnicode_KIND(a), PyUnicode_DATA(a)
    kind_b, data_b = PyUnicode_KIND(b), PyUnicode_DATA(b)
    for j in range(lb + 1):
        rows[0][j] = <int>(j if j < big else big)
    for i in range(1, la + 1):  # row i lives in rows[i % 3]
        before, prev, cur = rows[(i + 1) % 3], rows[(i + 2) % 3], rows[i % 3]
        lo = i - cutoff if i - cutoff > 1 else 1
        hi = i + cutoff if i + cutoff < lb else lb
        cur[0] = <int>(i if i < big else big)
        row_min = cur[0] if lo == 1 else big
        cur[lo - 1] = <int>cur[0] if lo == 1 else <int>big
        ca = PyUnicode_READ(kind_a, data_a, i - 1)
        for j in range(lo, hi + 1):
            cb = PyUnicode_READ(kind_b, data_b, j - 1)
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if (i > 1 and j > 1 and ca == PyUnicode_READ(kind_b, data_b, j - 2)
                    and PyUnicode_READ(kind_a, data_a, i - 2) == cb):
                best = min(best, before[j - 2] + 1)
            if best > big:
                best = big
            cur[j] = <int>best
            if best < row_min:
                row_min = best
        if hi < lb:
            cur[hi + 1] = <int>big
        if row_min > cutoff:
            return big
    return rows[la % 3][lb]


cdef inline bint any_used(const char* used, Py_ssize_t size) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(size):
        if used[i]:
            return True
    return False


cdef inline bint _vowel_equal(str a, str b):
    """``a`` and ``b`` equal once e, i, o, u, y are read as a (same length assumed)."""
    cdef Py_ssize_t i
    cdef Py_UCS4 x, y
    for i in range(len(a)):
        x, y = a[i], b[i]
        if x in "eiouy":
            x = "a"
        if y in "eiouy":
            y = "a"
        if x != y:
            return False
    return True


cpdef double token_similarity(str a, str ak, str b, str bk) except -1.0:
    """As ``matching.compare.token_similarity``."""
    cdef Py_ssize_t la = len(a), lb = len(b), shortest, cutoff, edits
    if a == b:
        return 1.0
    if ak == bk:
        return KEY_EQUAL
    if la == 1 or lb == 1:
        return INITIAL if a[0] == b[0] else 0.0
    shortest = min(la, lb)
    if shortest < 5:
        if _osa(ak, bk, 1) > 1 and _osa(a, b, 1) > 1:
            return 0.0
        if la != lb:
            return ONE_EDIT if max(la, lb) >= 5 and a[0] == b[0] else 0.0
        if len(ak) == len(bk) and _vowel_equal(ak, bk):
            return SHORT_VOWEL
        return 0.0
    cutoff = 2 if shortest >= 8 else 1
    edits = _osa(a, b, cutoff)
    if edits > 1 and min(len(ak), len(bk)) >= 5:
        edits = min(edits, _osa(ak, bk, cutoff))
    if edits <= 1:
        return ONE_EDIT
    return TWO_EDITS if edits <= cutoff else 0.0


def compare_names(query, listed) -> float:
    """As ``matching.compare.compare_names``."""
    cdef tuple qt = query.tokens, qk = query.keys, qw_ = query.weights
    cdef tuple lt = listed.tokens, lk = listed.keys, lw_ = listed.weights
    cdef Py_ssize_t nq = len(qt), nl = len(lt), i, j, n_pairs = 0, aligned = 0, n_aligned = 0
    cdef Pair pairs[MAX_TOKENS * MAX_TOKENS]
    cdef Pair aligned_pairs[MAX_TOKENS]
    cdef double wq[MAX_TOKENS]
    cdef double wl[MAX_TOKENS]
    cdef char used_q[MAX_TOKENS]
    cdef char used_l[MAX_TOKENS]
    cdef char weak_q[MAX_TOKENS]
    cdef char weak_l[MAX_TOKENS]
    cdef double sim, matched = 0.0, weight, aligned_weight, side, identity, extra
    cdef Py_ssize_t n_free_q = 0, n_free_l = 0, distinct_q = 0, distinct_l = 0, replaced
    cdef Py_ssize_t words_q = 0, words_l = 0
    cdef bint any_extra_q = False, any_extra_l = False, name_like = False
    cdef Join joins[MAX_JOINS]
    cdef Py_ssize_t n_joins, size
    cdef char* span_q
    cdef char* span_l
    if not nq or not nl:
        return 0.0
    if nq > MAX_TOKENS or nl > MAX_TOKENS:
        return spec.compare_names(query, listed)
    for i in range(nq):
        wq[i] = qw_[i]
        used_q[i] = weak_q[i] = 0
    for j in range(nl):
        wl[j] = lw_[j]
        used_l[j] = weak_l[j] = 0
    for i in range(nq):
        for j in range(nl):
            sim = token_similarity(qt[i], qk[i], lt[j], lk[j])
            if sim > 0.0:
                pairs[n_pairs].sim = sim
                pairs[n_pairs].i = <int>i
                pairs[n_pairs].j = <int>j
                n_pairs += 1
    qsort(pairs, n_pairs, sizeof(Pair), _by_pair)
    for i in range(n_pairs):
        if used_q[pairs[i].i] or used_l[pairs[i].j]:
            continue
        used_q[pairs[i].i] = used_l[pairs[i].j] = 1
        matched += pairs[i].sim * (wq[pairs[i].i] + wl[pairs[i].j])
        aligned += 1
        aligned_pairs[n_aligned] = pairs[i]
        n_aligned += 1
    for i in range(nq):
        n_free_q += not used_q[i]
    for j in range(nl):
        n_free_l += not used_l[j]
    if n_free_q and n_free_l and n_free_q + n_free_l >= 3:  # joined tokens on either side
        n_joins = _find_joins(qt, qk, used_q, lt, lk, used_l, 1, joins, 0)
        n_joins = _find_joins(lt, lk, used_l, qt, qk, used_q, 0, joins, n_joins)
        qsort(joins, n_joins, sizeof(Join), _by_join)
        for i in range(n_joins):
            size = joins[i].size
            if joins[i].query_side:
                span_q, span_l = used_q + joins[i].start, used_l + joins[i].other
                if any_used(span_q, size) or span_l[0]:
                    continue
                weight = 0.0
                for j in range(joins[i].start, joins[i].start + size):
                    used_q[j] = 1
                    weight += wq[j]
                used_l[joins[i].other] = 1
                weight = weight + wl[joins[i].other]
            else:
                span_l, span_q = used_l + joins[i].start, used_q + joins[i].other
                if any_used(span_l, size) or span_q[0]:
                    continue
                for j in range(joins[i].start, joins[i].start + size):
                    used_l[j] = 1
                used_q[joins[i].other] = 1
                side = 0.0
                for j in range(joins[i].start, joins[i].start + size):
                    side += wl[j]
                weight = wq[joins[i].other] + side
            matched += joins[i].sim * weight
            aligned += 1
    for i in range(n_aligned):
        if aligned_pairs[i].sim < ALIGNED_MIN and aligned_pairs[i].sim != INITIAL:
            weak_q[aligned_pairs[i].i] = 1
            weak_l[aligned_pairs[i].j] = 1
    aligned_weight = 0.0
    for i in range(nq):
        if used_q[i]:
            aligned_weight += wq[i]
    side = 0.0
    for j in range(nl):
        if used_l[j]:
            side += wl[j]
    aligned_weight += side
    identity = 0.0
    for i in range(nq):
        if used_q[i] and not weak_q[i] and wq[i] >= DISTINCT:
            identity += wq[i]
    side = 0.0
    for j in range(nl):
        if used_l[j] and not weak_l[j] and wl[j] >= DISTINCT:
            side += wl[j]
    identity += side
    for i in range(nq):
        any_extra_q |= not used_q[i]
    for j in range(nl):
        any_extra_l |= not used_l[j]
    extra = 0.0
    if (not (any_extra_q and any_extra_l) and aligned >= 2 and identity >= 2 * DISTINCT
            and matched >= CONTAINED_MIN * aligned_weight):  # missing/extra middle names
        for i in range(nq):
            if not used_q[i]:
                extra += wq[i]
        for j in range(nl):
            if not used_l[j]:
                extra += wl[j]
        extra = EXTRA_TOKEN_FACTOR * extra
    else:  # a different word in the same place (or nothing to excuse the extras)
        for i in range(nq):
            if not used_q[i]:
                extra += wq[i] if wq[i] > MISMATCH_FLOOR else MISMATCH_FLOOR
        for j in range(nl):
            if not used_l[j]:
                extra += wl[j] if wl[j] > MISMATCH_FLOOR else MISMATCH_FLOOR
    for i in range(nq):
        if (not used_q[i] or weak_q[i]) and wq[i] >= DISTINCT:
            distinct_q += 1
        if not used_q[i] and len(qt[i]) > 1:
            words_q += 1
            name_like |= wq[i] >= NAME_LIKE
    for j in range(nl):
        if (not used_l[j] or weak_l[j]) and wl[j] >= DISTINCT:
            distinct_l += 1
        if not used_l[j] and len(lt[j]) > 1:
            words_l += 1
    replaced = min(distinct_q, distinct_l, 2)
    if any_extra_q and any_extra_l:
        replaced = max(replaced, min(max(distinct_q, distinct_l), 1))
    if aligned == 1 and words_q and words_l:
        replaced = max(replaced, 1)
    if nl == 1 and name_like:
        replaced = max(replaced, 1)
    cdef double legal_total = LEGAL_WEIGHT * (len(query.legal) + len(listed.legal))
    cdef double legal_matched = LEGAL_WEIGHT * 2 * len(set(query.legal) & set(listed.legal))
    cdef double denominator = aligned_weight + extra + legal_total
    if denominator <= 0.0:
        return 0.0
    cdef double score = (matched + legal_matched) / denominator * pow(REPLACED_FACTOR, replaced)
    return min(1.0, max(0.0, score))
