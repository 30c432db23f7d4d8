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
  own agents, regular counterparties) is scored once per version, with the same result, and its
  part of the records (``records.Screening``) is built once with it.
- Per event nothing awaits: a batch is screened into an ``Outbox``, which is then handed to the
  sink in one go (in order: per partition, decisions keep the order of their events).
Knows nothing of Faust: tests drive it with in-memory records and sinks.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from matching import Query
from services.metrics import Metrics
from services.table import SanctionsTable, TableHolder
from streams.events import DecodeError, EventType, ScreeningEvent
from streams.records import (
    PartyResult,
    Screening,
    Source,
    build_alerts,
    build_decision,
    dlq_headers,
    dumps,
    screening,
)
from streams.sinks import Ack, Headers, Outbox, Sink, acknowledged

log = logging.getLogger(__name__)

Decoder = Callable[[EventType, bytes], ScreeningEvent]
Screen = Callable[[Query], Screening]

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
    """What a batch produced, to record in metrics once its outputs are acknowledged."""

    events: Counter[tuple[str, str]] = field(default_factory=Counter)  # (event type, outcome)
    alerts: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # + entity source
    dead: Counter[str] = field(default_factory=Counter)  # reason
    started: list[float] = field(default_factory=list)  # perf_counter of each decided event
    event_times: list[float] = field(default_factory=list)  # Unix seconds


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
        self._cache: dict[Query, Screening] = {}
        self._thresholds: dict[str, float] = {}

    def _screener(self, table: SanctionsTable) -> Screen:
        """``table``'s screener behind a cache of its results.

        Parties repeat a lot (a bank's own agents, regular counterparties): a query screened
        against the same table version always yields the same matches (the matcher is
        deterministic, the table immutable), so the result is reused. The cache belongs to one
        table: a new version starts an empty one. Bounded: when full, the older half goes (a
        steady set of regular parties stays cached; clearing it all would screen them again).
        """
        if self._cache_table is not table:
            self._cache_table = table
            self._cache = {}
            thresholds = table.screener.thresholds
            self._thresholds = {"match": thresholds.match, "review": thresholds.review}
        cache = self._cache
        screen = table.screener.screen
        version = table.version
        size = self.cache_size

        def screened(query: Query) -> Screening:
            found = cache.get(query)
            if found is None:
                found = screening(query, tuple(screen(query)), version)
                if len(cache) >= size:
                    for stale in list(islice(cache, max(1, size // 2))):
                        del cache[stale]
                cache[query] = found
            return found

        return screened

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
        screen = self._screener(table)
        outbox = Outbox()
        done = _Done()
        for record in batch:
            self._one(record, table, screen, outbox, done)
        return self._acknowledged(await outbox.send(self.sink), done)

    async def _acknowledged(self, acks: list[Ack], done: _Done) -> None:
        await acknowledged(acks)
        self._record(done)

    def _one(
        self,
        record: InputRecord,
        table: SanctionsTable,
        screen: Screen,
        outbox: Outbox,
        done: _Done,
    ) -> None:
        started = time.perf_counter()
        received = self.clock()
        try:
            event = self.decoder(record.event_type, record.value or b"")
        except DecodeError as exc:
            self._dead_letter(record, exc.reason, exc.detail, outbox, done)
            return
        except Exception as exc:  # a decoder bug must not stop the worker
            log.exception("decoder failed on %s", record.source)
            self._dead_letter(record, "decoder_error", repr(exc), outbox, done)
            return
        decoded = time.perf_counter()
        try:
            parties = [PartyResult(p.role, screen(p.query)) for p in event.parties]
            screened = time.perf_counter()
            screened_at = self.clock()
            latency_ms = (screened - started) * 1000.0
            alerts = build_alerts(event, parties, table.version, screened_at, latency_ms)
            decision = build_decision(
                event,
                parties,
                alerts,
                source=record.source,
                list_version=table.version,
                thresholds=self._thresholds,
                worker_id=self.worker_id,
                screened_at=screened_at,
                timings_ms={
                    "decode": round((decoded - started) * 1000.0, 3),
                    "screen": round((screened - decoded) * 1000.0, 3),
                    "received_to_screened": round((screened_at - received) * 1000.0, 3),
                },
            )
        except Exception as exc:  # a screening bug on one event: dead-letter it, go on
            log.exception("screening failed on %s", record.source)
            self._dead_letter(record, "screening_error", repr(exc), outbox, done)
            return
        key = event.event_id.encode()
        event_type = str(record.event_type)
        for alert in alerts:
            outbox.add(self.topics.alerts, key, dumps(alert))
            entity = alert["entity"]
            source = entity["source"] if isinstance(entity, dict) else ""
            done.alerts[(event_type, str(source), str(alert["outcome"]))] += 1
        outbox.add(self.topics.decisions, key, dumps(decision))
        done.events[(event_type, str(decision["outcome"]))] += 1
        done.started.append(started)
        if event.event_time is not None:
            done.event_times.append(event.event_time.timestamp())
        elif record.timestamp is not None:
            done.event_times.append(record.timestamp)

    def _dead_letter(
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
        outbox.add(self.topics.dlq, record.key, record.value, headers)
        done.dead[reason] += 1

    def _record(self, done: _Done) -> None:
        """Metrics and counts of a batch whose outputs were acknowledged (label look-ups once
        per label set, not once per event)."""
        now_mono = time.perf_counter()
        now = self.clock()
        m = self.metrics
        counts = self.counts
        counts.batches += 1
        processing = m.processing_seconds.observe
        for started in done.started:
            processing(now_mono - started)
        lag = m.event_lag_seconds.observe
        for event_time in done.event_times:
            lag(max(0.0, now - event_time))
        for reason, n in done.dead.items():
            m.dead_letters.labels(reason=reason).inc(n)
            counts.dead_letters += n
        for (event_type, outcome), n in done.events.items():
            m.events.labels(event_type=event_type, outcome=outcome).inc(n)
            counts.events += n
            counts.by_outcome[outcome] = counts.by_outcome.get(outcome, 0) + n
        for (event_type, source, outcome), n in done.alerts.items():
            m.alerts.labels(event_type=event_type, source=source, outcome=outcome).inc(n)
            counts.alerts += n
