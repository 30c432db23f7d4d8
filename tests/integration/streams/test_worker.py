"""``cordon worker`` end to end on the session's embedded broker (worker as a subprocess).

Each test writes a small custom list, creates fresh topics, starts ``cordon worker`` and reads
the output topics back. Waits have generous deadlines (a failure, never a speed gate); the
1,000-event test prints its figures for the closing note.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from services.broker import EmbeddedBroker, free_port
from tests.conftest import REPO
from tests.integration.conftest import Kcat

pytestmark = pytest.mark.integration

DEADLINE = 120.0
LIST_CSV = """# list_date: 2025-10-22
id,schema,name,aliases,birth_dates,nationalities,regimes
SEF,Person,Nusret SEFEROVIĆ,,1971-05-14,BA,Global Irregular Migration
ALPA,Organization,ALPA Trading FZCO,,,AE,Global Irregular Migration
"""
GIVEN = ["Anna", "Marco", "Lena", "Pieter", "Sofia", "Jonas", "Elena", "Tomas", "Ingrid", "Luca"]
FAMILY = ["Meyer", "Rossi", "Jansen", "Dubois", "Lindqvist", "Kowalski", "Fischer", "Moreau"]
ORGS = ["Nordwind Logistik GmbH", "Baltic Grain AS", "Lisbon Cork Exports Lda", "Rhein Tools AG"]
MALFORMED = [
    b"",
    b"not json at all",
    b'{"event_id": "x-1", "event_time": ',
    b"\xff\xfe\x00garbage",
    b"[1, 2, 3]",
    b'{"event_time": "2025-10-23T09:14:03Z"}',
    b'{"event_id": "", "event_time": "2025-10-23T09:14:03Z"}',
    b'{"event_id": "x-8", "event_time": "yesterday"}',
    b'{"event_id": 9, "event_time": "2025-10-23T09:14:03Z"}',
    b'{"event_id": "x-10", "event_time": "2025-10-23T09:14:03Z", "debtor": "a string"}',
]


@dataclass
class Topics:
    payments: str
    travel: str
    alerts: str
    decisions: str
    dlq: str

    @classmethod
    def fresh(cls, prefix: str) -> Topics:
        return cls(*(f"{prefix}.{n}" for n in ("pay", "travel", "alerts", "decisions", "dlq")))


@dataclass
class Event:
    topic: str
    key: bytes | None
    value: bytes
    event_id: str | None = None
    hits: set[tuple[str, str, str]] = field(default_factory=set)  # (event, role, entity)


def payment(event_id: str, debtor: str, creditor: str) -> bytes:
    return orjson.dumps(
        {
            "event_id": event_id,
            "event_time": "2025-10-23T09:14:03.120Z",
            "amount": {"value": "12500.00", "currency": "EUR"},
            "debtor": {"name": debtor, "country": "DE"},
            "creditor": {"name": creditor, "country": "AE"},
            "remittance_info": "INV 4471",
        }
    )


def travel(event_id: str, given: str, surname: str) -> bytes:
    return orjson.dumps(
        {
            "event_id": event_id,
            "event_time": "2025-10-23T11:02:00Z",
            "traveller": {
                "given_names": given,
                "surname": surname,
                "birth_date": "1980-01-01",
                "nationality": "DEU",
                "document": {"type": "P", "number": "C01X00T47", "issuing_state": "DEU"},
                "mrz": None,
            },
            "journey": {"direction": "entry", "border_point": "Horgos", "country": "RS"},
        }
    )


def traffic(topics: Topics, run: str, valid: int, hits: int, malformed: int) -> list[Event]:
    """``valid`` screenable events of which ``hits`` name a listed party, plus malformed ones."""
    rng = random.Random(run)
    events: list[Event] = []
    for i in range(valid):
        event_id = f"{run}-{i:05d}"
        person = (rng.choice(GIVEN), rng.choice(FAMILY))
        if i < hits and i % 2 == 0:
            value = payment(event_id, " ".join(person), "ALPA Trading Company")
            event = Event(topics.payments, event_id.encode(), value, event_id)
            event.hits.add((event_id, "creditor", "custom:ALPA"))
        elif i < hits:
            value = travel(event_id, "Nusret", "Seferovic")
            event = Event(topics.travel, event_id.encode(), value, event_id)
            event.hits.add((event_id, "traveller", "custom:SEF"))
        elif i % 3 == 0:
            value = travel(event_id, *person)
            event = Event(topics.travel, event_id.encode(), value, event_id)
        else:
            value = payment(event_id, " ".join(person), rng.choice(ORGS))
            event = Event(topics.payments, event_id.encode(), value, event_id)
        events.append(event)
    for j in range(malformed):
        topic = topics.payments if j % 2 == 0 else topics.travel
        events.append(Event(topic, f"bad-{run}-{j}".encode(), MALFORMED[j % len(MALFORMED)]))
    rng.shuffle(events)
    return events


class WorkerProcess:
    """``cordon worker`` as a subprocess, with its HTTP port."""

    def __init__(
        self,
        broker: EmbeddedBroker,
        topics: Topics,
        lists: Path,
        group: str,
        **extra: str,
    ) -> None:
        self.port = free_port()
        self.env = {
            **os.environ,
            "CORDON_BROKER": broker.bootstrap,
            "CORDON_LISTS": str(lists),
            "CORDON_LIST_POLL_SECONDS": "0.2",
            "CORDON_WEB_PORT": str(self.port),
            "CORDON_TOPIC_PAYMENTS": topics.payments,
            "CORDON_TOPIC_TRAVEL": topics.travel,
            "CORDON_TOPIC_ALERTS": topics.alerts,
            "CORDON_TOPIC_DECISIONS": topics.decisions,
            "CORDON_TOPIC_DLQ": topics.dlq,
            "CORDON_GROUP": group,
            "CORDON_SESSION_TIMEOUT_SECONDS": "2",
            "CORDON_LAG_INTERVAL_SECONDS": "0.5",
            "CORDON_LOG_LEVEL": "WARNING",
            **extra,
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    def start(self) -> WorkerProcess:
        self.started_at = time.time()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "services.cli.main", "worker"],
            env=self.env,
            cwd=REPO,
            start_new_session=True,
        )
        return self

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            url = f"http://127.0.0.1:{self.port}{path}"
            with urllib.request.urlopen(url, timeout=5) as response:
                return int(response.status), bytes(response.read())
        except urllib.error.HTTPError as error:
            return int(error.code), bytes(error.read())

    def wait_http(self) -> None:
        until(lambda: self._answers(), "worker HTTP server up")

    def _answers(self) -> bool:
        self.assert_alive()
        with contextlib.suppress(OSError):
            return self.get("/healthz")[0] == 200
        return False

    def wait_ready(self) -> float:
        until(lambda: self.get("/readyz")[0] == 200, "worker ready")
        return time.time() - self.started_at

    def assert_alive(self) -> None:
        assert self.process is not None
        assert self.process.poll() is None, f"worker exited with {self.process.returncode}"

    def wait_exit(self, deadline: float = DEADLINE) -> int:
        assert self.process is not None
        return self.process.wait(deadline)

    def kill9(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def stop(self) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
            return None


def until(check: Callable[[], bool], what: str, deadline: float = DEADLINE) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        with contextlib.suppress(ConnectionError, urllib.error.URLError):
            if check():
                return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {what}")


async def create_topics(bootstrap: str, topics: Topics, partitions: int = 2) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [
                NewTopic(name, partitions, 1)
                for name in (topics.payments, topics.travel, topics.alerts, topics.decisions)
            ]
            + [NewTopic(topics.dlq, 1, 1)]
        )
    finally:
        await admin.close()


async def committed(bootstrap: str, group: str, topic: str, partition: int = 0) -> int | None:
    """The offset ``group`` committed on ``topic``/``partition`` (None: nothing committed)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        offset: int | None = await consumer.committed(TopicPartition(topic, partition))
        return offset
    finally:
        await consumer.stop()


