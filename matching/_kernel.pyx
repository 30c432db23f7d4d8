# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled core of ``NameIndex.candidates``: credit per name form, estimate, selection.

The Python version spent most of a query in numpy calls on arrays of a few hundred items;
these loops do the same arithmetic with no per-call overhead: one query name's steps pass C
arrays to each other and only the nomination becomes numpy arrays. Contract (see
matching/index.py for what the figures mean):

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
  estimates, forced flags).
- ``length_window(terms, low, high, budget)``: the forms whose token-sorted text (``texts[f]``,
  ASCII) is ``low`` to ``high`` characters long, gathered term by term (see its docstring);
  ``similar_forms(query, terms, cutoff, budget)`` those of them whose text is within
  ``cutoff`` of the query's (``fuzz.ratio``, computed here with a bit-parallel LCS; a text
  whose character counts alone cannot reach the cutoff is skipped first, see ``_profile``).
- ``nominate(forms, estimates, forced, close, limit, min_estimate, tie_break)``: the best
  ``limit`` forms estimated at least ``min_estimate`` (ranked by estimate less ``tie_break``
  per token, form id on ties) plus every forced one or one in ``close`` (character-similar
  forms), in rank order, then the ``close`` forms not among ``forms``; each form expanded to
  its name positions (``names[name_starts[f]:name_starts[f + 1]]``).
- ``candidates(tokens, weights, query, met, ...)`` is the whole nomination of one query name,
  the three steps above after the query's runs have met their terms (see its docstring);
  ``met`` gives each run's terms as packed native int32 ids and float64 similarities (bytes).
- ``worth_comparing(positions, estimates, similar, floor)``: the positions of a nomination,
  in order, estimated at least ``floor`` or marked similar (a list).
