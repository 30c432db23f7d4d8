"""Integration fixtures: one embedded broker for the whole session, fresh topics per test."""

from __future__ import annotations

import importlib.util
import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

from services.broker import EmbeddedBroker
from tests.conftest import require

_counter = itertools.count()


@pytest.fixture(scope="session")
def broker() -> Iterator[EmbeddedBroker]:
    """The session's embedded Tansu broker on a free loopback port."""
    with EmbeddedBroker() as running:
        yield running


class Stoppable(Protocol):
    def stop(self) -> None: ...


@pytest.fixture
def workers() -> Iterator[list[Stoppable]]:
    """Processes a test starts; every one is stopped when the test ends, pass or fail."""
    started: list[Stoppable] = []
    yield started
    for worker in started:
        worker.stop()


@pytest.fixture
def topic_prefix(request: pytest.FixtureRequest) -> str:
    """A prefix unique to this test, so every test gets fresh topics on the shared broker."""
    name = request.node.name.replace("[", "-").replace("]", "").replace("/", "-")[:40]
    return f"t{os.getpid()}-{next(_counter)}-{name}"


@dataclass(frozen=True, slots=True)
class Kcat:
    """The Debian ``kcat`` binary and the environment it must run with."""

    binary: str
    env: dict[str, str]

    def run(self, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [self.binary, *args], input=data, env=self.env, capture_output=True, timeout=60
        )


def _newer_librdkafka(tmp: Path) -> Path | None:
    """A directory holding ``librdkafka.so.1`` from the confluent-kafka wheel (librdkafka 2.1x).

    Debian bookworm's librdkafka 2.0.2 cannot parse Tansu's ApiVersions v3 response; the same
    kcat binary works with the newer library, which keeps the same soname and ABI.
    """
    spec = importlib.util.find_spec("confluent_kafka")
    if spec is None or spec.origin is None:
        return None
    libs = Path(spec.origin).parent.parent / "confluent_kafka.libs"
    found = sorted(libs.glob("librdkafka*.so.1"))
    if not found:
        return None
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "librdkafka.so.1").symlink_to(found[0])
    return tmp


@pytest.fixture(scope="session")
def kcat(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Kcat:
    """Debian's kcat, checked to talk to the session broker (with a newer librdkafka if need be)."""
    binary = shutil.which("kcat")
    require(binary is not None, "kcat (Debian package kcat)")
    assert binary is not None
    tool = Kcat(binary, dict(os.environ))
    probe = tool.run("-L", "-b", broker.bootstrap, "-m", "10")
    if probe.returncode == 0:
        return tool
    libdir = _newer_librdkafka(tmp_path_factory.mktemp("librdkafka"))
    require(libdir is not None, "librdkafka from the confluent-kafka wheel (dev dependency)")
    tool = Kcat(binary, {**os.environ, "LD_LIBRARY_PATH": str(libdir)})
    probe = tool.run("-L", "-b", broker.bootstrap, "-m", "10")
    assert probe.returncode == 0, f"kcat cannot reach the broker: {probe.stderr.decode()}"
    return tool