async def produce(bootstrap: str, events: list[Event]) -> dict[str, float]:
    """Produce ``events`` (acks=all); the record timestamp of each event id, in seconds."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", linger_ms=2, max_request_size=4 << 20
    )
    await producer.start()
    sent_at: dict[str, float] = {}
    try:
        futures = []
        for event in events:
            futures.append(await producer.send(event.topic, event.value, key=event.key))
        for event, future in zip(events, futures, strict=True):
            metadata = await future
            if event.event_id:
                sent_at[event.event_id] = metadata.timestamp / 1000.0
    finally:
        await producer.stop()
    return sent_at


@dataclass
class Outputs:
    alerts: list[Any] = field(default_factory=list)
    decisions: list[Any] = field(default_factory=list)
    dead: list[Any] = field(default_factory=list)


async def read_until(
    bootstrap: str, topics: Topics, done: Callable[[Outputs], bool], deadline: float = DEADLINE
) -> Outputs:
    """Read the output topics from the beginning until ``done`` holds (or the deadline), then
    once more: an event's alerts and its decision go to different topics, and the decision may
    be fetched first, so a wait on decisions alone would miss alerts already produced."""
    consumer = AIOKafkaConsumer(
        topics.alerts,
        topics.decisions,
        topics.dlq,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        fetch_max_wait_ms=20,
    )
    await consumer.start()
    outputs = Outputs()
    end = time.monotonic() + deadline
    try:
        targets = {
            topics.alerts: outputs.alerts,
            topics.decisions: outputs.decisions,
            topics.dlq: outputs.dead,
        }
        finished = False
        while not finished and time.monotonic() < end:
            finished = done(outputs)
            for tp, records in (await consumer.getmany(timeout_ms=200)).items():
                targets[tp.topic].extend(records)
    finally:
        await consumer.stop()
    return outputs


def decided_ids(outputs: Outputs) -> set[str]:
    return {orjson.loads(r.value)["event_id"] for r in outputs.decisions}


def alert_triples(outputs: Outputs) -> set[tuple[str, str, str]]:
    found = set()
    for record in outputs.alerts:
        alert = orjson.loads(record.value)
        found.add((alert["event_id"], alert["party_role"], alert["entity"]["id"]))
    return found


def scrape(text: str, name: str) -> float:
    """Sum of every sample of ``name`` (all label sets) in a Prometheus text page."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
    return total


