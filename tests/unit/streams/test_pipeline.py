"""The per-event pipeline without Kafka: outputs, dead letters, fail-closed, failures."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import orjson
import pytest
from prometheus_client import CollectorRegistry

from services.metrics import Metrics
from services.table import SanctionsTable, TableHolder
from streams.events import EventType
from streams.pipeline import InputRecord, NotReadyError, OutputTopics, Pipeline
from streams.records import Source, alert_id
from streams.sinks import SinkError, acknowledged
from tests.unit.streams.helpers import MemorySink, fake_decode, table

TOPICS = OutputTopics("alerts", "decisions", "dlq")


def make(holder: TableHolder | None = None, sink: MemorySink | None = None) -> Pipeline:
    if holder is None:
        holder = TableHolder()
        holder.install(table())
    return Pipeline(
        holder,
        sink or MemorySink(),
        Metrics(CollectorRegistry()),
        TOPICS,
        fake_decode,
        "w1",
        clock=lambda: 1_760_000_000.0,
    )


def record(value: bytes, offset: int = 0, key: bytes | None = b"k") -> InputRecord:
    return InputRecord(
        EventType.PAYMENT, Source("pay", 0, offset), key, value, (("trace", b"abc"),)
    )


def event(event_id: str, **parties: str) -> bytes:
    return orjson.dumps({"event_id": event_id, "parties": parties})


async def test_a_clear_event_gets_a_decision_and_no_alert() -> None:
    pipeline = make()
    await pipeline.process([record(event("e1", debtor="Jane Smith"))])
    sink = pipeline.sink
    assert isinstance(sink, MemorySink)
    assert sink.on("alerts") == []
    [decision] = sink.on("decisions")
    assert decision.key == b"e1"
    body = decision.json()
    assert body["outcome"] == "clear"
    assert body["parties"] == 1
    assert body["list_version"] == pipeline.holder.current.version  # type: ignore[union-attr]
    assert body["source"] == {"topic": "pay", "partition": 0, "offset": 0}
    assert set(body["timings_ms"]) == {"decode", "screen", "received_to_screened"}


async def test_hits_raise_one_alert_per_party_and_entity_with_deterministic_ids() -> None:
    pipeline = make()
    raw = event("e2", debtor="Granit Avdyli", creditor="ALPA Trading Company")
    await pipeline.process([record(raw)])
    sink = pipeline.sink
    assert isinstance(sink, MemorySink)
    [alert] = [a.json() for a in sink.on("alerts")]
    version = pipeline.holder.current.version  # type: ignore[union-attr]
    assert alert["alert_id"] == alert_id("e2", "creditor", "uk:GIM0002", version)
    assert alert["party_role"] == "creditor"
    assert alert["entity"]["id"] == "uk:GIM0002"
    assert alert["outcome"] in {"review", "match"}
    assert alert["explanation"]
    assert alert["list_version"] == version
    decision = sink.on("decisions")[0].json()
    assert decision["alert_ids"] == [alert["alert_id"]]
    assert decision["outcome"] == alert["outcome"]
    # a redelivery yields the same alert id
    await pipeline.process([record(raw)])
    assert sink.on("alerts")[1].json()["alert_id"] == alert["alert_id"]


async def test_malformed_events_are_dead_lettered_byte_for_byte() -> None:
    pipeline = make()
    bad = b'{"event_id": "e3", not json'
    await pipeline.process([record(bad, offset=7, key=b"\x00key"), record(event("e4", a="X"))])
    sink = pipeline.sink
    assert isinstance(sink, MemorySink)
    [dead] = sink.on("dlq")
    assert (dead.key, dead.value) == (b"\x00key", bad)
    headers = dict(dead.headers)
    assert headers["reason"] == b"invalid_json"
    assert headers["source_topic"] == b"pay"
    assert headers["source_partition"] == b"0"
    assert headers["source_offset"] == b"7"
    assert headers["trace"] == b"abc"
    assert headers["time"].endswith(b"Z")
    assert len(sink.on("decisions")) == 1
    assert (
        pipeline.metrics.registry.get_sample_value(
            "screening_dead_letters_total", {"reason": "invalid_json"}
        )
        == 1.0
    )


async def test_a_decoder_bug_dead_letters_the_event_and_processing_goes_on() -> None:
    pipeline = make()
    await pipeline.process([record(b'{"boom": 1}'), record(event("e5", a="Y"))])
    sink = pipeline.sink
    assert isinstance(sink, MemorySink)
    assert dict(sink.on("dlq")[0].headers)["reason"] == b"decoder_error"
    assert len(sink.on("decisions")) == 1


async def test_fail_closed_without_a_table() -> None:
    sink = MemorySink()
    pipeline = make(TableHolder(), sink)
    with pytest.raises(NotReadyError):
        await pipeline.process([record(event("e6", a="Z"))])
    assert sink.sent == []


@pytest.mark.parametrize("failure", ["unacknowledged", "refused"])
async def test_produce_failures_raise_and_count_nothing(failure: str) -> None:
    sink = (
        MemorySink(fail_on="decisions") if failure == "unacknowledged" else MemorySink(refuse=True)
    )
    pipeline = make(sink=sink)
    with pytest.raises(SinkError):
        await pipeline.process([record(event("e7", a="Z"))])
    assert (
        pipeline.metrics.registry.get_sample_value(
            "screening_events_total", {"event_type": "payment", "outcome": "clear"}
        )
        is None
    )


async def test_metrics_count_events_alerts_and_observe_latency() -> None:
    pipeline = make()
    await pipeline.process(
        [record(event(f"e{i}", creditor="ALPA Trading Company")) for i in range(3)]
    )
    registry = pipeline.metrics.registry
    total = sum(
        registry.get_sample_value("screening_events_total", {"event_type": "payment", "outcome": o})
        or 0.0
        for o in ("clear", "review", "match")
    )
    assert total == 3
    alerts = sum(
        registry.get_sample_value(
            "screening_alerts_total", {"event_type": "payment", "source": "uk", "outcome": o}
        )
        or 0.0
        for o in ("review", "match")
    )
    assert alerts == 3
    assert registry.get_sample_value("screening_processing_seconds_count") == 3
    assert pipeline.counts.events == 3
    assert pipeline.counts.alerts == 3


async def test_a_batch_uses_one_table_version() -> None:
    holder = TableHolder()
    holder.install(table(content_hash="v1"))
    pipeline = make(holder)
    first = holder.current
    await pipeline.process([record(event("e8", a="A")), record(event("e9", a="B"))])
    sink = pipeline.sink
    assert isinstance(sink, MemorySink)
    versions = {d.json()["list_version"] for d in sink.on("decisions")}
    assert versions == {first.version}  # type: ignore[union-attr]


class CountingScreener:
    """Wraps a table's screener and counts the queries it really screens."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.thresholds = inner.thresholds
        self.entities = inner.entities
        self.calls = 0

    def screen(self, query: Any) -> Any:
        self.calls += 1
        return self.inner.screen(query)


