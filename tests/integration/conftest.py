"""Integration fixtures: one embedded broker for the whole session, fresh topics per test."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from services.broker import EmbeddedBroker

_counter = itertools.count()


@pytest.fixture(scope="session")
def broker() -> Iterator[EmbeddedBroker]:
    """The session's embedded Tansu broker on a free loopback port."""
    with EmbeddedBroker() as running:
        yield running


@pytest.fixture
def topic_prefix(request: pytest.FixtureRequest) -> str:
    """A prefix unique to this test, so every test gets fresh topics on the shared broker."""
    name = request.node.name.replace("[", "-").replace("]", "").replace("/", "-")[:40]
    return f"t{os.getpid()}-{next(_counter)}-{name}"