@pytest.fixture
def list_file(tmp_path: Path) -> Path:
    path = tmp_path / "bank_list.csv"
    path.write_text(LIST_CSV, encoding="utf-8")
    return path


def test_thousand_mixed_events(
    broker: EmbeddedBroker, topic_prefix: str, list_file: Path, workers: list[WorkerProcess]
) -> None:
    topics = Topics.fresh(topic_prefix)
    asyncio.run(create_topics(broker.bootstrap, topics))
    worker = WorkerProcess(broker, topics, list_file, f"{topic_prefix}-g").start()
    workers.append(worker)
    to_ready = worker.wait_ready()
    # one warm-up event: the group join finishes after /readyz turns 200 (the list is loaded)
    warm = Event(topics.payments, b"warm", payment("warm", "Anna Meyer", "Rhein Tools AG"), "warm")
    asyncio.run(produce(broker.bootstrap, [warm]))
    asyncio.run(read_until(broker.bootstrap, topics, lambda o: decided_ids(o) == {"warm"}))
    to_first_decision = time.time() - worker.started_at
    events = traffic(topics, "k", valid=990, hits=20, malformed=10)
    expected_hits = set().union(*(e.hits for e in events))
    valid_ids = {e.event_id for e in events if e.event_id}
    sent_at = asyncio.run(produce(broker.bootstrap, events))
    valid_ids.add("warm")

    outputs = asyncio.run(
        read_until(
            broker.bootstrap,
            topics,
            lambda o: decided_ids(o) >= valid_ids and len(o.dead) >= 10,
        )
    )

    assert decided_ids(outputs) == valid_ids
    assert len(outputs.decisions) == len(valid_ids)  # one decision each (no restart, no replay)
    assert alert_triples(outputs) == expected_hits
    assert len(outputs.alerts) == 20
    malformed = sorted((e.key, e.value) for e in events if e.event_id is None)
    assert sorted((r.key, r.value) for r in outputs.dead) == malformed
    for record in outputs.dead:
        headers = dict(record.headers)
        assert headers["reason"]
        assert headers["source_topic"].decode() in (topics.payments, topics.travel)
        assert int(headers["source_offset"]) >= 0
    worker.assert_alive()

    # /metrics counters equal what was produced; histograms populated.
    status, body = worker.get("/metrics")
    page = body.decode()
    assert status == 200
    assert scrape(page, "screening_events_total") == len(valid_ids)
    assert scrape(page, "screening_alerts_total") == 20
    assert scrape(page, "screening_dead_letters_total") == 10
    assert scrape(page, "screening_processing_seconds_count") == len(valid_ids)
    assert scrape(page, "screening_event_lag_seconds_count") == len(valid_ids)
    assert scrape(page, "screening_worker_ready") == 1
    assert scrape(page, "sanctions_list_entities") == 2
    until(lambda: "screening_consumer_lag{" in worker.get("/metrics")[1].decode(), "lag gauge")
    status_doc = orjson.loads(worker.get("/status")[1])
    assert status_doc["counts"]["events"] == len(valid_ids)
    assert status_doc["lists"][0]["entities"] == 2

    burst = [r for r in outputs.decisions if orjson.loads(r.value)["event_id"] != "warm"]
    latencies = sorted(
        r.timestamp / 1000.0 - sent_at[orjson.loads(r.value)["event_id"]] for r in burst
    )
    first_in = min(sent_at.values())
    last_out = max(r.timestamp for r in burst) / 1000.0
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(
        f"\n[1000 events] startup to ready {to_ready:.2f}s "
        f"(worker's own: {status_doc['startup_to_ready_seconds']}s), "
        f"to first decision {to_first_decision:.2f}s; "
        f"{len(burst) + 10} events in {last_out - first_in:.2f}s = "
        f"{(len(burst) + 10) / (last_out - first_in):.0f} events/s; "
        f"event-to-decision p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p99 {p99 * 1000:.1f} ms"
    )


