"""Phonetic-ish skeleton of a folded token, so transliteration variants meet.

Contract: ``skeleton(token)`` maps an ASCII token (output of ``normalize.fold``) to a shorter key
on which common romanisation variants coincide: Sergey/Sergei, Aleksandr/Alexander,
Qaddafi/Kadhafi, Yusuf/Jusuf/Iusuf, Seferovic/Seferovich, Shchukin/Schukin. Vowels are kept
(Hassan and Hussein must stay apart) but y/j become i, doubled letters collapse and a
transliteration ``h`` after a consonant (kh, gh, dh, th) is dropped. Deterministic, never raises.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Ordered rewrites: longest patterns first.
_REWRITES: tuple[tuple[str, str], ...] = (
    ("shch", "s"),
    ("sch", "s"),
    ("tch", "c"),
    ("dzh", "j"),
    ("zh", "j"),
    ("dj", "j"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("tz", "c"),
    ("cz", "c"),
    ("ph", "f"),
    ("ck", "k"),
    ("ks", "x"),
    ("kh", "h"),
    ("ou", "u"),
    ("ee", "i"),
    ("oo", "u"),
    ("ie", "i"),
    ("ei", "i"),
    ("ey", "i"),
    ("iy", "i"),
    ("yi", "i"),
    ("ij", "i"),
)
_REWRITE_RE = re.compile("|".join(re.escape(a) for a, _ in _REWRITES))
_REWRITE_MAP = dict(_REWRITES)
_LETTERS = str.maketrans({"q": "k", "w": "v", "y": "i", "j": "i", "z": "s", "x": "ks"})
_CONSONANT_H = re.compile(r"(?<=[bcdfgjklmnpqrstvwxz])h")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=262144)
def skeleton(token: str) -> str:
    """The phonetic key of one folded token (``""`` stays ``""``)."""
    if not token.isalpha():
        return token
    key = _REWRITE_RE.sub(lambda m: _REWRITE_MAP[m.group(0)], token)
    key = _CONSONANT_H.sub("", key)
    key = key.translate(_LETTERS)
    return _DOUBLES.sub(r"\1", key)
