# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Symmetric-deletion lookup tables (SymSpell), compiled: no deleted string is ever built.

Contract:
- A *variant at depth d* of a string is the string with ``d`` characters (code points)
  dropped; depth 0 is the string itself.
- ``VariantTable()`` stores (variant, owner id) pairs. ``add(text, owner, lo, hi)`` stores every
  distinct variant of ``text`` at depths ``lo``..``hi`` (``hi`` at most 2) for ``owner``;
  ``lookup(text, lo, hi)`` returns the set of owners of a stored variant equal to any variant of
  ``text`` at depths ``lo``..``hi``. So ``add(term, id, 1, 2)`` + ``lookup(query, 0, 1)`` finds
  terms one or two deletions away from a query or its deletions, and ``add(term, id, 0, 0)`` +
  ``lookup(query, 1, 1)`` the terms equal to a deletion of the query.
- Variants are kept as 64-bit FNV-1a hashes in an open-addressing table, not as strings: a table
  of a million variants builds in a fraction of a second and a few tens of MB. Two strings of
  equal hash are taken as equal; with 64-bit hashes that costs one spurious owner in about
  10^12 lookups, and callers score every owner they get.
- Compiled callers (``matching._neighbours``, through _deletions.pxd) use ``collect``: the
  same owners as ``lookup``, appended to a C array (repeats included) instead of a set.
- ``add_many(texts, owners, lo, highs)`` is ``add(texts[i], owners[i], lo, highs[i])`` for
  each ``i``, with the GIL released while the variants are stored: a table can fill in one
  thread while Python code runs in another (``texts`` must not change meanwhile).
- Not thread-safe for ``add``/``add_many``; ``lookup`` and ``collect`` only read.
"""

from libc.stdint cimport int32_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc


cdef extern from "Python.h":
    # the code points of a str, read in place from its compact storage (1, 2 or 4 bytes each)
    int str_kind "PyUnicode_KIND"(object text)
    const void* str_data "PyUnicode_DATA"(object text)
    uint32_t code_point "PyUnicode_READ"(int kind, const void* data, Py_ssize_t index) nogil


cdef uint64_t FNV_OFFSET = 14695981039346656037ULL
cdef uint64_t FNV_PRIME = 1099511628211ULL


cdef inline uint64_t _hash(int kind, const void* s, Py_ssize_t n, Py_ssize_t skip1,
                           Py_ssize_t skip2) noexcept nogil:
    """FNV-1a, one step per code point, of the ``n`` code points of a str's storage ``s`` of
    ``kind`` without positions ``skip1`` and ``skip2`` (-1: none); never 0."""
    cdef uint64_t h = FNV_OFFSET
    cdef Py_ssize_t i
    for i in range(n):
        if i != skip1 and i != skip2:
            h = (h ^ code_point(kind, s, i)) * FNV_PRIME
    return h if h else 1


cdef inline unsigned char _tag(uint64_t key) noexcept nogil:
    """A slot's one-byte fingerprint (never 0, which marks an empty slot)."""
    return <unsigned char>((key >> 56) | 1)


cdef void* grown(void* items, Py_ssize_t capacity, size_t item_size) except NULL:
    """``items`` reallocated to hold ``capacity`` items of ``item_size`` bytes (a growable
    array's step); raises ``MemoryError``, leaving ``items`` as it was, when that fails."""
    cdef void* moved = realloc(items, capacity * item_size)
    if moved == NULL:
        raise MemoryError()
    return moved


cdef int append_owner(Owners* out, int32_t owner) except -1:
    """Append ``owner`` to ``out``, growing it as needed."""
    cdef Py_ssize_t capacity
    if out.size == out.capacity:
        capacity = out.capacity * 2 if out.capacity else 16
        out.items = <int32_t*>grown(out.items, capacity, sizeof(int32_t))
        out.capacity = capacity
    out.items[out.size] = owner
    out.size += 1
    return 0


cdef struct Pending:  # one text of ``add_many``, read in place while the GIL is released
    int kind
    const void* data
    Py_ssize_t size
    int32_t owner
    int hi


