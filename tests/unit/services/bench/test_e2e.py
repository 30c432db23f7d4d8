"""Fixed-rate steps: each on a fresh system; a rate is sustained when a majority of its tries
are; the latency target's rate runs three times and reads the median p99 (with a stand-in
load run)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from services.bench.e2e import REFERENCE_RATE, _rate_row, _reference, _steps_at


class ScriptedRun:
    """A load run whose steps come out sustained or not as scripted, p99 10, 20, 30 ms…"""

    def __init__(self, verdicts: list[bool]) -> None:
        self.verdicts: Iterator[bool] = iter(verdicts)
        self.steps = 0

    async def step(self, rate: int | None, seconds: float) -> dict[str, Any]:
        self.steps += 1
        latency = {"p99_ms": 10.0 * self.steps}
        return {"rate": rate, "decided": 100, "sustained": next(self.verdicts), "latency": latency}

    async def settle(self) -> float:
        return 0.0


def _run(verdicts: list[bool], rate: int) -> tuple[list[dict[str, Any]], int]:
    run = ScriptedRun(verdicts)
    systems: list[str] = []  # "up" while a system runs, "down" once stopped

    @asynccontextmanager
    async def system() -> AsyncIterator[tuple[Any, list[Any]]]:
        systems.append("up")
        yield run, []
        systems[-1] = "down"

    steps = asyncio.run(_steps_at(system, rate, 1.0))
    assert systems == ["down"] * run.steps  # one system per step, stopped after it
    return steps, run.steps


@pytest.mark.parametrize(
    ("verdicts", "tries", "sustained"),
    [
        ([True, True], 2, True),  # two agree: no third step
        ([False, False], 2, False),
        ([False, True, True], 3, True),  # one stall does not decide the rate
        ([True, False, False], 3, False),
    ],
)
def test_a_rate_is_sustained_by_a_majority_of_its_tries(
    verdicts: list[bool], tries: int, sustained: bool
) -> None:
    steps, taken = _run(verdicts, 2000)
    assert taken == tries
    row = _rate_row(steps)
    assert row["tries"] == verdicts[:tries]
    assert row["sustained"] is sustained
    assert row["latency"]["p99_ms"] == 10.0  # the table's row is the first step


def test_the_reference_rate_always_runs_three_times_and_reads_the_median() -> None:
    steps, taken = _run([True, True, False], REFERENCE_RATE)
    assert taken == 3
    assert _rate_row(steps)["sustained"] is True
    assert _reference(steps) == {"rate": 500, "p99_ms": [10.0, 20.0, 30.0], "median_p99_ms": 20.0}
