"""Fixed-rate load and event-to-decision latency, against anything that turns events into
decisions keyed by event id (a worker, or the bare relay).

Contract: ``LoadRun`` owns one producer and one consumer of the decisions topic, in this
process. ``step(rate, seconds)`` sends ``rate`` events/s (None: flat out, with at most
``max_in_flight`` undecided events) for ``seconds``, then waits up to ``drain_s`` for the
stragglers. Latency is measured from each event's *scheduled* send time (no coordinated
omission: a stalled sender counts against the system) to the moment its decision is read.
A step is sustained when the sender kept its rate (>= 95%), the system decided at that pace in
steady state (decisions per second over the step's second half, >= 95% of the rate: over the
whole step, the first decisions' latency would count as lost throughput), every event was
decided, and the backlog of undecided events did not grow: its slope over the second half stays
below 10% of the rate, or the step ends with less than half a second of traffic undecided (a
worker that screens in batches has a saw-tooth backlog, whose slope over a few seconds is
noise). ``decide_rate`` (whole step) is reported beside ``steady_decide_rate``.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from services.bench.payloads import BenchEvent
from services.bench.stats import slope, summarize_ms

SAMPLE_EVERY_S = 0.1
#: The load's producer batches like a default Kafka 4 client (``linger.ms`` 5). At 1 ms it sent
#: a request for every event or two: at 2,000 events/s the broker spent 0.2-0.3 of a core more
#: on them, on the two cores it shares with the system under test. Latency counts from each
#: event's scheduled time, so the linger is part of the relay baseline as much as of the worker.
PRODUCER_LINGER_MS = 5


async def topic_partitions(
    consumer: AIOKafkaConsumer, topic: str, timeout: float = 30.0
) -> list[TopicPartition]:
    """The partitions of ``topic``, sorted, once the consumer's metadata knows them; raises
    ``TimeoutError`` after ``timeout`` seconds without."""
    deadline = time.perf_counter() + timeout
    while not (partitions := consumer.partitions_for_topic(topic)):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no partitions for {topic} within {timeout:.0f}s")
        await consumer._client.force_metadata_update()
        if not consumer.partitions_for_topic(topic):
            await asyncio.sleep(0.1)
    return [TopicPartition(topic, p) for p in sorted(partitions)]


def sustained(
    rate: int, send_rate: float, steady_rate: float, lost: int, growth: float, backlog_end: int
) -> bool:
    """Whether a fixed-rate step was kept up with (see the module docstring); ``steady_rate``
    is the decisions per second over the step's second half."""
    steady = growth <= max(0.1 * rate, 5.0) or backlog_end <= 0.5 * rate
    kept_up = send_rate >= 0.95 * rate and steady_rate >= 0.95 * rate
    return kept_up and lost == 0 and steady


