# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled core of ``NameIndex.candidates``: credit per name form, estimate, selection.

The Python version spent most of a query in numpy calls on arrays of a few hundred items;
these loops do the same arithmetic with no per-call overhead. Contract (see matching/index.py
for what the figures mean):

- ``Postings(starts, forms, term_figures, form_figures, form_sizes, factors, text_lengths,
  name_starts, names)`` holds the index's read-only arrays and the estimate's (extra,
  mismatch floor, replaced) factors: term ``t`` is carried by forms ``forms[starts[t]:starts[t + 1]]`` (sorted);
  ``term_figures[t]`` = (weight, tokens, distinctive tokens); ``form_figures[f]`` = (weight
  less initials, tokens less initials, initials, distinctive tokens).
- ``credit(met_ids, met_sims, run_figures, common_cap, rare_postings, forcing_sim, query)``:
  ``met_ids[r]``/``met_sims[r]`` are the terms query run ``r`` meets and their similarities,
  ``run_figures[r]`` = (weight, tokens, distinctive tokens) of the run, ``query`` = (weight less
  initials, tokens less initials, initials, distinctive tokens). Each term keeps the run that
  credits it most (the first on ties). Returns (met terms sorted, forms sorted, their
  estimates, forced flags), exactly as the numpy version computed them.
- ``length_window(terms, low, high, budget)``: the forms whose token-sorted text is ``low`` to
  ``high`` characters long, gathered term by term (see its docstring).
- ``nominate(forms, estimates, forced, close, limit, min_estimate, tie_break)``: the best
  ``limit`` forms estimated at least ``min_estimate`` (ranked by estimate less ``tie_break``
  per token, form id on ties) plus every forced one or one in ``close`` (character-similar
  forms), in rank order, then the ``close`` forms not among ``forms``; each form expanded to
  its name positions (``names[name_starts[f]:name_starts[f + 1]]``).
