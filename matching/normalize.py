"""Name normalisation: any string in, comparable lower-case ASCII tokens out.

Steps, in order (``normalize_name``):

1. Unicode NFKC (full-width letters, ligatures and compatibility forms become plain letters).
2. Case folding (``str.casefold``: ß -> ss, Turkish dotted I handled by step 4).
3. Letters that decomposition does not reduce are mapped explicitly, Balkan first:
   đ -> dj, ǆ/dž -> dz, ǉ -> lj, ǌ -> nj, ø -> o, ł -> l, æ -> ae, œ -> oe, þ -> th, ı -> i.
4. Every other script is transliterated to Latin with ``anyascii`` (Cyrillic, Greek, Arabic,
   Chinese, ...); combining marks left over from NFKD are dropped (ë ç č ć š ž -> e c c c s z).
   Transliteration schemes differ (Sergey/Sergei, Aleksandr/Alexander): they are reconciled later
   by ``matching.phonetic.skeleton``, not here.
5. Apostrophes vanish inside words (O'Brien -> obrien, Ma'ruf -> maruf); every other
   punctuation mark separates tokens (al-Rahman -> al rahman, SH.P.K. -> sh p k).
6. "SURNAME, Given" (a single comma) is reordered to "Given SURNAME".
7. Leading honorifics and titles (mr, dr, sheikh, haji, ...) are dropped, keeping at least one
   word (a title after a name is a surname: Muhammad HAJJI).
8. Arabic "servant of" prefixes are written one way: abd al-X, abd el X, abdel X -> abdul X,
   abdelX/abdalX -> abdulX (the scorer then joins abdul+X to meet Abdulrahman).
9. Organisation legal forms, including multi-token spellings (sh p k, d o o, limited liability
   company, ООО), become one canonical token from ``LEGAL_FORMS`` (kept, not deleted: the scorer
   weighs them low); a one-edit typo in a legal word of 5+ letters is forgiven (LIMIITED
   LIABILTIY COMPANY, JOITT STOCK COMPANY).

The result is a ``NormalizedName``; an input with no letters or digits gives empty tokens, never
an error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import OSA

_LETTER_MAP = str.maketrans(
    {
        "đ": "dj",
        "ǆ": "dz",
        "ǅ": "dz",
        "ǉ": "lj",
        "ǈ": "lj",
        "ǌ": "nj",
        "ǋ": "nj",
        "ø": "o",
        "ł": "l",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ı": "i",
        "’": "'",
        "ʼ": "'",
        "ʻ": "'",
        "`": "'",
        "´": "'",
    }
)
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_SEPARATOR = re.compile(r"[^a-z0-9]+")

TITLES = frozenset(
    "mr mrs ms miss mister madam dr doctor prof professor sir dame lord lady sheikh shaikh shaykh "
    "sheik haji hajji hadji mullah mulla maulana maulvi imam sayyid sayed syed hon honorable "
    "rev reverend fr father gen lt col capt colonel captain major sgt engr eng ing mag dipl "
    "hh hrh his her excellency".split()
)

# canonical legal-form token -> spellings (already folded, tokens separated by spaces)
_LEGAL_SPELLINGS: dict[str, tuple[str, ...]] = {
    "llc": (
        "llc",
        "l l c",
        "limited liability company",
        "limited liability co",
        "ooo",
        "tov",
        "too",
        "doo",
        "d o o",
        "sh p k",
        "shpk",
        "srl",
        "s r l",
        "sarl",
        "s a r l",
        "spzoo",
        "sp z o o",
        "mchj",
        "gmbh",
        "kft",
        "sro",
        "s r o",
        "bv",
        "b v",
        # spelled out, as romanised on the lists (ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ,
        # ТОВАРИСТВО З ОБМЕЖЕНОЮ ВІДПОВІДАЛЬНІСТЮ): one-letter variants are typos of these
        "obshchestvo s ogranichennoi otvetstvennostyu",
        "obshestvo s ogranichennoi otvetstvennostyu",
        "tovarystvo z obmezhenoiu vidpovidalnistiu",
    ),
    "ltd": ("ltd", "limited", "pvt ltd", "private limited", "pte ltd", "pty ltd", "pte", "pty"),
    "co": (
        "co",
        "company",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "cie",
        "compania",
        "companhia",
        "kompaniya",
        "sirketi",
        "sherkat",
    ),
    "fz": ("fzco", "fze", "fzc", "fz llc", "fzllc", "dmcc", "fz co"),
    "jsc": (
        "jsc",
        "ojsc",
        "cjsc",
        "pjsc",
        "pao",
        "oao",
        "zao",
        "ao",
        "joint stock company",
        "public joint stock company",
        "closed joint stock company",
        "open joint stock company",
        "ad",
        "dd",
        "d d",
        "sh a",
        "a s",
        "as",
        "aktsionernoe obshchestvo",
        "publichnoe aktsionernoe obshchestvo",
        "otkrytoe aktsionernoe obshchestvo",
        "zakrytoe aktsionernoe obshchestvo",
    ),
    "plc": ("plc", "p l c", "public limited company"),
    "sa": ("sa", "s a", "sas", "s a s", "spa", "s p a", "ag", "nv", "n v", "ab", "oyj", "asa"),
    "lp": ("lp", "llp", "l l p", "l p", "partnership", "gbr", "kg", "ohg"),
}
LEGAL_FORMS: frozenset[str] = frozenset(_LEGAL_SPELLINGS)
LEGAL_MARK = "~"  # canonical legal tokens are written "~llc", "~ltd", ... in NormalizedName.legal


def _legal_table() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for canonical, spellings in _LEGAL_SPELLINGS.items():
        for spelling in spellings:
            table[tuple(spelling.split())] = LEGAL_MARK + canonical
    return table


_LEGAL_TABLE = _legal_table()
_LEGAL_MAX = max(len(k) for k in _LEGAL_TABLE)
_LEGAL_FIRST = frozenset(k[0] for k in _LEGAL_TABLE)  # a word that may start a spelling
# Short spellings that are also ordinary name tokens: legal only after another token.
_LEGAL_NOT_FIRST = frozenset({"co", "as", "ad", "ab", "sa", "ao", "too", "dd", "pte", "lp"})


@dataclass(frozen=True, slots=True)
class NormalizedName:
    """``tokens``: the name's words, folded; ``legal``: canonical legal forms found (``~llc``)."""

    tokens: tuple[str, ...]
    legal: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def fold(text: str) -> str:
    """Steps 1-5: a lower-case ASCII string of space-separated tokens."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LETTER_MAP)
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
        text = anyascii(text).lower()
    text = _APOSTROPHE.sub("", text)
    return _SEPARATOR.sub(" ", text).strip()


def _reorder_comma(text: str) -> str:
    parts = text.split(",")
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        head, tail = parts[0].strip(), parts[1].strip()
        if len(head.split()) <= 3 and len(tail.split()) <= 4:
            return f"{tail} {head}"
    return text


def _legal_words() -> dict[str, tuple[str, ...]]:
    by_first: dict[str, list[str]] = {}
    for spellings in _LEGAL_SPELLINGS.values():
        for spelling in spellings:
            for word in spelling.split():
                if len(word) >= 5 and word not in by_first.get(word[0], []):
                    by_first.setdefault(word[0], []).append(word)
    return {first: tuple(words) for first, words in by_first.items()}


_LEGAL_WORDS = _legal_words()


@lru_cache(maxsize=65536)
def _legal_word(word: str) -> str:
    """The legal-form word (5+ letters) that ``word`` misspells by one edit, else ``word``."""
    if len(word) < 5:
        return word
    for known in _LEGAL_WORDS.get(word[0], ()):
        if word == known:
            return word
        if abs(len(known) - len(word)) <= 1 and OSA.distance(word, known, score_cutoff=1) <= 1:
            return known
    return word


def _extract_legal(words: list[str]) -> tuple[list[str], list[str]]:
    """Split words into name words and canonical legal forms (longest spelling first); a
    spelling with a one-edit typo in a long word counts (JOITT STOCK COMPANY, LIMIITED) when it
    spans several words or one word of 6+ letters that does not start the name."""
    fixed = [_legal_word(w) for w in words]
    kept: list[str] = []
    legal: list[str] = []
    i = 0
    while i < len(words):
        if words[i] not in _LEGAL_FIRST and fixed[i] not in _LEGAL_FIRST:
            kept.append(words[i])  # no spelling starts here (most words of most names)
            i += 1
            continue
        found = None
        for size in range(min(_LEGAL_MAX, len(words) - i), 0, -1):
            span = tuple(words[i : i + size])
            form = _LEGAL_TABLE.get(span)
            typo = tuple(fixed[i : i + size])
            if form is None and typo != span and (size > 1 or (kept and len(typo[0]) >= 6)):
                form = _LEGAL_TABLE.get(typo)
            if form is None or (size == 1 and not kept and words[i] in _LEGAL_NOT_FIRST):
                continue
            if size == len(words):
                break  # the whole name is a legal-form spelling: keep it as words
            found = (form, size)
            break
        if found is None:
            kept.append(words[i])
            i += 1
        else:
            legal.append(found[0])
            i += found[1]
    return kept, legal


def legal_spans(words: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` word spans of ``words`` (raw, unfolded) that spell a legal form."""
    folded = [fold(w).replace(" ", "") for w in words]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(folded):
        for size in range(min(_LEGAL_MAX, len(folded) - i), 0, -1):
            if _LEGAL_TABLE.get(tuple(folded[i : i + size])) or (
                size == 1 and _LEGAL_TABLE.get(tuple(fold(words[i]).split()))
            ):
                spans.append((i, i + size))
                i += size - 1
                break
        i += 1
    return spans


_ABD_PREFIX = re.compile(r"^abd[aeiou]?[lr]")
_ABD_ARTICLES = frozenset({"al", "el", "ul", "il", "ar", "ur", "er", "ad", "ud", "as", "us"})


def _join_abd(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word == "abd" and i + 2 < len(words) and words[i + 1] in _ABD_ARTICLES:
            out.append("abdul")
            i += 2
            continue
        if word.startswith("abd") and _ABD_PREFIX.match(word):
            word = "abdul" + _ABD_PREFIX.sub("", word)
        out.append(word)
        i += 1
    return out


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> NormalizedName:
    """Steps 1-9 on one name; see the module docstring."""
    words = fold(_reorder_comma(text)).split()
    if not words:
        return NormalizedName(())
    lead = 0
    while lead < len(words) - 1 and words[lead] in TITLES:
        lead += 1
    words = words[lead:]
    if any(w.startswith("abd") for w in words):
        words = _join_abd(words)
    kept, legal = _extract_legal(words)
    return NormalizedName(tuple(kept), tuple(legal))
