"""phonetic.py: romanisation variants meet, distinct names stay apart."""

from __future__ import annotations

import pytest

from matching.phonetic import skeleton


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
