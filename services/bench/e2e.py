"""End-to-end and scale sections: a worker on the embedded broker, the bare relay beside it.

``e2e``: the relay, then one worker, through the same fixed-rate steps and a flat-out step;
the highest sustained fixed rate is each system's "max sustained rate". Every step runs on
fresh topics (one partition), with the system started afresh on them, ready and warmed up
(``measure``): the embedded broker keeps a partition's log in memory as one object per
produced batch and every fetch walks them all, so a topic slows down as it fills (a produce
and fetch round trip took 5 ms at 550 batches, 18 ms at 10,000, with a polling consumer
costing the broker 0.3 then 0.9 of a core). Steps on one topic set were measuring a broker
that got slower step by step (p99 at 500/s in three steps in a row: relay 84, 153, 354 ms),
not the system. The traffic goes on from one step to the next (new names; a fresh worker's
cache of parties is cold at each start, as after any restart).
An 8-second step is one shot, and one stall of the shared host fails it, for the relay as
for the worker; so a rate is sustained when a majority of three steps at it are (the third
runs only when the first two disagree). Steps stop at the first unsustained rate, except the
500/s step of the latency target, which always runs, three times (``REFERENCE_REPEATS``); the
target reads the median of their p99s, as the slowest 1% of a few thousand events is again
one stall. Process CPU per event is recorded for both, and a py-spy profile of the worker's
flat-out step when py-spy is installed: together they say where a worker's time goes.

The scale section (``scale.py``) reuses ``measure`` for its live figures.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from itertools import count
from pathlib import Path
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from services.bench import hostcpu, procs, pyspy
from services.bench.load import LoadRun
from services.bench.payloads import events
from services.bench.runner import BenchOptions, real_lists
from services.bench.stats import median_item
from services.bench.synthetic import LabelledQuery, query_mix, synthetic_entities
from services.broker import EmbeddedBroker

log = logging.getLogger(__name__)
KINDS = ("payment", "travel", "decisions", "alerts", "dlq", "entities")
READY_TIMEOUT_S = 180.0
REFERENCE_RATE = 500  # the rate of the latency target: always measured when asked for
REFERENCE_REPEATS = 3  # steps at REFERENCE_RATE per system (the first in "steps")
TRIES = 3  # most steps at another fixed rate: sustained when a majority of them are


def topic_set(prefix: str) -> dict[str, str]:
    return {kind: f"{prefix}.{kind}" for kind in KINDS}


async def create_topics(bootstrap: str, topics: dict[str, str], partitions: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(name, partitions, 1) for name in topics.values()], timeout_ms=10_000
        )
    finally:
        await admin.close()


def traffic_names(options: BenchOptions) -> list[LabelledQuery]:
    """Names for events: variants of listed names from the real table when it loads."""
    entities: list[Any] = []
    if options.lists:
        try:
            entities = real_lists(options.lists).entities
        except Exception:  # traffic still works on synthetic names
            log.warning("bench: real lists unavailable for traffic names", exc_info=True)
    if not entities:
        entities = synthetic_entities(20_000, seed=options.seed)
    return query_mix(entities, 5000, seed=options.seed + 11, listed_share=0.05)


async def _cpu_step(
    run: LoadRun, workers: Sequence[procs.Proc], rate: int | None, seconds: float
) -> dict[str, Any]:
    before = [p.cpu_seconds() or 0.0 for p in workers]
    host_before = hostcpu.snapshot()
    step = await run.step(rate, seconds)
    step["host_cpu"] = hostcpu.shares(host_before, hostcpu.snapshot())
    used = sum((p.cpu_seconds() or 0.0) - b for p, b in zip(workers, before, strict=True))
    step["process_cpu_s"] = round(used, 3)
    step["cpu_us_per_event"] = round(used / step["decided"] * 1e6, 1) if step["decided"] else None
    step["rss_bytes"] = sum(p.rss_bytes() or 0 for p in workers)
    return step


System = Callable[[], AbstractAsyncContextManager[tuple[LoadRun, list[procs.Proc]]]]


async def _steps_at(system: System, rate: int, seconds: float) -> list[dict[str, Any]]:
    """The steps at one fixed rate, each on a fresh ``system``: ``REFERENCE_REPEATS`` at
    ``REFERENCE_RATE``; at the others, until a majority of ``TRIES`` agree on whether the rate
    is sustained."""
    steps: list[dict[str, Any]] = []
    wanted = REFERENCE_REPEATS if rate == REFERENCE_RATE else TRIES
    while len(steps) < wanted:
        async with system() as (run, started):
            step = await _cpu_step(run, started, rate, seconds)
            step["settled_s"] = round(await run.settle(), 2)
        steps.append(step)
        held = sum(bool(s["sustained"]) for s in steps)
        decided = held * 2 > TRIES or (len(steps) - held) * 2 > TRIES
        if rate != REFERENCE_RATE and decided:
            break
    return steps


def _rate_row(steps: list[dict[str, Any]]) -> dict[str, Any]:
    """The first step at a rate, with every try's verdict and the majority's as its own."""
    tries = [bool(s["sustained"]) for s in steps]
    return {**steps[0], "tries": tries, "sustained": sum(tries) * 2 > len(tries)}


def _reference(steps: list[dict[str, Any]]) -> dict[str, Any]:
    """The p99 of each step at ``REFERENCE_RATE``, and their median."""
    p99s = [s["latency"].get("p99_ms") for s in steps]
    measured = sorted(p for p in p99s if p is not None)
    median = median_item(measured, key=float) if measured and len(measured) == len(p99s) else None
    return {"rate": REFERENCE_RATE, "p99_ms": p99s, "median_p99_ms": median}


async def measure(
    bootstrap: str,
    label: str,
    start: Callable[[dict[str, str], str], list[procs.Proc]],
    options: BenchOptions,
    names: list[LabelledQuery],
    partitions: int = 1,
    fixed_rates: bool = True,
    profile_to: Path | None = None,
) -> dict[str, Any]:
    """Run the steps, each on fresh topics with the system started afresh (see the module
    docstring), the traffic going on from one step to the next."""
    prefix = f"bench-{label}-{id(names) % 100000}"
    traffic = events(names, prefix, options.seed)
    serial = count(1)
    result: dict[str, Any] = {"partitions": partitions, "steps": [], "ready_s": [], "warm_up_s": []}

    @asynccontextmanager
    async def system() -> AsyncIterator[tuple[LoadRun, list[procs.Proc]]]:
        name = f"{prefix}-{next(serial)}"
        topics = topic_set(name)
        await create_topics(bootstrap, topics, partitions)
        started = start(topics, f"{name}-group")
        result["processes"] = len(started)
        run = LoadRun(bootstrap, topics, topics["decisions"], traffic)
        try:
            await run.start()
            for proc in started:
                if proc.web_port is not None:
                    ready = await procs.wait_ready(proc, READY_TIMEOUT_S)
                    result["ready_s"].append(round(ready, 3))
            result["warm_up_s"].append(round(await run.warm_up(READY_TIMEOUT_S), 3))
            if len(started) > 1:  # let the group settle: both members assigned
                await asyncio.sleep(3.0)
                await run.warm_up(30.0)
            yield run, started
        finally:
            await run.stop()
            for proc in started:
                procs.stop(proc)

    sustained: list[int] = []
    failed = False
    for rate in options.rates if fixed_rates else ():
        if failed and rate != REFERENCE_RATE:
            continue  # past the first unsustained rate, only the reference rate still runs
        steps = await _steps_at(system, rate, options.step_seconds)
        step = _rate_row(steps)
        result["steps"].append(step)
        if rate == REFERENCE_RATE:
            result["reference"] = _reference(steps)
        log.warning("bench e2e %s %s/s: %s", label, rate, step["latency"])
        if step["sustained"] and not failed:
            sustained.append(rate)
        failed = failed or not step["sustained"]
    async with system() as (run, started):
        spy = None
        if profile_to is not None:
            spy = pyspy.start(started[0].pid, max(1, int(options.step_seconds) - 1), profile_to)
        step = await _cpu_step(run, started, None, options.step_seconds)
        if spy is not None and profile_to is not None:
            await asyncio.to_thread(spy.wait, 30)
            result["profile"] = await asyncio.to_thread(pyspy.summarize, profile_to)
        await run.settle()
    result["steps"].append(step)
    log.warning("bench e2e %s flat out: %s/s (%s)", label, step["decide_rate"], step["latency"])
    result["max_sustained_rate"] = max(sustained) if sustained else None
    result["flat_out_rate"] = step["decide_rate"]
    cpu_us = step["cpu_us_per_event"]
    # events/s one full core would sustain at the CPU per event measured flat out: robust
    # to the other tenants of a shared machine, unlike the rates themselves
    result["events_per_cpu_s"] = round(1e6 / cpu_us, 1) if cpu_us else None
    return result


def _run_e2e(options: BenchOptions, work: Path) -> dict[str, Any]:
    names = traffic_names(options)
    out: dict[str, Any] = {"rates": list(options.rates), "step_seconds": options.step_seconds}
    with EmbeddedBroker() as broker:
        bootstrap = broker.bootstrap

        def relay(topics: dict[str, str], group: str) -> list[procs.Proc]:
            return [procs.spawn_relay(bootstrap, topics, group, work / "relay.log")]

        def worker(topics: dict[str, str], group: str) -> list[procs.Proc]:
            env = procs.worker_env(
                bootstrap, topics, group, real_lists(options.lists).locations, work / "worker-data"
            )
            return [procs.spawn_worker(env, work / "worker.log")]

        out["relay"] = asyncio.run(measure(bootstrap, "relay", relay, options, names))
        if not options.lists:
            out["notes"] = [
                "worker skipped: no lists given (a worker without lists screens nothing)"
            ]
            return out
        try:
            raw = options.out_dir / "profile-worker.raw"
            raw.parent.mkdir(parents=True, exist_ok=True)
            out["worker"] = asyncio.run(
                measure(bootstrap, "worker", worker, options, names, profile_to=raw)
            )
        except Exception as exc:  # the relay figures stand on their own
            log.exception("bench e2e: worker run failed")
            out["worker_error"] = f"{type(exc).__name__}: {exc}"
    return out


def run_e2e(options: BenchOptions) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="cordon-bench-") as tmp:
        result = _run_e2e(options, Path(tmp))
        keep_logs(Path(tmp), options.out_dir / "logs")
    return result


def keep_logs(work: Path, logs: Path) -> None:
    """Copy the processes' logs of a section out of its temporary directory."""
    logs.mkdir(parents=True, exist_ok=True)
    for path in work.glob("*.log"):
        (logs / path.name).write_bytes(path.read_bytes())