def test_kill9_mid_stream_then_restart_loses_nothing(
    broker: EmbeddedBroker, topic_prefix: str, list_file: Path, workers: list[WorkerProcess]
) -> None:
    topics = Topics.fresh(topic_prefix)
    asyncio.run(create_topics(broker.bootstrap, topics))
    group = f"{topic_prefix}-g"
    first = WorkerProcess(broker, topics, list_file, group).start()
    workers.append(first)
    first.wait_ready()
    events = traffic(topics, "r", valid=3000, hits=40, malformed=0)
    valid_ids = {e.event_id for e in events if e.event_id}
    expected_hits = set().union(*(e.hits for e in events))
    asyncio.run(produce(broker.bootstrap, events))
    asyncio.run(read_until(broker.bootstrap, topics, lambda o: len(o.decisions) >= 300))
    first.kill9()

    second = WorkerProcess(broker, topics, list_file, group).start()
    workers.append(second)
    outputs = asyncio.run(
        read_until(broker.bootstrap, topics, lambda o: decided_ids(o) >= valid_ids)
    )
    second.assert_alive()
    assert decided_ids(outputs) == valid_ids
    assert alert_triples(outputs) == expected_hits
    ids_by_triple: dict[tuple[str, str, str], set[str]] = {}
    for record in outputs.alerts:
        alert = orjson.loads(record.value)
        triple = (alert["event_id"], alert["party_role"], alert["entity"]["id"])
        ids_by_triple.setdefault(triple, set()).add(alert["alert_id"])
    assert all(len(ids) == 1 for ids in ids_by_triple.values())
    replayed = len(outputs.decisions) - len(valid_ids)
    print(f"\n[kill -9] {replayed} events screened twice after the restart (same alert ids)")


