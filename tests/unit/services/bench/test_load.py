"""load.py: when a fixed-rate step counts as sustained."""

from __future__ import annotations

import pytest

from services.bench.load import sustained


@pytest.mark.parametrize(
    ("rate", "send", "decide", "lost", "growth", "backlog", "expected"),
    [
        (1000, 999.7, 984.6, 0, 18.5, 121, True),  # kept up; a batch's saw-tooth backlog
        (500, 499.8, 497.3, 0, -1.7, 20, True),
        # bench rev 79b2ee6 at 2,000/s: the backlog grew slowly, decisions at 92% of the rate
        # in the second half (1.1 s of traffic undecided at the end): not sustained
        (2000, 1999.6, 1842.9, 0, 156.7, 2262, False),
        # steady state at the rate, a few hundred ms behind: sustained
        (2000, 1999.7, 1991.0, 0, 9.0, 700, True),
        (1000, 900.0, 900.0, 0, 0.0, 0, False),  # the sender could not keep the rate
        (1000, 1000.0, 1000.0, 3, 0.0, 0, False),  # events never decided
        (1000, 1000.0, 990.0, 0, 400.0, 900, False),  # the backlog grew steadily
    ],
)
def test_a_step_is_sustained_only_when_decisions_keep_the_rate(
    rate: int, send: float, decide: float, lost: int, growth: float, backlog: int, expected: bool
) -> None:
    assert sustained(rate, send, decide, lost, growth, backlog) is expected
