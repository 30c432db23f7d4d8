"""C-level interface of the deletion tables (matching/_deletions.pyx), for other compiled
modules."""

from libc.stdint cimport int32_t, uint64_t


cdef struct Owners:  # a growable array of owner ids (free ``items`` when done)
    int32_t* items
    Py_ssize_t size
    Py_ssize_t capacity


cdef int append_owner(Owners* out, int32_t owner) except -1
cdef void* grown(void* items, Py_ssize_t capacity, size_t item_size) except NULL


cdef class VariantTable:
    cdef unsigned char* tags  # scanned first: a miss touches one byte per slot, not twelve
    cdef uint64_t* keys
    cdef int32_t* owners
    cdef Py_ssize_t mask
    cdef Py_ssize_t count

    cdef int _grow(self) noexcept nogil
    cdef void _place(self, uint64_t key, int32_t owner) noexcept nogil
    cdef int _insert(self, uint64_t key, int32_t owner) noexcept nogil
    cdef int _store_variants(self, int kind, const void* s, Py_ssize_t n, int lo, int hi,
                             int32_t owner) noexcept nogil
    cdef void _collect(self, uint64_t key, Owners* found) except *
    cdef void _each(self, str text, int lo, int hi, Owners* found) except *
    cdef int collect(self, str text, int lo, int hi, Owners* found) except -1
