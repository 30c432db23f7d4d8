"""The embedded broker refuses anything but loopback."""

from __future__ import annotations

import pytest

from services.broker import BrokerError, EmbeddedBroker, free_port


def test_refuses_non_loopback_host() -> None:
    with pytest.raises(BrokerError, match="loopback"):
        EmbeddedBroker(host="0.0.0.0")


def test_free_port_is_a_port() -> None:
    assert 0 < free_port() < 65536
