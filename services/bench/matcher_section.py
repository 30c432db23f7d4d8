"""The ``matcher`` section: the real UK + OFAC + UN table and synthetic tables of given sizes."""

from __future__ import annotations

import logging
import time
from typing import Any

from services.bench.matcher import bench_table
from services.bench.runner import BenchOptions, real_lists
from services.bench.synthetic import query_mix, synthetic_entities

log = logging.getLogger(__name__)

#: Cold passes over the real table's queries (its targets are read on the median pass).
REAL_PASSES = 3


def run_matcher(options: BenchOptions) -> dict[str, Any]:
    tables: list[dict[str, Any]] = []
    notes: list[str] = []
    if options.lists:
        try:
            real = real_lists(options.lists)
        except ImportError as exc:
            notes.append(f"real lists skipped: the list loader is not available ({exc})")
        else:
            parsed, load_s, entities = real.parsed, real.load_s, real.entities
            queries = query_mix(entities, options.queries, seed=options.seed + 6)
            log.warning("bench matcher: real table, %d entities", len(entities))
            result = bench_table(
                "real",
                entities,
                queries,
                options.baseline_queries,
                profile_to=options.out_dir / "profile-matcher-real.txt",
                passes=1 if options.quick else REAL_PASSES,
            )
            result["load_s"] = round(load_s, 3)
            result["by_source"] = _count(p.source for p in parsed for _ in p.entities)
            result["files"] = [p.path for p in parsed]
            tables.append(result)
    else:
        notes.append("real lists skipped: no --lists and no CORDON_LISTS")
    for size in options.sizes:
        start = time.perf_counter()
        entities = synthetic_entities(size, seed=options.seed)
        generate_s = time.perf_counter() - start
        queries = query_mix(entities, options.queries, seed=options.seed + 6)
        baseline_queries = (
            options.baseline_queries if size < 500_000 else options.baseline_queries // 3
        )
        log.warning("bench matcher: synthetic table of %d names", size)
        result = bench_table(f"synthetic-{size}", entities, queries, max(baseline_queries, 10))
        result["generate_s"] = round(generate_s, 3)
        tables.append(result)
    return {"tables": tables, "notes": notes}


def _count(items: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts
