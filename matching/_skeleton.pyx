# cython: language_level=3, boundscheck=False, wraparound=False
"""Compiled ``phonetic.skeleton`` for ASCII tokens: the same key as the regular expressions
in matching/phonetic.py, which stay the readable specification (a test holds them equal).

Contract: ``SkeletonRules(rewrites, consonants, letters)`` takes the rules phonetic.py states:
``rewrites`` = (pattern, replacement) pairs tried in order at each position, left to right, a
match consuming its pattern (as one regex alternation does); then an ``h`` after one of
``consonants`` (in the rewritten text) is dropped; ``letters`` maps single characters to
their replacements (``str.translate``); runs of one character collapse to one.
``rules.key(token)`` is the key of an ASCII token of at most ``MAX_LEN`` characters, or
None for any other token (the caller uses the Python version). Patterns are non-empty and no
longer than their replacement is short: a rewrite never lengthens the text.
"""

from libc.string cimport memcmp, memcpy

cdef enum:
    MAX_LEN = 128  # longer tokens go to the Python version
    MAX_RULES = 64
    MAX_PART = 8  # longest pattern, replacement or letter mapping
    OUT = MAX_LEN * MAX_PART


cdef class SkeletonRules:
    cdef int n_rules
    cdef unsigned char patterns[MAX_RULES][MAX_PART]
    cdef int pattern_len[MAX_RULES]
    cdef unsigned char replacements[MAX_RULES][MAX_PART]
    cdef int replacement_len[MAX_RULES]
    cdef bint consonant[128]
    cdef unsigned char letters[128][MAX_PART]
    cdef int letter_len[128]

    def __init__(self, tuple rewrites, str consonants, dict letters):
        cdef int i, c
        cdef bytes pattern, replacement, mapped
        if len(rewrites) > MAX_RULES:
            raise ValueError(f"at most {MAX_RULES} rewrites")
        self.n_rules = len(rewrites)
        for i, (p, r) in enumerate(rewrites):
            pattern, replacement = p.encode("ascii"), r.encode("ascii")
            if not 0 < len(pattern) <= MAX_PART or len(replacement) > len(pattern):
                raise ValueError(f"rewrite {p!r} -> {r!r}: a pattern of 1-{MAX_PART} "
                                 "characters, replaced by no more than itself")
            memcpy(self.patterns[i], <const char*>pattern, len(pattern))
            self.pattern_len[i] = len(pattern)
            memcpy(self.replacements[i], <const char*>replacement, len(replacement))
            self.replacement_len[i] = len(replacement)
        for c in range(128):
            self.consonant[c] = chr(c) in consonants
            self.letters[c][0] = c
            self.letter_len[c] = 1
        for key, value in letters.items():
            c = ord(key) if isinstance(key, str) else key
            mapped = value.encode("ascii")
            if not 0 <= c < 128 or len(mapped) > MAX_PART:
                raise ValueError(f"letter mapping {key!r} -> {value!r} out of range")
            memcpy(self.letters[c], <const char*>mapped, len(mapped))
            self.letter_len[c] = len(mapped)

    def key(self, str token):
        """The skeleton of an ASCII ``token`` (None if it is not ASCII or too long)."""
        cdef Py_ssize_t n = len(token), i, k, m = 0, o = 0
        cdef int r, c
        cdef unsigned char rewritten[MAX_LEN]
        cdef unsigned char kept[MAX_LEN]
        cdef unsigned char out[OUT]
        if n > MAX_LEN or not token.isascii():
            return None
        cdef bytes raw = token.encode("ascii")
        cdef const unsigned char* s = raw
        i = 0
        while i < n:  # rewrites: the first pattern matching at i, else the character
            for r in range(self.n_rules):
                if (self.patterns[r][0] == s[i] and self.pattern_len[r] <= n - i
                        and memcmp(s + i, self.patterns[r], self.pattern_len[r]) == 0):
                    memcpy(rewritten + m, self.replacements[r], self.replacement_len[r])
                    m += self.replacement_len[r]
                    i += self.pattern_len[r]
                    break
            else:
                rewritten[m] = s[i]
                m += 1
                i += 1
        k = 0
        for i in range(m):  # an h after a consonant (of the rewritten text) goes
            if rewritten[i] == 104 and i and self.consonant[rewritten[i - 1]]:  # 104: "h"
                continue
            kept[k] = rewritten[i]
            k += 1
        for i in range(k):  # letters mapped, runs collapsed
            c = kept[i]
            for r in range(self.letter_len[c]):
                if o == 0 or out[o - 1] != self.letters[c][r]:
                    out[o] = self.letters[c][r]
                    o += 1
        return out[:o].decode("ascii")
