"""``cordon demo`` end to end: broker, worker, scenario, live view, summary, clean shutdown.

Order: start the embedded broker (unless one is given) -> create the topics -> position a
reader at the end of the output topics -> start ``cordon worker`` as a subprocess (its settings
in ``CORDON_*`` variables: this broker, the demo list plus ``CORDON_LISTS``, a free web port)
-> wait for its ``/readyz`` -> play the scenario at ``rate`` events/s while reading alerts,
decisions and dead letters back -> summary once every event came back (or, with ``follow``,
keep showing alerts until Ctrl-C).

Shutdown is in ``finally`` blocks, whatever happened (Ctrl-C, SIGTERM, an error): the worker
gets SIGTERM, then SIGKILL after a grace period (its whole process group, and it is started
with a parent-death signal so that even a killed demo does not leave it behind); then the
broker is stopped. Exit code: 0 when the scenario came back as scripted, 1 when it did not,
2 when the demo could not run, 130 on Ctrl-C before the scenario completed (with ``--follow``,
Ctrl-C afterwards is the normal end: 0 or 1 as the scenario went).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from services.demo.scenario import ScenarioEvent, build_scenario
from services.demo.tally import Summary
from services.demo.view import PlainView
from services.demo.worker import DemoError, ExistingWorkers, WorkerProcess
from services.settings import Settings
from streams.events import EventType

STALL_TIMEOUT = 120.0  # no output at all for this long once everything is sent: give up


@dataclass(frozen=True, slots=True)
class DemoOptions:
    events: int = 300
    rate: float = 25.0
    follow: bool = False
    broker: str | None = None  # None: start the embedded broker
    lists: tuple[str, ...] = ()
    seed: int = 2025
    summary_json: Path | None = None
    start_worker: bool = True  # False: workers already consume on ``broker``


async def run_demo(options: DemoOptions, settings: Settings, view: PlainView) -> int:
    """Run the demo; the exit code of ``cordon demo``."""
    from services.broker import EmbeddedBroker

    broker: EmbeddedBroker | None = None
    worker: WorkerProcess | ExistingWorkers | None = None
    summary: Summary | None = None
    code = 2
    try:
        if options.broker is None:
            view.status("starting the embedded broker")
            broker = await EmbeddedBroker().start_async()
            bootstrap = broker.bootstrap
        else:
            bootstrap = options.broker
        view.info.broker, view.info.embedded = bootstrap, broker is not None
        settings = replace(settings, broker=bootstrap)
        scenario = build_scenario(options.events, options.seed)
        view.tally.expect(scenario)
        await create_topics(settings)
        async with OutputReader(settings, view) as reader:
            if options.start_worker:
                worker = WorkerProcess(settings, options.lists)
                view.info.metrics_url = f"http://{settings.web_host}:{worker.web_port}/metrics"
                view.info.lists = ", ".join(Path(p).name for p in worker.lists)
                view.status(f"starting the worker; lists: {view.info.lists}")
                worker.start()
                view.info.worker_pid = worker.pid
                await worker.wait_ready(view)
                view.status(
                    f"worker ready: pid {worker.pid}, broker {bootstrap}"
                    f"{' (embedded)' if broker is not None else ''}, "
                    f"metrics at {view.info.metrics_url}"
                )
            else:
                worker = ExistingWorkers()
                view.info.lists = "as loaded by the running workers"
                view.status(f"using the workers already consuming on {bootstrap}")
            await _play(scenario, settings, options.rate, view, reader, worker)
            view.status("waiting for the last results")
            await reader.wait_complete(worker)
            summary = view.tally.summary()
            code = 0 if summary.ok else 1
            if options.follow:
                view.status(
                    f"following: produce to {settings.topic_payments} / {settings.topic_travel} "
                    f"on {bootstrap}; Ctrl-C stops"
                )
                await reader.follow(worker)
    except asyncio.CancelledError:
        view.status("interrupted: shutting down")
        # Ctrl-C is how --follow ends: after a complete scenario it is not a failure.
        code = 130 if summary is None else (0 if summary.ok else 1)
    except DemoError as exc:
        view.status(f"error: {exc}")
        code = 2
    finally:
        if worker is not None:
            await asyncio.shield(asyncio.to_thread(worker.stop))
        if broker is not None:
            await asyncio.shield(asyncio.to_thread(broker.stop))
    summary = view.tally.summary() if summary is None or options.follow else summary
    view.finished(summary)
    if options.summary_json is not None:
        options.summary_json.write_bytes(
            orjson.dumps(summary.as_dict(), option=orjson.OPT_INDENT_2)
        )
    return code


def _rate(rate: float) -> str:
    return f"{rate:g} events/s" if rate > 0 else "full speed"


async def create_topics(settings: Settings) -> None:
    """Create the input and output topics (existing ones are left as they are)."""
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    admin = AIOKafkaAdminClient(bootstrap_servers=settings.broker, request_timeout_ms=10000)
    try:
        await admin.start()
    except Exception as exc:
        raise DemoError(f"broker {settings.broker} unreachable: {exc}") from exc
    try:
        existing = set(await admin.list_topics())
        names = (*settings.input_topics, *settings.output_topics)
        missing = [n for n in names if n not in existing]
        if missing:
            await admin.create_topics([NewTopic(n, settings.partitions, 1) for n in missing])
    finally:
        await admin.close()


async def _play(
    scenario: Sequence[ScenarioEvent],
    settings: Settings,
    rate: float,
    view: PlainView,
    reader: OutputReader,
    worker: WorkerProcess | ExistingWorkers,
) -> None:
    from aiokafka import AIOKafkaProducer

    topics = {EventType.PAYMENT: settings.topic_payments, EventType.TRAVEL: settings.topic_travel}
    producer = AIOKafkaProducer(bootstrap_servers=settings.broker, linger_ms=2, acks="all")
    await producer.start()
    try:
        start = time.monotonic()
        for i, event in enumerate(scenario):
            if rate > 0:
                delay = start + i / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            worker.check_alive()
            view.tally.sent_one(event.event_id)
            await producer.send(
                topics[event.event_type],
                event.payload(datetime.now(UTC)),
                key=event.key,
            )
            view.tick()
            if i == 0:
                # The worker joins its consumer group after /readyz: wait for the first result
                # so that the rest is paced (and its latency measured) against a running worker.
                await producer.flush()
                view.status("waiting for the worker to pick up the first event")
                await reader.wait_done(1, worker)
                view.tally.latencies_ms.clear()  # that one measured the group join, not screening
                view.status(f"playing {len(scenario)} events at {_rate(rate)}")
                start = time.monotonic() - 1 / rate if rate > 0 else 0.0
        await producer.flush()
    finally:
        await producer.stop()


class OutputReader:
    """Reads alerts, decisions and dead letters from the end of the topics as of entry."""

    def __init__(self, settings: Settings, view: PlainView) -> None:
        self.settings = settings
        self.view = view
        self._task: asyncio.Task[None] | None = None
        self._consumer: Any = None
        self.last_record = time.monotonic()

    async def __aenter__(self) -> OutputReader:
        from aiokafka import AIOKafkaConsumer, TopicPartition

        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.settings.broker,
            enable_auto_commit=False,
            fetch_max_wait_ms=50,
            auto_offset_reset="earliest",
        )
        await consumer.start()
        self._consumer = consumer
        partitions: list[Any] = []
        for topic in self.settings.output_topics:
            ids = consumer.partitions_for_topic(topic) or {0}
            partitions.extend(TopicPartition(topic, p) for p in sorted(ids))
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        for tp, offset in ends.items():
            consumer.seek(tp, offset)
        self._task = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._consumer is not None:
            await asyncio.shield(self._consumer.stop())

    async def _read(self) -> None:
        settings, tally, view = self.settings, self.view.tally, self.view
        while True:
            batches = await self._consumer.getmany(timeout_ms=200, max_records=1000)
            for tp, records in batches.items():
                for record in records:
                    self.last_record = time.monotonic()
                    if tp.topic == settings.topic_dlq:
                        headers = dict(record.headers or ())
                        reason = headers.get("reason", b"?").decode("utf-8", "replace")
                        key = (record.key or b"").decode("utf-8", "replace")
                        tally.on_dead_letter(key, reason)
                        continue
                    try:
                        value = orjson.loads(record.value)
                    except orjson.JSONDecodeError:
                        continue
                    if tp.topic == settings.topic_alerts:
                        line = tally.on_alert(value)
                        if line is not None:
                            view.alert(line)
                    elif tp.topic == settings.topic_decisions:
                        tally.on_decision(value)
            view.tick()

    def _check(self) -> None:
        if self._task is not None and self._task.done() and not self._task.cancelled():
            exc = self._task.exception()
            raise DemoError(f"reading the output topics failed: {exc}")

    async def wait_complete(self, worker: WorkerProcess | ExistingWorkers) -> None:
        await self.wait_done(self.view.tally.events, worker)

    async def wait_done(self, count: int, worker: WorkerProcess | ExistingWorkers) -> None:
        """Until ``count`` events came back (decided or dead-lettered)."""
        self.last_record = max(self.last_record, time.monotonic())
        while self.view.tally.done < count:
            self._check()
            worker.check_alive()
            if time.monotonic() - self.last_record > STALL_TIMEOUT:
                raise DemoError(f"no output for {STALL_TIMEOUT:.0f}s; worker log: {worker.log}")
            await asyncio.sleep(0.1)
            self.view.tick()

    async def follow(self, worker: WorkerProcess | ExistingWorkers) -> None:
        while True:
            self._check()
            worker.check_alive()
            await asyncio.sleep(0.5)
            self.view.tick()