cdef class VariantTable:
    def __cinit__(self) -> None:
        self.mask = 1023
        self.count = 0
        self.tags = <unsigned char*>calloc(self.mask + 1, 1)
        self.keys = <uint64_t*>calloc(self.mask + 1, sizeof(uint64_t))
        self.owners = <int32_t*>calloc(self.mask + 1, sizeof(int32_t))
        if self.tags == NULL or self.keys == NULL or self.owners == NULL:
            raise MemoryError()

    def __dealloc__(self) -> None:
        free(self.tags)
        free(self.keys)
        free(self.owners)

    def __len__(self) -> int:
        return self.count

    cdef int _grow(self) noexcept nogil:
        """Double the slots; -1 (the table unchanged) when memory runs out."""
        cdef Py_ssize_t old_size = self.mask + 1, i
        cdef unsigned char* old_tags = self.tags
        cdef uint64_t* old_keys = self.keys
        cdef int32_t* old_owners = self.owners
        cdef unsigned char* tags = <unsigned char*>calloc(old_size * 2, 1)
        cdef uint64_t* keys = <uint64_t*>calloc(old_size * 2, sizeof(uint64_t))
        cdef int32_t* owners = <int32_t*>calloc(old_size * 2, sizeof(int32_t))
        if tags == NULL or keys == NULL or owners == NULL:
            free(tags)
            free(keys)
            free(owners)
            return -1
        self.tags, self.keys, self.owners = tags, keys, owners
        self.mask, self.count = old_size * 2 - 1, 0
        for i in range(old_size):
            if old_keys[i]:
                self._place(old_keys[i], old_owners[i])
        free(old_tags)
        free(old_keys)
        free(old_owners)
        return 0

    cdef inline void _place(self, uint64_t key, int32_t owner) noexcept nogil:
        """Store (key, owner) unless stored already; the table has a free slot."""
        cdef Py_ssize_t slot = <Py_ssize_t>(key & <uint64_t>self.mask)
        while self.tags[slot]:
            if self.keys[slot] == key and self.owners[slot] == owner:
                return  # the same variant of the same owner (aab: ab twice)
            slot = (slot + 1) & self.mask
        self.tags[slot] = _tag(key)
        self.keys[slot] = key
        self.owners[slot] = owner
        self.count += 1

    cdef inline int _insert(self, uint64_t key, int32_t owner) noexcept nogil:
        """``_place``, growing the table first when it is half full; -1 out of memory."""
        if (self.count + 1) * 2 > self.mask + 1 and self._grow() < 0:
            return -1
        self._place(key, owner)
        return 0

    cdef int _store_variants(self, int kind, const void* s, Py_ssize_t n, int lo, int hi,
                             int32_t owner) noexcept nogil:
        """Store every variant of a string's code points ``s`` (``n`` of ``kind``) at depths
        ``lo``..``hi`` for ``owner`` (``add`` and ``add_many``); -1 out of memory."""
        cdef Py_ssize_t i, j
        if lo <= 0 <= hi and self._insert(_hash(kind, s, n, -1, -1), owner) < 0:
            return -1
        if lo <= 1 <= hi:
            for i in range(n):
                if self._insert(_hash(kind, s, n, i, -1), owner) < 0:
                    return -1
        if lo <= 2 <= hi:
            for i in range(n):
                for j in range(i + 1, n):
                    if self._insert(_hash(kind, s, n, i, j), owner) < 0:
                        return -1
        return 0

    cdef void _collect(self, uint64_t key, Owners* found) except *:
        cdef Py_ssize_t slot = <Py_ssize_t>(key & <uint64_t>self.mask)
        cdef unsigned char tag = _tag(key)
        while self.tags[slot]:
            if self.tags[slot] == tag and self.keys[slot] == key:
                append_owner(found, self.owners[slot])
            slot = (slot + 1) & self.mask

    cdef void _each(self, str text, int lo, int hi, Owners* found) except *:
        """The owners of every variant of ``text`` at depths ``lo``..``hi``, appended to
        ``found``."""
        cdef int kind = str_kind(text)
        cdef const void* s = str_data(text)
        cdef Py_ssize_t n = len(text), i, j
        if hi > 2:
            raise ValueError("variants go at most two deletions deep")
        if lo <= 0 <= hi:
            self._collect(_hash(kind, s, n, -1, -1), found)
        if lo <= 1 <= hi:
            for i in range(n):
                self._collect(_hash(kind, s, n, i, -1), found)
        if lo <= 2 <= hi:
            for i in range(n):
                for j in range(i + 1, n):
                    self._collect(_hash(kind, s, n, i, j), found)

    cdef int collect(self, str text, int lo, int hi, Owners* found) except -1:
        """The owners of ``text``'s variants at depths ``lo``..``hi``, appended to ``found``
        (an owner may appear more than once)."""
        self._each(text, lo, hi, found)
        return 0

    def add(self, str text, int owner, int lo, int hi) -> None:
        if hi > 2:
            raise ValueError("variants go at most two deletions deep")
        if self._store_variants(str_kind(text), str_data(text), len(text), lo, hi, owner) < 0:
            raise MemoryError()

    def add_many(self, list texts, list owners, int lo, list highs) -> None:
        cdef Py_ssize_t m = len(texts), i
        cdef Pending* items
        cdef str text
        cdef int failed = 0
        if len(owners) != m or len(highs) != m:
            raise ValueError("add_many needs one owner and one depth per text")
        items = <Pending*>malloc((m if m else 1) * sizeof(Pending))
        if items == NULL:
            raise MemoryError()
        try:
            for i in range(m):
                text = texts[i]
                items[i].kind, items[i].data = str_kind(text), str_data(text)
                items[i].size, items[i].owner, items[i].hi = len(text), owners[i], highs[i]
                if items[i].hi > 2:
                    raise ValueError("variants go at most two deletions deep")
            with nogil:
                for i in range(m):
                    if self._store_variants(items[i].kind, items[i].data, items[i].size, lo,
                                            items[i].hi, items[i].owner) < 0:
                        failed = 1
                        break
            if failed:
                raise MemoryError()
        finally:
            free(items)

    def lookup(self, str text, int lo, int hi) -> set:
        cdef Owners found
        found.items, found.size, found.capacity = NULL, 0, 0
        try:
            self._each(text, lo, hi, &found)
            return {found.items[i] for i in range(found.size)}
        finally:
            free(found.items)
