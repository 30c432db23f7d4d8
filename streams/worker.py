"""A screening worker wired together: app, table holder, pipeline, agents, views, list loading.

Contract: ``build_worker(settings, loader)`` returns the parts without starting anything (tests
start the app themselves); ``run_worker`` runs them in a Faust worker until SIGTERM/SIGINT, and
returns a non-zero exit code when the worker crashed (for instance outputs could not be
produced). ``loader`` is the list-loading task: it runs for the life of the worker and installs
every new table into the holder (file loader or entities-topic follower); until it installs a
first one the consumer does not subscribe to the input topics (no group join, no fetch) and the
agents take no event.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import psutil
from prometheus_client import CollectorRegistry

from services.metrics import Metrics
from services.settings import Settings
from services.table import TableHolder
from streams.agents import register_agents, wait_for_table
from streams.app import CordonApp, create_app
from streams.decode import decode
from streams.events import EventType
from streams.pipeline import OutputTopics, Pipeline
from streams.sinks import ProducerSink
from streams.web import Health, register_views, update_lag

log = logging.getLogger(__name__)

TableLoader = Callable[[TableHolder, Metrics], Awaitable[None]]
#: How often the worker checks for a new table to freeze out of the garbage collector.
GC_FREEZE_INTERVAL_SECONDS = 1.0
#: Collection thresholds while screening (CPython's are 700, 10, 10). What survives an event is
#: cache entries (parties, screenings, nominations), about 13 tracked objects per event at
#: first; with the defaults they reach the oldest generation within seconds and a full
#: collection walks every cache again (about 120 ms each, 10% of a worker's CPU on bench
#: traffic). Here a young collection runs after 100,000 net allocations and a full one after
#: 400 of them, so the caches are walked about once; garbage cycles are still collected.
GC_THRESHOLDS = (100_000, 20, 20)


@dataclass
class Worker:
    settings: Settings
    app: CordonApp
    holder: TableHolder
    metrics: Metrics
    pipeline: Pipeline
    health: Health


class _LazyProducerSink(ProducerSink):
    """Resolves ``app.producer`` on first use (the app creates it when it starts)."""

    def __init__(self, app: Any) -> None:
        super().__init__(None)
        self._app = app

    async def send(
        self, topic: str, key: bytes | None, value: bytes | None, headers: Any
    ) -> Awaitable[Any]:
        if self._producer is None:
            self._producer = self._app.producer
        return await super().send(topic, key, value, headers)


class GcFreezer:
    """Keeps the installed table out of the garbage collector's full collections.

    A table is millions of long-lived objects; every full (generation 2) collection walks them
    all, a pause of up to a second with the real lists, right in the latency of the events of
    that moment. Once a new table is installed, one collection runs and every object alive
    then is frozen (``gc.freeze``): later collections skip them. Objects of a replaced table
    are still freed by reference counting; the next freeze unfreezes first, so cycles among
    them are collected then. Each freeze also sets ``GC_THRESHOLDS``.
    """

    def __init__(self, holder: TableHolder) -> None:
        self.holder = holder
        self.table: object | None = None

    def maybe_freeze(self) -> bool:
        table = self.holder.current
        if table is None or table is self.table:
            return False
        self.table = table
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        log.info(
            "froze %d objects (table %s) out of the garbage collector",
            gc.get_freeze_count(),
            table.version,
        )
        return True


def process_started_at() -> float:
    """Unix time this process started (so startup-to-ready includes imports)."""
    try:
        return float(psutil.Process().create_time())
    except psutil.Error:
        return time.time()


def build_worker(
    settings: Settings,
    loader: TableLoader | None,
    *,
    holder: TableHolder | None = None,
    registry: CollectorRegistry | None = None,
) -> Worker:
    """Create and wire every part of a worker; nothing runs until the app starts."""
    holder = holder or TableHolder()
    metrics = Metrics(registry or CollectorRegistry())
    metrics.ready.set(0)
    app = create_app(settings)
    pipeline = Pipeline(
        holder,
        _LazyProducerSink(app),
        metrics,
        OutputTopics(settings.topic_alerts, settings.topic_decisions, settings.topic_dlq),
        decode,
        settings.worker_id,
    )
    health = Health(
        holder, metrics, pipeline, settings.max_list_age_seconds, settings.worker_id,
        started_at=process_started_at(), subscribed=lambda: app.subscribed,
    )  # fmt: skip
    outputs = [app.topic(name, key_type=bytes, value_type=bytes) for name in settings.output_topics]
    outputs_declared = asyncio.Event()

    async def ready() -> None:
        await outputs_declared.wait()
        await wait_for_table(holder)

    frozen = GcFreezer(holder)

    async def input_gate() -> None:
        await wait_for_table(holder)
        frozen.maybe_freeze()  # before the first event, not in its latency

    app.input_gate = input_gate
    register_agents(
        app,
        {settings.topic_payments: EventType.PAYMENT, settings.topic_travel: EventType.TRAVEL},
        pipeline,
        settings.batch_size,
        ready,
    )
    register_views(app, health)

    @app.timer(settings.lag_interval_seconds)  # type: ignore[untyped-decorator]
    async def refresh_gauges() -> None:
        health.readiness()
        await update_lag(app, metrics, (settings.topic_payments, settings.topic_travel))

    @app.timer(GC_FREEZE_INTERVAL_SECONDS)  # type: ignore[untyped-decorator]
    async def freeze_table() -> None:
        frozen.maybe_freeze()

    @app.task  # type: ignore[untyped-decorator]
    async def declare_outputs() -> None:
        for topic in outputs:
            await topic.maybe_declare()
        outputs_declared.set()

    if loader is not None:

        async def load_lists() -> None:
            await loader(holder, metrics)

        app.early_tasks.append(load_lists)

    return Worker(settings, app, holder, metrics, pipeline, health)


def list_loader(settings: Settings) -> TableLoader:
    """The list-loading task of ``cordon worker``: the files of ``CORDON_LISTS`` (re-loaded on
    change) when set, else the compacted entities topic."""
    from matching import Thresholds
    from services.lists.follower import FileTableLoader, TableFollower
    from services.lists.reload import TableInstaller

    thresholds = Thresholds(match=settings.match_threshold, review=settings.review_threshold)

    async def load(holder: TableHolder, metrics: Metrics) -> None:
        installer = TableInstaller(holder, metrics, thresholds)
        if settings.lists:
            log.info("loading lists from %s", ", ".join(settings.lists))
            await FileTableLoader(settings.lists, installer, settings.list_poll_seconds).run()
            return
        log.info("following %s on %s", settings.topic_entities, settings.broker)
        follower = TableFollower(
            settings.broker, installer, settings.topic_entities, settings.fetch_max_wait_ms
        )
        await follower.start()
        try:
            await asyncio.Event().wait()
        finally:
            await follower.stop()

    return load


def faust_worker_class() -> type[Any]:
    """``faust.Worker`` without its terminal spinner.

    At a log level of WARNING or above, Faust's worker installs a spinner that sets the root
    logger to DEBUG and turns every ``log.debug`` of aiokafka (several per produced record)
    into a LogRecord: a large share of a busy worker's CPU. Without it the root logger keeps
    ``CORDON_LOG_LEVEL``.
    """
    import faust

    class QuietWorker(faust.Worker):
        def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
            self.spinner = None
            super().on_setup_root_logger(logger, level)

    return QuietWorker


def run_worker(settings: Settings, loader: TableLoader | None) -> int:
    """Run a worker in the foreground until SIGTERM/SIGINT; the process exit code."""
    worker = build_worker(settings, loader)
    faust_worker = faust_worker_class()(
        worker.app,
        loglevel=settings.log_level,
        quiet=True,
        redirect_stdouts=False,
    )
    try:
        faust_worker.execute_from_commandline()
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
