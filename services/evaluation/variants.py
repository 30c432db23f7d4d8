"""Ways a real-world spelling departs from the listed one, and names that must not match.

Contract: every variant maker is ``(rng, name) -> str | None`` (None: not applicable to this
name); all randomness comes from the ``random.Random`` passed in, so a seed fixes the output.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Mapping, Sequence

from matching import Entity, Schema
from matching.normalize import legal_spans, normalize_name
from matching.phonetic import skeleton
from matching.weights import GENERIC

LEGAL_SUFFIXES = ("LLC", "Ltd", "FZCO", "Company", "GmbH", "DOO", "SH.P.K.", "OOO", "JSC", "Inc")

# Romanisation choices that differ between schemes (either direction).
_TRANSLIT = (
    ("y", "i"),
    ("i", "y"),
    ("ks", "x"),
    ("x", "ks"),
    ("u", "ou"),
    ("kh", "h"),
    ("h", "kh"),
    ("sh", "sch"),
    ("j", "y"),
    ("ie", "i"),
    ("ev", "iev"),
    ("iy", "y"),
    ("q", "k"),
    ("k", "q"),
    ("ou", "u"),
    ("ph", "f"),
    ("dj", "j"),
    ("ch", "tch"),
    ("ss", "s"),
)
_CYRILLIC = (
    ("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"), ("yu", "ю"),
    ("ya", "я"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"),
    ("z", "з"), ("i", "и"), ("y", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
    ("h", "х"), ("c", "к"), ("w", "в"), ("x", "кс"), ("j", "дж"), ("q", "к"),
)  # fmt: skip
_CYRILLIC_RE = re.compile("|".join(a for a, _ in _CYRILLIC))
_CYRILLIC_MAP = dict(_CYRILLIC)

FIRST_NAMES = (
    "James Mary Robert Linda Michael Sarah David Emma Thomas Laura Peter Anna Paul Julia Mark "
    "Olga Ivan Elena Dmitri Natalia Pavel Irina Marko Ana Luka Petra Jovan Milica Ahmed Fatima "
    "Omar Aisha Yusuf Layla Karim Noor Hassan Mariam Wei Li Chen Mei Hiroshi Yuki Raj Priya "
    "Carlos Maria Jose Lucia Pierre Claire Hans Greta Giovanni Chiara Arben Drita Besnik Elira "
    "Emre Ayse Mehmet Zeynep Kwame Amina Tunde Ngozi Lars Ingrid Sean Aoife Tomasz Agnieszka"
).split()
LAST_NAMES = (
    "Smith Johnson Williams Brown Taylor Wilson Evans Walker Wright Green Baker Hill Clarke "
    "Novak Horvat Kovacevic Babic Markovic Jovanovic Popescu Ionescu Nagy Kowalski Nowak "
    "Muller Schmidt Schneider Fischer Weber Rossi Russo Bianchi Romano Garcia Martinez Lopez "
    "Gonzalez Perez Dubois Moreau Laurent Petit Haddad Khoury Nasser Saleh Farouk Mansour "
    "Yilmaz Kaya Demir Celik Sahin Wang Zhang Liu Yang Huang Tanaka Suzuki Sato Patel Sharma "
    "Singh Gupta Okafor Mensah Diallo Berisha Gashi Hoxha Shehu Larsen Hansen Murphy Kelly "
    "Petrov Smirnov Volkov Sokolov Morozov Lebedev"
).split()
_GENERIC = (
    "General Global International United National Trading Commercial Industrial Investment "
    "Holding Group Services Import Export Logistics Shipping Energy Technology Construction "
    "Development Consulting Finance Capital Star Golden Royal Modern Eastern Western Gulf Ocean"
).split()
_PLACES = "Dubai London Istanbul Cyprus Athens Sofia Belgrade Pristina Tirana Baku Minsk".split()


def drop_diacritics(rng: random.Random, name: str) -> str | None:
    """ASCII letters only (Seferović -> Seferovic); None when nothing changes."""
    del rng
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    folded = folded.replace("đ", "dj").replace("Đ", "Dj")
    return folded if folded != name else folded.upper() if folded != folded.upper() else None


def transliterate(rng: random.Random, name: str) -> str | None:
    """One romanisation choice changed in one token (Sergey -> Sergei, Aleksandr -> Alexandr)."""
    words = name.split()
    spots = [
        (i, a, b)
        for i, w in enumerate(words)
        for a, b in _TRANSLIT
        if a in w.lower() and len(w) > 3
    ]
    if not spots:
        return None
    i, a, b = rng.choice(spots)
    lower = words[i].lower()
    at = lower.find(a)
    changed = lower[:at] + b + lower[at + len(a) :]
    words[i] = changed.capitalize() if words[i][:1].isupper() else changed
    return " ".join(words)


def typo(rng: random.Random, name: str) -> str | None:
    """One keyboard slip (drop, double, swap or replace a letter) in a token of 5+ letters."""
    words = name.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return None
    i = rng.choice(long)
    word = words[i]
    at = rng.randrange(1, len(word) - 1)
    action = rng.choice(("drop", "double", "swap", "replace"))
    if action == "drop":
        word = word[:at] + word[at + 1 :]
    elif action == "double":
        word = word[:at] + word[at] + word[at:]
    elif action == "swap":
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    else:
        word = word[:at] + rng.choice("aeioustnrl") + word[at + 1 :]
    words[i] = word
    return " ".join(words)


def swap_order(rng: random.Random, name: str) -> str | None:
    """Family name first, with or without a comma."""
    words = name.replace(",", " ").split()
    if len(words) < 2:
        return None
    if rng.random() < 0.5:
        return f"{words[-1]}, {' '.join(words[:-1])}"
    return " ".join([words[-1], *words[:-1]])


def drop_middle(rng: random.Random, name: str) -> str | None:
    """A middle name left out (needs three or more words)."""
    words = name.split()
    if len(words) < 3:
        return None
    del words[rng.randrange(1, len(words) - 1)]
    return " ".join(words)


def initial(rng: random.Random, name: str) -> str | None:
    """A given name reduced to its initial (needs three or more words)."""
    words = name.split()
    if len(words) < 3:
        return None
    i = rng.randrange(0, len(words) - 1)
    words[i] = words[i][0].upper() + "."
    return " ".join(words)


def change_legal_form(rng: random.Random, name: str) -> str | None:
    """The legal form replaced by another (ALPA Trading FZCO -> ALPA Trading Company, OOO Romashka
    -> Romashka LLC); None when the name has no legal form or nothing else."""
    words = name.split()
    spans = legal_spans(words)
    if not spans or len(words) < 2:
        return None
    start, end = rng.choice(spans)
    if end - start == len(words):
        return None
    rest = [*words[:start], *words[end:]]
    suffix = rng.choice([s for s in LEGAL_SUFFIXES if s.lower() not in {w.lower() for w in words}])
    return " ".join([*rest, suffix])


def to_cyrillic(rng: random.Random, name: str) -> str | None:
    """The name written in Cyrillic, Russian-style (Sergei Lavrov -> Сергеи Лавров)."""
    del rng
    if not name.isascii():
        return None
    return _CYRILLIC_RE.sub(lambda m: _CYRILLIC_MAP[m.group(0)], name.lower())


def ordinary_name(rng: random.Random) -> str:
    """An everyday person's name from common first and family names of many countries."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def generic_company(rng: random.Random) -> str:
    """A company name made only of generic words, sometimes with a place."""
    words = rng.sample(_GENERIC, rng.choice((2, 3)))
    if rng.random() < 0.4:
        words.insert(0, rng.choice(_PLACES))
    return " ".join([*words, rng.choice(LEGAL_SUFFIXES)])


