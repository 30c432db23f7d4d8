# cython: language_level=3, boundscheck=False, wraparound=False
"""Compiled fuzzy term lookup of ``NameIndex``: the vocabulary terms a query run meets.

Contract (matching/index.py states what meeting means; this is its implementation):
``TermNeighbours(vocab, by_skeleton, terms, term_keys, single, term_variants, term_exact,
key_variants, skeleton, limits)`` holds the index's lookup structures:
``vocab`` term -> id, ``by_skeleton`` skeleton -> term ids, ``terms``/``term_keys``/``single``
per term id (the text, its skeleton, 1 if a single token), the three ``VariantTable``s
(single tokens one or two deletions deep; every term as it is; every skeleton, long ones
one deletion deep, owned by the skeleton's position in ``by_skeleton``), the ``skeleton``
function and
``limits`` = (MIN_FUZZY_LEN, TWO_EDIT_LEN, KEY_FUZZY_LEN, KEY_EQUAL, JOIN_FLOOR, ONE_EDIT).
``met(token, joined)`` returns the terms ``token`` meets, as packed native int32 term ids and
float64 similarities (bytes, in no particular order): for a single query token, the equal
term, terms of the same skeleton, and terms found one (two, for long tokens not in the
vocabulary) deletions away or one edit apart by skeleton, each scored by ``token_similarity``
and kept when above 0; for a run of joined query tokens (``joined``), single listed tokens
only, and only as the scorer's join takes them (similarity at least JOIN_FLOOR, a one-edit
similarity only when the letters are one edit apart). Not thread-safe: callers serialise.
"""

from cpython.bytes cimport PyBytes_FromStringAndSize
from libc.stdlib cimport calloc, free

from matching._compare cimport _osa, token_similarity
from matching._deletions cimport Owners, VariantTable, append_owner, grown


cdef struct Found:  # terms met so far, in order of finding
    int* ids
    double* sims
    Py_ssize_t size
    Py_ssize_t capacity


