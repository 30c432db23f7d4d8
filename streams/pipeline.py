"""The per-event pipeline: decode -> parties -> screen -> alerts + decision, or dead letter.

Contract:
- ``Pipeline.submit(batch)`` screens every record of the batch and hands its outputs to the
  producer without waiting; it returns an awaitable of their acknowledgement, so the agent can
  screen the next batch while the broker acknowledges this one. ``process`` = submit + await.
- ``Pipeline.process(batch)`` screens every record of the batch against ONE table (the holder's
  current table when the batch starts; a swap mid-batch applies to the next batch), sends its
  outputs, and returns only after the broker acknowledged every output of the batch. The caller
  acknowledges the input records after that, never before (at-least-once).
- Fail closed: with no table installed it raises ``NotReadyError`` and produces nothing.
- The per-event boundary: a record that cannot be decoded, or whose screening raises, is
  dead-lettered with its original key and bytes; it never stops the batch.
- An output that cannot be produced raises ``SinkError`` out of ``process``: an infrastructure
  failure that must stop the worker before any input of the batch is acknowledged.
- Metrics are recorded only for outputs the broker acknowledged.
- Screening results are cached per table version (``_screener``): a repeated party (a bank's
  own agents, regular counterparties) is scored once per version, with the same result.
Knows nothing of Faust: tests drive it with in-memory records and sinks.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from matching import Match, Query
from services.metrics import Metrics
from services.table import SanctionsTable, TableHolder
from streams.events import DecodeError, EventType, ScreeningEvent
from streams.records import (
    PartyResult,
    Source,
    build_alerts,
    build_decision,
    dlq_headers,
    dumps,
)
from streams.sinks import Headers, Outbox, Sink

log = logging.getLogger(__name__)

Decoder = Callable[[EventType, bytes], ScreeningEvent]

#: Screening results kept per table version (distinct parties; a few MB at most).
SCREEN_CACHE_SIZE = 20_000


class NotReadyError(RuntimeError):
    """No sanctions table is installed yet: nothing may be screened."""


@dataclass(frozen=True, slots=True)
class InputRecord:
    """One consumed record, as the pipeline needs it."""

    event_type: EventType
    source: Source
    key: bytes | None
    value: bytes | None
    headers: Headers = ()
    timestamp: float | None = None  # the record's Kafka timestamp, Unix seconds


@dataclass(frozen=True, slots=True)
class OutputTopics:
    alerts: str
    decisions: str
    dlq: str


@dataclass(slots=True)
class Counts:
    """Running totals since start, for ``/status``."""

    events: int = 0
    alerts: int = 0
    dead_letters: int = 0
    batches: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class _Done:
    """What to record in metrics once a record's outputs are acknowledged."""

    event_type: str
    started: float
    outcome: str | None = None  # None: dead-lettered
    reason: str | None = None
    event_time: float | None = None
    alert_labels: list[tuple[str, str]] = field(default_factory=list)