Arrays returned are read-only. All are serialised by the caller (they share scratch arrays);
none releases the GIL.
"""

import numpy as np

from cpython.bytes cimport PyBytes_FromStringAndSize
from libc.math cimport ceil, floor, pow
from libc.stdlib cimport calloc, free, malloc
from libc.string cimport memcpy

cdef extern from *:
    int __builtin_popcountll(unsigned long long) nogil
    void __builtin_prefetch(const void*) nogil

cdef enum:
    PREFETCH = 8  # forms ahead whose text or figures a loop asks memory for
    CLASSES = 32  # bytes of a text's character profile (see ``_profile``)
    PROFILED_LENGTH = 255  # longest query whose profile bounds its LCS exactly

cdef long long LOW_32 = 0xFFFFFFFF

cdef struct Ranked:
    double key
    int form
    int slot


cdef struct Credited:  # what ``_credit`` hands on (malloc'd; ``_release`` frees)
    int* terms
    Py_ssize_t n_terms
    int* forms
    double* estimates
    unsigned char* forced
    Py_ssize_t n_forms


ctypedef fused Sortable:
    long long
    int
    Ranked


cdef inline bint _before(const Sortable* a, const Sortable* b) noexcept nogil:
    """Sort order: numbers ascending; ranked forms by key descending, then form id."""
    if Sortable is Ranked:
        if a.key != b.key:
            return a.key > b.key
        return a.form < b.form
    else:
        return a[0] < b[0]


cdef void _sort(Sortable* a, Py_ssize_t n) noexcept nogil:
    """Sort ``a[:n]`` by ``_before`` (items are distinct, so stability is moot): quicksort on a
    median of three, recursing into the smaller side, insertion sort below 16 items."""
    cdef Py_ssize_t i, j, mid
    cdef Sortable pivot, item
    while n > 16:
        mid = n >> 1
        if _before(&a[mid], &a[0]):
            item = a[mid]; a[mid] = a[0]; a[0] = item
        if _before(&a[n - 1], &a[mid]):
            item = a[mid]; a[mid] = a[n - 1]; a[n - 1] = item
            if _before(&a[mid], &a[0]):
                item = a[mid]; a[mid] = a[0]; a[0] = item
        pivot = a[mid]
        i = -1
        j = n
        while True:  # Hoare: a[:j + 1] <= pivot <= a[j + 1:], both sides non-empty
            i += 1
            while _before(&a[i], &pivot):
                i += 1
            j -= 1
            while _before(&pivot, &a[j]):
                j -= 1
            if i >= j:
                break
            item = a[i]; a[i] = a[j]; a[j] = item
        if j + 1 < n - j - 1:
            _sort(a, j + 1)
            a += j + 1
            n -= j + 1
        else:
            _sort(a + j + 1, n - j - 1)
            n = j + 1
    for i in range(1, n):
        item = a[i]
        j = i - 1
        while j >= 0 and _before(&item, &a[j]):
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = item


cdef int _sort_runs(long long* a, Py_ssize_t n) except -1:
    """Sort ``a[:n]`` ascending by merging its ascending runs pairwise (natural merge sort):
    n log(runs) steps, for arrays made of a few sorted stretches."""
    cdef Py_ssize_t* bounds = NULL
    cdef long long* spare = NULL
    cdef long long* src = a
    cdef long long* dst
    cdef long long* swap
    cdef Py_ssize_t runs = 1, i, r, lo, mid, hi, x, y, k, merged
    if n < 2:
        return 0
    bounds = <Py_ssize_t*>_alloc(n + 1, sizeof(Py_ssize_t))
    try:
        bounds[0] = 0
        for i in range(1, n):
            if a[i] < a[i - 1]:
                bounds[runs] = i
                runs += 1
        bounds[runs] = n
        if runs == 1:
            return 0
        spare = <long long*>_alloc(n, sizeof(long long))
        dst = spare
        while runs > 1:
            merged = 0
            for r in range(0, runs, 2):
                lo, mid = bounds[r], bounds[r + 1]
                hi = bounds[r + 2] if r + 1 < runs else mid
                x, y, k = lo, mid, lo
                while x < mid and y < hi:
                    if src[y] < src[x]:
                        dst[k] = src[y]
                        y += 1
                    else:
                        dst[k] = src[x]
                        x += 1
                    k += 1
                while x < mid:
                    dst[k] = src[x]
                    x += 1
                    k += 1
                while y < hi:
                    dst[k] = src[y]
                    y += 1
                    k += 1
                bounds[merged] = lo
                merged += 1
            bounds[merged] = n
            runs = merged
            swap = src
            src = dst
            dst = swap
        if src != a:
            memcpy(a, src, n * sizeof(long long))
    finally:
        free(bounds)
        free(spare)
    return 0


cdef void* _alloc(Py_ssize_t count, size_t size) except NULL:
    """``count`` items of ``size`` bytes (at least one), uninitialised."""
    cdef void* p = malloc((count if count > 0 else 1) * size)
    if p == NULL:
        raise MemoryError()
    return p


cdef void _release(Credited* c) noexcept:
    free(c.terms)
    free(c.forms)
    free(c.estimates)
    free(c.forced)
    c.terms = c.forms = NULL
    c.estimates = NULL
    c.forced = NULL


cdef object _array(const void* data, Py_ssize_t count, size_t size, dtype):
    """A read-only numpy array of ``count`` items copied from ``data``."""
    return np.frombuffer(PyBytes_FromStringAndSize(<const char*>data, count * size), dtype=dtype)


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


cdef inline int _char_class(unsigned char c) noexcept nogil:
    """A character's slot in a profile: a-z 0-25, space 26, digits 27, anything else 28."""
    if 97 <= c <= 122:
        return c - 97
    if c == 32:
        return 26
    if 48 <= c <= 57:
        return 27
    return 28


cdef void _profile(const unsigned char* text, Py_ssize_t size,
                   unsigned char* out) noexcept nogil:
    """``text``'s character profile: how many characters of each class (``_char_class``) it
    holds, at most 255 each, in ``CLASSES`` bytes."""
    cdef Py_ssize_t i
    cdef int k
    for i in range(CLASSES):
        out[i] = 0
    for i in range(size):
        k = _char_class(text[i])
        if out[k] < 255:
            out[k] += 1


cdef inline int _shared_bound(const unsigned char* a, const unsigned char* b) noexcept nogil:
    """At least the LCS of two texts, from their profiles: a common subsequence takes no more
    characters of a class than either text holds (exact when no count of ``a`` reached 255)."""
    cdef int total = 0, k
    for k in range(CLASSES):
        total += a[k] if a[k] < b[k] else b[k]
    return total


