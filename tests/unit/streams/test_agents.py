"""The agent loop without Faust: batches, acks in order after outputs, failures leave acks out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
import pytest

from streams.agents import screen_stream
from streams.events import EventType
from streams.pipeline import InputRecord
from streams.sinks import SinkError


@dataclass
class Message:
    topic: str
    partition: int
    offset: int
    key: bytes
    value: bytes
    headers: Any = None
    timestamp: float | None = None


@dataclass
class FakeEvent:
    message: Message


class FakeQueue:
    def __init__(self, stream: FakeStream) -> None:
        self._stream = stream

    def empty(self) -> bool:
        return not self._stream.buffered


@dataclass
class FakeChannel:
    queue: FakeQueue


@dataclass
class FakeStream:
    """Hands out its buffered events; ``chunks`` say how many arrive at a time."""

    buffered: list[FakeEvent] = field(default_factory=list)
    acked: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.channel = FakeChannel(FakeQueue(self))

    def noack(self) -> FakeStream:
        return self

    async def events(self) -> AsyncIterator[FakeEvent]:
        while self.buffered:
            yield self.buffered.pop(0)
            await asyncio.sleep(0)

    async def ack(self, event: FakeEvent) -> bool:
        self.acked.append(event.message.offset)
        return True


def stream_of(count: int) -> FakeStream:
    return FakeStream(
        [
            FakeEvent(Message("pay", 0, i, f"e{i}".encode(), orjson.dumps({"event_id": f"e{i}"})))
            for i in range(count)
        ]
    )


class FakePipeline:
    """Records batches; each batch's acknowledgement is a future the test resolves."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.pending: list[asyncio.Future[None]] = []

    async def submit(self, batch: Sequence[InputRecord]) -> Awaitable[None]:
        self.batches.append([r.source.offset for r in batch])
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.pending.append(future)
        return future


async def ready() -> None:
    return None


async def batches(pipeline: FakePipeline, count: int) -> None:
    """Let the loop run until ``count`` batches were submitted."""
    for _ in range(1000):
        if len(pipeline.batches) >= count:
            return
        await asyncio.sleep(0)
    raise AssertionError(f"only {len(pipeline.batches)} batches")


async def test_buffered_events_form_batches_and_are_acked_after_their_outputs() -> None:
    stream = stream_of(7)
    pipeline = FakePipeline()
    task = asyncio.create_task(
        screen_stream(stream, EventType.PAYMENT, pipeline, 3, ready)  # type: ignore[arg-type]
    )
    await batches(pipeline, 3)
    assert pipeline.batches == [[0, 1, 2], [3, 4, 5], [6]]
    assert stream.acked == []  # screened and sent, not yet acknowledged by the broker
    pipeline.pending[1].set_result(None)
    await asyncio.sleep(0.01)
    assert stream.acked == []  # in order: batch 1 waits for batch 0
    pipeline.pending[0].set_result(None)
    pipeline.pending[2].set_result(None)
    await asyncio.wait_for(task, 1.0)  # the stream ended: every batch acknowledged, then done
    assert stream.acked == list(range(7))


async def test_an_unacknowledged_batch_stops_the_loop_with_its_events_and_later_ones_unacked() -> (
    None
):
    stream = stream_of(6)
    pipeline = FakePipeline()
    task = asyncio.create_task(
        screen_stream(stream, EventType.PAYMENT, pipeline, 2, ready)  # type: ignore[arg-type]
    )
    await batches(pipeline, 3)
    pipeline.pending[0].set_result(None)
    pipeline.pending[1].set_exception(SinkError("2 of 2 records not acknowledged"))
    with pytest.raises(SinkError):
        await asyncio.wait_for(task, 1.0)
    assert stream.acked == [0, 1]
    assert pipeline.pending[2].cancelled()


async def test_screening_waits_when_too_many_batches_await_the_broker() -> None:
    stream = stream_of(5)
    pipeline = FakePipeline()
    task = asyncio.create_task(
        screen_stream(
            stream,
            EventType.PAYMENT,
            pipeline,  # type: ignore[arg-type]
            1,
            ready,
            max_batches_in_flight=2,
        )
    )
    await asyncio.sleep(0.01)
    # one batch awaited by the acker, two queued, the fourth screened and waiting for room
    assert len(pipeline.batches) == 4
    assert stream.buffered  # the fifth event is not taken yet
    while not task.done():
        for future in pipeline.pending:
            if not future.done():
                future.set_result(None)
        await asyncio.sleep(0.01)
    await task
    assert stream.acked == list(range(5))
