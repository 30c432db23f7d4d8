"""The hashed symmetric-deletion table finds exactly what a dict of lists would."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given
from hypothesis import strategies as st

from matching.deletions import DeletionTable, deletions, second_deletions


def test_deletions_drop_one_character_each() -> None:
    assert deletions("abc") == {"bc", "ac", "ab"}
    assert deletions("aab") == {"ab", "aa"}
    assert deletions("") == set()


def test_second_deletions_drop_two_and_exclude_one_drop() -> None:
    assert second_deletions("abcd") == {"ab", "ac", "ad", "bc", "bd", "cd"}
    assert second_deletions("aaa") == {"a"}
    assert not second_deletions("aaa") & deletions("aaa")


def test_lookup_returns_every_owner_of_an_equal_variant() -> None:
    table = DeletionTable(["sefer", "sefer", "ovic", "x"], [3, 7, 3, 9])
    assert sorted(table.lookup(["sefer"]).tolist()) == [3, 7]
    assert sorted(table.lookup(["ovic", "x", "nothing"]).tolist()) == [3, 9]
    assert table.lookup(["nothing"]).tolist() == []
    assert table.lookup([]).tolist() == []
    assert len(table) == 4


@given(
    st.lists(st.text(alphabet="abcde", max_size=6), max_size=40),
    st.lists(st.text(alphabet="abcde", max_size=6), max_size=10),
)
def test_lookup_agrees_with_a_dict_of_lists(words: list[str], probes: list[str]) -> None:
    variants = [d for w in words for d in deletions(w)]
    owners = [i for i, w in enumerate(words) for _ in deletions(w)]
    expected: dict[str, list[int]] = defaultdict(list)
    for variant, owner in zip(variants, owners, strict=True):
        expected[variant].append(owner)
    found = DeletionTable(variants, owners).lookup(probes)
    assert sorted(found.tolist()) == sorted(o for p in probes for o in expected.get(p, []))
