"""The dashboard: generated from code, laid out without overlaps, covering what ops ask."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import yaml

from tests.deploy.artifacts import (
    DASHBOARD,
    GRAFANA,
    dashboard,
    dashboard_panels,
    dashboard_queries,
    label_names,
    load_dashboard_generator,
    metric_names,
)

# What the issue asks the dashboard to show: (metric, labels it must be broken down by).
REQUIRED = [
    ("screening_events_total", {"event_type", "outcome"}),
    ("screening_alerts_total", {"source"}),
    ("screening_processing_seconds_bucket", {"le"}),
    ("screening_event_lag_seconds_bucket", {"le"}),
    ("screening_consumer_lag", {"topic", "partition"}),
    ("screening_dead_letters_total", {"reason"}),
    ("sanctions_list_info", {"source", "version"}),
    ("sanctions_list_age_seconds", set()),
    ("sanctions_list_entities", {"source"}),
    ("sanctions_list_reloads_total", {"source", "result"}),
    ("screening_worker_ready", {"instance"}),
    ("up", {"job"}),
]


def test_committed_json_is_the_generators_output() -> None:
    generator = load_dashboard_generator()
    assert DASHBOARD.read_text(encoding="utf-8") == generator.render(), (
        "run: python deploy/grafana/dashboard.py"
    )


def test_dashboard_covers_every_question() -> None:
    queries = [(metric_names(q.expr), label_names(q.expr)) for q in dashboard_queries()]
    for metric, labels in REQUIRED:
        assert any(metric in names and labels <= used for names, used in queries), metric


def test_latency_panels_show_p50_p95_p99() -> None:
    exprs = [q.expr for q in dashboard_queries() if "processing_seconds" in q.expr]
    for quantile in ("0.5", "0.95", "0.99"):
        assert any(f"histogram_quantile({quantile}," in expr for expr in exprs), quantile


def _cells(panel: dict[str, Any]) -> set[tuple[int, int]]:
    pos = panel["gridPos"]
    xs = range(pos["x"], pos["x"] + pos["w"])
    return {(x, y) for x in xs for y in range(pos["y"], pos["y"] + pos["h"])}


def test_layout_fits_the_grid_without_overlaps() -> None:
    panels = dashboard()["panels"]
    assert len({panel["id"] for panel in panels}) == len(panels)
    for panel in panels:
        assert panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24, panel["title"]
    for a, b in combinations(panels, 2):
        assert not _cells(a) & _cells(b), (a["title"], b["title"])


def test_every_panel_queries_the_datasource_variable() -> None:
    for panel in dashboard_panels():
        assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
        assert panel["targets"], panel["title"]
        assert panel["description"], panel["title"]


def test_provisioning_points_at_the_prometheus_service_and_dashboard_dir() -> None:
    datasources = yaml.safe_load((GRAFANA / "provisioning/datasources/prometheus.yml").read_text())
    (source,) = datasources["datasources"]
    assert source["type"] == "prometheus"
    assert source["url"] == "http://prometheus:9090"
    providers = yaml.safe_load((GRAFANA / "provisioning/dashboards/cordon.yml").read_text())
    (provider,) = providers["providers"]
    assert provider["options"]["path"] == "/var/lib/grafana/dashboards/cordon"
