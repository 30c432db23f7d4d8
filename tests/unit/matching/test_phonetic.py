"""phonetic.py: romanisation variants meet, distinct names stay apart."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching._skeleton import SkeletonRules
from matching.phonetic import _COMPILED, skeleton, skeleton_by_rules


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("sergey", "sergei"),
        ("kadhafi", "qadhafi"),
        ("yusuf", "jusuf"),
        ("seferovic", "seferovich"),
        ("shchukin", "schukin"),
        ("krasniqi", "krasniki"),
    ],
)
def test_variants_meet(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(("a", "b"), [("hassan", "hussein"), ("ivan", "ioana")])
def test_distinct_names_stay_apart(a: str, b: str) -> None:
    assert skeleton(a) != skeleton(b)


# letters the rules rewrite, joined into runs the rewrites overlap in
RULE_LETTERS = "abcdehijkopqstuwxyz"


@settings(max_examples=500)
@given(st.text(alphabet=RULE_LETTERS, min_size=1, max_size=40))
def test_the_compiled_skeleton_keys_as_the_rules_do(token: str) -> None:
    assert skeleton.__wrapped__(token) == skeleton_by_rules(token)


@pytest.mark.parametrize(
    "token", ["shchukin", "khh", "dzhokhar", "kakhkhar", "ckks", "aaaa", "Kh", "x" * 129]
)
def test_the_compiled_skeleton_on_edge_cases(token: str) -> None:
    assert skeleton.__wrapped__(token) == skeleton_by_rules(token)


def test_tokens_the_compiled_version_declines_use_the_rules() -> None:
    assert _COMPILED.key("çelik") is None  # not ASCII
    assert _COMPILED.key("k" * 200) is None  # too long
    assert skeleton("çelikh") == skeleton_by_rules("çelikh")
    assert skeleton("a1") == "a1"  # not alphabetic: itself


def test_the_compiled_version_refuses_rules_it_cannot_hold() -> None:
    with pytest.raises(ValueError, match="replaced by no more"):
        SkeletonRules((("a", "bb"),), "", {})