cdef inline long long _lower_bound(const int* values, long long lo, long long hi,
                                   int value) noexcept nogil:
    """The first position in ``values[lo:hi]`` (ascending) holding at least ``value`` (``hi``
    if none)."""
    cdef long long mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if values[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


cdef inline double _min(double a, double b) noexcept nogil:
    return a if a < b else b


cdef inline double _max(double a, double b) noexcept nogil:
    return a if a > b else b


def worth_comparing(const int[::1] positions, const double[::1] estimates,
                    const unsigned char[::1] similar, double floor):
    """Positions, in order, whose estimate is at least ``floor`` or that are similar."""
    cdef Py_ssize_t i, n = positions.shape[0]
    cdef list out = []
    if estimates.shape[0] != n or similar.shape[0] != n:
        raise ValueError("a nomination's arrays differ in length")
    for i in range(n):
        if estimates[i] >= floor or similar[i]:
            out.append(positions[i])
    return out


cdef class Postings:
    # owners of the arrays the pointers below read
    cdef object _keep
    cdef bytes texts
    cdef const long long* starts
    cdef const int* forms
    cdef const double* term_figures  # 3 per term
    cdef const double* form_figures  # 4 per form
    cdef const int* by_length
    cdef const int* carrier_lengths  # text length of each by_length entry, read in place
    cdef const long long* name_starts
    cdef const int* names
    cdef const long long* text_starts
    cdef const unsigned char* profiles  # CLASSES bytes per form (``_profile`` of its text)
    cdef int* term_slot  # -1 everywhere between calls
    cdef int* form_slot  # -1 everywhere between calls
    cdef double extra_factor, mismatch_floor
    cdef double replaced_powers[3]  # the replaced factor to the power 0, 1, 2

    def __init__(self, starts, forms, term_figures, form_figures, factors, texts, name_starts,
                 names):
        starts = np.ascontiguousarray(starts, dtype=np.int64)
        forms = np.ascontiguousarray(forms, dtype=np.int32)
        term_figures = np.ascontiguousarray(term_figures, dtype=np.float64).reshape(-1, 3)
        form_figures = np.ascontiguousarray(form_figures, dtype=np.float64).reshape(-1, 4)
        name_starts = np.ascontiguousarray(name_starts, dtype=np.int64)
        names = np.ascontiguousarray(names, dtype=np.int32)
        self.extra_factor, self.mismatch_floor, replaced_factor = factors
        for k in range(3):
            self.replaced_powers[k] = pow(replaced_factor, k)
        self.texts = "".join(texts).encode("ascii")
        text_lengths = np.asarray([len(t) for t in texts], dtype=np.int32)
        text_starts = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(text_lengths, out=text_starts[1:])
        # each term's carriers again, shortest text first (stable: form id on ties)
        term_of = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
        by_length = np.ascontiguousarray(
            forms[np.lexsort((text_lengths[forms], term_of))], dtype=np.int32
        )
        carrier_lengths = np.ascontiguousarray(text_lengths[by_length], dtype=np.int32)
        term_slot = np.full(len(starts), -1, dtype=np.int32)  # one per term, one spare
        form_slot = np.full(len(form_figures) + 1, -1, dtype=np.int32)
        profiles = np.zeros((len(texts) + 1) * CLASSES, dtype=np.uint8)
        self._keep = (starts, forms, term_figures, form_figures, by_length, carrier_lengths,
                      name_starts, names, text_starts, term_slot, form_slot, profiles)
        cdef const long long[::1] v_starts = starts
        cdef const int[::1] v_forms = forms
        cdef const double[:, ::1] v_terms = term_figures
        cdef const double[:, ::1] v_form_figures = form_figures
        cdef const int[::1] v_by_length = by_length
        cdef const int[::1] v_carrier_lengths = carrier_lengths
        cdef const long long[::1] v_name_starts = name_starts
        cdef const int[::1] v_names = names
        cdef const long long[::1] v_text_starts = text_starts
        cdef int[::1] v_term_slot = term_slot
        cdef int[::1] v_form_slot = form_slot
        cdef unsigned char[::1] v_profiles = profiles
        cdef const unsigned char* all_texts = self.texts
        cdef Py_ssize_t f
        self.starts = &v_starts[0]
        self.forms = &v_forms[0] if v_forms.shape[0] else NULL
        self.term_figures = &v_terms[0, 0] if v_terms.shape[0] else NULL
        self.form_figures = &v_form_figures[0, 0] if v_form_figures.shape[0] else NULL
        self.by_length = &v_by_length[0] if v_by_length.shape[0] else NULL
        self.carrier_lengths = &v_carrier_lengths[0] if v_carrier_lengths.shape[0] else NULL
        self.name_starts = &v_name_starts[0]
        self.names = &v_names[0] if v_names.shape[0] else NULL
        self.text_starts = &v_text_starts[0]
        self.term_slot = &v_term_slot[0]
        self.form_slot = &v_form_slot[0]
        for f in range(len(texts)):
            _profile(all_texts + v_text_starts[f], v_text_starts[f + 1] - v_text_starts[f],
                     &v_profiles[f * CLASSES])
        self.profiles = &v_profiles[0]

    # ---- the whole nomination of one query name

    def candidates(self, tuple tokens, list weights, tuple query, met, double distinct,
                   long long common_cap, long long rare_postings, double forcing_sim,
                   double char_ratio, Py_ssize_t char_budget, Py_ssize_t limit,
                   double min_estimate, double tie_break):
        """The whole nomination of one query name: its runs (each token, then every two and
        three adjacent tokens joined; the first occurrence of a repeated term wins) meet terms
        through ``met(term, joined)`` -> (term ids, similarities) as packed bytes; then
        ``credit`` (``query``: the name's own figures), the character check (``similar_forms``
        on the token-sorted text) and ``nominate``."""
        cdef Py_ssize_t n = len(tokens), size, i, k, r, n_runs
        cdef dict runs = {}
        cdef str term
        for size in range(1, 4):
            for i in range(n - size + 1):
                term = "".join(tokens[i:i + size])
                if term not in runs:
                    runs[term] = (i, size)
        n_runs = len(runs)
        cdef list id_parts = []
        cdef list sim_parts = []
        cdef Py_ssize_t* run_sizes = <Py_ssize_t*>_alloc(n_runs, sizeof(Py_ssize_t))
        cdef double* run_figures = NULL
        cdef double q[4]
        cdef double total, count, w
        cdef bytes ids, sims, raw
        cdef Credited credited
        credited.terms = credited.forms = NULL
        credited.estimates = NULL
        credited.forced = NULL
        cdef int* close = NULL
        cdef Py_ssize_t n_close
        try:
            run_figures = <double*>_alloc(n_runs * 3, sizeof(double))
            r = 0
            for term, (i, size) in runs.items():
                ids, sims = met(term, size > 1)
                id_parts.append(ids)
                sim_parts.append(sims)
                run_sizes[r] = len(ids) // 4  # int32 ids
                total = 0.0
                count = 0.0
                for k in range(i, i + size):
                    w = weights[k]
                    total += w
                    count += w >= distinct
                run_figures[r * 3] = total
                run_figures[r * 3 + 1] = size
                run_figures[r * 3 + 2] = count
                r += 1
            ids = b"".join(id_parts)
            sims = b"".join(sim_parts)
            for k in range(4):
                q[k] = query[k]
            self._credit(<const int*><const char*>ids, <const double*><const char*>sims,
                         run_sizes, run_figures, n_runs, len(ids) // 4, common_cap,
                         rare_postings, forcing_sim, q, &credited)
            raw = " ".join(sorted(tokens)).encode("ascii")
            n_close = self._similar(raw, len(raw), credited.terms, credited.n_terms, char_ratio,
                                    char_budget, &close)
            return self._nominate(credited.forms, credited.estimates, credited.forced,
                                  credited.n_forms, close, n_close, limit, min_estimate,
                                  tie_break)
        finally:
            free(run_sizes)
            free(run_figures)
            free(close)
            _release(&credited)

    # ---- credit and estimate

    def credit(self, const int[::1] met_ids, const double[::1] met_sims, list run_sizes,
               const double[:, ::1] run_figures, long long common_cap, long long rare_postings,
               double forcing_sim, tuple query):
        cdef Py_ssize_t n_runs = len(run_sizes), r, k
        cdef Py_ssize_t* sizes = <Py_ssize_t*>_alloc(n_runs, sizeof(Py_ssize_t))
        cdef double q[4]
        cdef Credited c
        c.terms = c.forms = NULL
        c.estimates = NULL
        c.forced = NULL
        try:
            for r in range(n_runs):
                sizes[r] = run_sizes[r]
            for k in range(4):
                q[k] = query[k]
            self._credit(&met_ids[0] if met_ids.shape[0] else NULL,
                         &met_sims[0] if met_sims.shape[0] else NULL,
                         sizes, &run_figures[0, 0] if n_runs else NULL, n_runs,
                         met_ids.shape[0], common_cap, rare_postings, forcing_sim, q, &c)
            return (_array(c.terms, c.n_terms, sizeof(int), np.int32),
                    _array(c.forms, c.n_forms, sizeof(int), np.int32),
                    _array(c.estimates, c.n_forms, sizeof(double), np.float64),
                    _array(c.forced, c.n_forms, 1, np.bool_))
        finally:
            free(sizes)
            _release(&c)

    cdef int _credit(self, const int* met_ids, const double* met_sims,
                     const Py_ssize_t* run_sizes, const double* run_figures, Py_ssize_t n_runs,
                     Py_ssize_t entries, long long common_cap, long long rare_postings,
                     double forcing_sim, const double* query, Credited* out) except -1:
        """``credit`` on C arrays; fills ``out`` (the caller releases it, also on error)."""
        cdef Py_ssize_t r, i, j, k, n, size
        cdef Py_ssize_t cap = 0, n_terms = 0, n_pos = 0, n_rare = 0, n_common = 0
        cdef Py_ssize_t first_common = 0, n_forms = 0, s, c
        cdef int t, f
        cdef double qw, tw
        cdef long long count, a0, a1, b0, b1
        cdef bint forcing
        cdef int* term_slot = self.term_slot
        cdef int* form_slot = self.form_slot
        cdef const double* tf
        # scratch: rows (7 per met entry) and their terms; per term kept/best/rare/common
        cdef double* rows = NULL
        cdef int* row_term = NULL
        cdef long long* kept = NULL
        cdef int* best = NULL
        cdef long long* rare
        cdef long long* common
        cdef double* credit = NULL
        cdef int* slot_form = NULL
        cdef unsigned char* forced_slot = NULL
        try:
            rows = <double*>_alloc(entries * 7, sizeof(double))
            row_term = <int*>_alloc(entries, sizeof(int))
            kept = <long long*>_alloc(entries * 3, sizeof(long long))
            best = <int*>_alloc(entries, sizeof(int))
            rare = kept + entries
            common = kept + 2 * entries
            # one row per met (term, run): matched, query/term weight, tokens, distinctive
            n = 0
            for r in range(n_runs):
                size = run_sizes[r]
                qw = run_figures[r * 3]
                for i in range(size):
                    t = met_ids[n]
                    tf = self.term_figures + 3 * t
                    tw = tf[0]
                    row_term[n] = t
                    rows[n * 7] = met_sims[n] * (qw + tw)
                    rows[n * 7 + 1] = qw
                    rows[n * 7 + 2] = tw
                    rows[n * 7 + 3] = run_figures[r * 3 + 1]
                    rows[n * 7 + 4] = tf[1]
                    rows[n * 7 + 5] = run_figures[r * 3 + 2]
                    rows[n * 7 + 6] = tf[2]
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
            _sort(kept, n_terms)
            for i in range(n_terms):
                t = <int>kept[i]
                j = term_slot[t]
                term_slot[t] = -1
                if rows[j * 7] > 0.0:
                    kept[n_pos] = t
                    best[n_pos] = <int>j
                    n_pos += 1
            out.terms = <int*>_alloc(n_pos, sizeof(int))
            out.n_terms = n_pos
            for i in range(n_pos):
                out.terms[i] = <int>kept[i]
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
            _sort(common, n_common)
            for i in range(n_common):
                common[i] = common[i] & ((1 << 20) - 1)
            if n_rare == 0 and n_common >= 2:
                cap = self.starts[kept[common[0]] + 1] - self.starts[kept[common[0]]]
            credit = <double*>_alloc(cap * 7, sizeof(double))
            slot_form = <int*>_alloc(cap, sizeof(int))
            forced_slot = <unsigned char*>_alloc(cap, 1)
            if n_rare:
                for i in range(n_rare):
                    j = best[rare[i]]
                    t = <int>kept[rare[i]]
                    forcing = (self.starts[t + 1] - self.starts[t] <= rare_postings
                               and rows[j * 7] >= forcing_sim)
                    for s in range(self.starts[t], self.starts[t + 1]):
                        f = self.forms[s]
                        c = form_slot[f]
                        if c < 0:
                            c = form_slot[f] = <int>n_forms
                            slot_form[n_forms] = f
                            forced_slot[n_forms] = 0
                            for k in range(7):
                                credit[n_forms * 7 + k] = 0.0
                            n_forms += 1
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
            self._estimate(rows, best, kept, common, first_common, n_common, credit, slot_form,
                           forced_slot, n_forms, query, out)
        finally:
            free(rows); free(row_term); free(kept); free(best)
            free(credit); free(slot_form); free(forced_slot)
        return 0

    cdef int _estimate(self, const double* rows, const int* best, const long long* kept,
                       const long long* common, Py_ssize_t first_common, Py_ssize_t n_common,
                       const double* credit, const int* slot_form,
                       const unsigned char* forced_slot, Py_ssize_t n_forms,
                       const double* query, Credited* out) except -1:
        """Forms in id order with their credit, common terms' credit added, and estimates."""
        cdef Py_ssize_t i, c
        cdef long long* by_form = <long long*>_alloc(n_forms, sizeof(long long))
        cdef double* sc = NULL
        cdef int* forms = NULL
        cdef double* estimates = NULL
        try:
            out.forms = <int*>_alloc(n_forms, sizeof(int))
            out.estimates = <double*>_alloc(n_forms, sizeof(double))
            out.forced = <unsigned char*>_alloc(n_forms, 1)
            out.n_forms = n_forms
            forms = out.forms
            estimates = out.estimates
            sc = <double*>_alloc(n_forms * 7, sizeof(double))
            # forms in id order (as np.unique gave them); each rare term adds its new forms in
            # id order, so they come as one ascending run per term
            for c in range(n_forms):
                by_form[c] = (<long long>slot_form[c] << 32) | c
            _sort_runs(by_form, n_forms)
            for i in range(n_forms):
                c = by_form[i] & LOW_32
                forms[i] = slot_form[c]
                out.forced[i] = forced_slot[c]
                memcpy(sc + i * 7, credit + c * 7, 7 * sizeof(double))
            # common terms credit the forms already found (binary search in their carriers)
            self._credit_common(rows, best, kept, common, first_common, n_common, forms,
                                n_forms, sc)
            # optimistic name score, mirroring compare_names (see matching/index.py)
            for c in range(n_forms):
                if c + PREFETCH < n_forms:
                    __builtin_prefetch(self.form_figures + 4 * forms[c + PREFETCH])
                estimates[c] = self._form_estimate(sc + c * 7, self.form_figures + 4 * forms[c],
                                                   query)
        finally:
            free(by_form)
            free(sc)
        return 0

    cdef void _credit_common(self, const double* rows, const int* best, const long long* kept,
                             const long long* common, Py_ssize_t first_common,
                             Py_ssize_t n_common, int* forms, Py_ssize_t n_forms,
                             double* sc) noexcept:
        """Add each common term's row to the forms (sorted) that carry it. (``forms`` is not
        declared const: gcc's maybe-uninitialized check misreads malloc'd const arguments.)"""
        cdef Py_ssize_t i, j, c, k
        cdef long long lo, end
        cdef int t
        for i in range(first_common, n_common):
            j = best[common[i]]
            t = <int>kept[common[i]]
            lo, end = self.starts[t], self.starts[t + 1]
            for c in range(n_forms):  # forms ascend: each search starts where the last ended
                lo = _lower_bound(self.forms, lo, end, forms[c])
                if lo < end and self.forms[lo] == forms[c]:
                    for k in range(7):
                        sc[c * 7 + k] += rows[j * 7 + k]

    cdef inline double _form_estimate(self, const double* sc, const double* figures,
                                      const double* query) noexcept:
        """One form's estimate from its credit row ``sc`` and figures (see ``credit``)."""
        cdef double l_total = figures[0], l_size = figures[1], l_init = figures[2]
        cdef double l_distinct = figures[3]
        cdef double q_total = query[0], q_size = query[1], q_init = query[2]
        cdef double q_distinct = query[3]
        cdef double aligned_q = _min(sc[1], q_total)
        cdef double aligned_l = _min(sc[2], l_total)
        cdef double left_q = q_total - aligned_q
        cdef double left_l = l_total - aligned_l
        cdef double extra_q = _max(0.0, q_size - sc[3])
        cdef double extra_l = _max(0.0, l_size - sc[4])
        cdef bint both = extra_q > 0 and extra_l > 0
        cdef bint lenient = not both and (sc[3] + q_init + l_init >= 2)
        cdef double extra, estimate
        cdef int replaced  # distinctive tokens replaced, 0 to 2 (the figures count tokens)
        if lenient:
            extra = self.extra_factor * (left_q + left_l)
        else:
            extra = _max(left_q + left_l, self.mismatch_floor * (extra_q + extra_l))
        replaced = <int>_min(_min(_max(0.0, q_distinct - sc[5]), _max(0.0, l_distinct - sc[6])),
                             2.0) if both else 0
        estimate = sc[0] / (aligned_q + aligned_l + extra + 1e-9)
        return _min(estimate * self.replaced_powers[replaced], 1.0)

    # ---- the character check

    cdef inline long long _text_length(self, int form) noexcept:
        return self.text_starts[form + 1] - self.text_starts[form]

    cdef inline Py_ssize_t _first_long(self, Py_ssize_t lo, Py_ssize_t hi, int length) noexcept:
        """The first position in ``by_length[lo:hi]`` (one term's carriers, shortest text
        first) whose text is at least ``length`` long (``hi`` if none)."""
        return <Py_ssize_t>_lower_bound(self.carrier_lengths, lo, hi, length)

    def length_window(self, const int[::1] terms, int low, int high, Py_ssize_t budget):
        """Forms carrying ``terms`` whose text length is within [low, high]: per term the
        forms in that window; terms with the smallest window first (then term id); a window
        is taken whole or, once it would pass ``budget`` forms in all, no more are taken."""
        cdef int* window = NULL
        cdef Py_ssize_t n
        try:
            n = self._length_window(&terms[0] if terms.shape[0] else NULL, terms.shape[0], low,
                                    high, budget, &window)
            return _array(window, n, sizeof(int), np.int32)
        finally:
            free(window)

    cdef Py_ssize_t _length_window(self, const int* terms, Py_ssize_t n, int low, int high,
                                   Py_ssize_t budget, int** window) except -1:
        """``length_window`` on C arrays: the forms in a new ``*window``; returns their count."""
        cdef Py_ssize_t i, n_spans = 0, total = 0, lo, first, taken = 0, size, k = 0, j
        cdef int t
        cdef long long* spans = <long long*>_alloc(n, sizeof(long long))  # size << 32 | term
        try:
            for i in range(n):
                t = terms[i]
                first = self._first_long(self.starts[t], self.starts[t + 1], low)
                lo = self._first_long(first, self.starts[t + 1], high + 1)
                if lo > first:
                    spans[n_spans] = ((lo - first) << 32) | t
                    n_spans += 1
            _sort(spans, n_spans)
            for i in range(n_spans):
                size = spans[i] >> 32
                if size > budget - total:
                    break
                total += size
                taken += 1
            window[0] = <int*>_alloc(total, sizeof(int))
            for i in range(taken):
                t = <int>(spans[i] & LOW_32)
                size = spans[i] >> 32
                lo = self._first_long(self.starts[t], self.starts[t + 1], low)
                for j in range(size):
                    window[0][k] = self.by_length[lo + j]
                    k += 1
        finally:
            free(spans)
        return total

    def similar_forms(self, str query, const int[::1] terms, double cutoff, Py_ssize_t budget):
        """Forms of ``length_window`` (for the lengths that can reach ``cutoff``) whose text
        scores at least ``cutoff`` on rapidfuzz's ``fuzz.ratio`` (200 * LCS / both lengths)
        against ``query``; sorted, each once."""
        cdef bytes raw = query.encode("ascii")
        cdef int* close = NULL
        cdef Py_ssize_t n
        try:
            n = self._similar(raw, len(raw), &terms[0] if terms.shape[0] else NULL,
                              terms.shape[0], cutoff, budget, &close)
            return _array(close, n, sizeof(int), np.int32)
        finally:
            free(close)

    cdef Py_ssize_t _similar(self, const unsigned char* q, Py_ssize_t length, const int* terms,
                             Py_ssize_t n_terms, double cutoff, Py_ssize_t budget,
                             int** close) except -1:
        """``similar_forms`` on C arrays: the forms in a new ``*close``; returns their count."""
        cdef Py_ssize_t words = (length + 63) // 64, i, n, found = 0, lcs
        cdef int low = <int>ceil(length * cutoff / (200.0 - cutoff) - 1e-9)
        cdef int high = <int>floor(length * (200.0 - cutoff) / cutoff + 1e-9)
        cdef int* window = NULL
        cdef const unsigned char* texts = self.texts
        cdef unsigned long long* pm = NULL
        cdef unsigned long long* v
        cdef int* seen = self.form_slot  # -1 everywhere between calls
        cdef int f
        cdef unsigned char profile[CLASSES]
        cdef bint bounded = length <= PROFILED_LENGTH
        cdef long long size
        try:
            n = self._length_window(terms, n_terms, low, high, budget, &window)
            close[0] = <int*>_alloc(n, sizeof(int))
            if not n or not length:
                return 0
            pm = <unsigned long long*>calloc(128 * words + words, 8)
            if pm == NULL:
                raise MemoryError()
            v = pm + 128 * words
            for i in range(length):
                pm[(q[i] & 127) * words + i // 64] |= 1ULL << (i % 64)
            _profile(q, length, profile)
            for i in range(n):
                if i + PREFETCH < n:  # profiles are scattered: ask for one a few forms ahead
                    __builtin_prefetch(self.profiles + window[i + PREFETCH] * CLASSES)
                f = window[i]
                if seen[f] >= 0:
                    continue
                seen[f] = 1
                size = self._text_length(f)
                if bounded and 200.0 * _shared_bound(profile, self.profiles + f * CLASSES) < (
                    cutoff * (length + size)
                ):
                    continue  # cannot reach the cutoff: not even the characters are there
                lcs = _lcs(pm, words, length, texts + self.text_starts[f], size, v)
                if 200.0 * lcs >= cutoff * (length + size):
                    close[0][found] = f
                    found += 1
            for i in range(n):
                seen[window[i]] = -1
        finally:
            free(pm)
            free(window)
        _sort(close[0], found)
        return found

    # ---- selection

    cdef inline double _rank(self, int form, double estimate, double tie_break) noexcept:
        """A form's rank: its estimate, less ``tie_break`` per token (shorter names first)."""
        cdef const double* figures = self.form_figures + 4 * form
        return estimate - tie_break * (figures[1] + figures[2])

    def nominate(self, const int[::1] forms, const double[::1] estimates,
                 const unsigned char[::1] forced, const int[::1] close,
                 Py_ssize_t limit, double min_estimate, double tie_break):
        """Every name of the chosen forms, best first, then of the ``close`` forms (sorted)
        that ``forms`` lack: (name positions, estimates, similar flags)."""
        cdef Py_ssize_t n = forms.shape[0]
        return self._nominate(&forms[0] if n else NULL, &estimates[0] if n else NULL,
                              &forced[0] if n else NULL, n,
                              &close[0] if close.shape[0] else NULL, close.shape[0], limit,
                              min_estimate, tie_break)

    cdef tuple _nominate(self, const int* forms, const double* estimates,
                         const unsigned char* forced, Py_ssize_t n, const int* close,
                         Py_ssize_t m, Py_ssize_t limit, double min_estimate,
                         double tie_break):
        """``nominate`` on C arrays."""
        cdef Py_ssize_t i, j, c, n_ranked = 0, n_beyond = 0, n_out = 0, k
        cdef unsigned char* similar = NULL
        cdef unsigned char* chosen = NULL
        cdef int* beyond = NULL
        cdef Ranked* ranked = NULL
        cdef int* positions = NULL
        cdef double* out_estimates = NULL
        cdef unsigned char* out_similar = NULL
        try:
            similar = <unsigned char*>calloc(n * 2 + 1, 1)
            if similar == NULL:
                raise MemoryError()
            chosen = similar + n
            beyond = <int*>_alloc(m, sizeof(int))
            ranked = <Ranked*>_alloc(n, sizeof(Ranked))
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
            for i in range(n):  # the best ``limit`` estimated at least ``min_estimate``
                if estimates[i] >= min_estimate:
                    ranked[n_ranked].key = self._rank(forms[i], estimates[i], tie_break)
                    ranked[n_ranked].form = forms[i]
                    ranked[n_ranked].slot = <int>i
                    n_ranked += 1
            if n_ranked > limit:
                _sort(ranked, n_ranked)
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
            _sort(ranked, n_ranked)
            for i in range(n_beyond):
                n_out += self.name_starts[beyond[i] + 1] - self.name_starts[beyond[i]]
            positions = <int*>_alloc(n_out, sizeof(int))
            out_estimates = <double*>_alloc(n_out, sizeof(double))
            out_similar = <unsigned char*>_alloc(n_out, 1)
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
                    out_estimates[k] = 0.0
                    out_similar[k] = 1
                    k += 1
            return (_array(positions, n_out, sizeof(int), np.int32),
                    _array(out_estimates, n_out, sizeof(double), np.float64),
                    _array(out_similar, n_out, 1, np.bool_))
        finally:
            free(similar); free(beyond); free(ranked)
            free(positions); free(out_estimates); free(out_similar)
