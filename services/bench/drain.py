"""Backlog drain: how fast a consumer group works through events already waiting in Kafka.

The throughput of one worker against two is a property of the workers and the broker, not of
the load generator: in production the producers run on other machines. So the backlog is
produced first, before any worker starts; then the workers start and drain it, alone with
the broker: the bench only asks the broker, twice a second, how far the group has committed
(a worker commits an event's offset once its decision is produced), and reads the decisions
once the workers are done and stopped.

The rate comes from the decisions themselves: each names the worker that made it and carries
the Kafka timestamp its producer set when sending it. The rate is the decisions per second
while every worker was deciding: from the moment the last worker made its first decision
(after readiness, the group's assignment and any rebalance while the second one joined) to the
moment the first worker made its last (its partition done: a finite backlog never splits
evenly, and in a live stream no worker runs dry). Every event must be decided (at-least-once);
a duplicate decision is counted, not lost.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from services.bench import hostcpu, procs
from services.bench.load import topic_partitions
from services.bench.payloads import BenchEvent

#: Shorter than this, the time every worker was deciding is too short to give a rate.
MIN_TOGETHER_MS = 1000
#: The backlog is produced in large batches: its cost is paid before the workers start.
PRELOAD_LINGER_MS = 20
PRELOAD_BATCH_BYTES = 256 * 1024
#: A drain whose decisions (or committed offsets) stop advancing for this long is over.
IDLE_LIMIT_S = 20.0
#: How often the group's committed offsets are asked for while the workers drain.
PROGRESS_POLL_S = 0.5


def rate_together(decisions: Sequence[tuple[int, str]]) -> dict[str, Any]:
    """``{"rate", "together_s", "deciding_workers"}`` of (timestamp ms, worker) decisions: the
    decisions per second after the last worker's first decision, up to the first worker's
    last one (see the module docstring); rate None when that lasted under ``MIN_TOGETHER_MS``."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for stamp, worker in decisions:
        first[worker] = min(stamp, first.get(worker, stamp))
        last[worker] = max(stamp, last.get(worker, stamp))
    if not first:
        return {"rate": None, "together_s": None, "deciding_workers": 0}
    start, end = max(first.values()), min(last.values())
    inside = sum(1 for stamp, _ in decisions if start < stamp <= end)
    together = end - start
    rate = inside / (together / 1000.0) if together >= MIN_TOGETHER_MS else None
    return {
        "rate": None if rate is None else round(rate, 1),
        "together_s": round(together / 1000.0, 2),
        "deciding_workers": len(first),
    }


@dataclass
class Preloaded:
    """The backlog on the broker: event keys, the end offset of each partition it filled, and
    the seconds producing it took."""

    keys: set[bytes]
    ends: dict[TopicPartition, int]
    seconds: float


async def preload(
    bootstrap: str, topics: dict[str, str], traffic: Iterator[BenchEvent], count: int
) -> Preloaded:
    """Produce ``count`` events and wait until the broker has them all."""
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
        ends: dict[TopicPartition, int] = {}
        for meta in await asyncio.gather(*sent):
            where = TopicPartition(meta.topic, meta.partition)
            ends[where] = max(ends.get(where, 0), meta.offset + 1)
    finally:
        await producer.stop()
    return Preloaded(keys, ends, time.perf_counter() - start)


async def wait_committed(
    bootstrap: str, group: str, ends: dict[TopicPartition, int], timeout: float
) -> bool:
    """Wait until ``group`` has committed every partition of ``ends`` up to its end offset;
    False when that took over ``timeout`` seconds or stopped advancing for ``IDLE_LIMIT_S``."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        total = sum(ends.values())
        done, progressed = -1, time.perf_counter()
        deadline = progressed + timeout
        while time.perf_counter() < deadline:
            # partitions named: Tansu cannot answer the "every partition" form of the request
            committed = await admin.list_consumer_group_offsets(group, partitions=list(ends))
            now_done = sum(
                min(max(committed[tp].offset, 0), end) if tp in committed else 0
                for tp, end in ends.items()
            )
            if now_done >= total:
                return True
            if now_done > done:
                done, progressed = now_done, time.perf_counter()
            elif time.perf_counter() - progressed > IDLE_LIMIT_S:
                return False
            await asyncio.sleep(PROGRESS_POLL_S)
        return False
    finally:
        await admin.close()


@dataclass
class Decided:
    """What the decisions topic holds for one drain: (timestamp ms, worker) of each event's
    first decision, the event keys still undecided, and repeated decisions of one event."""

    first: list[tuple[int, str]]
    undecided: set[bytes]
    duplicates: int

    def by_worker(self) -> list[int]:
        """First decisions made by each worker, most first."""
        counts: dict[str, int] = {}
        for _, worker in self.first:
            counts[worker] = counts.get(worker, 0) + 1
        return sorted(counts.values(), reverse=True)


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
    first: list[tuple[int, str]] = []
    duplicates = 0
    try:
        partitions = await topic_partitions(consumer, topic)
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
                        worker = str(orjson.loads(record.value or b"{}").get("worker"))
                        first.append((record.timestamp, worker))
                    else:
                        duplicates += 1
    finally:
        await consumer.stop()
    return Decided(first, undecided, duplicates)


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
    them all (or stalls), stop it, read the decisions; the figures of the module docstring."""
    backlog_on_broker = await preload(bootstrap, topics, traffic, backlog)
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
        result["committed"] = await wait_committed(
            bootstrap, group, backlog_on_broker.ends, 60 + backlog / 200
        )
        host_cpu = hostcpu.shares(host_before, hostcpu.snapshot())
        cpu_used = [
            (p.cpu_seconds() or 0.0) - ready for p, ready in zip(started, cpu_at_ready, strict=True)
        ]
    finally:
        for proc in started:
            procs.stop(proc)
    decided = await read_decisions(bootstrap, topics["decisions"], backlog_on_broker.keys, 60)
    stamps = [stamp for stamp, _ in decided.first]
    result.update(
        preload_s=round(backlog_on_broker.seconds, 2),
        decided=len(stamps),
        undecided=len(decided.undecided),
        duplicates=decided.duplicates,
        decided_by_worker=decided.by_worker(),
        **rate_together(decided.first),
        span_s=round((max(stamps) - min(stamps)) / 1000, 2) if stamps else None,
        cpu_s_draining=[round(c, 2) for c in cpu_used],
        host_cpu=host_cpu,
        events_per_cpu_s=round(len(stamps) / sum(cpu_used), 1) if sum(cpu_used) > 0 else None,
    )
    return result