class LoadRun:
    """Producer of bench events and reader of their decisions, for one system under test."""

    def __init__(
        self,
        bootstrap: str,
        topics: dict[str, str],
        decisions_topic: str,
        traffic: Iterator[BenchEvent],
        max_in_flight: int = 2000,
    ) -> None:
        self.bootstrap = bootstrap
        self.topics = topics
        self.decisions_topic = decisions_topic
        self.traffic = traffic
        self.max_in_flight = max_in_flight
        self.pending: dict[bytes, float] = {}
        self.latencies: list[float] = []
        self.decided = 0
        self.duplicates = 0
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap, linger_ms=PRODUCER_LINGER_MS, acks=1
        )
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap, fetch_max_wait_ms=5, enable_auto_commit=False
        )
        self._reader: asyncio.Task[None] | None = None
        self._all_decided = asyncio.Event()
        self.last_read = time.perf_counter()

    async def start(self) -> None:
        await self._producer.start()
        await self._consumer.start()
        assigned = await topic_partitions(self._consumer, self.decisions_topic)
        self._consumer.assign(assigned)
        await self._consumer.seek_to_end(*assigned)
        for tp in assigned:
            await self._consumer.position(tp)
        self._reader = asyncio.create_task(self._read())

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        await self._consumer.stop()
        await self._producer.stop()

    async def _read(self) -> None:
        while True:
            batches = await self._consumer.getmany(timeout_ms=50)
            now = time.perf_counter()
            if batches:
                self.last_read = now
            for records in batches.values():
                for record in records:
                    sent = self.pending.pop(record.key, None) if record.key else None
                    if sent is None:
                        self.duplicates += 1
                        continue
                    self.decided += 1
                    self.latencies.append(now - sent)
            if not self.pending:
                self._all_decided.set()

    async def _send(self, scheduled: float) -> None:
        event = next(self.traffic)
        self.pending[event.key] = scheduled
        await self._producer.send(self.topics[event.kind], event.value, key=event.key)

    async def warm_up(self, timeout: float = 60.0) -> float:
        """Send a trickle until decisions come back; seconds it took (the system is ready)."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            await self._send(time.perf_counter())
            await asyncio.sleep(0.2)
            if self.decided >= 3:
                await self.settle(10.0)
                self._reset()
                return time.perf_counter() - start
        raise TimeoutError(f"no decision on {self.decisions_topic} within {timeout:.0f}s")

    async def settle(self, timeout: float = 90.0) -> float:
        """Wait until every event sent so far is decided (the system's backlog is gone), at most
        ``timeout``; seconds waited. Late decisions are then no longer expected."""
        start = time.perf_counter()
        await self._drain(timeout)
        self.pending.clear()
        return time.perf_counter() - start

    def _reset(self) -> None:
        self.latencies = []
        self.decided = 0
        self.duplicates = 0

    async def _drain(self, timeout: float) -> None:
        if not self.pending:
            return
        self._all_decided.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._all_decided.wait(), timeout)

    async def step(self, rate: int | None, seconds: float, drain_s: float = 5.0) -> dict[str, Any]:
        """One load step; see the module docstring for what "sustained" means. Call ``settle``
        before the next step."""
        self.pending.clear()
        self._reset()
        sent = 0
        samples: list[tuple[float, int, int]] = []  # (seconds into the step, sent, decided)
        start = time.perf_counter()
        next_sample = start
        while True:
            now = time.perf_counter()
            elapsed = now - start
            if elapsed >= seconds:
                break
            if now >= next_sample:
                samples.append((elapsed, sent, self.decided))
                next_sample += SAMPLE_EVERY_S
            if rate is None:
                room = self.max_in_flight - (sent - self.decided)
                for _ in range(min(room, 200)):
                    await self._send(time.perf_counter())
                    sent += 1
                await asyncio.sleep(0 if room > 0 else 0.001)
            else:
                due = min(int(elapsed * rate), int(seconds * rate))
                while sent < due:
                    await self._send(start + sent / rate)
                    sent += 1
                await asyncio.sleep(0.001)
        send_end = time.perf_counter()
        decided_in_step = self.decided
        backlog_end = sent - self.decided
        await self._drain(drain_s)
        half = [p for p in samples if p[0] >= seconds / 2]
        growth = slope([(t, float(s - d)) for t, s, d in half])
        steady_rate = slope([(t, float(d)) for t, _, d in half])
        send_rate = sent / (send_end - start)
        decide_rate = decided_in_step / (send_end - start)
        lost = len(self.pending)
        step: dict[str, Any] = {
            "rate": rate if rate is not None else "max",
            "seconds": seconds,
            "sent": sent,
            "decided": self.decided,
            "undecided_after_drain": lost,
            "duplicates": self.duplicates,
            "send_rate": round(send_rate, 1),
            "decide_rate": round(decide_rate, 1),
            "steady_decide_rate": round(steady_rate, 1),
            "backlog_end": backlog_end,
            "backlog_growth_per_s": round(growth, 1),
            "latency": summarize_ms(self.latencies),
        }
        if rate is None:
            step["sustained"] = None
        else:
            step["sustained"] = sustained(rate, send_rate, steady_rate, lost, growth, backlog_end)
        return step
