from __future__ import annotations

import pytest

from services.bench.drain import rate_together


def test_rate_while_every_worker_decides() -> None:
    # "a" decides from 0 s to 10 s; "b" joins at 2 s and runs dry at 8 s: 6 s together, in
    # which each decides 100 events a second
    decisions = [(ms, "a") for ms in range(0, 10_001, 10)]
    decisions += [(ms, "b") for ms in range(2_000, 8_001, 10)]
    found = rate_together(decisions)
    assert found["deciding_workers"] == 2
    assert found["together_s"] == 6.0
    assert found["rate"] == pytest.approx(200.0)


def test_one_worker_over_its_whole_run() -> None:
    found = rate_together([(ms, "a") for ms in range(1_000, 5_001, 4)])
    assert found == {"rate": 250.0, "together_s": 4.0, "deciding_workers": 1}


def test_too_short_together_or_nothing_decided() -> None:
    decisions = [(ms, "a") for ms in range(0, 10_000, 10)] + [(9_500, "b"), (9_900, "b")]
    assert rate_together(decisions)["rate"] is None
    assert rate_together([]) == {"rate": None, "together_s": None, "deciding_workers": 0}
