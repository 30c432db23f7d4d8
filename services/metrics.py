"""Prometheus metrics of a worker, created against a registry passed in.

Names are the contract of DESIGN.md (base units, ``_total`` counters); dashboards and alert
rules in ``deploy/`` use exactly these. Latency buckets are fine enough to read a p99 of a few
milliseconds.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

LATENCY_BUCKETS = (
    0.00025, 0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.0075,
    0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
)  # fmt: skip
LAG_BUCKETS = (
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
    2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0,
)  # fmt: skip


class Metrics:
    """Every metric a worker exports; one instance per registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.events = Counter(
            "screening_events_total", "Events screened, by type and decision outcome.",
            ["event_type", "outcome"], registry=registry,
        )  # fmt: skip
        self.alerts = Counter(
            "screening_alerts_total", "Alerts produced, by event type, source list and outcome.",
            ["event_type", "source", "outcome"], registry=registry,
        )  # fmt: skip
        self.dead_letters = Counter(
            "screening_dead_letters_total", "Events sent to the dead-letter topic, by reason.",
            ["reason"], registry=registry,
        )  # fmt: skip
        self.processing_seconds = Histogram(
            "screening_processing_seconds", "Time from decode to outputs produced, per event.",
            registry=registry, buckets=LATENCY_BUCKETS,
        )  # fmt: skip
        self.event_lag_seconds = Histogram(
            "screening_event_lag_seconds", "Time from the event's event_time to outputs produced.",
            registry=registry, buckets=LAG_BUCKETS,
        )  # fmt: skip
        self.consumer_lag = Gauge(
            "screening_consumer_lag", "Records not yet consumed (high watermark - position).",
            ["topic", "partition"], registry=registry,
        )  # fmt: skip
        self.list_entities = Gauge(
            "sanctions_list_entities", "Entities in the current table, by source list.",
            ["source"], registry=registry,
        )  # fmt: skip
        self.list_info = Gauge(
            "sanctions_list_info", "The table version in use (value 1), by source list.",
            ["source", "version"], registry=registry,
        )  # fmt: skip
        self.list_last_success = Gauge(
            "sanctions_list_last_success_timestamp_seconds",
            "Unix time of the last successful load, by source list.",
            ["source"], registry=registry,
        )  # fmt: skip
        self.list_reloads = Counter(
            "sanctions_list_reloads_total", "List loads, by source and result (success/rejected).",
            ["source", "result"], registry=registry,
        )  # fmt: skip
        self.list_age_seconds = Gauge(
            "sanctions_list_age_seconds",
            "Seconds since the table was last confirmed against its sources.",
            registry=registry,
        )  # fmt: skip
        self.list_stale = Gauge(
            "sanctions_list_stale", "1 when the table is older than the allowed age, else 0.",
            registry=registry,
        )  # fmt: skip
        self.ready = Gauge(
            "screening_worker_ready", "1 when a sanctions table is loaded and screening runs.",
            registry=registry,
        )  # fmt: skip
