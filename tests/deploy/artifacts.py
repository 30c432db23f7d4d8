"""What the deploy/ artifacts query: rules, dashboard panels, and the metric names inside them.

Shared by the unit checks in tests/deploy and the live Prometheus test in
tests/integration/deploy, so both read the artifacts the same way.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from prometheus_client import CollectorRegistry
from prometheus_client.metrics import MetricWrapperBase

from services.metrics import Metrics

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
PROMETHEUS = DEPLOY / "prometheus"
RULE_FILES = (PROMETHEUS / "rules" / "recording.yml", PROMETHEUS / "rules" / "alerts.yml")
RULE_TESTS = tuple(sorted((PROMETHEUS / "tests").glob("*.yml")))
GRAFANA = DEPLOY / "grafana"
DASHBOARD = GRAFANA / "dashboards" / "cordon.json"
K8S = DEPLOY / "k8s"

# Series that Prometheus itself makes, not the worker.
PROMETHEUS_SERIES = frozenset({"up", "scrape_duration_seconds", "scrape_samples_scraped"})
# Labels every scraped series carries, plus the histogram bucket label.
TARGET_LABELS = frozenset({"job", "instance", "le"})

_KEYWORDS = frozenset(
    {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
     "unless", "offset", "inf", "nan"}
)  # fmt: skip
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_MATCHERS = re.compile(r"\{([^}]*)\}")
_RANGE = re.compile(r"\[[^\]]*\]")
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)")
_IDENTIFIER = re.compile(r"(?<![\w.$])[A-Za-z_:][A-Za-z0-9_:]*")
_MATCHER_LABEL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)")


@dataclass(frozen=True, slots=True)
class Query:
    """A PromQL expression and where it comes from (for failure messages)."""

    origin: str
    expr: str


def _load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def rules() -> list[dict[str, Any]]:
    """Every rule (recording and alerting) of our rule files."""
    found: list[dict[str, Any]] = []
    for path in RULE_FILES:
        for group in _load_yaml(path)["groups"]:
            found.extend(group["rules"])
    return found


def recording_rules() -> dict[str, str]:
    return {rule["record"]: rule["expr"] for rule in rules() if "record" in rule}


def alert_rules() -> dict[str, str]:
    return {rule["alert"]: rule["expr"] for rule in rules() if "alert" in rule}


def dashboard() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return loaded


def dashboard_panels() -> list[dict[str, Any]]:
    return [panel for panel in dashboard()["panels"] if panel["type"] != "row"]


def dashboard_queries() -> list[Query]:
    return [
        Query(f"panel {panel['title']!r} {target['refId']}", target["expr"])
        for panel in dashboard_panels()
        for target in panel["targets"]
    ]


def all_queries() -> list[Query]:
    """Dashboard queries, recording rules and alert expressions."""
    queries = dashboard_queries()
    queries += [Query(f"recording rule {name}", e) for name, e in recording_rules().items()]
    queries += [Query(f"alert {name}", e) for name, e in alert_rules().items()]
    return queries


def with_grafana_variables(expr: str, rate_interval: str = "1m", range_: str = "5m") -> str:
    """The query as Grafana sends it, with its built-in variables filled in."""
    return expr.replace("$__rate_interval", rate_interval).replace("$__range", range_)


def metric_names(expr: str) -> set[str]:
    """Series names a PromQL expression selects (functions, keywords and labels left out)."""
    text = _STRING.sub('""', expr)
    text = _MATCHERS.sub("", text)
    text = _RANGE.sub("", text)
    text = _GROUPING.sub("", text)
    names: set[str] = set()
    for match in _IDENTIFIER.finditer(text):
        name = match.group(0)
        if text[match.end() :].lstrip().startswith("(") or name.lower() in _KEYWORDS:
            continue
        names.add(name)
    return names


def label_names(expr: str) -> set[str]:
    """Label names an expression groups by or matches on."""
    text = _STRING.sub('""', expr)
    labels: set[str] = set()
    for group in _GROUPING.findall(text):
        labels.update(part.strip() for part in group.split(",") if part.strip())
    for matchers in _MATCHERS.findall(text):
        labels.update(_MATCHER_LABEL.findall(matchers))
    return labels


def exported_series() -> dict[str, frozenset[str]]:
    """Series names a worker's registry exports, with their label names."""
    metrics = Metrics(CollectorRegistry())
    series: dict[str, frozenset[str]] = {}
    for value in vars(metrics).values():
        if not isinstance(value, MetricWrapperBase):
            continue
        name, kind, labels = value._name, value._type, frozenset(value._labelnames)
        if kind == "counter":
            series[f"{name}_total"] = labels
        elif kind == "histogram":
            for suffix in ("_bucket", "_sum", "_count"):
                series[name + suffix] = labels | ({"le"} if suffix == "_bucket" else set())
        else:
            series[name] = labels
    return series


def load_dashboard_generator() -> ModuleType:
    """deploy/grafana/dashboard.py, imported by path (deploy/ is not a package)."""
    path = GRAFANA / "dashboard.py"
    spec = importlib.util.spec_from_file_location("cordon_dashboard", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
