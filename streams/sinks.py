"""Where the pipeline's outputs go: alerts, decisions and dead letters, keyed by event id.

Contract: ``Sink.send`` hands one record to the producer and returns an awaitable that resolves
once the broker has acknowledged it (acks=all), or raises. ``Outbox`` collects a batch's records
in order; ``Outbox.send`` hands them to a sink together and returns their acknowledgements;
``acknowledged`` waits for every one and raises ``SinkError`` if any failed. A ``SinkError`` is
an infrastructure failure: the caller must stop the worker without acknowledging the input
records, so they are redelivered.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import Any, Protocol

Headers = Sequence[tuple[str, bytes]]
Ack = asyncio.Future[Any]


class SinkError(RuntimeError):
    """Outputs could not be produced (broker down, produce refused): stop, do not ack."""


class Sink(Protocol):
    async def send(
        self, topic: str, key: bytes | None, value: bytes | None, headers: Headers
    ) -> Awaitable[Any]:
        """Enqueue one record; the returned awaitable resolves when the broker acked it."""
        ...


class ProducerSink:
    """A ``Sink`` over Faust's producer (aiokafka underneath, no attachments, no transactions)."""

    def __init__(self, producer: Any) -> None:
        self._producer = producer

    async def send(
        self, topic: str, key: bytes | None, value: bytes | None, headers: Headers
    ) -> Awaitable[Any]:
        future: Awaitable[Any] = await self._producer.send(
            topic, key, value, None, None, list(headers)
        )
        return future


class Outbox:
    """The output records of one batch, in the order they were added."""

    def __init__(self) -> None:
        self._records: list[tuple[str, bytes | None, bytes | None, Headers]] = []

    def add(
        self, topic: str, key: bytes | None, value: bytes | None, headers: Headers = ()
    ) -> None:
        self._records.append((topic, key, value, headers))

    def __len__(self) -> int:
        return len(self._records)

    async def send(self, sink: Sink) -> list[Ack]:
        """Hand every record to ``sink``, in order; their acknowledgements. Raises
        ``SinkError`` when the sink refuses one."""
        acks: list[Ack] = []
        for topic, key, value, headers in self._records:
            try:
                acks.append(asyncio.ensure_future(await sink.send(topic, key, value, headers)))
            except Exception as exc:
                raise SinkError(f"producing to {topic} failed: {exc!r}") from exc
        self._records = []
        return acks


async def acknowledged(acks: Sequence[Ack]) -> None:
    """Return once the broker acknowledged every record of ``acks``, or raise ``SinkError``.

    Waits on one pending acknowledgement at a time: the records of a batch are acknowledged
    together, so after the first the rest are done and cost no wait (no callback per record).
    """
    for ack in acks:
        if not ack.done():
            await asyncio.wait((ack,))
    failures = [failure for failure in map(_failure, acks) if failure is not None]
    if failures:
        raise SinkError(
            f"{len(failures)} of {len(acks)} records not acknowledged: {failures[0]!r}"
        ) from failures[0]


def _failure(ack: Ack) -> BaseException | None:
    if ack.cancelled():
        return asyncio.CancelledError("the send was cancelled")
    return ack.exception()
