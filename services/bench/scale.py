"""Scale section: two workers in one consumer group, on topics of two partitions, against one.

The figure is the ratio of backlog drain rates (``drain.py``): a backlog produced before the
workers start, so that only the workers and the broker share the machine while it is decided,
as in production where producers run elsewhere. The pair (one worker, then two) is drained
``ROUNDS`` times on fresh topics and the ratio is the median round's: the shared host's speed
drifts by tens of percent between two drains a minute apart, and a ratio of one pair would
measure that drift as much as the workers. Beside it, the live ratio: each system flat out
under the bench's own load generator, which runs on the same two cores and so takes a share of
the CPU the second worker would otherwise get (read it beside the events per CPU-second).
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from services.bench import procs
from services.bench.drain import drain
from services.bench.e2e import (
    READY_TIMEOUT_S,
    create_topics,
    keep_logs,
    measure,
    topic_set,
    traffic_names,
)
from services.bench.payloads import events
from services.bench.runner import BenchOptions, real_lists
from services.bench.stats import median_item
from services.broker import EmbeddedBroker

PARTITIONS = 2
COUNTS = (("one", 1), ("two", 2))
ROUNDS = 3  # drained pairs (one quick run: one pair)


def _ratio(one: Any, two: Any) -> float | None:
    return round(two / one, 3) if one and two else None


def run_scale(options: BenchOptions) -> dict[str, Any]:
    if not options.lists:
        return {"skipped": "no lists given (a worker without lists screens nothing)"}
    names = traffic_names(options)
    worker_lists = real_lists(options.lists).locations
    out: dict[str, Any] = {
        "partitions": PARTITIONS,
        "backlog": {"events": options.backlog},
        "live": {"step_seconds": options.step_seconds},
    }
    with tempfile.TemporaryDirectory(prefix="cordon-bench-") as tmp, EmbeddedBroker() as broker:
        work = Path(tmp)
        bootstrap = broker.bootstrap

        def workers(count: int, tag: str) -> Callable[[dict[str, str], str], list[procs.Proc]]:
            def start(topics: dict[str, str], group: str) -> list[procs.Proc]:
                return [
                    procs.spawn_worker(
                        procs.worker_env(
                            bootstrap,
                            topics,
                            group,
                            worker_lists,
                            work / f"data-{tag}-{i}",
                            worker_id=f"bench-{tag}-{i}",
                        ),
                        work / f"scale-{tag}-{i}.log",
                    )
                    for i in range(count)
                ]

            return start

        rounds: list[dict[str, Any]] = []
        for number in range(1 if options.quick else ROUNDS):
            pair: dict[str, Any] = {}
            for key, count in COUNTS:
                prefix = f"bench-drain{count}-r{number}"
                topics = topic_set(prefix)
                asyncio.run(create_topics(bootstrap, topics, PARTITIONS))
                pair[key] = asyncio.run(
                    drain(
                        bootstrap,
                        topics,
                        f"{prefix}-group",
                        workers(count, f"drain{count}-r{number}"),
                        events(names, prefix, options.seed),
                        options.backlog,
                        READY_TIMEOUT_S,
                    )
                )
            rounds.append(pair)
        out["backlog"].update(_median_round(rounds))
        for key, count in COUNTS:
            start = workers(count, f"live{count}")
            out["live"][key] = asyncio.run(
                measure(bootstrap, f"scale{count}", start, options, names, PARTITIONS, False)
            )
        keep_logs(work, options.out_dir / "logs")
    live = out["live"]
    live["ratio"] = _ratio(live["one"].get("flat_out_rate"), live["two"].get("flat_out_rate"))
    out["ratio"] = out["backlog"]["ratio"]
    return out


def _pair_ratio(pair: dict[str, Any]) -> float | None:
    two_deciding = pair["two"].get("deciding_workers") == 2  # else not two workers' rate
    return _ratio(pair["one"].get("rate"), pair["two"].get("rate") if two_deciding else None)


def _median_round(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The median round's drains ("one", "two") and ratio, and every round's ratio; no ratio
    unless every round has one."""
    ratios = [_pair_ratio(pair) for pair in rounds]
    known = [(r, i) for i, r in enumerate(ratios) if r is not None]
    if len(known) < len(rounds):
        return {**rounds[0], "ratio": None, "round_ratios": ratios}
    _, middle = median_item(known, key=lambda item: item[0])
    return {**rounds[middle], "ratio": ratios[middle], "round_ratios": ratios}