Both are serialised by the caller (they share scratch arrays); neither releases the GIL.
"""

import numpy as np

from libc.math cimport pow
from libc.stdlib cimport free, malloc, qsort

cdef struct Ranked:
    double key
    int form
    int slot


cdef int _by_rank(const void* a, const void* b) noexcept nogil:
    cdef const Ranked* x = <const Ranked*>a
    cdef const Ranked* y = <const Ranked*>b
    if x.key > y.key:
        return -1
    if x.key < y.key:
        return 1
    return (x.form > y.form) - (x.form < y.form)


cdef int _by_int(const void* a, const void* b) noexcept nogil:
    cdef long long x = (<const long long*>a)[0]
    cdef long long y = (<const long long*>b)[0]
    return (x > y) - (x < y)


cdef inline double _min(double a, double b) noexcept nogil:
    return a if a < b else b


cdef inline double _max(double a, double b) noexcept nogil:
    return a if a > b else b


cdef class Postings:
    cdef const long long[::1] starts
    cdef const int[::1] forms
    cdef const double[:, ::1] term_figures
    cdef const double[:, ::1] form_figures
    cdef const double[::1] form_sizes
    cdef const int[::1] by_length
    cdef const int[::1] text_lengths
    cdef const long long[::1] name_starts
    cdef const int[::1] names
    cdef int[::1] term_slot
    cdef int[::1] form_slot
    cdef double extra_factor, mismatch_floor, replaced_factor

    def __init__(self, starts, forms, term_figures, form_figures, form_sizes, factors,
                 text_lengths, name_starts, names):
        self.starts = starts
        self.forms = forms
        self.term_figures = term_figures
        self.form_figures = form_figures
        self.form_sizes = form_sizes
        self.term_slot = np.full(len(starts) - 1, -1, dtype=np.int32)
        self.form_slot = np.full(len(form_figures), -1, dtype=np.int32)
        self.extra_factor, self.mismatch_floor, self.replaced_factor = factors
        self.text_lengths = text_lengths
        self.name_starts = name_starts
        self.names = names
        # each term's carriers again, shortest text first (stable: form id on ties)
        term_of = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
        self.by_length = np.ascontiguousarray(
            forms[np.lexsort((text_lengths[forms], term_of))], dtype=np.int32
        )

    def credit(self, list met_ids, list met_sims, const double[:, ::1] run_figures,
               long long common_cap, long long rare_postings, double forcing_sim, tuple query):
        cdef double q_total = query[0], q_size = query[1], q_init = query[2]
        cdef double q_distinct = query[3]
        cdef Py_ssize_t entries = 0, r, i, j, k, n
        for r in range(len(met_ids)):
            entries += len(met_ids[r])
        # one row per met (term, run): term, credit columns
        cdef int[::1] row_term = np.empty(entries, dtype=np.int32)
        cdef double[:, ::1] rows = np.empty((entries, 7), dtype=np.float64)
        cdef const int[::1] ids
        cdef const double[::1] sims
        cdef int t
        cdef double qw, tw
        n = 0
        for r in range(len(met_ids)):
            ids = met_ids[r]
            sims = met_sims[r]
            qw = run_figures[r, 0]
            for i in range(ids.shape[0]):
                t = ids[i]
                tw = self.term_figures[t, 0]
                row_term[n] = t
                rows[n, 0] = sims[i] * (qw + tw)
                rows[n, 1] = qw
                rows[n, 2] = tw
                rows[n, 3] = run_figures[r, 1]
                rows[n, 4] = self.term_figures[t, 1]
                rows[n, 5] = run_figures[r, 2]
                rows[n, 6] = self.term_figures[t, 2]
                n += 1
        # per term, the row crediting it most (the first on ties), positive credit only
        cdef int[::1] term_slot = self.term_slot
        cdef long long[::1] kept = np.empty(entries, dtype=np.int64)
        cdef Py_ssize_t n_terms = 0
        for i in range(entries):
            t = row_term[i]
            j = term_slot[t]
            if j < 0:
                term_slot[t] = <int>i
                kept[n_terms] = t
                n_terms += 1
            elif rows[i, 0] > rows[j, 0]:
                term_slot[t] = <int>i
        if n_terms:
            qsort(&kept[0], n_terms, sizeof(long long), _by_int)
        cdef int[::1] best = np.empty(n_terms, dtype=np.int32)
        cdef Py_ssize_t n_pos = 0
        for i in range(n_terms):
            t = <int>kept[i]
            j = term_slot[t]
            term_slot[t] = -1
            if rows[j, 0] > 0.0:
                kept[n_pos] = t
                best[n_pos] = <int>j
                n_pos += 1
        terms_out = np.asarray(kept[:n_pos]).astype(np.int32)
        # rare terms (ascending id) nominate; common ones (fewest carriers first) only credit
        cdef long long[::1] rare = np.empty(n_pos, dtype=np.int64)
        cdef long long[::1] common = np.empty(n_pos, dtype=np.int64)
        cdef Py_ssize_t n_rare = 0, n_common = 0
        cdef long long count
        for i in range(n_pos):
            t = <int>kept[i]
            count = self.starts[t + 1] - self.starts[t]
            if count <= common_cap:
                rare[n_rare] = i
                n_rare += 1
            else:  # (carriers, id order) packed in one key for a stable sort by carriers
                common[n_common] = (count << 20) | i
                n_common += 1
        if n_common:
            qsort(&common[0], n_common, sizeof(long long), _by_int)
            for i in range(n_common):
                common[i] = common[i] & ((1 << 20) - 1)
        cdef int[::1] form_slot = self.form_slot
        cdef Py_ssize_t cap = 0
        for i in range(n_rare):
            t = <int>kept[rare[i]]
            cap += self.starts[t + 1] - self.starts[t]
        cdef Py_ssize_t first_common = 0
        cdef long long a0, a1, b0, b1
        cdef int f
        if n_rare == 0 and n_common >= 2:
            cap = self.starts[kept[common[0]] + 1] - self.starts[kept[common[0]]]
        cdef int[::1] slot_form = np.empty(cap, dtype=np.int32)
        cdef double[:, ::1] credit = np.zeros((cap, 7), dtype=np.float64)
        cdef unsigned char[::1] forced_slot = np.zeros(cap, dtype=np.uint8)
        cdef Py_ssize_t n_forms = 0, s, c
        cdef bint forcing
        if n_rare:
            for i in range(n_rare):
                j = best[rare[i]]
                t = <int>kept[rare[i]]
                forcing = (self.starts[t + 1] - self.starts[t] <= rare_postings
                           and rows[j, 0] >= forcing_sim)
                for s in range(self.starts[t], self.starts[t + 1]):
                    f = self.forms[s]
                    if form_slot[f] < 0:
                        form_slot[f] = <int>n_forms
                        slot_form[n_forms] = f
                        n_forms += 1
                    c = form_slot[f]
                    for k in range(7):
                        credit[c, k] += rows[j, k]
                    if forcing:
                        forced_slot[c] = 1
            for c in range(n_forms):
                form_slot[slot_form[c]] = -1
        elif n_common >= 2:  # every term is common: the forms carrying the two rarest
            a0, a1 = self.starts[kept[common[0]]], self.starts[kept[common[0]] + 1]
            b0, b1 = self.starts[kept[common[1]]], self.starts[kept[common[1]] + 1]
            while a0 < a1 and b0 < b1:
                if self.forms[a0] < self.forms[b0]:
                    a0 += 1
                elif self.forms[a0] > self.forms[b0]:
                    b0 += 1
                else:
                    slot_form[n_forms] = self.forms[a0]
                    for k in range(7):
                        credit[n_forms, k] = (rows[best[common[0]], k]
                                              + rows[best[common[1]], k])
                    n_forms += 1
                    a0 += 1
                    b0 += 1
            first_common = 2
        else:
            first_common = n_common
        # forms in id order (as np.unique gave them)
        cdef long long[::1] by_form = np.empty(n_forms, dtype=np.int64)
        for c in range(n_forms):
            by_form[c] = (<long long>slot_form[c] << 32) | c
        if n_forms:
            qsort(&by_form[0], n_forms, sizeof(long long), _by_int)
        forms_out = np.empty(n_forms, dtype=np.int32)
        estimates_out = np.empty(n_forms, dtype=np.float64)
        forced_out = np.empty(n_forms, dtype=bool)
        cdef int[::1] forms = forms_out
        cdef double[::1] estimates = estimates_out
        cdef unsigned char[::1] forced = forced_out.view(np.uint8)
        cdef double[:, ::1] sorted_credit = np.empty((n_forms, 7), dtype=np.float64)
        for i in range(n_forms):
            c = by_form[i] & 0xFFFFFFFF
            forms[i] = slot_form[c]
            forced[i] = forced_slot[c]
            for k in range(7):
                sorted_credit[i, k] = credit[c, k]
        # common terms credit the forms already found (binary search in their carriers)
        cdef long long lo, hi, mid
        for i in range(first_common, n_common):
            j = best[common[i]]
            t = <int>kept[common[i]]
            for c in range(n_forms):
                f = forms[c]
                lo, hi = self.starts[t], self.starts[t + 1]
                while lo < hi:
                    mid = (lo + hi) >> 1
                    if self.forms[mid] < f:
                        lo = mid + 1
                    else:
                        hi = mid
                if lo < self.starts[t + 1] and self.forms[lo] == f:
                    for k in range(7):
                        sorted_credit[c, k] += rows[j, k]
        # optimistic name score (see NameIndex._estimate)
        cdef double l_total, l_size, l_init, l_distinct, aligned_q, aligned_l, left_q, left_l
        cdef double extra_q, extra_l, extra, replaced, estimate
        cdef bint both, lenient
        for c in range(n_forms):
            f = forms[c]
            l_total = self.form_figures[f, 0]
            l_size = self.form_figures[f, 1]
            l_init = self.form_figures[f, 2]
            l_distinct = self.form_figures[f, 3]
            aligned_q = _min(sorted_credit[c, 1], q_total)
            aligned_l = _min(sorted_credit[c, 2], l_total)
            left_q = q_total - aligned_q
            left_l = l_total - aligned_l
            extra_q = _max(0.0, q_size - sorted_credit[c, 3])
            extra_l = _max(0.0, l_size - sorted_credit[c, 4])
            both = extra_q > 0 and extra_l > 0
            lenient = not both and (sorted_credit[c, 3] + q_init + l_init >= 2)
            if lenient:
                extra = self.extra_factor * (left_q + left_l)
            else:
                extra = _max(left_q + left_l, self.mismatch_floor * (extra_q + extra_l))
            replaced = _min(_max(0.0, q_distinct - sorted_credit[c, 5]),
                            _max(0.0, l_distinct - sorted_credit[c, 6]))
            replaced = _min(replaced, 2.0) if both else 0.0
            estimate = sorted_credit[c, 0] / (aligned_q + aligned_l + extra + 1e-9)
            estimates[c] = _min(estimate * pow(self.replaced_factor, replaced), 1.0)
        return terms_out, forms_out, estimates_out, forced_out

    def length_window(self, const int[::1] terms, int low, int high, Py_ssize_t budget):
        """Forms carrying ``terms`` whose text length is within [low, high]: per term the
        forms in that window; terms with the smallest window first (then term id); a window
        is taken whole or, once it would pass ``budget`` forms in all, no more are taken."""
        cdef Py_ssize_t n = terms.shape[0], i, n_spans = 0, total = 0, lo, hi, mid, first
        cdef long long start, end
        cdef int t
        cdef long long[::1] spans = np.empty(n, dtype=np.int64)  # size << 32 | term
        for i in range(n):
            t = terms[i]
            start, end = self.starts[t], self.starts[t + 1]
            lo, hi = start, end  # first carrier of length >= low
            while lo < hi:
                mid = (lo + hi) >> 1
                if self.text_lengths[self.by_length[mid]] < low:
                    lo = mid + 1
                else:
                    hi = mid
            first = lo
            hi = end  # first carrier of length > high
            while lo < hi:
                mid = (lo + hi) >> 1
                if self.text_lengths[self.by_length[mid]] <= high:
                    lo = mid + 1
                else:
                    hi = mid
            if lo > first:
                spans[n_spans] = ((lo - first) << 32) | t
                n_spans += 1
        if n_spans:
            qsort(&spans[0], n_spans, sizeof(long long), _by_int)
        cdef Py_ssize_t taken = 0, size
        for i in range(n_spans):
            size = spans[i] >> 32
            if size > budget - total:
                break
            total += size
            taken += 1
        out = np.empty(total, dtype=np.int32)
        cdef int[::1] window = out
        cdef Py_ssize_t k = 0, j
        for i in range(taken):
            t = <int>(spans[i] & 0xFFFFFFFF)
            size = spans[i] >> 32
            lo, hi = self.starts[t], self.starts[t + 1]
            while lo < hi:
                mid = (lo + hi) >> 1
                if self.text_lengths[self.by_length[mid]] < low:
                    lo = mid + 1
                else:
                    hi = mid
            for j in range(size):
                window[k] = self.by_length[lo + j]
                k += 1
        return out

    def nominate(self, const int[::1] forms, const double[::1] estimates,
                 const unsigned char[::1] forced, const int[::1] close,
                 Py_ssize_t limit, double min_estimate, double tie_break):
        """Every name of the chosen forms, best first, then of the ``close`` forms (sorted)
        that ``forms`` lack: (name positions, estimates, similar flags)."""
        cdef Py_ssize_t n = forms.shape[0], m = close.shape[0], i, j, c, n_ranked = 0
        cdef Py_ssize_t n_beyond = 0, n_out = 0, k
        cdef int[::1] positions
        cdef double[::1] out_estimates
        cdef unsigned char[::1] out_similar
        cdef unsigned char[::1] similar = np.zeros(n, dtype=np.uint8)
        cdef int[::1] beyond = np.empty(m, dtype=np.int32)
        i = j = 0  # both sorted: close forms among ``forms`` are similar, the rest beyond
        while j < m:
            if i < n and forms[i] < close[j]:
                i += 1
            elif i < n and forms[i] == close[j]:
                similar[i] = 1
                i += 1
                j += 1
            else:
                beyond[n_beyond] = close[j]
                n_beyond += 1
                j += 1
        cdef unsigned char[::1] chosen = np.zeros(n, dtype=np.uint8)
        cdef Ranked* ranked = <Ranked*>malloc((n if n else 1) * sizeof(Ranked))
        if ranked == NULL:
            raise MemoryError()
        try:
            for i in range(n):
                if estimates[i] >= min_estimate:
                    ranked[n_ranked].key = estimates[i] - tie_break * self.form_sizes[forms[i]]
                    ranked[n_ranked].form = forms[i]
                    ranked[n_ranked].slot = <int>i
                    n_ranked += 1
            qsort(ranked, n_ranked, sizeof(Ranked), _by_rank)
            for i in range(min(n_ranked, limit)):
                chosen[ranked[i].slot] = 1
            n_ranked = 0
            for i in range(n):
                if chosen[i] or forced[i] or similar[i]:
                    ranked[n_ranked].key = estimates[i] - tie_break * self.form_sizes[forms[i]]
                    ranked[n_ranked].form = forms[i]
                    ranked[n_ranked].slot = <int>i
                    n_ranked += 1
                    n_out += self.name_starts[forms[i] + 1] - self.name_starts[forms[i]]
            qsort(ranked, n_ranked, sizeof(Ranked), _by_rank)
            for i in range(n_beyond):
                n_out += self.name_starts[beyond[i] + 1] - self.name_starts[beyond[i]]
            positions_out = np.empty(n_out, dtype=np.int32)
            estimates_out = np.zeros(n_out, dtype=np.float64)
            similar_out = np.ones(n_out, dtype=bool)
            positions = positions_out
            out_estimates = estimates_out
            out_similar = similar_out.view(np.uint8)
            k = 0
            for i in range(n_ranked):
                c = ranked[i].slot
                for j in range(self.name_starts[forms[c]], self.name_starts[forms[c] + 1]):
                    positions[k] = self.names[j]
                    out_estimates[k] = estimates[c]
                    out_similar[k] = similar[c]
                    k += 1
            for i in range(n_beyond):
                for j in range(self.name_starts[beyond[i]], self.name_starts[beyond[i] + 1]):
                    positions[k] = self.names[j]
                    k += 1
        finally:
            free(ranked)
        return positions_out, estimates_out, similar_out