def test_events_produced_by_kcat_are_screened(
    broker: EmbeddedBroker,
    topic_prefix: str,
    list_file: Path,
    workers: list[WorkerProcess],
    kcat: Kcat,
) -> None:
    topics = Topics.fresh(topic_prefix)
    asyncio.run(create_topics(broker.bootstrap, topics))
    worker = WorkerProcess(broker, topics, list_file, f"{topic_prefix}-g").start()
    workers.append(worker)
    worker.wait_ready()
    hit = payment("kcat-1", "Lena Meyer", "ALPA Trading Company")
    clear = travel("kcat-2", "Jonas", "Fischer")
    for topic, key, value in ((topics.payments, "kcat-1", hit), (topics.travel, "kcat-2", clear)):
        produced = kcat.run("-P", "-b", broker.bootstrap, "-t", topic, "-k", key, data=value)
        assert produced.returncode == 0, produced.stderr.decode()
    py = traffic(topics, "py", valid=0, hits=0, malformed=0)
    py.append(
        Event(
            topics.payments, b"py-1", payment("py-1", "Lena Meyer", "ALPA Trading Company"), "py-1"
        )
    )
    asyncio.run(produce(broker.bootstrap, py))
    outputs = asyncio.run(read_until(broker.bootstrap, topics, lambda o: len(decided_ids(o)) >= 3))
    decisions = {
        orjson.loads(r.value)["event_id"]: orjson.loads(r.value) for r in outputs.decisions
    }
    assert decisions["kcat-2"]["outcome"] == "clear"
    assert decisions["kcat-1"]["outcome"] == decisions["py-1"]["outcome"] != "clear"
    assert decisions["kcat-1"]["best_score"] == decisions["py-1"]["best_score"]
    assert alert_triples(outputs) == {
        ("kcat-1", "creditor", "custom:ALPA"),
        ("py-1", "creditor", "custom:ALPA"),
    }
    assert {r.key for r in outputs.decisions} == {b"kcat-1", b"kcat-2", b"py-1"}


