"""What the demo has seen so far, checked against what the scenario expects.

Contract: ``Tally`` is fed the scenario before anything is sent (``expect``), then every send
(``sent``) and every record read back from the output topics (``on_alert``, ``on_decision``,
``on_dead_letter``); it is plain synchronous state, so the view can read it at any time.
``summary()`` freezes it into a ``Summary`` (also written as JSON by ``--summary-json``).
Duplicates (an at-least-once redelivery) are counted once: decisions by event id, dead
letters by key, alerts by alert id.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from services.demo.scenario import ScenarioEvent


def percentile(values: list[float], q: float) -> float | None:
    """The ``q`` quantile (0..1) of ``values`` by nearest rank; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))
    return ordered[rank]


@dataclass(frozen=True, slots=True)
class AlertLine:
    """One alert as the view shows it."""

    event_id: str
    role: str
    party: str
    listed: str
    entity_id: str
    source: str
    score: float
    outcome: str
    expected: bool


@dataclass(frozen=True, slots=True)
class Summary:
    events: int
    sent: int
    decisions: int
    decisions_by_outcome: dict[str, int]
    alerts: int
    alerts_by_outcome: dict[str, int]
    expected_hits: int
    caught_hits: int
    missed_hits: list[str]
    unexpected_alerts: int
    dead_letters: int
    expected_dead_letters: int
    dead_letters_by_reason: dict[str, int]
    findings: dict[str, int]
    latency_ms: dict[str, float | None]
    list_version: str | None
    elapsed_seconds: float
    complete: bool

    @property
    def ok(self) -> bool:
        """Every expected hit caught, every valid event decided, every bad one dead-lettered."""
        return (
            self.complete
            and not self.missed_hits
            and self.dead_letters == self.expected_dead_letters
            and self.decisions == self.events - self.expected_dead_letters
        )

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


@dataclass(slots=True)
class Tally:
    started: float = field(default_factory=time.monotonic)
    events: int = 0
    expected_dlq: int = 0
    expected: dict[tuple[str, str, str], str] = field(default_factory=dict)
    sent_at: dict[str, float] = field(default_factory=dict)
    decided: dict[str, str] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)
    alert_ids: set[str] = field(default_factory=set)
    alerts: list[AlertLine] = field(default_factory=list)
    caught: set[tuple[str, str, str]] = field(default_factory=set)
    dead: dict[str, str] = field(default_factory=dict)
    findings: Counter[str] = field(default_factory=Counter)
    list_version: str | None = None

    def expect(self, scenario: list[ScenarioEvent]) -> None:
        self.events = len(scenario)
        for event in scenario:
            for alert in event.alerts:
                self.expected[(alert.event_id, alert.role, alert.entity_id)] = event.title
            if event.dlq_reason is not None:
                self.expected_dlq += 1

    @property
    def sent(self) -> int:
        return len(self.sent_at)

    @property
    def done(self) -> int:
        return len(self.decided) + len(self.dead)

    @property
    def complete(self) -> bool:
        return self.events > 0 and self.done >= self.events

    def sent_one(self, key: str) -> None:
        self.sent_at.setdefault(key, time.monotonic())

    def _latency(self, key: str) -> None:
        sent = self.sent_at.get(key)
        if sent is not None:
            self.latencies_ms.append((time.monotonic() - sent) * 1000)

    def on_decision(self, decision: dict[str, Any]) -> None:
        event_id = str(decision.get("event_id"))
        if event_id in self.decided:
            return
        self.decided[event_id] = str(decision.get("outcome", "?"))
        self._latency(event_id)
        self.findings.update(str(f) for f in decision.get("findings") or ())
        self.list_version = str(decision.get("list_version") or self.list_version)

    def on_alert(self, alert: dict[str, Any]) -> AlertLine | None:
        alert_id = str(alert.get("alert_id"))
        if alert_id in self.alert_ids:
            return None
        self.alert_ids.add(alert_id)
        entity = alert.get("entity") or {}
        query = alert.get("query") or {}
        key = (str(alert.get("event_id")), str(alert.get("party_role")), str(entity.get("id")))
        if key in self.expected:
            self.caught.add(key)
        line = AlertLine(
            event_id=key[0],
            role=key[1],
            party=str(query.get("name", "")),
            listed=str(entity.get("primary_name", "")),
            entity_id=key[2],
            source=str(entity.get("source", "")),
            score=float(alert.get("score") or 0.0),
            outcome=str(alert.get("outcome", "")),
            expected=key in self.expected,
        )
        self.alerts.append(line)
        return line

    def on_dead_letter(self, key: str, reason: str) -> None:
        if key not in self.dead:
            self.dead[key] = reason
            self._latency(key)

    def summary(self) -> Summary:
        lat = self.latencies_ms
        return Summary(
            events=self.events,
            sent=self.sent,
            decisions=len(self.decided),
            decisions_by_outcome=dict(Counter(self.decided.values()).most_common()),
            alerts=len(self.alerts),
            alerts_by_outcome=dict(Counter(a.outcome for a in self.alerts).most_common()),
            expected_hits=len(self.expected),
            caught_hits=len(self.caught),
            missed_hits=[
                f"{title} ({eid} {role} {entity})"
                for (eid, role, entity), title in self.expected.items()
                if (eid, role, entity) not in self.caught
            ],
            unexpected_alerts=sum(1 for a in self.alerts if not a.expected),
            dead_letters=len(self.dead),
            expected_dead_letters=self.expected_dlq,
            dead_letters_by_reason=dict(Counter(self.dead.values()).most_common()),
            findings=dict(self.findings.most_common()),
            latency_ms={
                "p50": _round(percentile(lat, 0.50)),
                "p95": _round(percentile(lat, 0.95)),
                "p99": _round(percentile(lat, 0.99)),
                "max": _round(max(lat) if lat else None),
            },
            list_version=self.list_version,
            elapsed_seconds=round(time.monotonic() - self.started, 2),
            complete=self.complete,
        )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
