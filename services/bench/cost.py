"""Cost section: process start to ready, and resident memory, with the full table.

A ``cordon worker`` is started on the embedded broker with the real lists (the newest copy of
each) and, separately, with a synthetic custom list of 1M names (written to a temporary CSV in
the documented custom format); the figures are seconds from ``Popen`` to ``/readyz`` 200 and the
RSS of the process once ready, with the CPU seconds it used until then (robust to the other
tenants of a shared machine). Baseline, same run: the bare relay (a Python process with the
Kafka clients and no table) from start to consuming, and its RSS.
"""

from __future__ import annotations

import asyncio
import csv
import logging
import tempfile
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any

from matching import Entity, NameKind
from services.bench import procs
from services.bench.e2e import create_topics, keep_logs, topic_set
from services.bench.runner import BenchOptions, real_lists
from services.bench.synthetic import synthetic_entities
from services.broker import EmbeddedBroker

log = logging.getLogger(__name__)
READY_TIMEOUT_S = 300.0
SETTLE_S = 2.0


def write_custom_csv(entities: Sequence[Entity], path: Path) -> None:
    """Entities in Cordon's custom-list CSV format (see services/lists/CUSTOM_FORMAT.md)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# list_date: 2025-10-01\n")
        writer = csv.writer(handle)
        writer.writerow(["id", "schema", "name", "aliases", "weak_aliases", "regimes"])
        for entity in entities:
            aliases = [n.value for n in entity.names[1:] if n.kind is not NameKind.WEAK_ALIAS]
            weak = [n.value for n in entity.names[1:] if n.kind is NameKind.WEAK_ALIAS]
            writer.writerow(
                [
                    entity.id.removeprefix("custom:"),
                    entity.schema.value,
                    entity.names[0].value,
                    "|".join(aliases),
                    "|".join(weak),
                    "|".join(entity.regimes),
                ]
            )


async def _worker_cost(
    bootstrap: str, label: str, lists: Sequence[str], work: Path
) -> dict[str, Any]:
    topics = topic_set(f"bench-cost-{label}")
    await create_topics(bootstrap, topics, 1)
    env = procs.worker_env(bootstrap, topics, f"bench-cost-{label}", lists, work / f"d-{label}")
    proc = procs.spawn_worker(env, work / f"cost-{label}.log")
    try:
        ready = await procs.wait_ready(proc, READY_TIMEOUT_S)
        cpu = proc.cpu_seconds()
        await asyncio.sleep(SETTLE_S)
        return {
            "table": label,
            "ready_s": round(ready, 3),
            "cpu_s_to_ready": None if cpu is None else round(cpu, 3),
            "rss_bytes": proc.rss_bytes(),
        }
    finally:
        procs.stop(proc)


async def _relay_cost(bootstrap: str, work: Path) -> dict[str, Any]:
    topics = topic_set("bench-cost-relay")
    await create_topics(bootstrap, topics, 1)
    proc = procs.spawn_relay(bootstrap, topics, "bench-cost-relay", work / "cost-relay.log")
    try:
        ready = await procs.wait_line(proc, "relay ready", 60.0)
        cpu = proc.cpu_seconds()
        await asyncio.sleep(SETTLE_S)
        return {
            "process": "bare relay",
            "ready_s": round(ready, 3),
            "cpu_s_to_ready": None if cpu is None else round(cpu, 3),
            "rss_bytes": proc.rss_bytes(),
        }
    finally:
        procs.stop(proc)


def _guarded(label: str, measurement: Coroutine[Any, Any, dict[str, Any]]) -> dict[str, Any]:
    """One worker measurement; a failure is recorded, the other figures still stand."""
    try:
        return asyncio.run(measurement)
    except Exception as exc:
        log.warning("bench cost: %s failed: %s", label, exc)
        return {"table": label, "ready_s": None, "rss_bytes": None, "error": str(exc)[:2000]}


def run_cost(options: BenchOptions) -> dict[str, Any]:
    out: dict[str, Any] = {"runs": [], "notes": []}
    with tempfile.TemporaryDirectory(prefix="cordon-bench-") as tmp, EmbeddedBroker() as broker:
        work = Path(tmp)
        out["baseline"] = asyncio.run(_relay_cost(broker.bootstrap, work))
        if options.lists:
            real = real_lists(options.lists)
            run = _guarded("real", _worker_cost(broker.bootstrap, "real", real.locations, work))
            run["lists"] = list(real.locations)
            run["names"] = sum(len(e.names) for e in real.entities)
            out["runs"].append(run)
        else:
            out["notes"].append("real lists skipped: no --lists and no CORDON_LISTS")
        big = max(options.sizes, default=0)
        if big:
            path = work / "synthetic.csv"
            write_custom_csv(synthetic_entities(big, seed=options.seed), path)
            label = "1m" if big >= 1_000_000 else f"synthetic-{big}"
            run = _guarded(label, _worker_cost(broker.bootstrap, label, [str(path)], work))
            run["names"] = big
            out["runs"].append(run)
        keep_logs(work, options.out_dir / "logs")
    return out
