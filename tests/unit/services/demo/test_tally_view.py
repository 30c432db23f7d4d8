"""The demo's tally (dedup, summary, checks) and its plain and rich views."""

from __future__ import annotations

import io

from rich.console import Console

from services.demo.scenario import build_scenario
from services.demo.tally import Tally, percentile
from services.demo.view import PlainView, RichView, make_view


def _alert(event_id: str, role: str, entity: str, alert_id: str = "a1") -> dict[str, object]:
    return {
        "alert_id": alert_id, "event_id": event_id, "party_role": role, "outcome": "match",
        "score": 0.97, "query": {"name": "Nusret Seferovic"},
        "entity": {"id": entity, "source": "uk", "primary_name": "Nusret SEFEROVIĆ"},
    }  # fmt: skip


def _played(n: int = 17) -> Tally:
    tally = Tally()
    events = build_scenario(n)
    tally.expect(events)
    for event in events:
        tally.sent_one(event.event_id)
        if event.dlq_reason:
            tally.on_dead_letter(event.event_id, event.dlq_reason)
        else:
            outcome = "match" if event.alerts else "clear"
            tally.on_decision({"event_id": event.event_id, "outcome": outcome,
                               "findings": list(event.findings), "list_version": "v1"})  # fmt: skip
        for i, alert in enumerate(event.alerts):
            tally.on_alert(_alert(alert.event_id, alert.role, alert.entity_id, f"{event.index}{i}"))
    return tally


def test_percentile() -> None:
    assert percentile([], 0.5) is None
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([float(i) for i in range(1, 101)], 0.99) == 99.0
    assert percentile([5.0], 0.99) == 5.0


def test_complete_run_is_ok() -> None:
    summary = _played().summary()
    assert summary.complete and summary.ok
    assert summary.caught_hits == summary.expected_hits == 12
    assert summary.dead_letters == 6
    assert summary.decisions == 11
    assert summary.list_version == "v1"
    assert summary.as_dict()["ok"] is True


def test_duplicates_count_once() -> None:
    tally = _played()
    before = tally.summary()
    tally.on_decision({"event_id": build_scenario(17)[0].event_id, "outcome": "clear"})
    tally.on_dead_letter(next(iter(tally.dead)), "invalid_json")
    assert tally.on_alert(_alert("x", "debtor", "uk:X", alert_id="00")) is None
    after = tally.summary()
    assert (after.decisions, after.dead_letters, after.alerts) == (
        before.decisions, before.dead_letters, before.alerts,
    )  # fmt: skip


def test_missed_hit_and_missing_dead_letter_fail_the_check() -> None:
    tally = Tally()
    events = build_scenario(17)
    tally.expect(events)
    for event in events:
        tally.on_decision({"event_id": event.event_id, "outcome": "clear"})
    summary = tally.summary()
    assert not summary.ok
    assert len(summary.missed_hits) == 12
    assert "Nusret Seferovic on a Croatian passport" in " ".join(summary.missed_hits)


def test_unscripted_alert_is_marked() -> None:
    tally = Tally()
    line = tally.on_alert(_alert("pay-1", "debtor", "uk:GIM0001"))
    assert line is not None and not line.expected
    assert tally.summary().unexpected_alerts == 1


def test_plain_view_lines() -> None:
    tally = _played()
    out = io.StringIO()
    view = PlainView(tally, out=out, every=0)
    view.status("starting")
    view.alert(tally.alerts[0])
    view.tick()
    view.finished(tally.summary())
    text = out.getvalue()
    assert "[demo] starting" in text
    assert "ALERT match  0.970  debtor: 'Nusret Seferovic' -> 'Nusret SEFEROVIĆ'" in text
    assert "scripted hits caught 12/12" in text
    assert "dead letters: 6 of 6 expected" in text
    assert "result: OK" in text
    assert "\x1b[" not in text


def test_rich_view_renders() -> None:
    tally = _played()
    console = Console(file=io.StringIO(), force_terminal=True, width=140)
    view = RichView(tally, console=console)
    view.info.metrics_url = "http://127.0.0.1:6066/metrics"
    view.status("playing")
    view.finished(tally.summary())
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "metrics" in text and "summary" in text and "GIM0011" in text


def test_make_view_is_plain_when_not_a_tty() -> None:
    assert type(make_view(Tally())) is PlainView  # pytest captures stdout: not a TTY
