"""Entities topic wire format: entity round trip, digests, version marker."""

from __future__ import annotations

from matching.model import Entity, Identifier, Name, NameKind, Schema
from services.lists.codec import VersionMarker, counts, decode_entity, digests, encode_entity

ENTITY = Entity(
    "uk:GIM0011", "uk", Schema.PERSON,
    (Name("Nusret SEFEROVIĆ", NameKind.PRIMARY, "Latn", "Nusret", "SEFEROVIĆ"),
     Name("Нусрет Сеферовић", NameKind.VARIATION, "Cyrl")),
    birth_dates=("1971",), nationalities=("BA",), countries=("HR",),
    identifiers=(Identifier("passport", "123", "HR"),), regimes=("GIM",), listed_on="2025-10-22",
    source_ref="x", gender="male",
)  # fmt: skip


def test_entity_round_trip_is_exact_and_deterministic() -> None:
    data = encode_entity(ENTITY)
    assert decode_entity(data) == ENTITY
    assert encode_entity(decode_entity(data)) == data


def test_digests_and_counts_per_source() -> None:
    records = {b"uk:1": b"a", b"uk:2": b"b", b"un:1": b"c"}
    assert counts(records) == {"uk": 2, "un": 1}
    assert digests(records) == digests(dict(reversed(records.items())))
    assert digests(records)["uk"] != digests({**records, b"uk:2": b"B"})["uk"]


def test_marker_round_trip() -> None:
    marker = VersionMarker("v1", ({"source": "uk", "entities": 2},), {"uk": 2}, {"uk": "d"}, 1.5)
    assert VersionMarker.decode(marker.encode()) == marker