_LEGAL_QUALIFIERS = frozenset({"closed", "open", "public", "private"})


def distinctive_word(words: Sequence[str], counts: Mapping[str, int]) -> int | None:
    """Position of the rarest word that is neither generic, a legal form or its qualifier
    (CLOSED joint-stock company), nor an acronym in brackets (ties: longest)."""
    legal = {i for a, b in legal_spans(list(words)) for i in range(a, b)}
    best: tuple[int, int, int] | None = None
    for i, word in enumerate(words):
        tokens = normalize_name(word).tokens
        if word.startswith(("(", "[")) or word.endswith((")", "]")):
            continue  # an acronym in brackets repeats the name: dropping it leaves the name
        if (
            i in legal
            or word.lower() in _LEGAL_QUALIFIERS
            or len(tokens) != 1
            or len(tokens[0]) < 3
            or not tokens[0].isalpha()
        ):
            continue
        if skeleton(tokens[0]) in GENERIC:
            continue
        rank = (counts.get(tokens[0], 0), -len(tokens[0]), i)
        best = rank if best is None or rank < best else best
    return None if best is None else best[2]


def near_miss(
    rng: random.Random, entities: Sequence[Entity], counts: Mapping[str, int] | None = None
) -> tuple[str, Schema | None]:
    """A listed person's given name with a family name that is none of the entity's words, or a
    listed company's name with its most distinctive word (rarest in ``counts``, the folded
    token frequencies of the table) replaced by a place name."""
    entity = entities[rng.randrange(len(entities))]
    words = entity.primary_name.replace(",", " ").split()
    own = {t for n in entity.names for t in normalize_name(n.value).tokens}
    own_keys = {skeleton(t) for t in own}
    if entity.schema is Schema.PERSON and len(words) >= 2:
        surnames = [s for s in LAST_NAMES if skeleton(s.lower()) not in own_keys]
        return f"{words[0]} {rng.choice(surnames)}", Schema.PERSON
    at = distinctive_word(words, counts or {}) if len(words) >= 2 else None
    if at is not None:
        places = [p for p in _PLACES if p.lower() not in own]
        words[at] = rng.choice(places)
        return " ".join(words), entity.schema
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", Schema.PERSON
