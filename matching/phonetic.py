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

from matching._skeleton import SkeletonRules

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
_LETTER_MAP = {"q": "k", "w": "v", "y": "i", "j": "i", "z": "s", "x": "ks"}
_LETTERS = str.maketrans(_LETTER_MAP)
_CONSONANTS = "bcdfgjklmnpqrstvwxz"  # a transliteration h after one of these is dropped
_CONSONANT_H = re.compile(f"(?<=[{_CONSONANTS}])h")
_DOUBLES = re.compile(r"(.)\1+")
_COMPILED = SkeletonRules(_REWRITES, _CONSONANTS, _LETTER_MAP)


@lru_cache(maxsize=262144)
def skeleton(token: str) -> str:
    """The phonetic key of one folded token (``""`` stays ``""``)."""
    if not token.isalpha():
        return token
    key = _COMPILED.key(token)
    return key if key is not None else skeleton_by_rules(token)


def skeleton_by_rules(token: str) -> str:
    """``skeleton`` of an alphabetic token by the regular expressions above: the readable
    specification of the compiled version (``matching._skeleton``), which ASCII tokens use."""
    key = _REWRITE_RE.sub(lambda m: _REWRITE_MAP[m.group(0)], token)
    key = _CONSONANT_H.sub("", key)
    key = key.translate(_LETTERS)
    return _DOUBLES.sub(r"\1", key)
