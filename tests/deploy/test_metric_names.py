"""Every metric and label that the dashboard and the rules query is one a worker exports."""

from __future__ import annotations

import re

import pytest

from tests.deploy.artifacts import (
    PROMETHEUS_SERIES,
    REPO,
    TARGET_LABELS,
    alert_rules,
    all_queries,
    exported_series,
    label_names,
    metric_names,
    recording_rules,
)

EXTRACTION_CASES = [
    ("plain", "screening_worker_ready == 0", {"screening_worker_ready"}, set()),
    ("matchers", 'rate(x_total{job="a",reason=~"b.*"}[5m])', {"x_total"}, {"job", "reason"}),
    ("grouping", "sum by (job, le) (rate(h_bucket[1m]))", {"h_bucket"}, {"job", "le"}),
    ("offset and unless", "a unless a offset 10m", {"a"}, set()),
    ("recording rule", "job:x:rate1m > 0.1", {"job:x:rate1m"}, set()),
    ("absent and bool", 'absent(up{job="w"} == bool 1)', {"up"}, {"job"}),
    ("number with exponent", "x > 1e3", {"x"}, set()),
    ("grafana variable", "rate(x[$__rate_interval])", {"x"}, set()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("expr", "names", "labels"),
    [case[1:] for case in EXTRACTION_CASES],
    ids=[case[0] for case in EXTRACTION_CASES],
)
def test_extraction(expr: str, names: set[str], labels: set[str]) -> None:
    assert metric_names(expr) == names
    assert label_names(expr) == labels


def test_every_queried_metric_is_exported_by_a_worker() -> None:
    exported = exported_series()
    known = set(exported) | PROMETHEUS_SERIES | set(recording_rules())
    unknown = {
        (query.origin, name)
        for query in all_queries()
        for name in metric_names(query.expr)
        if name not in known
    }
    assert not unknown


def test_every_queried_label_exists_on_the_metrics_queried() -> None:
    exported = exported_series()
    recorded = {name: label_names(expr) for name, expr in recording_rules().items()}
    problems = []
    for query in all_queries():
        allowed = set(TARGET_LABELS)
        for name in metric_names(query.expr):
            allowed |= exported.get(name, frozenset()) | recorded.get(name, set())
        if missing := label_names(query.expr) - allowed:
            problems.append((query.origin, sorted(missing)))
    assert not problems


def test_recording_rule_names_follow_level_metric_operation() -> None:
    for name in recording_rules():
        assert re.fullmatch(r"[a-z_]+:[a-z_]+:[a-z0-9_]+", name), name


def test_every_alert_has_a_runbook_entry() -> None:
    runbook = (REPO / "deploy" / "README.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### (\w+)$", runbook, flags=re.MULTILINE))
    assert set(alert_rules()) <= headings
