"""docker-compose.yml and the Dockerfile: valid, and wired to the deploy/ artifacts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import Any

import pytest
import yaml

from tests.conftest import require
from tests.deploy.artifacts import PROMETHEUS, REPO

WORKERS = ("worker-1", "worker-2")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    """The resolved Compose file, as `docker-compose config` prints it (no engine needed)."""
    binary = shutil.which("docker-compose")
    require(binary is not None, "docker-compose (Debian package docker-compose)")
    assert binary is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CORDON_", "COMPOSE_"))}
    result = subprocess.run(
        [binary, "--profile", "load", "config"],
        cwd=REPO, env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    resolved: dict[str, Any] = yaml.safe_load(result.stdout)
    return resolved


def test_services(compose: dict[str, Any]) -> None:
    expected = {"kafka", "kafka-init", "lists-sync", *WORKERS, "demo-load", "prometheus", "grafana"}
    assert set(compose["services"]) == expected


def test_kafka_runs_in_kraft_mode(compose: dict[str, Any]) -> None:
    env = compose["services"]["kafka"]["environment"]
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", env["CLUSTER_ID"])
    assert not any("ZOOKEEPER" in key for key in env)


def test_topics_are_created_with_a_compacted_entities_topic(compose: dict[str, Any]) -> None:
    init = compose["services"]["kafka-init"]
    script = "\n".join(init["command"]).replace("$$", "$")  # config keeps the escaping
    for variable in ("PAYMENTS", "TRAVEL", "ALERTS", "DECISIONS", "DLQ", "ENTITIES"):
        assert f'--topic "$CORDON_TOPIC_{variable}"' in script, variable
    (entities,) = [line for line in script.splitlines() if 'TOPIC_ENTITIES" --partitions' in line]
    assert "cleanup.policy=compact" in entities
    assert "--partitions 1" in entities
    assert init["environment"]["CORDON_TOPIC_ENTITIES"] == "sanctions.entities.v1"


def test_cordon_services_share_broker_and_topics(compose: dict[str, Any]) -> None:
    topics = compose["services"]["kafka-init"]["environment"]
    for name in ("lists-sync", *WORKERS, "demo-load"):
        service = compose["services"][name]
        assert service["image"] == "cordon:local"
        assert service["environment"]["CORDON_BROKER"] == "kafka:9092"
        for key, value in topics.items():
            if key.startswith("CORDON_TOPIC_"):
                assert service["environment"][key] == value, (name, key)
        dependency = service["depends_on"]["kafka-init"]["condition"]
        assert dependency == "service_completed_successfully"


def test_lists_sync_and_two_workers(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["lists-sync"]["command"] == ["lists", "sync"]
    assert services["lists-sync"]["environment"]["CORDON_LISTS"] == "/lists"
    ids = [services[name]["environment"]["CORDON_WORKER_ID"] for name in WORKERS]
    assert ids == list(WORKERS)
    for name in WORKERS:
        assert services[name]["command"] == ["worker"]
        assert "/readyz" in " ".join(services[name]["healthcheck"]["test"])
    load = services["demo-load"]
    assert load["profiles"] == ["load"]
    assert load["entrypoint"] == ["python", "/opt/cordon/load.py"]
    assert any(m.endswith("deploy/compose/load.py:/opt/cordon/load.py:ro") for m in load["volumes"])


def test_prometheus_scrapes_the_workers_with_our_rules(compose: dict[str, Any]) -> None:
    mounts = compose["services"]["prometheus"]["volumes"]
    assert any(m.startswith(f"{PROMETHEUS}/rules:/etc/prometheus/rules") for m in mounts)
    assert any(m.startswith(f"{PROMETHEUS}/prometheus.yml:") for m in mounts)
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text(encoding="utf-8"))
    (job,) = [job for job in config["scrape_configs"] if job["job_name"] == "cordon-worker"]
    assert job["static_configs"][0]["targets"] == [f"{name}:6066" for name in WORKERS]


def test_grafana_is_provisioned(compose: dict[str, Any]) -> None:
    mounts = compose["services"]["grafana"]["volumes"]
    assert any(
        m.endswith("deploy/grafana/provisioning:/etc/grafana/provisioning:ro") for m in mounts
    )
    dashboards = "deploy/grafana/dashboards:/var/lib/grafana/dashboards/cordon:ro"
    assert any(m.endswith(dashboards) for m in mounts)


def test_dockerfile_is_slim_non_root_with_a_health_check() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    bases = re.findall(r"^FROM (\S+)", dockerfile, flags=re.MULTILINE)
    assert bases and all(base.endswith("-slim") for base in bases)
    (user,) = re.findall(r"^USER (\S+)", dockerfile, flags=re.MULTILINE)
    assert user.split(":")[0] not in {"0", "root"}
    assert re.search(r"^HEALTHCHECK .*\n.*/healthz", dockerfile, flags=re.MULTILINE)
    assert re.search(r'^ENTRYPOINT \["cordon"\]', dockerfile, flags=re.MULTILINE)
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "tests"} <= set(ignored)
