"""In-memory stand-ins for the broker side of the pipeline, and a hand-made table."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

import orjson

from matching import Entity, Name, NameKind, Query, Schema
from services.lists.model import ParsedList
from services.table import SanctionsTable, build_table
from streams.events import DecodeError, EventType, Party, ScreeningEvent
from streams.sinks import Headers

SEFEROVIC = Entity(
    id="uk:GIM0001",
    source="uk",
    schema=Schema.PERSON,
    names=(Name("Nusret SEFEROVIĆ"), Name("Nusret Seferovic", NameKind.VARIATION)),
    birth_dates=("1971-05-14",),
    regimes=("Global Irregular Migration",),
)
ALPA = Entity(
    id="uk:GIM0002",
    source="uk",
    schema=Schema.ORGANIZATION,
    names=(Name("ALPA Trading FZCO"),),
    regimes=("Global Irregular Migration",),
)


def table(*entities: Entity, content_hash: str = "h1") -> SanctionsTable:
    parsed = ParsedList("uk", "test.csv", entities or (SEFEROVIC, ALPA), content_hash, "2025-07-01")
    return build_table([parsed])


def fake_decode(event_type: EventType, raw: bytes) -> ScreeningEvent:
    """A tiny decoder: {"event_id", "parties": {role: name}}; anything else is malformed."""
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DecodeError("invalid_json", str(exc)) from exc
    if doc.get("boom"):
        raise ZeroDivisionError("decoder bug")
    parties = tuple(Party(role, Query(name)) for role, name in doc["parties"].items())
    return ScreeningEvent(
        doc["event_id"], event_type, None, parties, tuple(doc.get("findings", ()))
    )


@dataclass
class Sent:
    topic: str
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]

    def json(self) -> Any:
        return orjson.loads(self.value or b"")


@dataclass
class MemorySink:
    """Records every send; ``fail_on`` makes sends to that topic fail at acknowledgement."""

    sent: list[Sent] = field(default_factory=list)
    fail_on: str | None = None
    refuse: bool = False

    async def send(
        self, topic: str, key: bytes | None, value: bytes | None, headers: Headers
    ) -> Awaitable[Any]:
        if self.refuse:
            raise ConnectionError("producer closed")
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        if topic == self.fail_on:
            future.set_exception(TimeoutError("not acknowledged"))
        else:
            self.sent.append(Sent(topic, key, value, list(headers)))
            future.set_result(None)
        return future

    def on(self, topic: str) -> list[Sent]:
        return [s for s in self.sent if s.topic == topic]
