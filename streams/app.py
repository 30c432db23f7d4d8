"""The Faust app of a worker, configured from ``Settings`` only.

Contract:
- ``create_app(settings)`` passes every Faust setting explicitly and gives Faust an empty
  environment, so unprefixed variables such as ``WEB_PORT`` or ``BROKER_URL`` cannot override
  what Cordon configured (tests check ``app.conf`` against the settings).
- Topics carry raw bytes (``raw`` key and value serializers): decoding and validation are ours.
- No idempotent or transactional producer (Tansu refuses InitProducerId); acks=all. A produce
  batch holds up to ``PRODUCER_BATCH_BYTES`` (a whole batch of events' outputs), not 16 KiB.
- The consumer's fetch wait is ``CORDON_FETCH_MAX_WAIT_MS``: faust-streaming hard-codes 1500 ms
  in ``AIOKafkaConsumerThread._create_worker_consumer``, so ``CordonConsumerThread`` overrides
  it on the consumer that method builds, before the consumer starts.
- Fail closed at the source: the consumer subscribes to the input topics only once
  ``input_gate`` returns (the worker sets it to "a sanctions table is installed"), so until
  then the worker neither joins its group nor fetches an input record.
- Fetched messages reach the agents' stream buffers without a task per message
  (``CordonConsumer._drain_messages``), so agents see whole fetched chunks and batch them.
- The web server binds to ``CORDON_WEB_HOST`` (127.0.0.1 by default) on ``CORDON_WEB_PORT``.
- An exception escaping an agent crashes the app (``CrashingSupervisor``): agents never
  restart silently.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from typing import Any, cast

import faust
from faust.transport.consumer import CONSUMER_FETCHING
from faust.transport.drivers import aiokafka as aiokafka_driver
from mode import CrashingSupervisor

from services.settings import Settings

#: Messages delivered between two yields to the event loop (Faust's own figure).
YIELD_EVERY = 100
#: Bytes of one produce batch (one partition's share of a produce request). aiokafka's 16 KiB
#: default holds about a dozen decisions: a batch of events then waits for several broker round
#: trips (one request in flight per broker) before its outputs are all sent. Under Kafka's
#: default ``message.max.bytes`` (1 MiB), which caps a batch.
PRODUCER_BATCH_BYTES = 1_000_000


class CordonConsumerThread(aiokafka_driver.AIOKafkaConsumerThread):
    """The aiokafka consumer thread with our fetch wait instead of Faust's 1.5 s."""

    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        app = cast(CordonApp, self.app)
        if not hasattr(consumer, "_fetch_max_wait_ms"):
            raise RuntimeError("aiokafka changed: AIOKafkaConsumer._fetch_max_wait_ms is gone")
        consumer._fetch_max_wait_ms = app.fetch_max_wait_ms
        return consumer


class CordonConsumer(aiokafka_driver.Consumer):
    def _new_consumer_thread(self) -> CordonConsumerThread:
        return CordonConsumerThread(self, loop=self.loop, beacon=self.beacon)

    async def subscribe(self, topics: Any) -> None:
        """Subscribe once the app's input gate opens: no group join, no fetch before that."""
        app = cast(CordonApp, self.app)
        if app.input_gate is not None:
            await app.input_gate()
        app.subscribed = True
        await super().subscribe(topics)

    async def _drain_messages(self, fetcher: Any) -> None:
        """Faust's fetch loop, delivering each fetched chunk without a task per message.

        faust-streaming delivers every message through ``wait_first(callback(message),
        suspend_flow.wait())``: two tasks and an ``asyncio.wait`` per message, and a trip
        through the event loop that hands the agent one event at a time. Here a message is
        delivered by awaiting the callback directly (it only waits when the stream buffer is
        full, and Cordon's agents always drain it), so a fetched chunk lands in the stream
        buffer in one go and the agent screens it as one batch. The other steps (read offsets,
        gaps, periodic commits, yielding every 100 messages) are Faust's.
        """
        callback = self.callback
        should_stop = (self._stopped.is_set, fetcher._stopped.is_set)
        get_read_offset = self._read_offset.__getitem__
        set_read_offset = self._read_offset.__setitem__
        acks_enabled_for = self.app.topics.acks_enabled_for
        commit_every = self._commit_every
        since_yield = 0
        try:
            while not (should_stop[0]() or should_stop[1]()):
                self.diag.set_flag(CONSUMER_FETCHING)
                chunk = self.getmany(timeout=1.0)
                await asyncio.sleep(0)
                if not self.should_stop:
                    async for tp, message in chunk:
                        since_yield += 1
                        if since_yield > YIELD_EVERY:
                            await asyncio.sleep(0)
                            since_yield = 0
                        offset = message.offset
                        read = get_read_offset(tp)
                        if read is not None and offset < read:
                            continue  # already delivered (Faust drops these too)
                        if read and offset - read > 1 and acks_enabled_for(message.topic):
                            await self._add_gap(tp, read + 1, offset)
                        if commit_every is not None and self._n_acked >= commit_every:
                            self._n_acked = 0
                            await self.commit()
                        await callback(message)
                        set_read_offset(tp, offset)
                self.diag.unset_flag(CONSUMER_FETCHING)
        except self.consumer_stopped_errors:
            if self.transport.app.should_stop:
                return
            raise
        except asyncio.CancelledError:
            if self.transport.app.should_stop:
                return
            raise
        finally:
            self.diag.unset_flag(CONSUMER_FETCHING)


