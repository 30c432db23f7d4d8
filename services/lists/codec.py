"""Wire format of the compacted entities topic (``sanctions.entities.v1``).

- Entity record: key = entity id (UTF-8), value = the entity as JSON (orjson, sorted keys, so
  one entity always encodes to the same bytes). A removed entity is a tombstone (value None).
- Version marker: key ``__version__`` (no entity id can collide: every id has a ``source:``
  prefix), value ``{"type": "version", "version", "lists": [{source, path, content_hash,
  entities, list_date}], "counts": {source: n}, "digests": {source: sha256}, "published_at"}``.
  ``digests`` hash every (key, sha256(value)) of a source, sorted by key: a follower holding
  exactly the published entities computes the same digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from matching.model import Entity, Identifier, Name, NameKind, Schema

VERSION_KEY = b"__version__"


def encode_entity(entity: Entity) -> bytes:
    payload = {
        "id": entity.id,
        "source": entity.source,
        "schema": entity.schema.value,
        "names": [
            {"value": n.value, "kind": n.kind.value, "script": n.script, "given": n.given,
             "family": n.family}
            for n in entity.names
        ],
        "birth_dates": list(entity.birth_dates),
        "nationalities": list(entity.nationalities),
        "countries": list(entity.countries),
        "identifiers": [
            {"kind": i.kind, "number": i.number, "country": i.country} for i in entity.identifiers
        ],
        "regimes": list(entity.regimes),
        "listed_on": entity.listed_on,
        "source_ref": entity.source_ref,
        "gender": entity.gender,
    }  # fmt: skip
    return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)


def decode_entity(data: bytes) -> Entity:
    """Decode an entity record; raises ValueError (or KeyError/TypeError) on a bad payload."""
    raw: dict[str, Any] = orjson.loads(data)
    return Entity(
        id=raw["id"],
        source=raw["source"],
        schema=Schema(raw["schema"]),
        names=tuple(
            Name(
                n["value"],
                NameKind(n["kind"]),
                n.get("script") or "Latn",
                n.get("given"),
                n.get("family"),
            )
            for n in raw["names"]
        ),
        birth_dates=tuple(raw.get("birth_dates", ())),
        nationalities=tuple(raw.get("nationalities", ())),
        countries=tuple(raw.get("countries", ())),
        identifiers=tuple(
            Identifier(i["kind"], i["number"], i.get("country")) for i in raw.get("identifiers", ())
        ),
        regimes=tuple(raw.get("regimes", ())),
        listed_on=raw.get("listed_on"),
        source_ref=raw.get("source_ref"),
        gender=raw.get("gender"),
    )


def source_of_key(key: bytes) -> str:
    return key.decode("utf-8", "replace").split(":", 1)[0]


def digests(records: Mapping[bytes, bytes]) -> dict[str, str]:
    """Per-source digest of entity records (key -> value bytes)."""
    hashers: dict[str, Any] = {}
    for key in sorted(records):
        hasher = hashers.setdefault(source_of_key(key), hashlib.sha256())
        hasher.update(key + b"\0" + hashlib.sha256(records[key]).digest())
    return {source: hasher.hexdigest() for source, hasher in hashers.items()}


def counts(keys: Iterable[bytes]) -> dict[str, int]:
    result: dict[str, int] = {}
    for key in keys:
        source = source_of_key(key)
        result[source] = result.get(source, 0) + 1
    return result


@dataclass(frozen=True, slots=True)
class VersionMarker:
    version: str
    lists: tuple[dict[str, Any], ...]
    counts: dict[str, int]
    digests: dict[str, str]
    published_at: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def encode(self) -> bytes:
        return orjson.dumps(
            {
                "type": "version",
                "version": self.version,
                "lists": list(self.lists),
                "counts": self.counts,
                "digests": self.digests,
                "published_at": self.published_at,
            },
            option=orjson.OPT_SORT_KEYS,
        )

    @classmethod
    def decode(cls, data: bytes) -> VersionMarker:
        raw = orjson.loads(data)
        if not isinstance(raw, dict) or raw.get("type") != "version":
            raise ValueError("not a version marker")
        return cls(
            version=str(raw["version"]),
            lists=tuple(raw.get("lists", ())),
            counts={str(k): int(v) for k, v in raw["counts"].items()},
            digests={str(k): str(v) for k, v in raw["digests"].items()},
            published_at=float(raw.get("published_at", 0.0)),
        )