class Pipeline:
    """Screens batches of input records; one instance per worker."""

    def __init__(
        self,
        holder: TableHolder,
        sink: Sink,
        metrics: Metrics,
        topics: OutputTopics,
        decoder: Decoder,
        worker_id: str,
        clock: Callable[[], float] = time.time,
        cache_size: int = SCREEN_CACHE_SIZE,
    ) -> None:
        self.holder = holder
        self.sink = sink
        self.metrics = metrics
        self.topics = topics
        self.decoder = decoder
        self.worker_id = worker_id
        self.clock = clock
        self.counts = Counts()
        self.cache_size = cache_size
        self._cache_table: SanctionsTable | None = None
        self._cache: dict[Query, tuple[Match, ...]] = {}

    def _screener(self, table: SanctionsTable) -> Callable[[Query], tuple[Match, ...]]:
        """``table``'s screener behind a cache of its results.

        Parties repeat a lot (a bank's own agents, regular counterparties): a query screened
        against the same table version always yields the same matches (the matcher is
        deterministic, the table immutable), so the result is reused. The cache belongs to one
        table: a new version starts an empty one. Bounded: cleared when full.
        """
        if self._cache_table is not table:
            self._cache_table = table
            self._cache = {}
        cache = self._cache
        screener = table.screener

        def screen(query: Query) -> tuple[Match, ...]:
            matches = cache.get(query)
            if matches is None:
                matches = tuple(screener.screen(query))
                if len(cache) >= self.cache_size:
                    cache.clear()
                cache[query] = matches
            return matches

        return screen

    async def process(self, batch: Sequence[InputRecord]) -> None:
        """Screen ``batch`` and return once every output is acknowledged by the broker."""
        await (await self.submit(batch))

    async def submit(self, batch: Sequence[InputRecord]) -> Awaitable[None]:
        """Screen ``batch`` and hand its outputs to the producer; return an awaitable that
        resolves once the broker acknowledged every one of them (metrics are recorded then),
        or raises ``SinkError``. The caller may screen further batches meanwhile."""
        table = self.holder.current
        if table is None:
            raise NotReadyError("no sanctions table installed")
        outbox = Outbox(self.sink)
        done = [await self._one(record, table, outbox) for record in batch]
        return self._acknowledged(outbox, done)

    async def _acknowledged(self, outbox: Outbox, done: list[_Done]) -> None:
        await outbox.flush()
        self._record(done)

    async def _one(self, record: InputRecord, table: SanctionsTable, outbox: Outbox) -> _Done:
        started = time.perf_counter()
        received = self.clock()
        done = _Done(str(record.event_type), started)
        try:
            event = self.decoder(record.event_type, record.value or b"")
        except DecodeError as exc:
            await self._dead_letter(record, exc.reason, exc.detail, outbox, done)
            return done
        except Exception as exc:  # a decoder bug must not stop the worker
            log.exception("decoder failed on %s", record.source)
            await self._dead_letter(record, "decoder_error", repr(exc), outbox, done)
            return done
        decoded = time.perf_counter()
        try:
            screen = self._screener(table)
            parties = [PartyResult(p.role, p.query, screen(p.query)) for p in event.parties]
            screened = time.perf_counter()
            screened_at = self.clock()
            latency_ms = (screened - started) * 1000.0
            alerts = build_alerts(event, parties, table.version, screened_at, latency_ms)
            thresholds = table.screener.thresholds
            decision = build_decision(
                event,
                parties,
                alerts,
                source=record.source,
                list_version=table.version,
                thresholds=(thresholds.match, thresholds.review),
                worker_id=self.worker_id,
                screened_at=screened_at,
                timings_ms={
                    "decode": (decoded - started) * 1000.0,
                    "screen": (screened - decoded) * 1000.0,
                    "received_to_screened": (screened_at - received) * 1000.0,
                },
            )
        except Exception as exc:  # a screening bug on one event: dead-letter it, go on
            log.exception("screening failed on %s", record.source)
            await self._dead_letter(record, "screening_error", repr(exc), outbox, done)
            return done
        key = event.event_id.encode()
        for alert in alerts:
            await outbox.send(self.topics.alerts, key, dumps(alert))
            entity = alert["entity"]
            source = entity["source"] if isinstance(entity, dict) else ""
            done.alert_labels.append((str(source), str(alert["outcome"])))
        await outbox.send(self.topics.decisions, key, dumps(decision))
        done.outcome = str(decision["outcome"])
        if event.event_time is not None:
            done.event_time = event.event_time.timestamp()
        elif record.timestamp is not None:
            done.event_time = record.timestamp
        return done

    async def _dead_letter(
        self, record: InputRecord, reason: str, detail: str, outbox: Outbox, done: _Done
    ) -> None:
        headers = dlq_headers(
            record.headers,
            reason=reason,
            detail=detail,
            source=record.source,
            worker_id=self.worker_id,
            at=self.clock(),
        )
        await outbox.send(self.topics.dlq, record.key, record.value, headers)
        done.reason = reason

    def _record(self, done: Sequence[_Done]) -> None:
        """Metrics and counts of a batch whose outputs were acknowledged (label look-ups once
        per label set, not once per event)."""
        now_mono = time.perf_counter()
        now = self.clock()
        m = self.metrics
        counts = self.counts
        counts.batches += 1
        events: Counter[tuple[str, str]] = Counter()
        alerts: Counter[tuple[str, str, str]] = Counter()
        dead: Counter[str] = Counter()
        processing = m.processing_seconds.observe
        lag = m.event_lag_seconds.observe
        for d in done:
            if d.outcome is None:
                dead[d.reason or "unknown"] += 1
                continue
            events[(d.event_type, d.outcome)] += 1
            for source, outcome in d.alert_labels:
                alerts[(d.event_type, source, outcome)] += 1
            processing(now_mono - d.started)
            if d.event_time is not None:
                lag(max(0.0, now - d.event_time))
        for reason, n in dead.items():
            m.dead_letters.labels(reason=reason).inc(n)
            counts.dead_letters += n
        for (event_type, outcome), n in events.items():
            m.events.labels(event_type=event_type, outcome=outcome).inc(n)
            counts.events += n
            counts.by_outcome[outcome] = counts.by_outcome.get(outcome, 0) + n
        for (event_type, source, outcome), n in alerts.items():
            m.alerts.labels(event_type=event_type, source=source, outcome=outcome).inc(n)
            counts.alerts += n
