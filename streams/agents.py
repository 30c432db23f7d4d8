"""The agents: raw records in, ``Pipeline.process`` per batch, inputs acked after outputs.

Contract:
- One agent per input topic; each iterates its stream with acks off (``noack``) and acks an
  event only after the broker acknowledged every alert, decision and dead letter of the batch
  holding it. Faust commits only acked offsets, so a crash or kill redelivers whatever was not
  fully produced.
- Batching is natural: events already buffered are screened together (at most
  ``batch_size``); when the buffer is empty the batch goes at once, so no timer adds latency.
- Pipelined: a batch's outputs are handed to the producer and the next batch is screened
  while the broker acknowledges them (``Pipeline.submit``); acknowledgements are awaited, and
  input events acked, in order, by a second loop. Waiting for the broker's round trip before
  taking the next batch made a worker latency-bound at a few hundred events/s.
- Fail closed: an agent awaits ``ready()`` (the first table installed, the output topics
  declared) before it takes any event from its stream.
- A ``SinkError`` (or any exception) escapes the agent with its batch and every later one
  unacked; the app's crashing supervisor stops the worker.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from services.table import TableHolder
from streams.events import EventType
from streams.pipeline import InputRecord, Pipeline
from streams.records import Source

log = logging.getLogger(__name__)

READY_POLL_SECONDS = 0.05
#: Batches whose outputs may await the broker's acknowledgement while later ones are screened.
MAX_BATCHES_IN_FLIGHT = 64


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
    max_batches_in_flight: int = MAX_BATCHES_IN_FLIGHT,
) -> None:
    """Screen ``stream`` batch by batch until it ends; raise if outputs cannot be produced.

    Two loops share one task group: ``screen`` takes the buffered events, screens them and
    hands their outputs to the producer (``Pipeline.submit``) without waiting for the broker;
    ``acknowledge`` awaits each batch's acknowledgement in order and only then acks its input
    events. At most ``max_batches_in_flight`` batches wait for the broker at once (then
    ``screen`` waits: back-pressure). A failure in either loop cancels the other and is raised
    as itself, leaving every unacknowledged event unacked.
    """
    await ready()
    manual = stream.noack()
    more = buffered(manual)
    in_flight: asyncio.Queue[tuple[list[Any], asyncio.Future[None]]] = asyncio.Queue(
        max_batches_in_flight
    )

    async def screen() -> None:
        events: list[Any] = []
        records: list[InputRecord] = []
        async for event in manual.events():
            events.append(event)
            records.append(input_record(event_type, event))
            if len(records) < batch_size and more():
                continue
            acknowledged = asyncio.ensure_future(await pipeline.submit(records))
            await in_flight.put((events, acknowledged))
            events, records = [], []

    async def acknowledge() -> None:
        while True:
            events, acknowledged = await in_flight.get()
            await acknowledged
            for done in events:
                await manual.ack(done)
            in_flight.task_done()

    try:
        async with asyncio.TaskGroup() as group:
            acking = group.create_task(acknowledge())
            await group.create_task(screen())
            await in_flight.join()  # the stream ended: every batch acknowledged, then stop
            acking.cancel()
    except BaseExceptionGroup as failed:
        raise failed.exceptions[0] from None
    finally:  # failed or cancelled (shutdown): batches never acknowledged stay unacked
        while not in_flight.empty():
            in_flight.get_nowait()[1].cancel()


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
            await screen_stream(stream, event_type, pipeline, batch_size, ready)

        agents.append(app.agent(topic, name=f"cordon.screen.{event_type}")(screen))
    return agents
