"""The Faust app is configured from our settings alone: no Faust environment leaks in."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest
from faust.transport.drivers import aiokafka as aiokafka_driver

from services.settings import Settings
from streams.app import CordonConsumerThread, CordonTransport, create_app, faust_options


def test_app_conf_equals_our_settings_whatever_faust_env_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {
        "WEB_PORT": "9999",
        "BROKER_URL": "kafka://elsewhere:1",
        "PRODUCER_LINGER": "5",
        "APP_ENV_PREFIX": "",
        "WEB_BIND": "0.0.0.0",
    }.items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env(
        {"CORDON_WEB_PORT": "7001", "CORDON_BROKER": "127.0.0.1:1234,127.0.0.1:1235"}
    )
    app = create_app(settings)
    conf = app.conf
    assert conf.web_port == 7001
    assert conf.web_bind == "127.0.0.1"
    assert [str(u) for u in conf.broker] == ["kafka://127.0.0.1:1234", "kafka://127.0.0.1:1235"]
    assert conf.producer_linger == settings.producer_linger_ms / 1000
    assert conf.producer_max_request_size == settings.producer_max_request_bytes
    assert conf.id == settings.group
    for key, value in faust_options(settings, str(conf.datadir)).items():
        if key in {"broker", "datadir", "agent_supervisor", "store"}:
            continue
        actual = getattr(conf, key)
        assert getattr(actual, "value", actual) == value, key
    assert conf.value_serializer == "raw" and conf.key_serializer == "raw"
    assert conf.producer_acks == -1
    assert app.fetch_max_wait_ms == settings.fetch_max_wait_ms
    assert isinstance(app.transport, CordonTransport)


async def test_the_consumer_gets_our_fetch_wait_not_fausts() -> None:
    app = create_app(Settings.from_env({"CORDON_FETCH_MAX_WAIT_MS": "7"}))
    thread = CordonConsumerThread(cast(Any, app.consumer), loop=None, beacon=None)
    consumer = thread._create_worker_consumer(app.transport)
    assert consumer._fetch_max_wait_ms == 7


async def test_the_consumer_subscribes_only_once_the_input_gate_opens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    subscribed: list[set[str]] = []

    async def parent_subscribe(self: Any, topics: Any) -> None:
        subscribed.append(set(topics))

    monkeypatch.setattr(aiokafka_driver.Consumer, "subscribe", parent_subscribe)
    app = create_app(Settings())
    gate = asyncio.Event()

    async def input_gate() -> None:
        await gate.wait()

    app.input_gate = input_gate
    subscribing = asyncio.create_task(app.consumer.subscribe(["pay", "travel"]))
    await asyncio.sleep(0.01)
    assert subscribed == [] and app.subscribed is False  # no group join, no fetch yet
    gate.set()
    await asyncio.wait_for(subscribing, 1.0)
    assert subscribed == [{"pay", "travel"}] and app.subscribed is True
