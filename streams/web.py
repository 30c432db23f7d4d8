"""HTTP views on the worker's Faust web server, and the periodic gauges behind them.

- ``/metrics``: Prometheus text of the worker's registry.
- ``/healthz``: 200 while the process serves requests (liveness).
- ``/readyz``: 503 until a sanctions table is installed; 503 with ``degraded`` when the table is
  older than ``CORDON_MAX_LIST_AGE_SECONDS``; else 200.
- ``/status``: JSON with the list version, lists and sizes, counts, uptime, and ``consuming``
  (whether the consumer subscribed to the input topics: false until a first table).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from matching import MATCHER_VERSION
from services.metrics import Metrics
from services.table import TableHolder
from streams.pipeline import Pipeline


@dataclass
class Health:
    """What the views report on; ``refresh`` updates the readiness and age gauges."""

    holder: TableHolder
    metrics: Metrics
    pipeline: Pipeline
    max_list_age_seconds: float
    worker_id: str
    started_at: float = field(default_factory=time.time)
    ready_at: float | None = None
    #: Whether the consumer subscribed to the input topics (it waits for a first table).
    subscribed: Callable[[], bool] = lambda: False

    def readiness(self, now: float | None = None) -> tuple[int, dict[str, Any]]:
        now = time.time() if now is None else now
        table = self.holder.current
        if table is None or self.holder.confirmed_at is None:
            self.metrics.ready.set(0)
            return 503, {"ready": False, "reason": "no sanctions list loaded yet"}
        if self.ready_at is None:
            self.ready_at = now
        age = now - self.holder.confirmed_at
        stale = age > self.max_list_age_seconds
        self.metrics.ready.set(1)
        self.metrics.list_age_seconds.set(age)
        self.metrics.list_stale.set(1 if stale else 0)
        body: dict[str, Any] = {
            "ready": not stale,
            "list_version": table.version,
            "list_age_seconds": round(age, 3),
        }
        if stale:
            body["degraded"] = True
            body["reason"] = (
                f"sanctions table older than {self.max_list_age_seconds:.0f}s "
                "(CORDON_MAX_LIST_AGE_SECONDS)"
            )
            return 503, body
        return 200, body

    def status(self, now: float | None = None) -> dict[str, Any]:
        now = time.time() if now is None else now
        code, ready = self.readiness(now)
        table = self.holder.current
        counts = self.pipeline.counts
        return {
            "worker": self.worker_id,
            "ready": code == 200,
            "readiness": ready,
            "uptime_seconds": round(now - self.started_at, 3),
            "startup_to_ready_seconds": (
                round(self.ready_at - self.started_at, 3) if self.ready_at else None
            ),
            "matcher_version": MATCHER_VERSION,
            "consuming": self.subscribed(),
            "list_version": table.version if table else None,
            "entities": table.entity_count if table else 0,
            "lists": [
                {
                    "source": info.source,
                    "path": info.path,
                    "entities": info.entities,
                    "list_date": info.list_date,
                    "content_hash": info.content_hash,
                }
                for info in (table.lists if table else ())
            ],
            "counts": {
                "events": counts.events,
                "alerts": counts.alerts,
                "dead_letters": counts.dead_letters,
                "batches": counts.batches,
                "by_outcome": dict(counts.by_outcome),
            },
        }


def register_views(app: Any, health: Health) -> None:
    """Add the four views to the Faust web server."""

    @app.page("/metrics")  # type: ignore[untyped-decorator]
    async def metrics(web: Any, request: Any) -> Any:
        body = generate_latest(health.metrics.registry)
        return web.bytes(body, content_type=CONTENT_TYPE_LATEST.split(";")[0])

    @app.page("/healthz")  # type: ignore[untyped-decorator]
    async def healthz(web: Any, request: Any) -> Any:
        return web.json({"alive": True})

    @app.page("/readyz")  # type: ignore[untyped-decorator]
    async def readyz(web: Any, request: Any) -> Any:
        code, body = health.readiness()
        return web.json(body, status=code)

    @app.page("/status")  # type: ignore[untyped-decorator]
    async def status(web: Any, request: Any) -> Any:
        return web.json(health.status())


async def update_lag(app: Any, metrics: Metrics, topics: Collection[str]) -> None:
    """Set ``screening_consumer_lag`` (high watermark - position) for the assigned partitions of
    ``topics`` (the input topics: Faust's internal assignor topic is left out)."""
    consumer = app.consumer
    for tp in consumer.assignment():
        if tp.topic not in topics:
            continue
        position = await consumer.position(tp)
        if position is None:
            continue
        highwater = consumer.highwater(tp)
        if highwater is None:
            continue
        metrics.consumer_lag.labels(topic=tp.topic, partition=str(tp.partition)).set(
            max(0, highwater - position)
        )
