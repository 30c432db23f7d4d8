"""``cordon match-pairs``: score name pairs read as JSON lines, no list needed.

Input lines ``{"id": …, "query": {…}, "candidate": {…}}`` (DESIGN.md's FollowTheMoney-style
fields); output lines ``{"id": …, "score": 0..1, "match": bool}`` with ``match`` at the match
threshold. A malformed line yields ``{"id": …, "error": "…"}`` and the run goes on.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "match-pairs", help="score JSON-lines name pairs from stdin to stdout (no list needed)"
    )
    parser.add_argument("--input", default="-", help="JSON-lines file (default stdin)")
    parser.add_argument(
        "--threshold", type=float, default=None, help="match threshold (default: the matcher's)"
    )
    parser.add_argument("--explain", action="store_true", help="add the features to each line")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import orjson

    from matching import Outcome, Schema, Screener, Thresholds
    from matching.records import entity_from_record, query_from_record

    thresholds = Thresholds()
    if args.threshold is not None:
        thresholds = Thresholds(args.threshold, min(thresholds.review, args.threshold))
    screener = Screener((), thresholds)
    source = sys.stdin.buffer if args.input == "-" else Path(args.input).open("rb")  # noqa: SIM115
    out = sys.stdout.buffer
    with source:
        for line in source:
            if not line.strip():
                continue
            pair_id: object = None
            try:
                record = orjson.loads(line)
                pair_id = record.get("id")
                query = query_from_record(record.get("query") or {})
                candidate = entity_from_record(
                    record.get("candidate") or {}, default=query.schema or Schema.PERSON
                )
                score, match = screener.explain(query, candidate)
            except (orjson.JSONDecodeError, AttributeError, TypeError, ValueError) as error:
                out.write(orjson.dumps({"id": pair_id, "error": str(error)}) + b"\n")
                continue
            result: dict[str, object] = {
                "id": pair_id,
                "score": round(score, 4),
                "match": match is not None and match.outcome is Outcome.MATCH,
            }
            if args.explain and match is not None:
                result["explanation"] = match.explanation()
            out.write(orjson.dumps(result) + b"\n")
    out.flush()
    return 0