class CordonTransport(aiokafka_driver.Transport):
    Consumer = CordonConsumer


class CordonApp(faust.App):
    """A Faust app whose consumer transport honours ``fetch_max_wait_ms``."""

    fetch_max_wait_ms: int = 1500
    #: Awaited before the consumer subscribes to the input topics (fail closed: a worker
    #: without a sanctions table neither joins its group nor fetches); None: subscribe at once.
    input_gate: Callable[[], Awaitable[None]] | None = None
    #: True once the consumer subscribed (the gate opened).
    subscribed: bool = False
    #: Coroutines started as soon as the app starts, before the consumer joins its group
    #: (loading the sanctions table overlaps the group join).
    early_tasks: list[Callable[[], Awaitable[None]]]

    async def on_start(self) -> None:
        await super().on_start()
        for task in getattr(self, "early_tasks", ()):
            self.add_future(task())

    def _new_transport(self) -> CordonTransport:
        return CordonTransport(self.conf.broker_consumer, self)


def broker_urls(bootstrap: str) -> list[str]:
    return [f"kafka://{server}" for server in bootstrap.split(",")]


def faust_options(settings: Settings, datadir: str) -> dict[str, Any]:
    """Every Faust setting Cordon sets, in Faust's names."""
    return {
        "broker": broker_urls(settings.broker),
        "broker_client_id": f"cordon-{settings.worker_id}",
        "broker_commit_interval": settings.commit_interval_seconds,
        "broker_session_timeout": settings.session_timeout_seconds,
        "broker_rebalance_timeout": settings.session_timeout_seconds,
        "broker_heartbeat_interval": min(3.0, settings.session_timeout_seconds / 4),
        "consumer_auto_offset_reset": "earliest",
        "key_serializer": "raw",
        "value_serializer": "raw",
        "producer_acks": -1,
        "producer_linger": settings.producer_linger_ms / 1000.0,
        "producer_max_request_size": settings.producer_max_request_bytes,
        "producer_max_batch_size": producer_batch_bytes(settings),
        "processing_guarantee": "at_least_once",
        "topic_partitions": settings.partitions,
        "topic_replication_factor": 1,
        "topic_allow_declare": True,
        "web_enabled": True,
        "web_port": settings.web_port,
        "web_bind": settings.web_host,
        "web_host": settings.web_host,
        "web_in_thread": False,
        "datadir": datadir,
        "autodiscover": False,
        "store": "memory://",
        "stream_wait_empty": False,
        "agent_supervisor": CrashingSupervisor,
    }


def producer_batch_bytes(settings: Settings) -> int:
    """One produce batch: ``PRODUCER_BATCH_BYTES``, never more than a whole request."""
    return min(PRODUCER_BATCH_BYTES, settings.producer_max_request_bytes)


def create_app(settings: Settings) -> CordonApp:
    """A Faust app configured from ``settings`` alone (no environment, no defaults leaking)."""
    datadir = settings.data_dir or tempfile.mkdtemp(prefix="cordon-faust-")
    app = CordonApp(settings.group, env={}, **faust_options(settings, datadir))
    app.fetch_max_wait_ms = settings.fetch_max_wait_ms
    app.early_tasks = []
    return app
