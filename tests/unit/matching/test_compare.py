"""compare.py: name-level similarity cases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.compare import NameForm, compare_names
from matching.normalize import normalize_name
from matching.phonetic import skeleton
from matching.weights import token_weight


def form(text: str) -> NameForm:
    norm = normalize_name(text)
    keys = tuple(skeleton(t) for t in norm.tokens)
    return NameForm(norm.tokens, keys, tuple(token_weight(0, k) for k in keys), norm.legal)


@pytest.mark.parametrize(
    ("query", "listed", "low"),
    [
        ("Nusret Seferovic", "Nusret SEFEROVIĆ", 0.99),
        ("Krasniqi", "KRASNIQI", 0.99),
        ("ALPA Trading Company", "ALPA Trading FZCO", 0.9),
        ("Sergey Lavrov", "Sergei LAVROV", 0.9),
        ("Aleksandr Petrov", "Alexander PETROV", 0.85),
        ("Muammar Gaddafi", "Muammar QADDAFI", 0.85),
        ("Abdulrahman Hassan", "Abd al-Rahman HASSAN", 0.85),
        ("LAVROV Sergei", "Sergei LAVROV", 0.99),
        ("Nusret Seferovic", "Nusret Ibrahim SEFEROVIC", 0.75),
        ("Predrga Banovic", "Predrag BANOVIC", 0.85),
    ],
)
def test_similar_names_score_high(query: str, listed: str, low: float) -> None:
    assert compare_names(form(query), form(listed)) >= low


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Nusret Hodzic", "Nusret SEFEROVIC"),
        ("Hassan Ali", "Hussein Ali"),
        ("Modern Commercial Company", "Modern Technologies FZC"),
        ("Wael Gashi", "Wael BAZZI"),
    ],
)
def test_different_names_score_low(query: str, listed: str) -> None:
    assert compare_names(form(query), form(listed)) < 0.7


@given(st.text(max_size=40), st.text(max_size=40))
def test_scores_within_unit_interval(a: str, b: str) -> None:
    assert 0.0 <= compare_names(form(a), form(b)) <= 1.0


@given(st.text(min_size=1, max_size=40))
def test_identical_names_score_one(a: str) -> None:
    if normalize_name(a).tokens:
        assert compare_names(form(a), form(a)) == pytest.approx(1.0)