def test_nothing_is_screened_before_a_list_is_loaded(
    broker: EmbeddedBroker, topic_prefix: str, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    topics = Topics.fresh(topic_prefix)
    asyncio.run(create_topics(broker.bootstrap, topics))
    lists = tmp_path / "later.csv"  # does not exist yet
    worker = WorkerProcess(broker, topics, lists, f"{topic_prefix}-g").start()
    workers.append(worker)
    worker.wait_http()
    assert worker.get("/readyz")[0] == 503
    events = traffic(topics, "w", valid=30, hits=4, malformed=0)
    valid_ids = {e.event_id for e in events if e.event_id}
    asyncio.run(produce(broker.bootstrap, events))
    # the worker joins its group and sees the events, yet screens none of them
    until(lambda: orjson.loads(worker.get("/status")[1])["uptime_seconds"] > 5, "worker running")
    early = asyncio.run(read_until(broker.bootstrap, topics, lambda o: False, deadline=2.0))
    assert early.decisions == [] and early.alerts == []
    assert worker.get("/readyz")[0] == 503
    page = worker.get("/metrics")[1].decode()
    assert scrape(page, "screening_worker_ready") == 0
    # it does not even fetch: not subscribed, no partition assigned (no lag gauge), no commit
    assert orjson.loads(worker.get("/status")[1])["consuming"] is False
    assert "screening_consumer_lag{" not in page
    assert (
        asyncio.run(committed(broker.bootstrap, worker.env["CORDON_GROUP"], topics.payments))
        is None
    )

    lists.write_text(LIST_CSV, encoding="utf-8")
    worker.wait_ready()
    until(lambda: orjson.loads(worker.get("/status")[1])["consuming"], "worker consuming")
    outputs = asyncio.run(
        read_until(broker.bootstrap, topics, lambda o: decided_ids(o) >= valid_ids)
    )
    assert decided_ids(outputs) == valid_ids
    assert alert_triples(outputs) == set().union(*(e.hits for e in events))


def test_a_produce_failure_stops_the_worker_without_committing_unscreened_events(
    broker: EmbeddedBroker, topic_prefix: str, list_file: Path, workers: list[WorkerProcess]
) -> None:
    # The vehicle: a producer limit below the size of one malformed event, so its dead letter
    # is refused by the producer: an output that cannot be produced.
    topics = Topics.fresh(topic_prefix)
    asyncio.run(create_topics(broker.bootstrap, topics, partitions=1))
    group = f"{topic_prefix}-g"
    worker = WorkerProcess(
        broker,
        topics,
        list_file,
        group,
        CORDON_COMMIT_INTERVAL_SECONDS="0.2",
        CORDON_PRODUCER_MAX_REQUEST_BYTES="8192",
    ).start()
    workers.append(worker)
    worker.wait_ready()
    before = [
        Event(
            topics.payments,
            f"a{i}".encode(),
            payment(f"a{i}", "Anna Meyer", "Baltic Grain AS"),
            f"a{i}",
        )
        for i in range(5)
    ]
    asyncio.run(produce(broker.bootstrap, before))
    asyncio.run(read_until(broker.bootstrap, topics, lambda o: len(decided_ids(o)) >= 5))
    until(
        lambda: asyncio.run(committed(broker.bootstrap, group, topics.payments)) == 5,
        "offsets of the screened events committed",
    )
    poison = Event(topics.payments, b"huge", b"x" * 20_000)
    after = [
        Event(
            topics.payments,
            f"b{i}".encode(),
            payment(f"b{i}", "Lena Fischer", "Rhein Tools AG"),
            f"b{i}",
        )
        for i in range(5)
    ]
    asyncio.run(produce(broker.bootstrap, [poison, *after]))

    code = worker.wait_exit()

    assert code != 0
    # the refused event (offset 5) and everything after it stay uncommitted: redelivered
    assert asyncio.run(committed(broker.bootstrap, group, topics.payments)) == 5
    outputs = asyncio.run(read_until(broker.bootstrap, topics, lambda o: False, deadline=1.0))
    assert outputs.dead == []


def test_a_large_malformed_event_is_dead_lettered_whole_and_screening_goes_on(
    broker: EmbeddedBroker, topic_prefix: str, list_file: Path, workers: list[WorkerProcess]
) -> None:
    topics = Topics.fresh(topic_prefix)
    asyncio.run(create_topics(broker.bootstrap, topics, partitions=1))
    worker = WorkerProcess(broker, topics, list_file, f"{topic_prefix}-g").start()
    workers.append(worker)
    worker.wait_ready()
    large = b"{" + b"x" * 1_100_000
    after = Event(topics.payments, b"c1", payment("c1", "Anna Meyer", "Baltic Grain AS"), "c1")
    asyncio.run(produce(broker.bootstrap, [Event(topics.payments, b"large", large), after]))

    outputs = asyncio.run(
        read_until(broker.bootstrap, topics, lambda o: decided_ids(o) == {"c1"} and o.dead)
    )

    worker.assert_alive()
    assert [(r.key, r.value) for r in outputs.dead] == [(b"large", large)]


def test_readyz_turns_degraded_when_the_table_is_older_than_the_max_age(
    broker: EmbeddedBroker, topic_prefix: str, list_file: Path, workers: list[WorkerProcess]
) -> None:
    topics = Topics.fresh(topic_prefix)
    asyncio.run(create_topics(broker.bootstrap, topics))
    # The age counts from the last check of the sources: with no check for an hour, a table
    # older than one second is stale.
    worker = WorkerProcess(
        broker,
        topics,
        list_file,
        f"{topic_prefix}-g",
        CORDON_MAX_LIST_AGE_SECONDS="1",
        CORDON_LIST_POLL_SECONDS="3600",
    ).start()
    workers.append(worker)
    until(lambda: orjson.loads(worker.get("/status")[1])["list_version"] is not None, "a table")

    until(lambda: worker.get("/readyz")[0] == 503, "readiness degraded")

    status, body = worker.get("/readyz")
    doc = orjson.loads(body)
    assert status == 503
    assert doc["degraded"] is True and doc["ready"] is False
    assert doc["list_age_seconds"] > 1
    assert "CORDON_MAX_LIST_AGE_SECONDS" in doc["reason"]
    page = worker.get("/metrics")[1].decode()
    assert scrape(page, "sanctions_list_stale") == 1
    # a stale table is still a table: the worker keeps screening (ops are alerted, not paged
    # into an outage)
    event = Event(topics.travel, b"t1", travel("t1", "Nusret", "Seferovic"), "t1")
    asyncio.run(produce(broker.bootstrap, [event]))
    outputs = asyncio.run(read_until(broker.bootstrap, topics, lambda o: decided_ids(o) == {"t1"}))
    assert alert_triples(outputs) == {("t1", "traveller", "custom:SEF")}
