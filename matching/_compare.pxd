"""C-level interface of the compiled comparison (matching/_compare.pyx), for other compiled
modules."""

cpdef double token_similarity(str a, str ak, str b, str bk) except -1.0
cdef Py_ssize_t _osa(str a, str b, Py_ssize_t cutoff) except -1
