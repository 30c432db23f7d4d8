"""``cordon eval``: generate the development set from real lists, screen it, report quality.

Writes ``<out>/eval.json`` (machine-readable) and ``<out>/eval.md`` (the table) and prints the
table. Reads one copy of each list, the newest, as the list loader selects it
(``services.lists.loader``): a folder holding three OFSI copies is one OFSI list. Deterministic
for a given list set and ``--seed``. Exit 0 when recall >= 0.97 and the false-positive rate
<= 0.5% (the issue's target), 1 otherwise, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matching import Screener

if TYPE_CHECKING:
    from services.lists.model import ParsedList

TARGET_RECALL = 0.97
TARGET_FP_RATE = 0.005


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "eval", help="generate a labelled dev set from the lists and report matching quality"
    )
    parser.add_argument("--lists", nargs="+", metavar="PATH", help="default: $CORDON_LISTS")
    parser.add_argument("--seed", type=int, default=20251023, help="generator seed")
    parser.add_argument("--per-category", type=int, default=200, help="cases per category")
    parser.add_argument("--out", default="eval-results", help="output directory")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import orjson

    from services.evaluation.devset import generate
    from services.evaluation.metrics import evaluate, to_markdown

    started = time.perf_counter()
    lists = newest_lists(args.lists)
    loaded = time.perf_counter() - started
    screener = Screener([e for parsed in lists for e in parsed.entities])
    built = time.perf_counter() - started - loaded
    cases = generate(screener.entities, args.seed, args.per_category)
    report = evaluate(screener, cases)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    result = report.as_dict()
    result.update(
        {
            "seed": args.seed,
            "entities": len(screener.entities),
            "names": screener.name_count,
            "load_seconds": round(loaded, 2),
            "build_seconds": round(built, 2),
            "files": [parsed.path for parsed in lists],
        }
    )
    (out / "eval.json").write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2))
    table = to_markdown(report)
    (out / "eval.md").write_text(table)
    print(table)
    print(f"{len(cases)} cases; {len(screener.entities)} entities; written to {out}/")
    recall = report.overall.recall or 0.0
    ok = recall >= TARGET_RECALL and (report.fp_rate or 0.0) <= TARGET_FP_RATE
    return 0 if ok else 1


def newest_lists(paths: list[str] | None) -> list[ParsedList]:
    """The newest copy of each list at ``paths`` or ``CORDON_LISTS``; SystemExit on failure."""
    from services.lists.loader import ListFormatError, SourceError, load_locations

    locations = paths or [p for p in os.environ.get("CORDON_LISTS", "").split(",") if p.strip()]
    if not locations:
        raise SystemExit("cordon eval: no lists: pass --lists PATH… or set CORDON_LISTS")
    try:
        return load_locations(locations)
    except (OSError, ValueError, ListFormatError, SourceError) as error:
        raise SystemExit(f"cordon eval: cannot load lists: {error}") from error
