"""promtool checks of the Prometheus config and rules, and the rule unit tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import require
from tests.deploy.artifacts import (
    PROMETHEUS,
    RULE_FILES,
    RULE_TESTS,
    alert_rules,
    dashboard_queries,
    with_grafana_variables,
)


def promtool(*args: str | Path) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("promtool")
    require(binary is not None, "promtool (Debian package prometheus)")
    assert binary is not None
    return subprocess.run(
        [binary, *map(str, args)], capture_output=True, text=True, check=False, timeout=300
    )


def assert_ok(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stdout + result.stderr


def test_config_is_valid() -> None:
    assert_ok(promtool("check", "config", PROMETHEUS / "prometheus.yml"))


def test_rules_are_valid() -> None:
    assert_ok(promtool("check", "rules", *RULE_FILES))


def test_rule_unit_tests_pass() -> None:
    assert RULE_TESTS
    assert_ok(promtool("test", "rules", *RULE_TESTS))


def _alert_cases() -> list[tuple[str, list[Any]]]:
    """(alertname, expected alerts) for every alert_rule_test, in eval_time order per test."""
    cases: list[tuple[str, list[Any]]] = []
    for path in RULE_TESTS:
        for test in yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]:
            checks = sorted(test.get("alert_rule_test", []), key=lambda c: _minutes(c["eval_time"]))
            cases.extend((check["alertname"], check.get("exp_alerts") or []) for check in checks)
    return cases


def _minutes(duration: str) -> int:
    units = {"m": 1, "h": 60}
    return int(duration[:-1]) * units[duration[-1]]


@pytest.mark.parametrize("alert", sorted(alert_rules()))
def test_every_alert_is_tested_firing_then_clearing(alert: str) -> None:
    states = [bool(expected) for name, expected in _alert_cases() if name == alert]
    assert True in states, f"{alert} is never tested firing"
    fired_at = states.index(True)
    assert False in states[fired_at + 1 :], f"{alert} is never tested clearing after it fired"
    assert states[0] is False, f"{alert} is not tested quiet before it fires"


def test_dashboard_queries_are_valid_promql(tmp_path: Path) -> None:
    """promtool parses each panel query (as a recording rule) with Grafana's variables set."""
    rules = [
        {"record": f"dashboard:query:{i}", "expr": with_grafana_variables(query.expr)}
        for i, query in enumerate(dashboard_queries())
    ]
    path = tmp_path / "dashboard_rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    assert_ok(promtool("check", "rules", path))
