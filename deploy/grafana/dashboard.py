"""Generate the Cordon Grafana dashboard (``dashboards/cordon.json``) from code.

Run ``python deploy/grafana/dashboard.py`` after editing; ``tests/deploy`` checks that the
committed JSON equals this generator's output, that every metric it queries exists on a worker,
and (in the live test) that every query returns data from a real Prometheus.

Layout, on Grafana's 24-column grid: a row of headline stats, then one row per question:
throughput, latency, Kafka, sanctions lists, workers. Queries use raw worker metrics with
``$__rate_interval`` so they work at any zoom level; alert rules use the recording rules.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

Json = dict[str, Any]

OUTPUT = Path(__file__).resolve().parent / "dashboards" / "cordon.json"
DATASOURCE: Json = {"type": "prometheus", "uid": "${datasource}"}
WORKERS = 'job="cordon-worker"'


def target(expr: str, legend: str = "", ref: str = "A", *, instant: bool = False) -> Json:
    """One Prometheus query of a panel."""
    query: Json = {"datasource": DATASOURCE, "refId": ref, "expr": expr, "legendFormat": legend}
    if instant:
        query.update(instant=True, range=False, format="table")
    return query


def targets(*queries: tuple[str, str]) -> list[Json]:
    """Several (expr, legend) queries, lettered A, B, C..."""
    return [target(expr, legend, chr(ord("A") + i)) for i, (expr, legend) in enumerate(queries)]


def panel(
    kind: str, title: str, description: str, queries: list[Json], unit: str = "short"
) -> Json:
    """A panel without position; ``layout`` places it."""
    return {
        "type": kind,
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "targets": queries,
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {},
    }


def stat(title: str, description: str, expr: str, unit: str = "short") -> Json:
    result = panel("stat", title, description, [target(expr)], unit)
    result["options"] = {"reduceOptions": {"calcs": ["lastNotNull"]}, "graphMode": "area"}
    return result


def timeseries(
    title: str, description: str, queries: list[Json], unit: str = "short", *, stack: bool = False
) -> Json:
    result = panel("timeseries", title, description, queries, unit)
    custom: Json = {"fillOpacity": 20 if stack else 0, "lineWidth": 1}
    if stack:
        custom["stacking"] = {"mode": "normal", "group": "A"}
    result["fieldConfig"]["defaults"]["custom"] = custom
    result["options"] = {"legend": {"displayMode": "table", "placement": "right"}}
    return result


def rate(metric: str, by: str) -> str:
    return f"sum by ({by}) (rate({metric}[$__rate_interval]))"


def quantiles(histogram: str) -> list[Json]:
    return targets(
        *(
            (
                f"histogram_quantile({q}, sum by (le) "
                f"(rate({histogram}_bucket[$__rate_interval])))",
                f"p{round(q * 100)}",
            )
            for q in (0.5, 0.95, 0.99)
        )
    )


def headline() -> list[Json]:
    return [
        stat("Workers ready", "Workers with a sanctions table loaded, screening.",
             "sum(screening_worker_ready)"),
        stat("Workers up", "Worker targets Prometheus scrapes successfully.",
             f"sum(up{{{WORKERS}}})"),
        stat("Events/s", "Events screened per second, all types.",
             "sum(rate(screening_events_total[$__rate_interval]))", "reqps"),
        stat("Alerts/s", "Alerts (review or match) produced per second.",
             "sum(rate(screening_alerts_total[$__rate_interval]))", "reqps"),
        stat("p99 screening time", "99th percentile of decode-to-produced time.",
             "histogram_quantile(0.99, sum by (le) "
             "(rate(screening_processing_seconds_bucket[$__rate_interval])))", "s"),
        stat("Dead letters in range", "Events sent to the dead-letter topic in the time range.",
             "sum(increase(screening_dead_letters_total[$__range]))"),
    ]  # fmt: skip


def throughput() -> list[Json]:
    return [
        timeseries("Events/s by type and outcome", "Screened events per second.",
                   targets((rate("screening_events_total", "event_type, outcome"),
                            "{{event_type}} {{outcome}}")), "reqps", stack=True),
        timeseries("Alerts/s by source list", "Alerts per second, by the matched entity's list.",
                   targets((rate("screening_alerts_total", "source, outcome"),
                            "{{source}} {{outcome}}")), "reqps", stack=True),
    ]  # fmt: skip


def latency() -> list[Json]:
    return [
        timeseries("Screening time (decode to produced)", "p50 / p95 / p99 per event.",
                   quantiles("screening_processing_seconds"), "s"),
        timeseries("Event-to-decision lag (event_time to produced)",
                   "p50 / p95 / p99: includes time spent waiting in Kafka.",
                   quantiles("screening_event_lag_seconds"), "s"),
    ]  # fmt: skip


def kafka() -> list[Json]:
    return [
        timeseries("Consumer lag per partition", "Records not yet consumed, per topic partition.",
                   targets(("sum by (topic, partition) (screening_consumer_lag)",
                            "{{topic}} [{{partition}}]"))),
        timeseries("Dead letters/s by reason", "Events sent to the dead-letter topic.",
                   targets((rate("screening_dead_letters_total", "reason"), "{{reason}}")),
                   "reqps", stack=True),
    ]  # fmt: skip


def lists() -> list[Json]:
    versions = panel(
        "table", "List version in use", "Workers using each version of each source list.",
        [target("count by (source, version) (sanctions_list_info == 1)", instant=True)],
    )  # fmt: skip
    versions["transformations"] = [
        {"id": "organize", "options": {"excludeByName": {"Time": True},
                                       "renameByName": {"Value": "workers"}}},
    ]  # fmt: skip
    return [
        versions,
        timeseries("Entities per source list", "Entities in the table the workers screen with.",
                   targets(("max by (source) (sanctions_list_entities)", "{{source}}"))),
        timeseries("List age", "Age of each worker's table, and time since each source's last "
                   "successful load.",
                   targets(("max by (instance) (sanctions_list_age_seconds)", "table {{instance}}"),
                           ("time() - max by (source) "
                            "(sanctions_list_last_success_timestamp_seconds)",
                            "since load {{source}}")), "s"),
    ]  # fmt: skip


def workers() -> list[Json]:
    health = panel(
        "state-timeline", "Worker health", "Per worker: scraped (up), ready, table stale.",
        targets((f"up{{{WORKERS}}}", "up {{instance}}"),
                ("max by (instance) (screening_worker_ready)", "ready {{instance}}"),
                ("max by (instance) (sanctions_list_stale)", "stale {{instance}}")),
    )  # fmt: skip
    return [
        timeseries("List reloads by result", "Loads of each source list: success or rejected.",
                   targets(("sum by (source, result) "
                            "(increase(sanctions_list_reloads_total[$__rate_interval]))",
                            "{{source}} {{result}}")), stack=True),
        health,
    ]  # fmt: skip


ROWS: tuple[tuple[str, int, Any], ...] = (
    ("At a glance", 4, headline),
    ("Throughput", 8, throughput),
    ("Latency", 8, latency),
    ("Kafka", 8, kafka),
    ("Sanctions lists", 8, lists),
    ("Reloads and workers", 8, workers),
)


def layout() -> list[Json]:
    """Rows top to bottom; the panels of a row share its width equally."""
    panels: list[Json] = []
    y = 0
    for title, height, build in ROWS:
        panels.append({"type": "row", "title": title, "collapsed": False, "panels": [],
                       "gridPos": {"h": 1, "w": 24, "x": 0, "y": y}})  # fmt: skip
        y += 1
        row: list[Json] = build()
        width = 24 // len(row)
        for i, item in enumerate(row):
            item["gridPos"] = {"h": height, "w": width, "x": i * width, "y": y}
            panels.append(item)
        y += height
    for number, item in enumerate(panels, start=1):
        item["id"] = number
    return panels


def dashboard() -> Json:
    return {
        "uid": "cordon-overview",
        "title": "Cordon: sanctions screening",
        "description": "Are we screening, how fast, against which list, and what is failing.",
        "tags": ["cordon", "sanctions", "kafka"],
        "timezone": "utc",
        "editable": False,
        "graphTooltip": 1,
        "refresh": "10s",
        "schemaVersion": 39,
        "version": 1,
        "time": {"from": "now-1h", "to": "now"},
        "templating": {
            "list": [
                {
                    "name": "datasource",
                    "label": "Prometheus",
                    "type": "datasource",
                    "query": "prometheus",
                    "current": {},
                    "hide": 0,
                },
            ]
        },
        "annotations": {"list": []},
        "links": [],
        "panels": layout(),
    }


def render() -> str:
    return json.dumps(dashboard(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    OUTPUT.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUTPUT}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
