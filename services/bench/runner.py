"""Runs the selected bench sections and writes the results; what ``cordon bench`` calls.

Each section is isolated: one that cannot run records ``{"skipped": why}`` (a missing piece, such
as no lists given) or ``{"error": why}`` (it failed), and the others still run.
"""

from __future__ import annotations

import functools
import logging
import os
import platform
import subprocess
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from services.bench import hostcpu, report
from services.lists.loader import load_locations

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BenchOptions:
    """What to run and at what size; ``quick`` shrinks every section to a smoke run."""

    out_dir: Path = Path("bench-results")
    only: tuple[str, ...] = report.SECTIONS
    quick: bool = False
    lists: tuple[str, ...] = ()
    sizes: tuple[int, ...] = (100_000, 1_000_000)
    queries: int = 3000
    baseline_queries: int = 300
    rates: tuple[int, ...] = (250, 500, 1000, 2000)
    step_seconds: float = 8.0
    backlog: int = 60_000
    seed: int = 1


def quick_options(options: BenchOptions) -> BenchOptions:
    """The ``--quick`` shape of ``options``: fewer queries, smaller tables, shorter steps."""
    return BenchOptions(
        out_dir=options.out_dir,
        only=options.only,
        quick=True,
        lists=options.lists,
        sizes=tuple(s for s in options.sizes if s <= 100_000) or (100_000,),
        queries=min(options.queries, 500),
        baseline_queries=min(options.baseline_queries, 60),
        rates=tuple(r for r in options.rates if r <= 500) or (250,),
        step_seconds=min(options.step_seconds, 3.0),
        backlog=min(options.backlog, 3000),
        seed=options.seed,
    )


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _revision() -> str | None:
    """The commit measured, ``+dirty`` when the engine's sources differ from it."""
    revision = _git("rev-parse", "--short", "HEAD")
    if revision is None:
        return None
    dirty = _git("status", "--porcelain", "--", "matching", "streams", "services")
    return f"{revision}+dirty" if dirty else revision


def _section(name: str) -> Callable[[BenchOptions], dict[str, Any]]:
    if name == "matcher":
        from services.bench.matcher_section import run_matcher

        return run_matcher
    if name == "e2e":
        from services.bench.e2e import run_e2e

        return run_e2e
    if name == "scale":
        from services.bench.scale import run_scale

        return run_scale
    from services.bench.cost import run_cost

    return run_cost


def run(options: BenchOptions) -> dict[str, Any]:
    """Run every selected section, write results.json and summary.md, return the document."""
    from matching import MATCHER_VERSION

    started = time.perf_counter()
    doc: dict[str, Any] = {
        "schema": report.SCHEMA,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": options.quick,
        "revision": _revision(),
        "matcher_version": MATCHER_VERSION,
        "host": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_avg_start": _load(),
        },
        "options": {
            "only": list(options.only),
            "lists": list(options.lists),
            "sizes": list(options.sizes),
            "queries": options.queries,
            "baseline_queries": options.baseline_queries,
            "rates": list(options.rates),
            "step_seconds": options.step_seconds,
            "backlog": options.backlog,
            "seed": options.seed,
        },
        "sections": {},
    }
    for name in report.SECTIONS:
        if name not in options.only:
            continue
        log.warning("bench: %s ...", name)
        t0, cpu0 = time.perf_counter(), hostcpu.snapshot()
        try:
            result = _section(name)(options)
        except Exception as exc:  # one broken section must not lose the others' figures
            log.exception("bench section %s failed", name)
            result = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}
        result["elapsed_s"] = round(time.perf_counter() - t0, 1)
        result["host_cpu"] = hostcpu.shares(cpu0, hostcpu.snapshot())
        doc["sections"][name] = result
    doc["host"]["load_avg_end"] = _load()
    doc["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    doc["duration_s"] = round(time.perf_counter() - started, 1)
    report.write(doc, options.out_dir)
    return doc


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def parse_csv_ints(text: str) -> tuple[int, ...]:
    """``"100000,1000000"`` -> (100000, 1000000); refuses anything else."""
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError as exc:
        raise ValueError(f"expected comma-separated integers, got {text!r}") from exc


def sections_of(text: str) -> tuple[str, ...]:
    """``--only`` value to section names, refusing unknown ones."""
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [n for n in names if n not in report.SECTIONS]
    if unknown:
        raise ValueError(f"unknown bench sections {unknown}; known: {', '.join(report.SECTIONS)}")
    return names


@dataclass(frozen=True, slots=True)
class RealLists:
    """The lists a worker given ``locations`` as CORDON_LISTS loads, and how long parsing took."""

    parsed: tuple[Any, ...]
    load_s: float
    locations: tuple[str, ...]

    @property
    def entities(self) -> list[Any]:
        return [e for p in self.parsed for e in p.entities]


@functools.cache
def real_lists(locations: tuple[str, ...]) -> RealLists:
    """Parse the lists with the service's own loader, once per run: a directory holding several
    dated copies of one list gives the newest copy of each, exactly as a worker loads it."""
    start = time.perf_counter()
    parsed = tuple(load_locations(list(locations)))
    return RealLists(parsed, time.perf_counter() - start, locations)
