"""deploy/k8s: every manifest valid against the bundled Kubernetes schemas (offline, strict)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.deploy.artifacts import K8S

KUBERNETES_VERSION = "1.30.0"
MANIFESTS = sorted(path for path in K8S.glob("*.yaml") if path.name != "kustomization.yaml")


def documents() -> dict[tuple[str, str], dict[str, Any]]:
    """Every object of every manifest, by (kind, name)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for path in MANIFESTS:
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            found[(doc["kind"], doc["metadata"]["name"])] = doc
    return found


@pytest.mark.parametrize("path", MANIFESTS, ids=[path.name for path in MANIFESTS])
def test_manifest_matches_the_kubernetes_schema(path: Path) -> None:
    for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert sorted(kustomization["resources"]) == [path.name for path in MANIFESTS]


def _container(deployment: dict[str, Any]) -> dict[str, Any]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    found: dict[str, Any] = container
    return found


def test_worker_probes_resources_and_scrape_annotations() -> None:
    objects = documents()
    worker = objects[("Deployment", "cordon-worker")]
    container = _container(worker)
    assert container["args"] == ["worker"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert {"cpu", "memory"} <= set(container["resources"]["requests"])
    assert "memory" in container["resources"]["limits"]
    annotations = worker["spec"]["template"]["metadata"]["annotations"]
    settings = objects[("ConfigMap", "cordon-settings")]["data"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/port"] == settings["CORDON_WEB_PORT"]
    assert annotations["prometheus.io/path"] == "/metrics"
    assert container["envFrom"] == [{"configMapRef": {"name": "cordon-settings"}}]
    service = objects[("Service", "cordon-worker")]
    assert service["metadata"]["annotations"]["prometheus.io/scrape"] == "true"
    assert service["spec"]["selector"] == worker["spec"]["selector"]["matchLabels"]


def test_pods_run_as_non_root_with_a_read_only_root() -> None:
    objects = documents()
    for name in ("cordon-worker", "cordon-lists-sync"):
        deployment = objects[("Deployment", name)]
        assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"]
        assert _container(deployment)["securityContext"]["readOnlyRootFilesystem"]


def test_single_list_publisher() -> None:
    sync = documents()[("Deployment", "cordon-lists-sync")]
    assert sync["spec"]["replicas"] == 1
    assert sync["spec"]["strategy"]["type"] == "Recreate"
    assert _container(sync)["args"] == ["lists", "sync"]
    sources = {ref.get("secretRef", {}).get("name") for ref in _container(sync)["envFrom"]}
    assert "cordon-list-sources" in sources


def test_autoscaling_on_consumer_lag_capped_at_the_partition_count() -> None:
    objects = documents()
    hpa = objects[("HorizontalPodAutoscaler", "cordon-worker")]
    assert hpa["spec"]["scaleTargetRef"]["name"] == "cordon-worker"
    (metric,) = hpa["spec"]["metrics"]
    assert metric["external"]["metric"]["name"] == "cordon_consumer_lag"
    adapter = objects[("ConfigMap", "cordon-prometheus-adapter-rules")]["data"]["config.yaml"]
    (rule,) = yaml.safe_load(adapter)["externalRules"]
    assert rule["name"]["as"] == "cordon_consumer_lag"
    assert rule["seriesQuery"].startswith("screening_consumer_lag{")
    partitions = int(objects[("ConfigMap", "cordon-settings")]["data"]["CORDON_PARTITIONS"])
    assert hpa["spec"]["maxReplicas"] == partitions
