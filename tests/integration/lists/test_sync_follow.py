"""``lists sync --once`` on the embedded broker, followed by two TableFollowers.

OFSI 10/04/2025 then 14/04/2025 (2 new targets): both followers converge on the same version and
screen with the new targets. A corrupt marker and a version that lost most of a source are
rejected: the old table stays, the rejection shows in metrics and logs.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from prometheus_client import CollectorRegistry

from services.broker import EmbeddedBroker
from services.cli.main import main
from services.lists.codec import VERSION_KEY, VersionMarker
from services.lists.follower import TableFollower
from services.lists.reload import TableInstaller
from services.metrics import Metrics
from services.table import SanctionsTable, TableHolder

pytestmark = pytest.mark.integration
DATA = Path(__file__).resolve().parents[2] / "data/lists"


async def _sync(broker: EmbeddedBroker, topic: str, *lists: Path) -> None:
    argv = ["lists", "sync", "--once", "--broker", broker.bootstrap, "--topic", topic]
    for path in lists:
        argv += ["--lists", str(path)]
    assert await asyncio.to_thread(main, argv) == 0


async def _wait(follower: TableFollower, condition: object, timeout: float = 120.0) -> None:
    async def loop() -> None:
        while not condition(follower):  # type: ignore[operator]  # noqa: ASYNC110 (test polling)
            await asyncio.sleep(0.05)

    await asyncio.wait_for(loop(), timeout)


def _follower(broker: EmbeddedBroker, topic: str) -> tuple[TableFollower, CollectorRegistry]:
    registry = CollectorRegistry()
    installer = TableInstaller(TableHolder(), Metrics(registry))
    return TableFollower(broker.bootstrap, installer, topic), registry


def _table(follower: TableFollower) -> SanctionsTable:
    table = follower.installer.holder.current
    assert table is not None
    return table


async def test_sync_ofsi_versions_two_followers_converge(
    broker: EmbeddedBroker, topic_prefix: str, shared_lists: Path
) -> None:
    topic = f"{topic_prefix}-entities"
    first, registry = _follower(broker, topic)
    second, _ = _follower(broker, topic)
    installed: list[str] = []
    first.installer.on_install(lambda table: installed.append(table.version))
    async with first, second:
        await _sync(broker, topic, shared_lists / "uk_ofsi/2025-04-10/ConList.xlsx")
        await _wait(first, lambda f: f.installer.holder.current is not None)
        old = _table(first)
        assert old.entity_count == 4686
        assert old.version.startswith("2025-04-10.")

        await _sync(broker, topic, shared_lists / "uk_ofsi/2025-04-14/ConList.xlsx")
        for follower in (first, second):
            await _wait(follower, lambda f: f.installer.current_version not in (None, old.version))
        new = _table(first)
        assert new.version == _table(second).version
        assert new.version.startswith("2025-04-14.")
        assert new.entity_count == 4688
        ids = {e.id for e in new.screener.entities}
        assert {"uk-ofsi:16856", "uk-ofsi:16857"} <= ids
        assert installed == [old.version, new.version]
        assert (
            registry.get_sample_value(
                "sanctions_list_info", {"source": "uk-ofsi", "version": new.version}
            )
            == 1
        )

        # a re-sync of unchanged content publishes only a refreshed marker: no new version,
        # but every follower learns its table was confirmed current (its age restarts)
        before = {id(f): _table(f) for f in (first, second)}
        for follower in (first, second):
            follower.installer.holder.confirmed_at = 0.0
        await _sync(broker, topic, shared_lists / "uk_ofsi/2025-04-14/ConList.xlsx")
        for follower in (first, second):
            await _wait(follower, lambda f: (f.installer.holder.confirmed_at or 0.0) > 0.0)
            assert _table(follower) is before[id(follower)]


async def test_corrupt_and_shrunk_versions_rejected(
    broker: EmbeddedBroker, topic_prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    topic = f"{topic_prefix}-entities"
    follower, registry = _follower(broker, topic)
    async with follower:
        await _sync(broker, topic, DATA / "UK_Sanctions_List.csv", DATA / "custom_list.csv")
        await _wait(follower, lambda f: f.installer.holder.current is not None)
        good = _table(follower)
        assert good.entities_by_source() == {"uk": 3, "custom": 3}

        with caplog.at_level(logging.WARNING, logger="services.lists.reload"):
            producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap)
            await producer.start()
            try:
                bogus = VersionMarker("corrupt-1", (), {"uk": 3, "custom": 99}, {}, 0.0)
                await producer.send_and_wait(topic, key=VERSION_KEY, value=bogus.encode())
            finally:
                await producer.stop()
            await _wait(follower, lambda f: len(f.rejected) == 1)
            assert "corrupt-1" in caplog.text and "differ from the marker" in caplog.text

            await _sync(broker, topic, DATA / "UK_Sanctions_List_min.csv", DATA / "custom_list.csv")
            await _wait(follower, lambda f: len(f.rejected) == 2)
            assert "source uk lost 2 of 3 entities" in caplog.text

        assert _table(follower) is good
        assert (
            registry.get_sample_value(
                "sanctions_list_reloads_total", {"source": "uk", "result": "rejected"}
            )
            == 2
        )
