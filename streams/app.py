"""The Faust app of a worker, configured from ``Settings`` only.

Contract:
- ``create_app(settings)`` passes every Faust setting explicitly and gives Faust an empty
  environment, so unprefixed variables such as ``WEB_PORT`` or ``BROKER_URL`` cannot override
  what Cordon configured (tests check ``app.conf`` against the settings).
- Topics carry raw bytes (``raw`` key and value serializers): decoding and validation are ours.
- No idempotent or transactional producer (Tansu refuses InitProducerId); acks=all.
- The consumer's fetch wait is ``CORDON_FETCH_MAX_WAIT_MS``: faust-streaming hard-codes 1500 ms
  in ``AIOKafkaConsumerThread._create_worker_consumer``, so ``CordonConsumerThread`` overrides
  it on the consumer that method builds, before the consumer starts.
- The web server binds to ``CORDON_WEB_HOST`` (127.0.0.1 by default) on ``CORDON_WEB_PORT``.
- An exception escaping an agent crashes the app (``CrashingSupervisor``): agents never
  restart silently.
"""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable
from typing import Any, cast

import faust
from faust.transport.drivers import aiokafka as aiokafka_driver
from mode import CrashingSupervisor

from services.settings import Settings


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


class CordonTransport(aiokafka_driver.Transport):
    Consumer = CordonConsumer


class CordonApp(faust.App):
    """A Faust app whose consumer transport honours ``fetch_max_wait_ms``."""

    fetch_max_wait_ms: int = 1500
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


def create_app(settings: Settings) -> CordonApp:
    """A Faust app configured from ``settings`` alone (no environment, no defaults leaking)."""
    datadir = settings.data_dir or tempfile.mkdtemp(prefix="cordon-faust-")
    app = CordonApp(settings.group, env={}, **faust_options(settings, datadir))
    app.fetch_max_wait_ms = settings.fetch_max_wait_ms
    app.early_tasks = []
    return app
