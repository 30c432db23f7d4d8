# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled core of ``NameIndex.candidates``: credit per name form, estimate, selection.

The Python version spent most of a query in numpy calls on arrays of a few hundred items;
these loops do the same arithmetic with no per-call overhead. Contract (see matching/index.py
for what the figures mean):

- ``Postings(starts, forms, term_figures, form_figures, factors, texts, name_starts, names)``
  holds the index's read-only arrays and the estimate's (extra, mismatch floor, replaced)
  factors: term ``t`` is carried by forms ``forms[starts[t]:starts[t + 1]]`` (sorted);
  ``term_figures[t]`` = (weight, tokens, distinctive tokens); ``form_figures[f]`` = (weight
  less initials, tokens less initials, initials, distinctive tokens).
- ``credit(met_ids, met_sims, run_sizes, run_figures, common_cap, rare_postings, forcing_sim,
  query)``: ``met_ids``/``met_sims`` are the terms the query's runs meet and their
  similarities, run after run (``run_sizes[r]`` of them for run ``r``),
  ``run_figures[r]`` = (weight, tokens, distinctive tokens) of the run, ``query`` = (weight less
  initials, tokens less initials, initials, distinctive tokens). Each term keeps the run that
  credits it most (the first on ties). Returns (met terms sorted, forms sorted, their
  estimates, forced flags), exactly as the numpy version computed them.
- ``length_window(terms, low, high, budget)``: the forms whose token-sorted text (``texts[f]``,
  ASCII) is ``low`` to ``high`` characters long, gathered term by term (see its docstring);
  ``similar_forms(query, terms, cutoff, budget)`` those of them whose text is within
  ``cutoff`` of the query's (``fuzz.ratio``, computed here with a bit-parallel LCS).
- ``nominate(forms, estimates, forced, close, limit, min_estimate, tie_break)``: the best
  ``limit`` forms estimated at least ``min_estimate`` (ranked by estimate less ``tie_break``
  per token, form id on ties) plus every forced one or one in ``close`` (character-similar
  forms), in rank order, then the ``close`` forms not among ``forms``; each form expanded to
  its name positions (``names[name_starts[f]:name_starts[f + 1]]``).
- ``candidates(tokens, weights, query, met, ...)`` is the whole nomination of one query name,
  the three steps above after the query's runs have met their terms (see its docstring).
All are serialised by the caller (they share scratch arrays); none releases the GIL.
"""

import numpy as np

from libc.math cimport ceil, floor, pow
from libc.stdlib cimport calloc, free, malloc, qsort

cdef extern from *:
    int __builtin_popcountll(unsigned long long) nogil

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


cdef Py_ssize_t _lcs(const unsigned long long* pm, Py_ssize_t words, Py_ssize_t length,
                     const unsigned char* text, Py_ssize_t size,
                     unsigned long long* v) noexcept nogil:
    """Longest common subsequence of a pattern (``length`` chars, bit masks ``pm[c * words +
    w]`` per ASCII char) and ``text``: Hyyro's bit-parallel algorithm, ``words`` 64-bit words."""
    cdef Py_ssize_t i, w, kept = 0
    cdef unsigned long long u, x, y, carry, mask
    cdef const unsigned long long* row
    for w in range(words):
        v[w] = ~0ULL
    for i in range(size):
        row = pm + (text[i] & 127) * words
        carry = 0
        for w in range(words):
            u = v[w] & row[w]
            x = v[w] + u
            y = x + carry
            carry = (x < v[w]) | (y < x)
            v[w] = y | (v[w] - u)
    for w in range(words):
        mask = ~0ULL if (w + 1) * 64 <= length else ((1ULL << (length - w * 64)) - 1)
        kept += __builtin_popcountll(~v[w] & mask)
    return kept


cdef inline double _min(double a, double b) noexcept nogil:
    return a if a < b else b


cdef inline double _max(double a, double b) noexcept nogil:
    return a if a > b else b


