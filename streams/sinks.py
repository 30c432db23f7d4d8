"""Where the pipeline's outputs go: alerts, decisions and dead letters, keyed by event id.

Contract: ``Sink.send`` hands one record to the producer and returns an awaitable that resolves
once the broker has acknowledged it (acks=all), or raises. ``Outbox`` collects those awaitables
for a batch; ``Outbox.flush`` waits for every one and raises ``SinkError`` if any failed. A
``SinkError`` is an infrastructure failure: the caller must stop the worker without acknowledging
the input records, so they are redelivered.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import Any, Protocol

Headers = Sequence[tuple[str, bytes]]


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
    """The produce futures of one batch."""

    def __init__(self, sink: Sink) -> None:
        self._sink = sink
        self._pending: list[Awaitable[Any]] = []

    async def send(
        self, topic: str, key: bytes | None, value: bytes | None, headers: Headers = ()
    ) -> None:
        try:
            self._pending.append(await self._sink.send(topic, key, value, headers))
        except Exception as exc:
            raise SinkError(f"producing to {topic} failed: {exc!r}") from exc

    def __len__(self) -> int:
        return len(self._pending)

    async def flush(self) -> None:
        """Wait until the broker acknowledged every record sent, or raise ``SinkError``."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        results = await asyncio.gather(*pending, return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        if failures:
            raise SinkError(
                f"{len(failures)} of {len(results)} records not acknowledged: {failures[0]!r}"
            ) from failures[0]
