"""The synthetic name generator is deterministic and realistic enough to bench with."""

from __future__ import annotations

from matching import NameKind, Schema
from services.bench.payloads import events
from services.bench.synthetic import query_mix, synthetic_entities, to_cyrillic


def test_same_seed_same_table() -> None:
    assert synthetic_entities(2000, seed=4) == synthetic_entities(2000, seed=4)
    assert synthetic_entities(2000, seed=4) != synthetic_entities(2000, seed=5)


def test_exact_name_count_and_unique_ids() -> None:
    entities = synthetic_entities(1234, seed=2)
    assert sum(len(e.names) for e in entities) == 1234
    assert len({e.id for e in entities}) == len(entities)
    assert all(e.id.startswith("custom:") and e.names for e in entities)


def test_persons_and_organisations_with_aliases() -> None:
    entities = synthetic_entities(5000, seed=1)
    schemas = {e.schema for e in entities}
    assert schemas == {Schema.PERSON, Schema.ORGANIZATION}
    kinds = {n.kind for e in entities for n in e.names}
    assert {NameKind.PRIMARY, NameKind.ALIAS, NameKind.WEAK_ALIAS} <= kinds
    assert any(n.script == "Cyrl" for e in entities for n in e.names)


def test_query_mix_is_deterministic_and_labelled() -> None:
    entities = synthetic_entities(3000, seed=1)
    first = query_mix(entities, 400, seed=9, listed_share=0.2)
    assert first == query_mix(entities, 400, seed=9, listed_share=0.2)
    listed = [q for q in first if q.listed]
    assert 40 <= len(listed) <= 120
    ids = {e.id for e in entities}
    assert all(q.source_entity in ids for q in listed)
    assert all(q.query.name.strip() for q in first)


def test_cyrillic_rendering() -> None:
    assert to_cyrillic("Ivanov") == "Иванов"


def test_events_are_deterministic_and_keyed_by_event_id() -> None:
    names = query_mix(synthetic_entities(500), 50)
    a = [next(it) for it in [events(names, "run", seed=1)] for _ in range(20)]
    b = [next(it) for it in [events(names, "run", seed=1)] for _ in range(20)]
    assert a == b
    assert {e.kind for e in a} <= {"payment", "travel"}
    assert a[0].key == b"run-1"
