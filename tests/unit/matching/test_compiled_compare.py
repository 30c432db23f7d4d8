"""The compiled comparison (matching/_compare.pyx) scores exactly as compare.py, its spec."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import _compare, compare
from matching.compare import NameForm
from matching.normalize import normalize_name
from matching.phonetic import skeleton
from matching.weights import token_weight

LETTERS = "aeioubcdhjkrsyz"
PAIRS = [
    ("Nusret Seferovic", "Nusret SEFEROVIĆ"),
    ("ALPA Trading Company", "ALPA Trading FZCO"),
    ("Abdulrahman Hassan", "Abd al-Rahman HASSAN"),
    ("Nusret Seferovic", "Nusret Ibrahim SEFEROVIC"),
    ("Ajay Kumar Gupta", "Umar GUPTA"),
    ("SAHEL Cyprus ENGINEERS", "SAHEL TECHNICAL ENGINEERS"),
    ("Zaw Hein", "SAHIN"),
    ("Elena Farouk", "FAROOQ"),
    ("J Smith", "John SMITH"),
    ("Carlos KOVACEVIC", "Vladimir KOVACEVIC"),
    # joined tokens, on either side and of two or three tokens
    ("Abu Bakr", "ABUBAKR"),
    ("Mohamedamin Ali", "Mohamed Amin ALI"),
    ("Abdul Rahman Al Hassan", "Abdulrahman Alhassan"),
    ("Mi Kyung Lee", "Mikyung LEE"),
    ("Al Qa Ida", "ALQAIDA trading"),
]


def form(text: str, df: int = 0) -> NameForm:
    norm = normalize_name(text)
    keys = tuple(skeleton(t) for t in norm.tokens)
    return NameForm(norm.tokens, keys, tuple(token_weight(df, k) for k in keys), norm.legal)


@pytest.mark.parametrize(("query", "listed"), PAIRS)
def test_labelled_pairs_score_the_same(query: str, listed: str) -> None:
    for df in (0, 40, 4000):
        expected = compare.compare_names(form(query, df), form(listed))
        assert _compare.compare_names(form(query, df), form(listed)) == expected


words = st.text(alphabet=LETTERS, min_size=1, max_size=12)
names = st.lists(words, min_size=0, max_size=5).map(" ".join)


@settings(max_examples=400)
@given(names, names, st.integers(0, 5000), st.sampled_from(["", " ltd", " llc trading"]))
def test_random_names_score_the_same(query: str, listed: str, df: int, legal: str) -> None:
    a, b = form(query + legal, df), form(listed)
    assert _compare.compare_names(a, b) == compare.compare_names(a, b)


@settings(max_examples=400)
@given(words, words)
def test_token_similarity_is_the_same(a: str, b: str) -> None:
    expected = compare.token_similarity(a, skeleton(a), b, skeleton(b))
    assert _compare.token_similarity(a, skeleton(a), b, skeleton(b)) == expected


def test_long_names_and_tokens_fall_back_to_the_python_version() -> None:
    long_name = " ".join(f"w{i}x" for i in range(20))
    assert _compare.compare_names(form(long_name), form(long_name)) == 1.0
    token = "a" * 70
    assert _compare.token_similarity(token, token, token + "b", token + "b") == 0.85


@st.composite
def near_words(draw: st.DrawFn) -> tuple[str, str]:
    """A word and a copy up to three edits away (substitutions, insertions, deletions and
    swaps of neighbours): the band where the edit-distance cut-offs decide."""
    word = draw(st.text(alphabet=LETTERS, min_size=2, max_size=14))
    edited = list(word)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(edited) - 1))
        op = draw(st.sampled_from("sidt"))
        if op == "s":
            edited[at] = draw(st.sampled_from(LETTERS))
        elif op == "i":
            edited.insert(at, draw(st.sampled_from(LETTERS)))
        elif op == "d" and len(edited) > 1:
            del edited[at]
        elif op == "t" and at + 1 < len(edited):
            edited[at], edited[at + 1] = edited[at + 1], edited[at]
    return word, "".join(edited)


@settings(max_examples=600)
@given(near_words())
def test_token_similarity_is_the_same_on_near_words(pair: tuple[str, str]) -> None:
    a, b = pair
    expected = compare.token_similarity(a, skeleton(a), b, skeleton(b))
    assert _compare.token_similarity(a, skeleton(a), b, skeleton(b)) == expected
