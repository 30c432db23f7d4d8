"""The output records of a screened event: alerts, the audit decision, dead-letter headers.

Contract (DESIGN.md "Outputs"):
- one alert per (event, party role, listed entity) scoring review or match; ``alert_id`` is the
  sha256 of ``event_id, role, entity_id, list_version`` (NUL-separated), so a redelivered event
  screened against the same table yields the same id;
- one decision per valid event, clear ones included: enough to reproduce it (the source offset,
  every party as screened, list version, matcher version and thresholds);
- a dead letter keeps the original key and bytes and says why in its headers.
Values are plain dicts; ``dumps`` turns them into the JSON bytes put on the topics.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import orjson

from matching import MATCHER_VERSION, Match, Outcome, Query
from streams.events import ScreeningEvent

DETAIL_LIMIT = 1000

# The dead-letter headers (stable names: consumers of the DLQ filter on them).
H_REASON = "reason"
H_DETAIL = "detail"
H_SOURCE_TOPIC = "source_topic"
H_SOURCE_PARTITION = "source_partition"
H_SOURCE_OFFSET = "source_offset"
H_TIME = "time"
H_WORKER = "worker"
DLQ_HEADERS = frozenset(
    {H_REASON, H_DETAIL, H_SOURCE_TOPIC, H_SOURCE_PARTITION, H_SOURCE_OFFSET, H_TIME, H_WORKER}
)


@dataclass(frozen=True, slots=True)
class Source:
    """Where an input record came from."""

    topic: str
    partition: int
    offset: int


@dataclass(frozen=True, slots=True)
class PartyResult:
    """One party of an event and what screening found for it."""

    role: str
    query: Query
    matches: tuple[Match, ...]
    #: The party's worst outcome and best score, computed once (both are read several times).
    outcome: Outcome = field(init=False)
    best_score: float = field(init=False)

    def __post_init__(self) -> None:
        outcome, best = Outcome.CLEAR, 0.0
        if self.matches:
            outcome = max((m.outcome for m in self.matches), key=lambda o: o.rank)
            best = max(m.score for m in self.matches)
        object.__setattr__(self, "outcome", outcome)
        object.__setattr__(self, "best_score", best)


def iso(ts: float) -> str:
    """A Unix time as ISO 8601 UTC with milliseconds and a ``Z``."""
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def alert_id(event_id: str, role: str, entity_id: str, list_version: str) -> str:
    """Deterministic alert id: same event, party, entity and list version -> same id."""
    material = "\x00".join((event_id, role, entity_id, list_version)).encode()
    return hashlib.sha256(material).hexdigest()[:32]


def query_record(query: Query) -> dict[str, object]:
    """The query as screened."""
    record: dict[str, object] = {"name": query.name}
    if query.names:
        record["names"] = list(query.names)
    if query.schema is not None:
        record["schema"] = str(query.schema)
    if query.birth_date:
        record["birth_date"] = query.birth_date
    if query.countries:
        record["countries"] = list(query.countries)
    if query.gender:
        record["gender"] = query.gender
    if query.identifiers:
        record["identifiers"] = [
            {"kind": i.kind, "number": i.number, "country": i.country} for i in query.identifiers
        ]
    return record


def build_alerts(
    event: ScreeningEvent,
    parties: Sequence[PartyResult],
    list_version: str,
    screened_at: float,
    latency_ms: float,
) -> list[dict[str, object]]:
    """One alert per (party role, entity), best match kept when a role repeats."""
    alerts: dict[str, dict[str, object]] = {}
    for party in parties:
        query = query_record(party.query)
        for match in party.matches:
            entity = match.entity
            aid = alert_id(event.event_id, party.role, entity.id, list_version)
            previous = alerts.get(aid)
            if previous is not None and float(str(previous["score"])) >= match.score:
                continue
            alerts[aid] = {
                "alert_id": aid,
                "event_id": event.event_id,
                "event_type": str(event.event_type),
                "party_role": party.role,
                "query": query,
                "outcome": str(match.outcome),
                "score": round(match.score, 4),
                "entity": {
                    "id": entity.id,
                    "source": entity.source,
                    "schema": str(entity.schema),
                    "regimes": list(entity.regimes),
                    "primary_name": entity.primary_name,
                    "matched_name": match.matched_name.value,
                    "matched_name_kind": str(match.matched_name.kind),
                },
                "explanation": match.explanation(),
                "list_version": list_version,
                "matcher_version": MATCHER_VERSION,
                "screened_at": iso(screened_at),
                "latency_ms": round(latency_ms, 3),
            }
    return list(alerts.values())


def build_decision(
    event: ScreeningEvent,
    parties: Sequence[PartyResult],
    alerts: Sequence[dict[str, object]],
    *,
    source: Source,
    list_version: str,
    thresholds: tuple[float, float],
    worker_id: str,
    screened_at: float,
    timings_ms: dict[str, float],
) -> dict[str, object]:
    """The audit record of one event (every event, clear ones included)."""
    outcome = max((p.outcome for p in parties), key=lambda o: o.rank, default=Outcome.CLEAR)
    event_time = event.event_time
    return {
        "event_id": event.event_id,
        "event_type": str(event.event_type),
        "event_time": iso(event_time.timestamp()) if event_time else None,
        "outcome": str(outcome),
        "parties": len(parties),
        "best_score": round(max((p.best_score for p in parties), default=0.0), 4),
        "alerts": len(alerts),
        "alert_ids": [a["alert_id"] for a in alerts],
        "screened_parties": [
            {
                "role": p.role,
                "query": query_record(p.query),
                "outcome": str(p.outcome),
                "best_score": round(p.best_score, 4),
                "entity_ids": [m.entity.id for m in p.matches],
            }
            for p in parties
        ],
        "findings": list(event.findings),
        "list_version": list_version,
        "matcher_version": MATCHER_VERSION,
        "thresholds": {"match": thresholds[0], "review": thresholds[1]},
        "source": {"topic": source.topic, "partition": source.partition, "offset": source.offset},
        "worker": worker_id,
        "screened_at": iso(screened_at),
        "timings_ms": {k: round(v, 3) for k, v in timings_ms.items()},
    }


def dlq_headers(
    original: Sequence[tuple[str, bytes]],
    *,
    reason: str,
    detail: str,
    source: Source,
    worker_id: str,
    at: float,
) -> list[tuple[str, bytes]]:
    """The original headers (minus any of ours) followed by the dead-letter headers."""
    kept = [(k, v) for k, v in original if k not in DLQ_HEADERS]
    return [
        *kept,
        (H_REASON, reason.encode()),
        (H_DETAIL, detail[:DETAIL_LIMIT].encode("utf-8", "replace")),
        (H_SOURCE_TOPIC, source.topic.encode()),
        (H_SOURCE_PARTITION, str(source.partition).encode()),
        (H_SOURCE_OFFSET, str(source.offset).encode()),
        (H_TIME, iso(at).encode()),
        (H_WORKER, worker_id.encode()),
    ]


def dumps(record: dict[str, object]) -> bytes:
    return orjson.dumps(record)
