"""Backlog drain: how fast a consumer group works through events already waiting in Kafka.

The throughput of one worker against two is a property of the workers and the broker, not of
the load generator: in production the producers run on other machines. So the backlog is
produced first, before any worker starts; then the workers start, and nothing else runs beside
them and the broker until every event is decided. Only then are the decisions read back.

The rate comes from the decisions' own Kafka timestamps (set by the worker's producer when it
sends each decision): decided events per second between the 10th and the 90th percentile of
those timestamps, which leaves out start-up (readiness, the group's first assignment and any
rebalance while the second worker joins) and the tail of whichever partition ends last.
Every event must be decided (at-least-once); a duplicate decision is counted, not lost. The
decisions name the worker that made them, so the result also says how many each one made.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from services.bench import hostcpu, procs
from services.bench.payloads import BenchEvent

WINDOW = (0.1, 0.9)
#: The backlog is produced in large batches: its cost is paid before the workers start.
PRELOAD_LINGER_MS = 20
PRELOAD_BATCH_BYTES = 256 * 1024
#: A drain whose decisions stop arriving for this long is over, decided or not.
IDLE_LIMIT_S = 20.0


def window_rate(stamps_ms: list[int], window: tuple[float, float] = WINDOW) -> float | None:
    """Events per second between two quantiles of sorted decision timestamps (milliseconds);
    None when the window is too short to measure (fewer than 10 events, or one millisecond)."""
    count = len(stamps_ms)
    low, high = int(count * window[0]), int(count * window[1]) - 1
    if high - low < 10 or stamps_ms[high] <= stamps_ms[low]:
        return None
    return (high - low) / ((stamps_ms[high] - stamps_ms[low]) / 1000.0)


async def preload(
    bootstrap: str, topics: dict[str, str], traffic: Iterator[BenchEvent], count: int
) -> tuple[set[bytes], float]:
    """Produce ``count`` events and wait until the broker has them all; their keys and the
    seconds it took."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        linger_ms=PRELOAD_LINGER_MS,
        max_batch_size=PRELOAD_BATCH_BYTES,
        acks=1,
    )
    await producer.start()
    start = time.perf_counter()
    keys: set[bytes] = set()
    try:
        sent = []
        for _ in range(count):
            event = next(traffic)
            keys.add(event.key)
            sent.append(await producer.send(topics[event.kind], event.value, key=event.key))
        await asyncio.gather(*sent)
    finally:
        await producer.stop()
    return keys, time.perf_counter() - start


@dataclass
class Decided:
    """What the decisions topic holds for one drain: timestamps of first decisions (sorted),
    the event keys still undecided, repeated decisions of one event, and first decisions per
    deciding worker."""

    stamps_ms: list[int]
    undecided: set[bytes]
    duplicates: int
    by_worker: dict[str, int]


async def read_decisions(
    bootstrap: str, topic: str, expected: set[bytes], timeout: float
) -> Decided:
    """Read ``topic`` from the beginning until every key of ``expected`` has a decision, no
    decision came for ``IDLE_LIMIT_S``, or ``timeout`` seconds passed."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        fetch_max_wait_ms=500,
        max_partition_fetch_bytes=4 << 20,
        fetch_max_bytes=16 << 20,
    )
    await consumer.start()
    undecided = set(expected)
    stamps: list[int] = []
    duplicates = 0
    by_worker: dict[str, int] = {}
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(await _partitions(consumer, topic))]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        deadline = time.perf_counter() + timeout
        last_new = time.perf_counter()
        while undecided and time.perf_counter() < deadline:
            if time.perf_counter() - last_new > IDLE_LIMIT_S:
                break
            batches = await consumer.getmany(timeout_ms=1000, max_records=50_000)
            for records in batches.values():
                for record in records:
                    last_new = time.perf_counter()
                    if record.key in undecided:
                        undecided.discard(record.key)
                        stamps.append(record.timestamp)
                        worker = str(orjson.loads(record.value or b"{}").get("worker"))
                        by_worker[worker] = by_worker.get(worker, 0) + 1
                    else:
                        duplicates += 1
    finally:
        await consumer.stop()
    stamps.sort()
    return Decided(stamps, undecided, duplicates, by_worker)


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> set[int]:
    for _ in range(50):
        partitions = consumer.partitions_for_topic(topic)
        if partitions:
            return set(partitions)
        await consumer._client.force_metadata_update()
        await asyncio.sleep(0.1)
    raise TimeoutError(f"no partitions for {topic}")


async def drain(
    bootstrap: str,
    topics: dict[str, str],
    group: str,
    start: Callable[[dict[str, str], str], list[procs.Proc]],
    traffic: Iterator[BenchEvent],
    backlog: int,
    ready_timeout: float,
) -> dict[str, Any]:
    """Preload ``backlog`` events on ``topics``, start the system, wait until it has decided
    them all (or stalls), stop it; the figures of the module docstring."""
    keys, preload_s = await preload(bootstrap, topics, traffic, backlog)
    started = start(topics, group)
    result: dict[str, Any] = {"processes": len(started), "backlog": backlog}
    try:
        ready_s, cpu_at_ready = [], []
        for proc in started:  # each one's CPU from its own readiness on is draining
            ready_s.append(round(await procs.wait_ready(proc, ready_timeout), 3))
            cpu_at_ready.append(proc.cpu_seconds() or 0.0)
        result["ready_s"] = ready_s
        host_before = hostcpu.snapshot()
        # generous: one slow worker alone, at a few hundred events/s, still gets through
        decided = await read_decisions(bootstrap, topics["decisions"], keys, 60 + backlog / 200)
        host_cpu = hostcpu.shares(host_before, hostcpu.snapshot())
        cpu_used = [
            (p.cpu_seconds() or 0.0) - ready for p, ready in zip(started, cpu_at_ready, strict=True)
        ]
    finally:
        for proc in started:
            procs.stop(proc)
    stamps = decided.stamps_ms
    rate = window_rate(stamps)
    result.update(
        preload_s=round(preload_s, 2),
        decided=len(stamps),
        undecided=len(decided.undecided),
        duplicates=decided.duplicates,
        decided_by_worker=sorted(decided.by_worker.values(), reverse=True),
        rate=round(rate, 1) if rate is not None else None,
        span_s=round((stamps[-1] - stamps[0]) / 1000, 2) if stamps else None,
        cpu_s_draining=[round(c, 2) for c in cpu_used],
        host_cpu=host_cpu,
        events_per_cpu_s=round(len(stamps) / sum(cpu_used), 1) if sum(cpu_used) > 0 else None,
    )
    return result
