"""The agents: raw records in, ``Pipeline.process`` per batch, inputs acked after outputs.

Contract:
- One agent per input topic; each iterates its stream with acks off (``noack``) and acks an
  event only after ``Pipeline.process`` returned for the batch holding it, i.e. after the
  broker acknowledged every alert, decision and dead letter of that batch. Faust commits only
  acked offsets, so a crash or kill redelivers whatever was not fully produced.
- Batching is natural: events already buffered are screened together (at most
  ``batch_size``); when the buffer is empty the batch is flushed at once, so no timer adds
  latency.
- Fail closed: an agent awaits ``ready()`` (the first table installed, the output topics
  declared) before it takes any event from its stream.
- A ``SinkError`` (or any exception) escapes the agent with the batch unacked; the app's
  crashing supervisor stops the worker.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from services.table import TableHolder
from streams.events import EventType
from streams.pipeline import InputRecord, Pipeline
from streams.records import Source

log = logging.getLogger(__name__)

READY_POLL_SECONDS = 0.05


async def wait_for_table(holder: TableHolder) -> None:
    """Return once a table is installed (fail closed until then)."""
    # TableHolder swaps by plain assignment and has no event to await: poll, cheaply.
    while holder.current is None:  # noqa: ASYNC110
        await asyncio.sleep(READY_POLL_SECONDS)


def input_record(event_type: EventType, event: Any) -> InputRecord:
    """A Faust event's message as the pipeline's ``InputRecord`` (original bytes untouched)."""
    message = event.message
    headers = message.headers or ()
    if isinstance(headers, dict):
        headers = list(headers.items())
    return InputRecord(
        event_type=event_type,
        source=Source(message.topic, message.partition, message.offset),
        key=message.key,
        value=message.value,
        headers=tuple((str(k), bytes(v or b"")) for k, v in headers),
        timestamp=message.timestamp,
    )


def buffered(stream: Any) -> Callable[[], bool]:
    """True while the stream's channel holds more events ready to be taken."""
    queue = getattr(stream.channel, "queue", None)
    if queue is None:
        return lambda: False
    return lambda: not queue.empty()


async def screen_stream(
    stream: Any,
    event_type: EventType,
    pipeline: Pipeline,
    batch_size: int,
    ready: Callable[[], Awaitable[None]],
) -> AsyncIterator[int]:
    """Screen ``stream`` batch by batch; yield the size of each acknowledged batch."""
    await ready()
    manual = stream.noack()
    more = buffered(manual)
    events: list[Any] = []
    records: list[InputRecord] = []
    async for event in manual.events():
        events.append(event)
        records.append(input_record(event_type, event))
        if len(records) < batch_size and more():
            continue
        await pipeline.process(records)
        for done in events:
            await manual.ack(done)
        yield len(events)
        events.clear()
        records.clear()


def register_agents(
    app: Any,
    topics: dict[str, EventType],
    pipeline: Pipeline,
    batch_size: int,
    ready: Callable[[], Awaitable[None]],
) -> list[Any]:
    """One agent per input topic (raw bytes), screening through ``pipeline``."""
    agents = []
    for name, event_type in topics.items():
        topic = app.topic(name, key_type=bytes, value_type=bytes)

        async def screen(stream: Any, event_type: EventType = event_type) -> None:
            async for _ in screen_stream(stream, event_type, pipeline, batch_size, ready):
                pass

        agents.append(app.agent(topic, name=f"cordon.screen.{event_type}")(screen))
    return agents
