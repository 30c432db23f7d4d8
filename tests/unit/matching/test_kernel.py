"""The compiled candidate core on a table small enough to work out by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from matching._kernel import Postings

# term 0 is carried by forms 0 and 1, term 1 by form 1, term 2 by forms 0 and 2
STARTS = np.array([0, 2, 3, 5], dtype=np.int64)
FORMS = np.array([0, 1, 1, 0, 2], dtype=np.int32)
TERMS = np.ones((3, 3), dtype=np.float64)  # weight 1, one token, one distinctive token
FORM_FIGURES = np.tile([2.0, 2.0, 0.0, 2.0], (3, 1))  # two distinctive tokens of weight 1
QUERY = (2.0, 2.0, 0.0, 2.0)
TEXTS = ["a" * 10, "b" * 12, "c" * 30]  # token-sorted texts of the forms
NAME_STARTS = np.array([0, 1, 3, 4], dtype=np.int64)  # form 1 has two names (namesakes)
NAMES = np.array([0, 1, 2, 3], dtype=np.int32)


def _postings() -> Postings:
    return Postings(
        STARTS,
        FORMS,
        TERMS,
        FORM_FIGURES,
        (0.45, 0.35, 0.75),
        TEXTS,
        NAME_STARTS,
        NAMES,
    )


def _met() -> tuple[np.ndarray, np.ndarray, list[int], np.ndarray]:
    # run 0 meets term 0 exactly and term 2 at 0.5; run 1 meets term 0 at 0.9 (run 0 wins)
    ids = np.array([0, 2, 0], dtype=np.int32)
    sims = np.array([1.0, 0.5, 0.9])
    return ids, sims, [2, 1], np.ones((2, 3))


def test_rare_terms_credit_their_forms_and_estimate_mirrors_the_scorer() -> None:
    ids, sims, sizes, runs = _met()
    terms, forms, estimates, forced = _postings().credit(ids, sims, sizes, runs, 10, 2, 0.85, QUERY)
    assert terms.tolist() == [0, 2]
    assert forms.tolist() == [0, 1, 2]
    # form 0 aligns both tokens (3 of 4 weight); forms 1 and 2 keep a replaced word each side
    assert estimates.tolist() == pytest.approx([0.75, 0.5 * 0.75, 0.25 * 0.75])
    assert forced.tolist() == [True, True, True]


def test_only_common_terms_nominate_the_forms_carrying_the_two_rarest() -> None:
    ids, sims, sizes, runs = _met()
    _, forms, estimates, forced = _postings().credit(ids, sims, sizes, runs, 1, 2, 0.85, QUERY)
    assert forms.tolist() == [0]
    assert estimates.tolist() == pytest.approx([0.75])
    assert forced.tolist() == [False]


def test_the_scratch_state_is_clean_between_calls() -> None:
    postings = _postings()
    ids, sims, sizes, runs = _met()
    first = postings.credit(ids, sims, sizes, runs, 10, 2, 0.85, QUERY)
    second = postings.credit(ids, sims, sizes, runs, 10, 2, 0.85, QUERY)
    assert [first[i].tolist() for i in range(4)] == [second[i].tolist() for i in range(4)]


def test_nominate_keeps_the_best_within_the_limit_plus_similar_in_rank_order() -> None:
    forms = np.array([0, 1, 2], dtype=np.int32)
    estimates = np.array([0.75, 0.375, 0.1875])
    none = np.zeros(3, dtype=bool)
    close = np.array([2], dtype=np.int32)
    positions, found, similar = _postings().nominate(forms, estimates, none, close, 1, 0.3, 0.005)
    assert positions.tolist() == [0, 3]
    assert found.tolist() == [0.75, 0.1875]
    assert similar.tolist() == [False, True]


def test_nominate_expands_namesakes_and_appends_close_forms_not_credited() -> None:
    forms = np.array([0, 1], dtype=np.int32)
    estimates = np.array([0.375, 0.75])
    forced = np.array([False, False])
    close = np.array([2], dtype=np.int32)
    positions, found, similar = _postings().nominate(forms, estimates, forced, close, 5, 0.3, 0.0)
    assert positions.tolist() == [1, 2, 0, 3]
    assert found.tolist() == [0.75, 0.75, 0.375, 0.0]
    assert similar.tolist() == [False, False, False, True]
    empty = np.empty(0, dtype=np.int32)
    nothing = _postings().nominate(empty, np.empty(0), np.empty(0, bool), empty, 5, 0.3, 0.0)
    assert [a.size for a in nothing] == [0, 0, 0]


def test_length_window_takes_the_smallest_windows_first_within_the_budget() -> None:
    terms = np.array([0, 2], dtype=np.int32)
    assert _postings().length_window(terms, 9, 13, 100).tolist() == [0, 0, 1]
    assert _postings().length_window(terms, 9, 13, 2).tolist() == [0]
    assert _postings().length_window(terms, 11, 40, 100).tolist() == [1, 2]  # a tie: term id
    assert _postings().length_window(terms, 40, 50, 100).tolist() == []


def test_similar_forms_keep_texts_within_the_ratio_of_the_query() -> None:
    terms = np.array([0, 1, 2], dtype=np.int32)
    # 9 of 10 characters in common: ratio 90; "b" * 12 shares nothing; "c" * 30 is too long
    assert _postings().similar_forms("a" * 9 + "b", terms, 84.0, 100).tolist() == [0]
    assert _postings().similar_forms("a" * 9 + "b", terms, 95.0, 100).tolist() == []
    assert _postings().similar_forms("b" * 11, terms, 84.0, 100).tolist() == [1]
    long_query = "c" * 70 + "d"  # longer than one 64-bit word
    assert _postings().similar_forms(long_query, terms, 84.0, 100).tolist() == []
    assert _postings().similar_forms("c" * 31, terms, 84.0, 100).tolist() == [2]


def _one_term(texts: list[str]) -> Postings:
    n = len(texts)
    return Postings(
        np.array([0, n], dtype=np.int64),  # one term carried by every form
        np.arange(n, dtype=np.int32),
        np.ones((1, 3)),
        np.tile([1.0, 1.0, 0.0, 1.0], (n, 1)),
        (0.45, 0.35, 0.75),
        texts,
        np.arange(n + 1, dtype=np.int64),
        np.arange(n, dtype=np.int32),
    )


# letters, a space, digits and other characters: each a class of the profile bound
@settings(max_examples=300)
@given(
    st.text(alphabet="abz c09-'", min_size=1, max_size=300),
    st.lists(st.text(alphabet="abz c09-'", min_size=1, max_size=300), min_size=1, max_size=8),
    st.sampled_from([50.0, 84.0, 95.0]),
)
def test_similar_forms_agree_with_rapidfuzz_ratio(
    query: str, texts: list[str], cutoff: float
) -> None:
    found = _one_term(texts).similar_forms(query, np.array([0], dtype=np.int32), cutoff, 1000)
    expected = [f for f, text in enumerate(texts) if fuzz.ratio(query, text) >= cutoff]
    assert found.tolist() == expected


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("a" * 250, "a" * 270),  # the text's count of "a" saturates at 255
        ("a" * 260, "a" * 300),  # so does the query's: no bound, the LCS itself
        ("a" * 256 + "b", "a" * 256 + "b" * 3),
    ],
)
def test_similar_forms_find_long_texts_of_one_letter(query: str, text: str) -> None:
    assert fuzz.ratio(query, text) >= 84.0
    found = _one_term([text]).similar_forms(query, np.array([0], dtype=np.int32), 84.0, 10)
    assert found.tolist() == [0]