cdef class TermNeighbours:
    cdef dict vocab
    cdef dict by_skeleton
    cdef list terms
    cdef list term_keys
    cdef list key_terms
    cdef bytes single
    cdef VariantTable term_variants, term_exact, key_variants
    cdef object skeleton
    cdef Py_ssize_t min_fuzzy_len, two_edit_len, key_fuzzy_len
    cdef double key_equal, join_floor, one_edit
    cdef unsigned int* found_mark  # == stamp: the term is in this call's found list
    cdef unsigned int* seen_mark  # == stamp: the term was already considered
    cdef unsigned int stamp
    cdef Py_ssize_t n_terms

    def __init__(self, dict vocab, dict by_skeleton, list terms, list term_keys, bytes single,
                 VariantTable term_variants, VariantTable term_exact,
                 VariantTable key_variants, skeleton, tuple limits):
        self.vocab, self.by_skeleton, self.terms, self.term_keys = vocab, by_skeleton, terms, term_keys
        self.key_terms = list(by_skeleton.values())  # key id -> its term ids
        self.single, self.skeleton = single, skeleton
        self.term_variants, self.term_exact, self.key_variants = term_variants, term_exact, key_variants
        (self.min_fuzzy_len, self.two_edit_len, self.key_fuzzy_len, self.key_equal,
         self.join_floor, self.one_edit) = limits
        self.n_terms = len(terms)
        if len(term_keys) != self.n_terms or len(single) != self.n_terms:
            raise ValueError("terms, term_keys and single must be the same length")
        self.found_mark = <unsigned int*>calloc(self.n_terms + 1, sizeof(unsigned int))
        self.seen_mark = <unsigned int*>calloc(self.n_terms + 1, sizeof(unsigned int))
        if self.found_mark == NULL or self.seen_mark == NULL:
            raise MemoryError()
        self.stamp = 0

    def __dealloc__(self):
        free(self.found_mark)
        free(self.seen_mark)

    cdef int _add(self, Found* found, int term, double sim) except -1:
        cdef Py_ssize_t capacity
        if found.size == found.capacity:
            capacity = found.capacity * 2 if found.capacity else 16
            found.ids = <int*>grown(found.ids, capacity, sizeof(int))
            found.sims = <double*>grown(found.sims, capacity, sizeof(double))
            found.capacity = capacity
        found.ids[found.size] = term
        found.sims[found.size] = sim
        found.size += 1
        self.found_mark[term] = self.stamp
        return 0

    cdef void _next_stamp(self) noexcept:
        cdef Py_ssize_t i
        self.stamp += 1
        if self.stamp == 0:  # wrapped: old marks could read as current
            for i in range(self.n_terms + 1):
                self.found_mark[i] = self.seen_mark[i] = 0
            self.stamp = 1

    def met(self, str token, bint joined):
        """The terms ``token`` meets: (int32 ids, float64 similarities) as bytes."""
        cdef Found found
        cdef Owners near
        cdef Py_ssize_t n = len(token), i, lo = 0
        cdef int t
        cdef double sim
        cdef bint longer
        cdef str key, term
        cdef const unsigned char* single = self.single
        found.ids, found.sims, found.size, found.capacity = NULL, NULL, 0, 0
        near.items, near.size, near.capacity = NULL, 0, 0
        self._next_stamp()
        try:
            exact = self.vocab.get(token)
            if exact is not None:
                self._add(&found, exact, 1.0)
            key = self.skeleton(token)
            for t in self.by_skeleton.get(key, ()):
                if self.found_mark[t] != self.stamp:
                    self._add(&found, t, self.key_equal)
            if joined:
                if n > self.min_fuzzy_len:
                    self.term_variants.collect(token, 0, 1, &near)
                    self.term_exact.collect(token, 1, 1, &near)
                    for i in range(near.size):
                        t = near.items[i]
                        if (self.found_mark[t] == self.stamp or self.seen_mark[t] == self.stamp
                                or not single[t]):
                            continue
                        self.seen_mark[t] = self.stamp
                        term = self.terms[t]
                        sim = token_similarity(token, key, term, self.term_keys[t])
                        if sim >= self.join_floor and (sim != self.one_edit
                                                       or _osa(token, term, 1) <= 1):
                            self._add(&found, t, sim)
                lo = 0  # only single listed tokens: drop the joined ones found exactly
                for i in range(found.size):
                    if single[found.ids[i]]:
                        found.ids[lo], found.sims[lo] = found.ids[i], found.sims[i]
                        lo += 1
                found.size = lo
            else:
                if n >= self.min_fuzzy_len:
                    longer = n > self.min_fuzzy_len
                    self.term_variants.collect(token, 0, 1 if longer else 0, &near)
                    if longer:
                        self.term_exact.collect(token, 1, 1, &near)
                        if n >= self.two_edit_len and exact is None:  # a typo: two edits away
                            self.term_variants.collect(token, 2, 2, &near)
                            if n >= self.two_edit_len + 2:
                                self.term_exact.collect(token, 2, 2, &near)
                    if len(key) >= self.key_fuzzy_len:  # one edit between skeletons
                        self._key_neighbours(key, &near)
                    for i in range(near.size):
                        t = near.items[i]
                        if self.found_mark[t] == self.stamp or self.seen_mark[t] == self.stamp:
                            continue
                        self.seen_mark[t] = self.stamp
                        sim = token_similarity(token, key, self.terms[t], self.term_keys[t])
                        if sim > 0.0:
                            self._add(&found, t, sim)
            return (PyBytes_FromStringAndSize(<char*>found.ids, found.size * sizeof(int)),
                    PyBytes_FromStringAndSize(<char*>found.sims, found.size * sizeof(double)))
        finally:
            free(found.ids)
            free(found.sims)
            free(near.items)

    cdef int _key_neighbours(self, str key, Owners* near) except -1:
        """Append the terms of every skeleton one deletion from ``key`` (either way)."""
        cdef Owners keys
        cdef Py_ssize_t i
        keys.items, keys.size, keys.capacity = NULL, 0, 0
        try:
            self.key_variants.collect(key, 0, 1, &keys)
            for i in range(keys.size):
                for t in self.key_terms[keys.items[i]]:
                    append_owner(near, t)
        finally:
            free(keys.items)
        return 0
