"""A straightforward matcher: diacritic-folded tokens, a token index, rapidfuzz similarity.

Steps: NFKD-decompose and drop combining marks, map the few letters NFKD keeps (đ, ø, ł, ß),
case-fold, turn punctuation into spaces, drop organisation legal forms (FZCO, LLC, Company, ...).
Candidates are the entities sharing at least one folded token with the query; each candidate's
best-scoring name decides its score.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from matching.model import Entity, FeatureScore, Name, NameKind, Query

_EXTRA_FOLDS = str.maketrans(
    {"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"}
)
_NON_WORD = re.compile(r"[^\w]+")
_LEGAL_FORMS = frozenset(
    "fzco fze llc ltd limited company co inc corp corporation gmbh ag sa doo ooo jsc pjsc plc "
    "shpk sh.p.k llp lp bv nv srl spa".split()
)


def fold(text: str) -> str:
    """Lower-case ASCII-ish form of ``text``: diacritics dropped, punctuation to spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).replace("_", " ").split())


def tokens(text: str) -> list[str]:
    """Folded tokens of ``text`` without organisation legal forms."""
    return [t for t in fold(text).split() if t not in _LEGAL_FORMS]


class SimpleIndex:
    """Inverted index from folded token to the entities carrying it."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._by_token: dict[str, set[int]] = defaultdict(set)
        self._entities = list(entities)
        self.name_count = 0
        for position, entity in enumerate(self._entities):
            for name in entity.names:
                self.name_count += 1
                for token in tokens(name.value):
                    self._by_token[token].add(position)

    def candidates(self, query: Query) -> list[Entity]:
        found: set[int] = set()
        for name in query.all_names:
            for token in tokens(name):
                found |= self._by_token.get(token, set())
        return [self._entities[i] for i in sorted(found)]


def score_entity(query: Query, entity: Entity) -> tuple[float, Name, tuple[FeatureScore, ...]]:
    """Best name similarity between the query and the entity, with its explanation."""
    best = 0.0
    best_name = entity.names[0] if entity.names else Name("")
    for name in entity.names:
        listed = " ".join(tokens(name.value))
        for asked in query.all_names:
            similarity = fuzz.token_sort_ratio(" ".join(tokens(asked)), listed) / 100.0
            if name.kind is NameKind.WEAK_ALIAS:
                similarity = min(similarity, 0.84)
            if similarity > best:
                best, best_name = similarity, name
    feature = FeatureScore(
        "name_similarity", best, 1.0, f"{query.name!r} ~ {best_name.value!r} ({best:.2f})"
    )
    return best, best_name, (feature,)
