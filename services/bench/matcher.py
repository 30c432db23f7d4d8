"""Matcher benchmark: the Screener against brute-force rapidfuzz on the same normalised names.

For one table: build the Screener (timed), screen every query once on this thread (latency per
party screen, screens per wall second and per CPU second); with ``passes`` above one, that is
repeated from cold caches (the matcher's process-wide caches emptied, a new Screener built)
and the median pass by screens per second stands for the table, every pass reported, so one
disturbed half-second of a shared host does not make the figure. Then the baseline: each query's
normalised name scored by ``rapidfuzz.process.cdist`` (``fuzz.ratio`` on token-sorted names,
i.e. token_sort_ratio, one worker) against every name in the table. The baseline's hits are
the ground truth for recall (see ``recall_figures``).
"""

from __future__ import annotations

import cProfile
import gc
import io
import pstats
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from matching import (
    Entity,
    Query,
    Screener,
    Thresholds,
    evidence,
    normalize,
    phonetic,
    records,
)
from matching import score as scoring
from matching.normalize import normalize_name
from services.bench import hostcpu
from services.bench.stats import median_item, summarize_ms
from services.bench.synthetic import LabelledQuery

Normaliser = Callable[[str], str]
MISSED_EXAMPLES = 12


def baseline_normaliser() -> tuple[str, Normaliser]:
    """The engine's own name normalisation (tokens sorted), so both sides see the same names."""
    return "matching.normalize.normalize_name", lambda text: " ".join(
        sorted(normalize_name(text).tokens)
    )


def _screen_all(screener: Screener, query: Query) -> list[Any]:
    try:
        return screener.screen(query, limit=10_000)
    except TypeError:  # an engine whose screen() takes no limit
        return screener.screen(query)


def _candidate_ids(screener: Screener, query: Query) -> set[str] | None:
    """Entity ids of the candidate index's answer, if the engine exposes ``candidates``."""
    candidates = getattr(screener, "candidates", None)
    if not callable(candidates):
        return None
    found: set[str] = set()
    for item in candidates(query):
        entity = getattr(item, "entity", item)
        if isinstance(entity, Entity):
            found.add(entity.id)
    return found


def empty_process_caches() -> None:
    """Empty the matcher's process-wide caches (normalised names, skeletons, evidence, ...):
    a Screener built after this starts as a fresh worker's does."""
    for module in (normalize, phonetic, evidence, records, scoring):
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def cold_passes(
    entities: Sequence[Entity], thresholds: Thresholds, queries: Sequence[Query], passes: int
) -> tuple[Screener, dict[str, Any], list[float]]:
    """``passes`` timed passes over ``queries``, each from cold caches on a new Screener: the
    last Screener, the median pass's figures (with every pass's in ``passes``), build times."""
    figures: list[dict[str, Any]] = []
    builds: list[float] = []
    screener: Screener | None = None
    for _ in range(max(1, passes)):
        screener = None  # the previous table is freed before the next is built
        empty_process_caches()
        start = time.perf_counter()
        screener = Screener(entities, thresholds)
        builds.append(time.perf_counter() - start)
        figures.append(time_screener(screener, queries))
    assert screener is not None
    median = dict(median_item(figures, key=lambda f: f["screens_per_s"] or 0.0))
    if len(figures) > 1:
        median["passes"] = [
            {k: f[k] for k in ("screens_per_s", "screens_per_cpu_s", "p50_ms", "p99_ms")}
            for f in figures
        ]
    return screener, median, builds


def time_screener(screener: Screener, queries: Sequence[Query], warmup: int = 50) -> dict[str, Any]:
    """Screen every query once on this thread; latency per screen and throughput."""
    for query in queries[:warmup]:
        screener.screen(query)
    latencies: list[float] = []
    gc.collect()
    cpu0, wall0, host0 = time.process_time(), time.perf_counter(), hostcpu.snapshot()
    for query in queries:
        start = time.perf_counter()
        screener.screen(query)
        latencies.append(time.perf_counter() - start)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {
        **summarize_ms(latencies),
        "screens_per_s": round(len(queries) / wall, 1) if wall else None,
        "screens_per_cpu_s": round(len(queries) / cpu, 1) if cpu else None,
        "host_cpu": hostcpu.shares(host0, hostcpu.snapshot()),
    }


def profile_screener(screener: Screener, queries: Sequence[Query], path: Path) -> list[str]:
    """cProfile of screening ``queries`` (on a screener that has not seen them); writes the
    full listing, returns the top lines."""
    gc.collect()  # the build's garbage, collected here rather than inside a profiled call
    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries:
        screener.screen(query)
    profiler.disable()
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(25)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    lines = [line for line in buffer.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return lines[start : start + 13]


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def recall_figures(
    screener: Screener,
    sample: Sequence[LabelledQuery],
    truths: Sequence[dict[str, float]],
    thresholds: Thresholds,
) -> dict[str, Any]:
    """How much of the brute-force ground truth the Screener finds.

    ``results`` (the target figure): share of (query, entity) pairs brute force scores at or
    above the match threshold that the Screener reports (review or match); ``results_at_review``
    the same from the review threshold; ``best_hit``: share of queries with a brute-force match
    whose best brute-force entity the Screener reports; ``candidates``: the candidate index's
    share at the match threshold, when the engine exposes ``candidates(query)``.
    """
    counts = dict.fromkeys(
        ("match", "match_found", "review", "review_found", "cand_found", "best", "best_found"), 0
    )
    candidates_known = True
    missed: list[dict[str, Any]] = []
    listed = listed_screener = listed_baseline = 0
    for labelled, truth in zip(sample, truths, strict=True):
        found = {m.entity.id for m in _screen_all(screener, labelled.query)}
        candidate_ids = _candidate_ids(screener, labelled.query)
        strong = {e for e, score in truth.items() if score >= thresholds.match}
        counts["match"] += len(strong)
        counts["match_found"] += len(strong & found)
        for entity_id in sorted(strong - found)[: max(0, MISSED_EXAMPLES - len(missed))]:
            missed.append(
                {"query": labelled.query.name, "entity": entity_id, "brute": truth[entity_id]}
            )
        counts["review"] += len(truth)
        counts["review_found"] += len(truth.keys() & found)
        if candidate_ids is None:
            candidates_known = False
        else:
            counts["cand_found"] += len(strong & candidate_ids)
        if strong:
            top = max(truth.values())
            counts["best"] += 1
            counts["best_found"] += any(truth[e] == top for e in found if e in truth)
        if labelled.listed and labelled.source_entity:
            listed += 1
            listed_screener += labelled.source_entity in found
            listed_baseline += labelled.source_entity in truth
    return {
        "match_cutoff": thresholds.match,
        "review_cutoff": thresholds.review,
        "brute_force_matches": counts["match"],
        "results": _ratio(counts["match_found"], counts["match"]),
        "results_at_review": _ratio(counts["review_found"], counts["review"]),
        "best_hit": _ratio(counts["best_found"], counts["best"]),
        "candidates": _ratio(counts["cand_found"], counts["match"]) if candidates_known else None,
        "listed_variants": listed,
        "missed_examples": missed,
        "listed_found_screener": _ratio(listed_screener, listed),
        "listed_found_baseline": _ratio(listed_baseline, listed),
    }


def bench_table(
    label: str,
    entities: Sequence[Entity],
    queries: Sequence[LabelledQuery],
    baseline_queries: int,
    thresholds: Thresholds | None = None,
    profile_to: Path | None = None,
    passes: int = 1,
) -> dict[str, Any]:
    """Every matcher figure for one table; see the module docstring."""
    thresholds = thresholds or Thresholds()
    screener, screener_figures, builds = cold_passes(
        entities, thresholds, [q.query for q in queries], passes
    )
    build_s = median_item(builds, key=float)
    profile = (
        # on a fresh screener: the timed one remembers every query now, and a profile of
        # cache hits says nothing about where a screen's time goes (the process-wide caches
        # of normalised names and skeletons stay warm, so those two read low)
        profile_screener(Screener(entities, thresholds), [q.query for q in queries], profile_to)
        if profile_to
        else None
    )

    normaliser_name, normalise = baseline_normaliser()
    start = time.perf_counter()
    names: list[str] = []
    owner: list[int] = []
    for position, entity in enumerate(entities):
        for name in entity.names:
            names.append(normalise(name.value))
            owner.append(position)
    owners = np.asarray(owner, dtype=np.int64)
    prep_s = time.perf_counter() - start

    sample = list(queries[:baseline_queries])
    latencies: list[float] = []
    truths: list[dict[str, float]] = []
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for labelled in sample:
        begin = time.perf_counter()
        row = process.cdist(
            [normalise(labelled.query.name)],
            names,
            scorer=fuzz.ratio,
            score_cutoff=thresholds.review * 100.0,
            dtype=np.uint8,
            workers=1,
        )[0]
        hits = np.flatnonzero(row)
        truth: dict[str, float] = {}
        for position, score in zip(owners[hits].tolist(), row[hits].tolist(), strict=True):
            entity_id = entities[position].id
            truth[entity_id] = max(truth.get(entity_id, 0.0), score / 100.0)
        truths.append(truth)
        latencies.append(time.perf_counter() - begin)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    recall = recall_figures(screener, sample, truths, thresholds)

    return {
        "table": label,
        "entities": len(entities),
        "names": len(names),
        "queries": len(queries),
        "listed_share": round(sum(q.listed for q in queries) / len(queries), 3) if queries else 0,
        "build_s": round(build_s, 3),
        "screener": screener_figures,
        "baseline": {
            "method": f"rapidfuzz cdist fuzz.ratio on token-sorted {normaliser_name}, 1 worker",
            "queries": len(sample),
            "prepare_s": round(prep_s, 3),
            **summarize_ms(latencies),
            "screens_per_s": round(len(sample) / wall, 1) if wall else None,
            "screens_per_cpu_s": round(len(sample) / cpu, 1) if cpu else None,
        },
        "profile_top_tottime": profile,
        "recall": recall,
    }
