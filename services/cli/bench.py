"""``cordon bench``: speed figures, each beside a baseline measured in the same run.

Writes ``results.json`` and ``summary.md`` to ``--out`` (default ``bench-results/``).
``--lists`` defaults to ``CORDON_LISTS`` (read here, once).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "bench", help="benchmark the matcher and the worker against same-run baselines"
    )
    parser.add_argument("--quick", action="store_true", help="a short smoke run of each section")
    parser.add_argument("--out", default="bench-results", help="results directory")
    parser.add_argument(
        "--only", default="matcher,e2e,scale,cost", help="comma-separated sections to run"
    )
    parser.add_argument(
        "--lists",
        default=None,
        help="comma-separated list files or directories (default: CORDON_LISTS; '' for none)",
    )
    parser.add_argument("--sizes", default="100000,1000000", help="synthetic table sizes in names")
    parser.add_argument("--queries", type=int, default=3000, help="timed queries per table")
    parser.add_argument(
        "--baseline-queries", type=int, default=300, help="queries scored by brute force"
    )
    parser.add_argument("--rates", default="250,500,1000,2000", help="e2e fixed rates, events/s")
    parser.add_argument("--step-seconds", type=float, default=8.0, help="length of one e2e step")
    parser.add_argument(
        "--backlog", type=int, default=60_000, help="events per scale backlog drain"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of synthetic names and load")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from services.bench.runner import (
        BenchOptions,
        parse_csv_ints,
        quick_options,
        run,
        sections_of,
    )
    from services.lists.loader import split_locations

    lists_text = args.lists if args.lists is not None else os.environ.get("CORDON_LISTS", "")
    try:
        if args.backlog < 100:
            raise ValueError(f"--backlog must be at least 100 events, got {args.backlog}")
        options = BenchOptions(
            out_dir=Path(args.out),
            only=sections_of(args.only),
            lists=tuple(split_locations(lists_text)),
            sizes=parse_csv_ints(args.sizes),
            queries=args.queries,
            baseline_queries=args.baseline_queries,
            rates=parse_csv_ints(args.rates),
            step_seconds=args.step_seconds,
            backlog=args.backlog,
            seed=args.seed,
        )
    except ValueError as exc:
        raise SystemExit(f"cordon bench: {exc}") from exc
    if args.quick:
        options = quick_options(options)
    run(options)
    print((options.out_dir / "summary.md").read_text(encoding="utf-8"), end="")
    print(f"results: {options.out_dir / 'results.json'}")
    return 0