cdef class Postings:
    cdef const long long[::1] starts
    cdef const int[::1] forms
    cdef const double[:, ::1] term_figures
    cdef const double[:, ::1] form_figures
    cdef const int[::1] by_length
    cdef const long long[::1] name_starts
    cdef const int[::1] names
    cdef bytes texts
    cdef const long long[::1] text_starts
    cdef int[::1] term_slot
    cdef int[::1] form_slot
    cdef double extra_factor, mismatch_floor, replaced_factor

    def __init__(self, starts, forms, term_figures, form_figures, factors, texts, name_starts,
                 names):
        self.starts = starts
        self.forms = forms
        self.term_figures = term_figures
        self.form_figures = form_figures
        self.term_slot = np.full(len(starts) - 1, -1, dtype=np.int32)
        self.form_slot = np.full(len(form_figures), -1, dtype=np.int32)
        self.extra_factor, self.mismatch_floor, self.replaced_factor = factors
        self.texts = "".join(texts).encode("ascii")
        text_lengths = np.asarray([len(t) for t in texts], dtype=np.int32)
        text_starts = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(text_lengths, out=text_starts[1:])
        self.text_starts = text_starts
        self.name_starts = name_starts
        self.names = names
        # each term's carriers again, shortest text first (stable: form id on ties)
        term_of = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
        self.by_length = np.ascontiguousarray(
            forms[np.lexsort((text_lengths[forms], term_of))], dtype=np.int32
        )

    def candidates(self, tuple tokens, list weights, tuple query, met, double distinct,
                   long long common_cap, long long rare_postings, double forcing_sim,
                   double char_ratio, Py_ssize_t char_budget, Py_ssize_t limit,
                   double min_estimate, double tie_break):
        """The whole nomination of one query name: its runs (each token, then every two and
        three adjacent tokens joined; the first occurrence of a repeated term wins) meet terms
        through ``met(term, joined)`` -> (term ids, similarities); then ``credit`` (``query``:
        the name's own figures), the character check (``similar_forms`` on the token-sorted
        text) and ``nominate``."""
        cdef Py_ssize_t n = len(tokens), size, i, k, n_runs = 0
        cdef dict runs = {}
        cdef str term
        for size in range(1, 4):
            for i in range(n - size + 1):
                term = "".join(tokens[i:i + size])
                if term not in runs:
                    runs[term] = (i, size)
        cdef list met_ids = []
        cdef list met_sims = []
        cdef list run_sizes = []
        run_figures_out = np.empty((len(runs), 3), dtype=np.float64)
        cdef double[:, ::1] run_figures = run_figures_out
        cdef double total, count, w
        for term, (i, size) in runs.items():
            ids, sims = met(term, size > 1)
            met_ids.append(ids)
            met_sims.append(sims)
            run_sizes.append(len(ids))
            total = 0.0
            count = 0.0
            for k in range(i, i + size):
                w = weights[k]
                total += w
                count += w >= distinct
            run_figures[n_runs, 0] = total
            run_figures[n_runs, 1] = size
            run_figures[n_runs, 2] = count
            n_runs += 1
        terms, forms, estimates, forced = self.credit(
            np.concatenate(met_ids), np.concatenate(met_sims), run_sizes, run_figures,
            common_cap, rare_postings, forcing_sim, query)
        close = self.similar_forms(" ".join(sorted(tokens)), terms, char_ratio, char_budget)
        return self.nominate(forms, estimates, forced, close, limit, min_estimate, tie_break)

    cpdef tuple credit(self, const int[::1] met_ids, const double[::1] met_sims, list run_sizes,
               const double[:, ::1] run_figures, long long common_cap, long long rare_postings,
               double forcing_sim, tuple query):
        cdef double q_total = query[0], q_size = query[1], q_init = query[2]
        cdef double q_distinct = query[3]
        cdef Py_ssize_t entries = met_ids.shape[0], r, i, j, k, n, size
        cdef Py_ssize_t cap = 0, n_terms = 0, n_pos = 0, n_rare = 0, n_common = 0
        cdef Py_ssize_t first_common = 0, n_forms = 0, s, c
        cdef int t, f
        cdef double qw, tw
        cdef long long count, a0, a1, b0, b1
        cdef bint forcing
        cdef int[::1] terms
        cdef int* term_slot = &self.term_slot[0]
        cdef int* form_slot = &self.form_slot[0]
        # scratch, one block: rows (7 per met entry) and their terms; per term kept/best/rare/common
        cdef double* rows = <double*>malloc((entries * 7 + 1) * sizeof(double))
        cdef int* row_term = <int*>malloc((entries + 1) * sizeof(int))
        cdef long long* kept = <long long*>malloc((entries * 3 + 1) * sizeof(long long))
        cdef int* best = <int*>malloc((entries + 1) * sizeof(int))
        cdef long long* rare = kept + entries
        cdef long long* common = kept + 2 * entries
        cdef double* credit = NULL
        cdef int* slot_form = NULL
        cdef unsigned char* forced_slot = NULL
        cdef long long* by_form = NULL
        if rows == NULL or row_term == NULL or kept == NULL or best == NULL:
            free(rows); free(row_term); free(kept); free(best)
            raise MemoryError()
        try:
            # one row per met (term, run): matched, query/term weight, tokens, distinctive
            n = 0
            for r in range(len(run_sizes)):
                size = run_sizes[r]
                qw = run_figures[r, 0]
                for i in range(size):
                    t = met_ids[n]
                    tw = self.term_figures[t, 0]
                    row_term[n] = t
                    rows[n * 7] = met_sims[n] * (qw + tw)
                    rows[n * 7 + 1] = qw
                    rows[n * 7 + 2] = tw
                    rows[n * 7 + 3] = run_figures[r, 1]
                    rows[n * 7 + 4] = self.term_figures[t, 1]
                    rows[n * 7 + 5] = run_figures[r, 2]
                    rows[n * 7 + 6] = self.term_figures[t, 2]
                    n += 1
            # per term, the row crediting it most (the first on ties), positive credit only
            for i in range(entries):
                t = row_term[i]
                j = term_slot[t]
                if j < 0:
                    term_slot[t] = <int>i
                    kept[n_terms] = t
                    n_terms += 1
                elif rows[i * 7] > rows[j * 7]:
                    term_slot[t] = <int>i
            qsort(kept, n_terms, sizeof(long long), _by_int)
            for i in range(n_terms):
                t = <int>kept[i]
                j = term_slot[t]
                term_slot[t] = -1
                if rows[j * 7] > 0.0:
                    kept[n_pos] = t
                    best[n_pos] = <int>j
                    n_pos += 1
            terms_out = np.empty(n_pos, dtype=np.int32)
            terms = terms_out
            for i in range(n_pos):
                terms[i] = <int>kept[i]
            # rare terms (ascending id) nominate; common ones (fewest carriers first) only credit
            for i in range(n_pos):
                t = <int>kept[i]
                count = self.starts[t + 1] - self.starts[t]
                if count <= common_cap:
                    rare[n_rare] = i
                    n_rare += 1
                    cap += count
                else:  # (carriers, id order) packed in one key for a stable sort by carriers
                    common[n_common] = (count << 20) | i
                    n_common += 1
            qsort(common, n_common, sizeof(long long), _by_int)
            for i in range(n_common):
                common[i] = common[i] & ((1 << 20) - 1)
            if n_rare == 0 and n_common >= 2:
                cap = self.starts[kept[common[0]] + 1] - self.starts[kept[common[0]]]
            credit = <double*>malloc((cap * 7 + 1) * sizeof(double))
            slot_form = <int*>malloc((cap + 1) * sizeof(int))
            forced_slot = <unsigned char*>malloc(cap + 1)
            by_form = <long long*>malloc((cap + 1) * sizeof(long long))
            if credit == NULL or slot_form == NULL or forced_slot == NULL or by_form == NULL:
                raise MemoryError()
            if n_rare:
                for i in range(n_rare):
                    j = best[rare[i]]
                    t = <int>kept[rare[i]]
                    forcing = (self.starts[t + 1] - self.starts[t] <= rare_postings
                               and rows[j * 7] >= forcing_sim)
                    for s in range(self.starts[t], self.starts[t + 1]):
                        f = self.forms[s]
                        if form_slot[f] < 0:
                            form_slot[f] = <int>n_forms
                            slot_form[n_forms] = f
                            forced_slot[n_forms] = 0
                            for k in range(7):
                                credit[n_forms * 7 + k] = 0.0
                            n_forms += 1
                        c = form_slot[f]
                        for k in range(7):
                            credit[c * 7 + k] += rows[j * 7 + k]
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
                        forced_slot[n_forms] = 0
                        for k in range(7):
                            credit[n_forms * 7 + k] = (rows[best[common[0]] * 7 + k]
                                                       + rows[best[common[1]] * 7 + k])
                        n_forms += 1
                        a0 += 1
                        b0 += 1
                first_common = 2
            else:
                first_common = n_common
            forms_out, estimates_out, forced_out = self._estimate(
                rows, best, kept, common, first_common, n_common, credit, slot_form,
                forced_slot, by_form, n_forms, q_total, q_size, q_init, q_distinct)
        finally:
            free(rows); free(row_term); free(kept); free(best)
            free(credit); free(slot_form); free(forced_slot); free(by_form)
        return terms_out, forms_out, estimates_out, forced_out

    cdef tuple _estimate(self, double* rows, int* best, long long* kept, long long* common,
                         Py_ssize_t first_common, Py_ssize_t n_common, double* credit,
                         int* slot_form, unsigned char* forced_slot, long long* by_form,
                         Py_ssize_t n_forms, double q_total, double q_size, double q_init,
                         double q_distinct):
        """Forms in id order with their credit, common terms' credit added, and estimates."""
        cdef Py_ssize_t i, j, c, k
        cdef int t, f
        # forms in id order (as np.unique gave them)
        for c in range(n_forms):
            by_form[c] = (<long long>slot_form[c] << 32) | c
        qsort(by_form, n_forms, sizeof(long long), _by_int)
        forms_out = np.empty(n_forms, dtype=np.int32)
        estimates_out = np.empty(n_forms, dtype=np.float64)
        forced_out = np.empty(n_forms, dtype=bool)
        cdef int[::1] forms = forms_out
        cdef double[::1] estimates = estimates_out
        cdef unsigned char[::1] forced = forced_out.view(np.uint8)
        cdef double* sc = <double*>malloc((n_forms * 7 + 1) * sizeof(double))
        if sc == NULL:
            raise MemoryError()
        for i in range(n_forms):
            c = by_form[i] & 0xFFFFFFFF
            forms[i] = slot_form[c]
            forced[i] = forced_slot[c]
            for k in range(7):
                sc[i * 7 + k] = credit[c * 7 + k]
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
                        sc[c * 7 + k] += rows[j * 7 + k]
        # optimistic name score, mirroring compare_names (see matching/index.py)
        cdef double l_total, l_size, l_init, l_distinct, aligned_q, aligned_l, left_q, left_l
        cdef double extra_q, extra_l, extra, replaced, estimate
        cdef bint both, lenient
        for c in range(n_forms):
            f = forms[c]
            l_total = self.form_figures[f, 0]
            l_size = self.form_figures[f, 1]
            l_init = self.form_figures[f, 2]
            l_distinct = self.form_figures[f, 3]
            aligned_q = _min(sc[c * 7 + 1], q_total)
            aligned_l = _min(sc[c * 7 + 2], l_total)
            left_q = q_total - aligned_q
            left_l = l_total - aligned_l
            extra_q = _max(0.0, q_size - sc[c * 7 + 3])
            extra_l = _max(0.0, l_size - sc[c * 7 + 4])
            both = extra_q > 0 and extra_l > 0
            lenient = not both and (sc[c * 7 + 3] + q_init + l_init >= 2)
            if lenient:
                extra = self.extra_factor * (left_q + left_l)
            else:
                extra = _max(left_q + left_l, self.mismatch_floor * (extra_q + extra_l))
            replaced = _min(_max(0.0, q_distinct - sc[c * 7 + 5]),
                            _max(0.0, l_distinct - sc[c * 7 + 6]))
            replaced = _min(replaced, 2.0) if both else 0.0
            estimate = sc[c * 7 + 0] / (aligned_q + aligned_l + extra + 1e-9)
            estimates[c] = _min(estimate * pow(self.replaced_factor, replaced), 1.0)
        free(sc)
        return forms_out, estimates_out, forced_out

    cdef inline long long _text_length(self, int form) noexcept:
        return self.text_starts[form + 1] - self.text_starts[form]

    cdef inline double _rank(self, int form, double estimate, double tie_break) noexcept:
        """A form's rank: its estimate, less ``tie_break`` per token (shorter names first)."""
        return estimate - tie_break * (self.form_figures[form, 1] + self.form_figures[form, 2])

    cdef inline Py_ssize_t _first_long(self, Py_ssize_t lo, Py_ssize_t hi, int length):
        """The first position in ``by_length[lo:hi]`` (one term's carriers, shortest text
        first) whose text is at least ``length`` long (``hi`` if none)."""
        cdef Py_ssize_t mid
        while lo < hi:
            mid = (lo + hi) >> 1
            if self._text_length(self.by_length[mid]) < length:
                lo = mid + 1
            else:
                hi = mid
        return lo

    cpdef length_window(self, const int[::1] terms, int low, int high, Py_ssize_t budget):
        """Forms carrying ``terms`` whose text length is within [low, high]: per term the
        forms in that window; terms with the smallest window first (then term id); a window
        is taken whole or, once it would pass ``budget`` forms in all, no more are taken."""
        cdef Py_ssize_t n = terms.shape[0], i, n_spans = 0, total = 0, lo, first
        cdef int t
        cdef long long[::1] spans = np.empty(n, dtype=np.int64)  # size << 32 | term
        for i in range(n):
            t = terms[i]
            first = self._first_long(self.starts[t], self.starts[t + 1], low)
            lo = self._first_long(first, self.starts[t + 1], high + 1)
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
            lo = self._first_long(self.starts[t], self.starts[t + 1], low)
            for j in range(size):
                window[k] = self.by_length[lo + j]
                k += 1
        return out

    cpdef similar_forms(self, str query, const int[::1] terms, double cutoff, Py_ssize_t budget):
        """Forms of ``length_window`` (for the lengths that can reach ``cutoff``) whose text
        scores at least ``cutoff`` on rapidfuzz's ``fuzz.ratio`` (200 * LCS / both lengths)
        against ``query``; sorted, each once."""
        cdef bytes raw = query.encode("ascii")
        cdef const unsigned char* q = raw
        cdef Py_ssize_t length = len(raw), words = (length + 63) // 64, i, n, found = 0, lcs
        cdef int low = <int>ceil(length * cutoff / (200.0 - cutoff) - 1e-9)
        cdef int high = <int>floor(length * (200.0 - cutoff) / cutoff + 1e-9)
        cdef const int[::1] window = self.length_window(terms, low, high, budget)
        cdef const unsigned char* texts = self.texts
        cdef int f
        n = window.shape[0]
        out = np.empty(n, dtype=np.int32)
        cdef int[::1] kept = out
        if not n or not length:
            return out[:0]
        cdef unsigned long long* pm = <unsigned long long*>calloc(128 * words + words, 8)
        if pm == NULL:
            raise MemoryError()
        cdef unsigned long long* v = pm + 128 * words
        cdef int[::1] seen = self.form_slot  # -1 everywhere between calls
        try:
            for i in range(length):
                pm[(q[i] & 127) * words + i // 64] |= 1ULL << (i % 64)
            for i in range(n):
                f = window[i]
                if seen[f] >= 0:
                    continue
                seen[f] = 1
                lcs = _lcs(pm, words, length, texts + self.text_starts[f], self._text_length(f), v)
                if 200.0 * lcs >= cutoff * (length + self._text_length(f)):
                    kept[found] = f
                    found += 1
        finally:
            free(pm)
            for i in range(n):
                seen[window[i]] = -1
        result = out[:found]
        result.sort()
        return result

    cpdef tuple nominate(self, const int[::1] forms, const double[::1] estimates,
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
            for i in range(n):  # the best ``limit`` estimated at least ``min_estimate``
                if estimates[i] >= min_estimate:
                    ranked[n_ranked].key = self._rank(forms[i], estimates[i], tie_break)
                    ranked[n_ranked].form = forms[i]
                    ranked[n_ranked].slot = <int>i
                    n_ranked += 1
            qsort(ranked, n_ranked, sizeof(Ranked), _by_rank)
            for i in range(min(n_ranked, limit)):
                chosen[ranked[i].slot] = 1
            n_ranked = 0
            for i in range(n):  # them, the forced and the similar, in rank order
                if chosen[i] or forced[i] or similar[i]:
                    ranked[n_ranked].key = self._rank(forms[i], estimates[i], tie_break)
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
