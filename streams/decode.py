"""Raw Kafka value -> ``ScreeningEvent``, or ``DecodeError`` with a stable reason.

Steps, in order (the first that fails names the reason):
1. ``empty_payload``: no bytes, or only whitespace (a UTF-8 BOM is ignored).
2. ``not_utf8`` / ``invalid_json``: orjson parses the bytes; when it refuses them, the bytes are
   checked for UTF-8 to tell the two apart (only on the failure path).
3. ``not_an_object``: the JSON value is an array, a string, a number, ...
4. ``schema_violation``: the versioned JSON Schema of the event type
   (``streams/schemas/<type>.v1.json``, compiled once with fastjsonschema) rejects the document;
   the detail is the JSON path and the message, e.g. ``$.debtor.name: must be string``.
5. ``invalid_event_time``: ``event_time`` is not an ISO 8601 date-time with a UTC offset.
Then the parties are extracted (``streams.parties``); what they find (a bad MRZ check digit, an
MRZ that disagrees with the structured fields, an unknown country code) becomes the event's
findings, never an error. An MRZ is not required to be readable: an unreadable one is the
finding ``mrz_unreadable``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
import orjson

from streams.events import DecodeError, EventType, ScreeningEvent
from streams.parties import payment_parties, traveller_parties

SCHEMA_VERSION = "v1"
REASONS = (
    "empty_payload",
    "not_utf8",
    "invalid_json",
    "not_an_object",
    "schema_violation",
    "invalid_event_time",
)
_BOM = b"\xef\xbb\xbf"
_MAX_DETAIL = 300

_Extractor = Callable[[dict[str, Any]], tuple[tuple[Any, ...], tuple[str, ...]]]
_EXTRACTORS: dict[EventType, _Extractor] = {
    EventType.PAYMENT: payment_parties,
    EventType.TRAVEL: traveller_parties,
}


def schema_name(event_type: EventType) -> str:
    """File name of the JSON Schema for ``event_type`` (package data of ``streams``)."""
    return f"{event_type.value}.{SCHEMA_VERSION}.json"


def load_schema(event_type: EventType) -> dict[str, Any]:
    """The JSON Schema document for ``event_type``, read from package data."""
    text = resources.files("streams").joinpath("schemas", schema_name(event_type)).read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator(event_type: EventType) -> Callable[[Any], Any]:
    """The compiled validator of ``event_type``'s schema (compiled once per process)."""
    compiled: Callable[[Any], Any] = fastjsonschema.compile(load_schema(event_type))
    return compiled


def decode(event_type: EventType, raw: bytes) -> ScreeningEvent:
    """Decode, validate and reduce one event; see the module docstring for the reasons."""
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    if not raw or raw.isspace():
        raise DecodeError("empty_payload", "the message value is empty")
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as utf8:
            raise DecodeError("not_utf8", f"byte {utf8.start}: {utf8.reason}") from exc
        raise DecodeError("invalid_json", _truncate(str(exc))) from exc
    if not isinstance(doc, dict):
        raise DecodeError("not_an_object", f"expected a JSON object, got {_json_kind(doc)}")
    try:
        validator(event_type)(doc)
    except fastjsonschema.JsonSchemaValueException as exc:
        raise DecodeError("schema_violation", _violation(exc)) from exc
    event_time = parse_event_time(doc["event_time"])
    parties, findings = _EXTRACTORS[event_type](doc)
    return ScreeningEvent(
        event_id=doc["event_id"],
        event_type=event_type,
        event_time=event_time,
        parties=parties,
        findings=findings,
    )


def parse_event_time(value: str) -> datetime:
    """An ISO 8601 date-time with a UTC offset, as an aware UTC datetime."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise DecodeError("invalid_event_time", f"not an ISO 8601 date-time: {value!r}") from exc
    if parsed.tzinfo is None:
        raise DecodeError("invalid_event_time", f"no UTC offset: {value!r}")
    return parsed.astimezone(UTC)


def _violation(exc: fastjsonschema.JsonSchemaValueException) -> str:
    path = "$" + (exc.name or "data").removeprefix("data")
    definition = exc.definition if isinstance(exc.definition, dict) else {}
    if exc.rule == "anyOf" and "$comment" in definition:
        message = str(definition["$comment"]).removeprefix("anyOf: ")
    else:
        message = exc.message.removeprefix(f"{exc.name} ")
    return _truncate(f"{path}: {message}")


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


def _truncate(text: str) -> str:
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 1] + "…"
