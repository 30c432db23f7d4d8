"""A real Prometheus, loaded with our rules, scraping a real ``cordon worker`` under traffic.

The worker runs on the session's embedded broker with fresh topics and the demo list; the
demo scenario (clear traffic, hits, malformed messages) is produced to it. Then every dashboard
panel query and every recording rule is executed through Prometheus' HTTP API: each must
return data. The worker's own /metrics must carry every metric the artifacts name.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from services.broker import EmbeddedBroker, free_port
from services.demo.run import create_topics
from services.demo.scenario import build_scenario
from services.demo_lists import DEMO_LIST_PATH
from services.settings import Settings
from streams.events import EventType
from tests.conftest import require
from tests.deploy.artifacts import (
    PROMETHEUS_SERIES,
    RULE_FILES,
    Query,
    all_queries,
    dashboard_panels,
    dashboard_queries,
    metric_names,
    recording_rules,
    with_grafana_variables,
)

pytestmark = pytest.mark.integration
log = logging.getLogger(__name__)

# Generous upper bounds for things to happen on a loaded 2-core CI box; never a performance gate.
PATIENCE = 240.0
LOOPBACK = "127.0.0.1"


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), error.read()
    except OSError:
        return 0, b""


def _wait_for(what: str, check: Any, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll ``check()`` until true; fail with the process log if it dies or never gets there."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what}: process exited {process.returncode}\n{log.read_text()[-4000:]}")
        if check():
            return
        time.sleep(0.5)
    pytest.fail(f"{what}: not reached in {PATIENCE:.0f}s\n{log.read_text()[-4000:]}")


def _start(argv: list[str], env: dict[str, str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


class Worker:
    def __init__(self, settings: Settings, env: dict[str, str], log: Path) -> None:
        self.settings = settings
        self.env = env
        self.log = log
        self.url = f"http://{LOOPBACK}:{settings.web_port}"


@pytest.fixture
def worker(broker: EmbeddedBroker, topic_prefix: str, tmp_path: Path) -> Iterator[Worker]:
    """``cordon worker`` on fresh topics, screening with the demo list."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CORDON_")}
    env.update({
        "CORDON_BROKER": broker.bootstrap,
        "CORDON_LISTS": str(DEMO_LIST_PATH),
        "CORDON_WEB_HOST": LOOPBACK,
        "CORDON_WEB_PORT": str(free_port()),
        "CORDON_GROUP": f"{topic_prefix}-group",
        "CORDON_PARTITIONS": "2",
        "CORDON_LAG_INTERVAL_SECONDS": "1",
        "CORDON_DATA_DIR": str(tmp_path / "worker"),
        **{
            f"CORDON_TOPIC_{name.upper()}": f"{topic_prefix}.{name}"
            for name in ("payments", "travel", "alerts", "decisions", "dlq", "entities")
        },
    })  # fmt: skip
    settings = Settings.from_env(env)
    asyncio.run(create_topics(settings))
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        process = _start([sys.executable, "-m", "services.cli.main", "worker"], env, out)
    running = Worker(settings, env, log)
    try:
        _wait_for("worker /readyz", lambda: _get(running.url + "/readyz")[0] == 200, process, log)
        yield running
    finally:
        _stop(process)


class Prometheus:
    def __init__(self, url: str, log: Path) -> None:
        self.url = url
        self.log = log

    def api(self, path: str, **params: str) -> Any:
        query = urllib.parse.urlencode(params)
        status, body = _get(f"{self.url}/api/v1/{path}?{query}")
        assert status == 200, (path, params, body[:500])
        return json.loads(body)["data"]

    def query(self, expr: str) -> list[Any]:
        result: list[Any] = self.api("query", query=expr)["result"]
        return result


@pytest.fixture
def prometheus(worker: Worker, tmp_path: Path) -> Iterator[Prometheus]:
    """A real Prometheus (Debian package) on loopback, scraping the worker every second."""
    binary = shutil.which("prometheus")
    require(binary is not None, "prometheus server (Debian package prometheus)")
    assert binary is not None
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(path) for path in RULE_FILES],
        "scrape_configs": [
            {
                "job_name": "cordon-worker",
                "static_configs": [{"targets": [f"{LOOPBACK}:{worker.settings.web_port}"]}],
            }
        ],
    }
    config_path = tmp_path / "prometheus.yml"
    config_path.write_text(yaml.safe_dump(config))
    port = free_port()
    log = tmp_path / "prometheus.log"
    argv = [
        binary,
        f"--config.file={config_path}",
        f"--storage.tsdb.path={tmp_path / 'tsdb'}",
        f"--web.listen-address={LOOPBACK}:{port}",
        "--log.level=warn",
    ]
    with log.open("wb") as out:
        process = _start(argv, dict(os.environ), out)
    running = Prometheus(f"http://{LOOPBACK}:{port}", log)
    try:
        _wait_for(
            "prometheus ready", lambda: _get(running.url + "/-/ready")[0] == 200, process, log
        )
        yield running
    finally:
        _stop(process)


