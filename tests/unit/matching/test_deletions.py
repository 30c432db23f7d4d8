"""The compiled symmetric-deletion table finds exactly what a dict of deleted strings would."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given
from hypothesis import strategies as st

from matching._deletions import VariantTable


def _variants(text: str, lo: int, hi: int) -> set[str]:
    """Every string made by dropping ``lo``..``hi`` characters of ``text`` (the reference)."""
    level = {text}
    found = {text} if lo == 0 else set()
    for depth in range(1, hi + 1):
        level = {s[:i] + s[i + 1 :] for s in level for i in range(len(s))}
        if depth >= lo:
            found |= level
    return found


def test_a_term_is_found_from_its_deletions_and_deletions_of_the_query() -> None:
    table = VariantTable()
    table.add("seferovic", 1, 1, 2)
    table.add("sefer", 2, 0, 0)
    assert table.lookup("seferovc", 0, 0) == {1}  # the query is a deletion of the term
    assert table.lookup("seferovix", 1, 1) == {1}  # one letter replaced: both lose it
    assert table.lookup("sxfxrxvic", 0, 1) == set()  # three letters replaced
    assert table.lookup("sefers", 1, 1) == {2}  # a deletion of the query is the term
    assert len(table) > 40


def test_variants_deeper_than_two_are_refused() -> None:
    table = VariantTable()
    for call in (lambda: table.add("abc", 1, 0, 3), lambda: table.lookup("abc", 0, 3)):
        try:
            call()
        except ValueError as exc:
            assert "two deletions" in str(exc)
        else:
            raise AssertionError("depth 3 accepted")


@given(
    st.lists(st.text(alphabet="abcdé", max_size=6), max_size=30),
    st.lists(st.text(alphabet="abcdé", max_size=7), max_size=8),
    st.integers(0, 2),
    st.integers(0, 2),
)
def test_lookup_agrees_with_a_dict_of_deleted_strings(
    words: list[str], probes: list[str], stored_depth: int, probe_depth: int
) -> None:
    table = VariantTable()
    expected: dict[str, set[int]] = defaultdict(set)
    for owner, word in enumerate(words):
        table.add(word, owner, 0, stored_depth)
        for variant in _variants(word, 0, stored_depth):
            expected[variant].add(owner)
    for probe in probes:
        wanted = {o for v in _variants(probe, 0, probe_depth) for o in expected.get(v, ())}
        assert table.lookup(probe, 0, probe_depth) == wanted


def test_code_points_hash_alike_whatever_width_a_string_is_stored_in() -> None:
    # "abc" is stored one byte per character; with "ć" two, with "😀" four: a deletion of the
    # wider string still meets the narrow one, and the reverse
    table = VariantTable()
    table.add("ćabc", 1, 1, 1)
    table.add("😀abc", 2, 1, 1)
    table.add("ab", 3, 0, 0)
    assert table.lookup("abc", 0, 0) == {1, 2}
    assert table.lookup("ćab", 1, 1) == {3}
    assert table.lookup("ab😀", 1, 1) == {3}


@given(
    st.lists(st.tuples(st.text(alphabet="abcdé😀", max_size=9), st.integers(0, 2)), max_size=60),
    st.lists(st.text(alphabet="abcdé😀", max_size=9), max_size=8),
    st.integers(0, 1),
)
def test_add_many_stores_what_add_stores(
    words: list[tuple[str, int]], probes: list[str], lo: int
) -> None:
    # enough words to grow the table past its first 1,024 slots while the GIL is released
    one_by_one, at_once = VariantTable(), VariantTable()
    for owner, (word, hi) in enumerate(words):
        one_by_one.add(word, owner, lo, hi)
    at_once.add_many([w for w, _ in words], list(range(len(words))), lo, [hi for _, hi in words])
    assert len(at_once) == len(one_by_one)
    for probe in [w for w, _ in words] + probes:
        assert at_once.lookup(probe, 0, 2) == one_by_one.lookup(probe, 0, 2)


def test_add_many_refuses_mismatched_or_too_deep_input() -> None:
    table = VariantTable()
    for call in (
        lambda: table.add_many(["abc", "de"], [1], 0, [0, 0]),
        lambda: table.add_many(["abc"], [1], 0, [3]),
    ):
        try:
            call()
        except ValueError:
            pass
        else:
            raise AssertionError("accepted")
