"""Hot swap under load (issue 3): two ``cordon worker`` processes follow the entities topic while
payments stream in steadily; OFSI 10/04/2025 is published, then 14/04/2025 (2 new targets:
FOXTROT NETWORK, Rawa MAJID) mid-stream, then a corrupt version marker.

No event is lost or dead-lettered, every decision names one of the two versions, events sent
after both workers swapped raise alerts on the new targets, both workers end on the same
version, and the corrupt version is rejected while screening goes on. The publish-to-swap time
is printed for the closing note (never asserted).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiokafka import AIOKafkaProducer

from services.broker import EmbeddedBroker
from services.cli.main import main
from services.lists.codec import VERSION_KEY, VersionMarker
from tests.integration.streams.test_worker import (
    Outputs,
    Topics,
    WorkerProcess,
    create_topics,
    decided_ids,
    payment,
    read_until,
    until,
)

pytestmark = pytest.mark.integration

RATE = 50.0  # events per second
NEW_TARGETS = {"Foxtrot Network": "uk-ofsi:16856", "Rawa Majid": "uk-ofsi:16857"}
OLD_TARGET = ("Mian Abdul Haq", "uk-ofsi:15672")
PEOPLE = ["Anna Meyer", "Marco Rossi", "Lena Jansen", "Pieter Dubois", "Sofia Lindqvist"]
ORGS = ["Nordwind Logistik GmbH", "Baltic Grain AS", "Lisbon Cork Exports Lda"]


@dataclass
class Stream:
    """Payments produced at a steady rate; ``sent`` maps event id to its send time."""

    topic: str
    sent: dict[str, float] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # event id -> listed name it carries
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    def value(self, i: int) -> tuple[str, bytes]:
        event_id = f"hs-{i:05d}"
        if i % 5 == 0:
            name = list(NEW_TARGETS)[(i // 5) % 2]
            self.names[event_id] = name
            return event_id, payment(event_id, PEOPLE[i % 5], name)
        if i % 13 == 0:
            self.names[event_id] = OLD_TARGET[0]
            return event_id, payment(event_id, OLD_TARGET[0], ORGS[i % 3])
        return event_id, payment(event_id, PEOPLE[i % 5], ORGS[i % 3])

    async def run(self, bootstrap: str) -> None:
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=1)
        await producer.start()
        try:
            i, start = 0, time.monotonic()
            while not self.stop.is_set():
                event_id, value = self.value(i)
                await producer.send_and_wait(self.topic, value, key=event_id.encode())
                self.sent[event_id] = time.monotonic()
                i += 1
                await asyncio.sleep(max(0.0, start + i / RATE - time.monotonic()))
        finally:
            await producer.stop()


async def _sync(bootstrap: str, topic: str, path: Path) -> None:
    argv = [
        "lists",
        "sync",
        "--once",
        "--broker",
        bootstrap,
        "--topic",
        topic,
        "--lists",
        str(path),
    ]
    assert await asyncio.to_thread(main, argv) == 0


def _status(worker: WorkerProcess) -> dict[str, Any]:
    status: dict[str, Any] = orjson.loads(worker.get("/status")[1])
    return status


def _rejections(worker: WorkerProcess) -> float:
    page = worker.get("/metrics")[1].decode()
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in page.splitlines()
        if line.startswith("sanctions_list_reloads_total{") and 'result="rejected"' in line
    )


async def _until(check: Any, what: str) -> None:
    await asyncio.to_thread(until, check, what)


async def test_hot_swap_under_load(
    broker: EmbeddedBroker,
    topic_prefix: str,
    shared_lists: Path,
    workers: list[WorkerProcess],
) -> None:
    topics = Topics.fresh(topic_prefix)
    entities = f"{topic_prefix}.entities"
    await create_topics(broker.bootstrap, topics)
    await _sync(broker.bootstrap, entities, shared_lists / "uk_ofsi/2025-04-10/ConList.xlsx")
    for _ in range(2):
        worker = WorkerProcess(broker, topics, Path("unused"), f"{topic_prefix}-g")
        worker.env["CORDON_LISTS"] = ""  # follow the entities topic
        worker.env["CORDON_TOPIC_ENTITIES"] = entities
        workers.append(worker.start())
    for worker in workers:
        await asyncio.to_thread(worker.wait_ready)
    old = {_status(w)["list_version"] for w in workers}
    assert len(old) == 1 and next(iter(old)).startswith("2025-04-10.")
    (old_version,) = old

    stream = Stream(topics.payments)
    producing = asyncio.create_task(stream.run(broker.bootstrap))
    await asyncio.sleep(4.0)

    published_from = time.monotonic()
    await _sync(broker.bootstrap, entities, shared_lists / "uk_ofsi/2025-04-14/ConList.xlsx")
    published_at = time.monotonic()
    await _until(
        lambda: all(_status(w)["list_version"] not in (None, old_version) for w in workers),
        "both workers on the new version",
    )
    swapped_at = time.monotonic()
    new = {_status(w)["list_version"] for w in workers}
    assert len(new) == 1 and next(iter(new)).startswith("2025-04-14.")
    (new_version,) = new
    await asyncio.sleep(4.0)

    corrupt = VersionMarker("corrupt-next", (), {"uk-ofsi": 4688, "un": 7}, {}, time.time())
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(entities, key=VERSION_KEY, value=corrupt.encode())
    finally:
        await producer.stop()
    await _until(
        lambda: all(_rejections(w) >= 1 for w in workers), "both workers rejected the corrupt one"
    )
    rejected_at = time.monotonic()
    await asyncio.sleep(3.0)
    stream.stop.set()
    await producing

    sent = set(stream.sent)
    outputs: Outputs = await read_until(broker.bootstrap, topics, lambda o: decided_ids(o) >= sent)
    decisions = [orjson.loads(r.value) for r in outputs.decisions]
    alerts = [orjson.loads(r.value) for r in outputs.alerts]

    assert decided_ids(outputs) == sent  # nothing lost
    assert outputs.dead == []  # nothing dead-lettered
    assert {d["list_version"] for d in decisions} <= {old_version, new_version}
    assert {d["list_version"] for d in decisions} == {old_version, new_version}
    version_of = {d["event_id"]: d["list_version"] for d in decisions}
    for alert in alerts:
        assert alert["list_version"] == version_of[alert["event_id"]]
    hits: dict[str, set[str]] = {}
    for alert in alerts:
        hits.setdefault(alert["event_id"], set()).add(alert["entity"]["id"])
    new_ids = set(NEW_TARGETS.values())
    for alert in alerts:  # the new targets exist only in the new version
        if alert["entity"]["id"] in new_ids:
            assert alert["list_version"] == new_version
    after_swap = [e for e, at in stream.sent.items() if at > swapped_at]
    after_rejection = [e for e, at in stream.sent.items() if at > rejected_at]
    assert len(after_swap) > 100 and after_rejection
    for event_id in after_swap:
        assert version_of[event_id] == new_version
        name = stream.names.get(event_id)
        if name in NEW_TARGETS:
            assert NEW_TARGETS[name] in hits.get(event_id, set()), event_id
        elif name == OLD_TARGET[0]:
            assert OLD_TARGET[1] in hits.get(event_id, set()), event_id
    for event_id, at in stream.sent.items():  # before the publication: the old version
        if at < published_from:
            assert version_of[event_id] == old_version
            assert not (hits.get(event_id, set()) & new_ids)
    assert {d["worker"] for d in decisions} == {_status(w)["worker"] for w in workers}
    for worker in workers:
        worker.assert_alive()
        assert _rejections(worker) == 1
        status = _status(worker)
        assert status["list_version"] == new_version
        assert status["entities"] == 4688
        assert status["counts"]["dead_letters"] == 0
    print(
        f"\n[hot swap] {len(sent)} events at {RATE:.0f}/s, {len(decisions)} decisions "
        f"({len(decisions) - len(sent)} redelivered), {len(alerts)} alerts; "
        f"sync of 14/04 took {published_at - published_from:.2f}s, marker to both workers "
        f"swapped {swapped_at - published_at:.2f}s (polled every 0.05s)"
    )
