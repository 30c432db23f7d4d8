"""Decoded events: what the decoder hands the pipeline.

Contract: ``streams.decode.decode(event_type, raw)`` returns a ``ScreeningEvent`` or raises
``DecodeError`` with a stable ``reason`` (it becomes the DLQ header and the metric label).
Findings are facts about the event worth recording in the decision (a bad MRZ check digit, an
MRZ that disagrees with the structured fields); they never stop screening.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from matching import Query


class EventType(StrEnum):
    PAYMENT = "payment"
    TRAVEL = "travel"


class DecodeError(Exception):
    """An event that cannot be screened; ``reason`` is a stable snake_case token."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Party:
    """A named party of an event: ``role`` is ``debtor``, ``creditor``, ``ultimate_debtor``,
    ``ultimate_creditor``, ``debtor_agent``, ``creditor_agent``, ``traveller``, ..."""

    role: str
    query: Query


@dataclass(frozen=True, slots=True)
class ScreeningEvent:
    """A valid event, reduced to what screening and the audit trail need."""

    event_id: str
    event_type: EventType
    event_time: datetime | None
    parties: tuple[Party, ...]
    findings: tuple[str, ...] = ()