def counting(version: str) -> SanctionsTable:
    built = table(content_hash=version)
    return dataclasses.replace(built, screener=CountingScreener(built.screener))  # type: ignore[arg-type]


async def test_a_repeated_party_is_screened_once_per_table_version_with_the_same_result() -> None:
    holder = TableHolder()
    holder.install(counting("v1"))
    pipeline = make(holder)
    batch = [
        record(event(f"e{i}", debtor="Nusret Seferovic", agent="Rhein Bank")) for i in range(4)
    ]
    await pipeline.process(batch)
    first = holder.current
    assert first is not None and isinstance(first.screener, CountingScreener)
    assert first.screener.calls == 2  # two distinct parties, four events
    sink = pipeline.sink
    assert isinstance(sink, MemorySink)
    decisions = [d.json() for d in sink.on("decisions")]
    assert len({(d["outcome"], d["best_score"]) for d in decisions}) == 1
    assert len(sink.on("alerts")) == 4  # one per event, ids differ by event

    holder.install(counting("v2"))  # a new version: nothing reused from the old one
    await pipeline.process(batch[:1])
    second = holder.current
    assert second is not None and isinstance(second.screener, CountingScreener)
    assert second.screener.calls == 2


async def test_the_screening_cache_is_bounded() -> None:
    holder = TableHolder()
    holder.install(counting("v1"))
    pipeline = make(holder)
    pipeline.cache_size = 4
    await pipeline.process([record(event(f"e{i}", debtor=f"Person {i}")) for i in range(10)])
    assert len(pipeline._cache) <= 4
    cached = {q.name for q in pipeline._cache}
    assert "Person 9" in cached  # the newest stay; the older half went when it filled up
    assert "Person 0" not in cached


async def test_a_cancelled_send_is_a_failure_not_an_acknowledgement() -> None:
    loop = asyncio.get_running_loop()
    sent: asyncio.Future[Any] = loop.create_future()
    cancelled: asyncio.Future[Any] = loop.create_future()
    sent.set_result(None)
    cancelled.cancel()
    with pytest.raises(SinkError, match="1 of 2 records not acknowledged"):
        await acknowledged([sent, cancelled])
    await acknowledged([sent])


async def test_outputs_go_to_the_sink_in_the_order_of_their_events() -> None:
    pipeline = make()
    events = [event(f"e{i}", creditor="ALPA Trading Company") for i in range(5)]
    await pipeline.process([record(raw, offset=i) for i, raw in enumerate(events)])
    sink = pipeline.sink
    assert isinstance(sink, MemorySink)
    assert [(s.topic, s.key) for s in sink.sent] == [
        (topic, f"e{i}".encode()) for i in range(5) for topic in ("alerts", "decisions")
    ]
