"""The screener's public contract: the two spelling variants the brief names must hit."""

from __future__ import annotations

import pytest

from matching import Entity, Name, Outcome, Query, Schema, Screener

ENTITIES = [
    Entity("uk:GIM0002", "uk", Schema.PERSON, (Name("Nusret SEFEROVIĆ"),)),
    Entity("uk:GIM0003", "uk", Schema.ORGANIZATION, (Name("ALPA Trading FZCO"),)),
]


@pytest.mark.parametrize(
    ("query", "entity_id"),
    [("Nusret Seferovic", "uk:GIM0002"), ("ALPA Trading Company", "uk:GIM0003")],
)
def test_spelling_variants_match(query: str, entity_id: str) -> None:
    matches = Screener(ENTITIES).screen(Query(query))
    assert matches and matches[0].entity.id == entity_id
    assert matches[0].outcome is Outcome.MATCH


def test_unrelated_name_is_clear() -> None:
    assert Screener(ENTITIES).screen(Query("Jane Smith")) == []
