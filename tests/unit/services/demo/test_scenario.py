"""The demo scenario: deterministic, decodes as scripted, hits the demo list where it says."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.demo.scenario import (
    SCRIPT,
    build_scenario,
    expected_alerts,
    expected_dead_letters,
    iban,
)
from streams.decode import decode
from streams.events import DecodeError

NOW = datetime(2025, 10, 23, 9, 0, tzinfo=UTC)


def test_same_seed_same_events() -> None:
    first = [(e.event_id, e.payload(NOW)) for e in build_scenario(300)]
    again = [(e.event_id, e.payload(NOW)) for e in build_scenario(300)]
    assert first == again
    assert first != [(e.event_id, e.payload(NOW)) for e in build_scenario(300, seed=7)]


@pytest.mark.parametrize("n", [1, 5, len(SCRIPT), 40, 300, 1000])
def test_sizes(n: int) -> None:
    events = build_scenario(n)
    assert len(events) == n
    assert [e.index for e in events] == list(range(n))
    assert len({e.event_id for e in events}) == n
    scripted = [e for e in events if e.kind != "clear"]
    assert len(scripted) == min(n, len(SCRIPT))


def test_full_script_counts() -> None:
    events = build_scenario(300)
    assert len(expected_alerts(events)) == 12
    assert expected_dead_letters(events) == 6
    assert sum(1 for e in events if e.kind == "clear") == 300 - len(SCRIPT)


def test_every_event_decodes_as_scripted() -> None:
    for event in build_scenario(300):
        try:
            decoded = decode(event.event_type, event.payload(NOW))
        except DecodeError as exc:
            assert exc.reason == event.dlq_reason, event.title
            continue
        assert event.dlq_reason is None, event.title
        assert decoded.event_id == event.event_id
        assert decoded.event_time == NOW
        assert set(decoded.findings) == set(event.findings), event.title
        roles = {p.role for p in decoded.parties}
        assert {a.role for a in event.alerts} <= roles


def test_bad_mrz_case_is_present() -> None:
    (event,) = [e for e in build_scenario(300) if e.findings]
    assert "mrz_check_digit_failed:document_number" in event.findings
    assert event.alerts[0].entity_id == "uk:GIM0005"


def test_spelling_variants_of_the_brief_are_scripted() -> None:
    names = {
        party.query.name
        for e in build_scenario(300)
        if e.kind == "hit"
        for party in decode(e.event_type, e.payload(NOW)).parties
    }
    assert {"Nusret Seferovic", "ALPA Trading Company", "KRASNIQI Burim"} <= names


def test_event_time_is_stamped_at_send_time() -> None:
    event = build_scenario(300)[0]
    assert b"2025-10-23T09:00:00.000Z" in event.payload(NOW)


@pytest.mark.parametrize("country", ["XK", "DE", "AL", "HR", "AE"])
def test_iban_check_digits(country: str) -> None:
    import random

    value = iban(random.Random(1), country)
    rearranged = value[4:] + value[:4]
    assert int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def test_clear_traffic_hits_nothing_on_the_demo_list() -> None:
    from services.demo_lists import DEMO_LIST_PATH
    from services.lists.loader import load_locations
    from services.table import build_table

    screener = build_table(load_locations([str(DEMO_LIST_PATH)])).screener
    expected = {(a.event_id, a.role, a.entity_id) for a in expected_alerts(build_scenario(300))}
    found = set()
    for event in build_scenario(300):
        if event.dlq_reason is None:
            for party in decode(event.event_type, event.payload(NOW)).parties:
                found.update((event.event_id, party.role, m.entity.id)
                             for m in screener.screen(party.query))  # fmt: skip
    assert found == expected
