"""screener.py + score.py: the brief's named cases, secondary evidence, invariants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import Entity, Identifier, Name, NameKind, Outcome, Query, Schema, Screener

ENTITIES = [
    Entity(
        "uk:GIM0002",
        "uk",
        Schema.PERSON,
        (Name("Nusret SEFEROVIĆ"),),
        birth_dates=("1971-05-14",),
        nationalities=("BA",),
        identifiers=(Identifier("passport", "123456789", "HR"),),
    ),
    Entity("uk:GIM0003", "uk", Schema.ORGANIZATION, (Name("ALPA Trading FZCO"),)),
    Entity("uk:GIM0001", "uk", Schema.ORGANIZATION, (Name("KRASNIQI network"),)),
    Entity(
        "un:RUi.1",
        "un",
        Schema.PERSON,
        (Name("Sergei Viktorovich LAVROV"), Name("The Fox", NameKind.WEAK_ALIAS)),
    ),
    Entity("ofac:1", "ofac", Schema.VESSEL, (Name("SEFEROVIC STAR"),)),
    Entity("ofac:2", "ofac", Schema.ORGANIZATION, (Name("Golden Eagle Trading Company LLC"),)),
]
SCREENER = Screener(ENTITIES)


def top(query: Query) -> tuple[str, Outcome] | None:
    matches = SCREENER.screen(query)
    return (matches[0].entity.id, matches[0].outcome) if matches else None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (Query("Nusret Seferovic"), ("uk:GIM0002", Outcome.MATCH)),
        (Query("SEFEROVIC, Nusret", schema=Schema.PERSON), ("uk:GIM0002", Outcome.MATCH)),
        (Query("ALPA Trading Company"), ("uk:GIM0003", Outcome.MATCH)),
        (Query("Krasniqi Network"), ("uk:GIM0001", Outcome.MATCH)),
        (Query("Сергей Викторович Лавров"), ("un:RUi.1", Outcome.MATCH)),
        (Query("Sergey Lavrov"), ("un:RUi.1", Outcome.MATCH)),
    ],
)
def test_listed_variants_hit(query: Query, expected: tuple[str, Outcome]) -> None:
    assert top(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        Query("Jane Smith"),
        Query("General Trading Company"),
        Query("Golden Trading Company"),
        Query("Nusret Hodzic"),
        Query("Seferovic Star", schema=Schema.PERSON),  # a person never matches a vessel
    ],
)
def test_innocent_names_clear(query: Query) -> None:
    assert [m.entity.id for m in SCREENER.screen(query) if m.entity.id != "uk:GIM0002"] == []


def test_weak_alias_alone_never_matches() -> None:
    matches = SCREENER.screen(Query("The Fox"))
    assert all(m.outcome is not Outcome.MATCH for m in matches)


def test_document_number_alone_is_strong_evidence() -> None:
    query = Query("N. S.", identifiers=(Identifier("passport", "123 456 789"),))
    assert top(query) is not None and top(query)[0] == "uk:GIM0002"  # type: ignore[index]


@pytest.mark.parametrize(
    ("birth_date", "feature"),
    [
        ("1971-05-14", "dob_exact"),
        ("1971", "dob_partial"),
        ("1972-01-01", "dob_year_off_by_one"),
        ("1980-01-01", "dob_disjoint"),
    ],
)
def test_birth_date_features(birth_date: str, feature: str) -> None:
    match = SCREENER.screen(Query("Nusret Seferovic", birth_date=birth_date))[0]
    assert feature in {f.name for f in match.features}
    assert match.explanation()[0]["feature"] == "name_match"


def test_disjoint_birth_date_lowers_score() -> None:
    same = SCREENER.compare(Query("Nusret Seferovic", birth_date="1971-05-14"), ENTITIES[0])
    other = SCREENER.compare(Query("Nusret Seferovic", birth_date="1990-01-01"), ENTITIES[0])
    assert same > other


def test_country_features() -> None:
    hit = SCREENER.screen(Query("Nusret Seferovic", countries=("BA",)))[0]
    miss = SCREENER.screen(Query("Nusret Seferovic", countries=("FR",)))[0]
    assert hit.score > miss.score


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_screening_never_raises_and_scores_in_range(text: str) -> None:
    for match in SCREENER.screen(Query(text, birth_date=text, countries=(text,))):
        assert 0.0 <= match.score <= 1.0


def test_identical_names_score_one() -> None:
    for entity in ENTITIES:
        assert SCREENER.compare(Query(entity.names[0].value), entity) == pytest.approx(1.0)


def test_candidates_include_every_hit() -> None:
    query = Query("Nusret Seferovic")
    hits = {m.entity.id for m in SCREENER.screen(query)}
    assert hits <= {e.id for e in SCREENER.candidates(query)}


def test_repeated_query_reuses_nomination_and_answers_alike() -> None:
    screener = Screener(ENTITIES)
    query = Query("Nusret Seferovic", birth_date="1971-05-14")
    first = screener.screen(query)
    again = screener.screen(Query("NUSRET  SEFEROVIĆ", birth_date="1971-05-14"))
    assert [(m.entity.id, m.score, m.outcome) for m in first] == [
        (m.entity.id, m.score, m.outcome) for m in again
    ]
    assert screener._cached_nominations.cache_info().hits >= 1