async def produce_scenario(
    settings: Settings, rounds: int, events_per_round: int, stop: threading.Event | None = None
) -> None:
    """The demo scenario, ``rounds`` times (or until ``stop`` is set) with a pause between."""
    from aiokafka import AIOKafkaProducer

    topics = {EventType.PAYMENT: settings.topic_payments, EventType.TRAVEL: settings.topic_travel}
    producer = AIOKafkaProducer(bootstrap_servers=settings.broker, linger_ms=2)
    await producer.start()
    try:
        for _ in range(rounds):
            for event in build_scenario(events_per_round):
                payload = event.payload(datetime.now(UTC))
                await producer.send(topics[event.event_type], payload, key=event.key)
            await producer.flush()
            if stop is not None and stop.is_set():
                return
            await asyncio.sleep(1)
    finally:
        await producer.stop()


def _has_values(result: list[Any]) -> bool:
    """At least one series with a number (a quantile of no traffic is NaN: not data)."""
    return any(not math.isnan(float(series["value"][1])) for series in result)


def _to_check() -> list[Query]:
    """Every dashboard query (Grafana variables filled in) and every recording rule, both as
    its recorded series and as its expression."""
    queries = [Query(q.origin, with_grafana_variables(q.expr, "15s")) for q in dashboard_queries()]
    for name, expr in recording_rules().items():
        queries.append(Query(f"recorded series {name}", name))
        queries.append(Query(f"recording rule {name}", expr))
    return queries


def render_panels(prometheus: Prometheus) -> str:
    """The dashboard as text: each panel's series and current values (see with --log-cli-level
    INFO)."""
    lines = []
    for panel in dashboard_panels():
        lines.append(f"[{panel['title']}]")
        for target in panel["targets"]:
            for series in prometheus.query(with_grafana_variables(target["expr"], "15s")):
                labels = ",".join(f"{k}={v}" for k, v in sorted(series["metric"].items()))
                value = float(series["value"][1])
                lines.append(
                    f"    {target['legendFormat'] or target['refId']:<8} {labels:<70} {value:.6g}"
                )
    return "\n".join(lines)


def test_every_panel_and_recording_rule_returns_data(
    worker: Worker, prometheus: Prometheus
) -> None:
    stop = threading.Event()
    traffic = threading.Thread(
        target=lambda: asyncio.run(produce_scenario(worker.settings, 1000, 100, stop)),
        daemon=True,
    )
    traffic.start()
    queries = _to_check()
    empty: list[str] = []

    def all_have_data() -> bool:
        empty[:] = [q.origin for q in queries if not _has_values(prometheus.query(q.expr))]
        return not empty

    try:
        deadline = time.monotonic() + PATIENCE
        while not all_have_data() and time.monotonic() < deadline:
            time.sleep(1)
        log.info("dashboard on a live worker:\n%s", render_panels(prometheus))
    finally:
        stop.set()
        traffic.join(timeout=PATIENCE)
    assert not empty, f"queries without data: {empty}"

    groups = prometheus.api("rules")["groups"]
    assert {group["file"] for group in groups} == {str(path) for path in RULE_FILES}
    broken = [
        (rule["name"], rule.get("lastError"))
        for group in groups
        for rule in group["rules"]
        if rule["health"] != "ok"
    ]
    assert not broken
    # The traffic had dead letters: the alert rule sees them on a live worker too.
    firing = {alert["labels"]["alertname"] for alert in prometheus.api("alerts")["alerts"]}
    assert "CordonDeadLetters" in firing


def test_every_metric_named_in_rules_and_dashboard_is_on_the_worker(worker: Worker) -> None:
    asyncio.run(produce_scenario(worker.settings, rounds=1, events_per_round=300))
    wanted = {name for query in all_queries() for name in metric_names(query.expr)}
    wanted -= PROMETHEUS_SERIES | set(recording_rules())
    names: set[str] = set()

    def scraped() -> bool:
        status, body = _get(worker.url + "/metrics")
        families = text_string_to_metric_families(body.decode()) if status == 200 else []
        names.clear()
        names.update(sample.name for family in families for sample in family.samples)
        return wanted <= names

    deadline = time.monotonic() + PATIENCE
    while not scraped() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert wanted <= names, sorted(wanted - names)
