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
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import cast

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
class Screening:
    """What screening found for one query, with what the records need of it worked out once.

    Screening results are cached per table version (``Pipeline``), and so is this: a repeated
    party costs neither a screen nor a rebuild of its part of the decision and alerts.
    Read-only once built: its dicts and lists are shared by every record that carries them.
    """

    query: Query
    matches: tuple[Match, ...]
    outcome: Outcome
    best_score: float
    #: The decision's ``screened_parties`` entry, less the role.
    summary: dict[str, object]
    #: Per match, the alert's fields that depend on the match and the table only.
    alert_parts: tuple[dict[str, object], ...]


def _worst(found: Iterable[tuple[Outcome, float]]) -> tuple[Outcome, float]:
    """The most serious outcome and the best score among ``found`` (clear and 0 when empty)."""
    outcome, best = Outcome.CLEAR, 0.0
    for this, score in found:
        if this.rank > outcome.rank:
            outcome = this
        best = max(best, score)
    return outcome, best


def screening(query: Query, matches: tuple[Match, ...], list_version: str) -> Screening:
    """``matches`` of ``query`` against the table of ``list_version``, ready for the records."""
    outcome, best = _worst((m.outcome, m.score) for m in matches)
    record = query_record(query)
    summary: dict[str, object] = {
        "query": record,
        "outcome": str(outcome),
        "best_score": round(best, 4),
        "entity_ids": [m.entity.id for m in matches],
    }
    parts = tuple(_alert_part(record, match, list_version) for match in matches)
    return Screening(query, matches, outcome, best, summary, parts)


def _alert_part(query: dict[str, object], match: Match, list_version: str) -> dict[str, object]:
    entity = match.entity
    return {
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
    }


@dataclass(frozen=True, slots=True)
class PartyResult:
    """One party of an event and what screening found for it."""

    role: str
    screening: Screening


@lru_cache(maxsize=8)
def _second(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S")


def iso(ts: float) -> str:
    """A Unix time as ISO 8601 UTC with milliseconds and a ``Z`` (``datetime``'s rounding:
    half-even to the microsecond, then truncated to the millisecond; the seconds formatted
    once per second)."""
    fraction, whole = math.modf(ts)
    micros = round(fraction * 1e6)
    seconds = int(whole)
    if micros < 0:
        seconds, micros = seconds - 1, micros + 1_000_000
    if micros >= 1_000_000:
        seconds, micros = seconds + 1, micros - 1_000_000
    return f"{_second(seconds)}.{micros // 1000:03d}Z"


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
    at: str | None = None
    for party in parties:
        found = party.screening
        for match, part in zip(found.matches, found.alert_parts, strict=True):
            aid = alert_id(event.event_id, party.role, match.entity.id, list_version)
            previous = alerts.get(aid)
            if previous is not None and cast(float, previous["score"]) >= match.score:
                continue
            alerts[aid] = {
                "alert_id": aid,
                "event_id": event.event_id,
                "event_type": str(event.event_type),
                "party_role": party.role,
                **part,
                "screened_at": at or (at := iso(screened_at)),
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
    thresholds: dict[str, float],
    worker_id: str,
    screened_at: float,
    timings_ms: dict[str, float],
) -> dict[str, object]:
    """The audit record of one event (every event, clear ones included); ``thresholds`` is
    ``{"match": …, "review": …}`` and ``timings_ms`` already rounded, both put in as they are."""
    outcome, best = _worst((p.screening.outcome, p.screening.best_score) for p in parties)
    event_time = event.event_time
    return {
        "event_id": event.event_id,
        "event_type": str(event.event_type),
        "event_time": iso(event_time.timestamp()) if event_time else None,
        "outcome": str(outcome),
        "parties": len(parties),
        "best_score": round(best, 4),
        "alerts": len(alerts),
        "alert_ids": [a["alert_id"] for a in alerts],
        "screened_parties": [{"role": p.role, **p.screening.summary} for p in parties],
        "findings": list(event.findings),
        "list_version": list_version,
        "matcher_version": MATCHER_VERSION,
        "thresholds": thresholds,
        "source": {"topic": source.topic, "partition": source.partition, "offset": source.offset},
        "worker": worker_id,
        "screened_at": iso(screened_at),
        "timings_ms": timings_ms,
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
