"""``cordon screen``: screen one name, or a JSON-lines batch, against sanctions lists.

Lists come from ``--lists PATH…`` or else ``CORDON_LISTS`` (comma-separated). Single mode prints
a human table (or one JSON object with ``--json``); batch mode (``--input``) writes one line
``{"id", "outcome", "matches": [{"entity_id", "score", "name", …}]}`` per input line. Exit 0 on
success (whatever the outcomes), 2 on bad usage or lists that cannot be loaded.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matching import Match, Query, Screener


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "screen", help="screen a name (or --input JSON lines) against sanctions lists"
    )
    parser.add_argument("name", nargs="?", help="the name to screen")
    parser.add_argument("--birth-date", help="ISO date, partial allowed (1971 or 1971-05)")
    parser.add_argument("--country", action="append", default=[], help="country (repeatable)")
    parser.add_argument("--schema", help="Person, Company, Organization, Vessel, Aircraft")
    parser.add_argument("--lists", nargs="+", metavar="PATH", help="default: $CORDON_LISTS")
    parser.add_argument("--input", help="JSON-lines queries file ('-' = stdin): batch mode")
    parser.add_argument("--json", action="store_true", help="print JSON (single mode)")
    parser.add_argument("--limit", type=int, default=10, help="matches per query (default 10)")
    parser.set_defaults(func=run)


def match_json(match: Match) -> dict[str, object]:
    """One match as the CLI and the eval print it."""
    return {
        "entity_id": match.entity.id,
        "score": round(match.score, 4),
        "name": match.entity.primary_name,
        "matched_name": match.matched_name.value,
        "outcome": match.outcome.value,
        "schema": match.entity.schema.value,
        "source": match.entity.source,
        "explanation": match.explanation(),
    }


def result_json(query_id: object, matches: list[Match]) -> dict[str, object]:
    outcome = matches[0].outcome.value if matches else "clear"
    return {"id": query_id, "outcome": outcome, "matches": [match_json(m) for m in matches]}


def load_screener(paths: list[str] | None) -> Screener:
    """Build the table from ``paths`` or ``CORDON_LISTS``; SystemExit(2) with a message."""
    locations = paths or [p for p in os.environ.get("CORDON_LISTS", "").split(",") if p.strip()]
    if not locations:
        raise SystemExit("cordon screen: no lists: pass --lists PATH… or set CORDON_LISTS")
    from services.lists.loader import ListFormatError, SourceError, load_locations
    from services.table import build_table

    try:
        return build_table(load_locations(locations)).screener
    except (OSError, ValueError, ListFormatError, SourceError) as error:
        raise SystemExit(f"cordon screen: cannot load lists: {error}") from error


def run(args: argparse.Namespace) -> int:
    if not args.name and not args.input:
        print("cordon screen: give a NAME or --input FILE", file=sys.stderr)
        return 2
    from matching.records import query_from_record

    started = time.perf_counter()
    screener = load_screener(args.lists)
    built = time.perf_counter() - started
    if args.input:
        return _batch(screener, args.input, args.limit)
    record: dict[str, object] = {"name": args.name, "birth_date": args.birth_date}
    record.update({"country": args.country, "schema": args.schema})
    return _single(screener, query_from_record(record), args, built)


def _single(screener: Screener, query: Query, args: argparse.Namespace, built: float) -> int:
    import orjson

    started = time.perf_counter()
    matches = screener.screen(query, args.limit)
    elapsed = time.perf_counter() - started
    if args.json:
        result = result_json(None, matches)
        result["query"] = query.name
        sys.stdout.buffer.write(orjson.dumps(result, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    outcome = matches[0].outcome.value if matches else "clear"
    print(
        f"{query.name!r}: {outcome.upper()}  ({len(screener.entities)} entities, "
        f"{screener.name_count} names; built in {built:.1f} s, screened in "
        f"{elapsed * 1000:.2f} ms)"
    )
    for match in matches:
        print(
            f"  {match.outcome.value:<6} {match.score:.3f}  {match.entity.id:<18} "
            f"{match.entity.primary_name}  [{match.entity.schema.value}]"
        )
        for feature in match.features:
            print(
                f"      {feature.name:<20} {feature.score:.2f} x {feature.weight:+.2f}  "
                f"{feature.detail}"
            )
    return 0


def _batch(screener: Screener, path: str, limit: int) -> int:
    import orjson

    from matching.records import query_from_record

    source = sys.stdin.buffer if path == "-" else Path(path).open("rb")  # noqa: SIM115
    out = sys.stdout.buffer
    with source:
        for line in source:
            if not line.strip():
                continue
            query_id: object = None
            try:
                record = orjson.loads(line)
                query_id = record.get("id")
                matches = screener.screen(query_from_record(record), limit)
            except (orjson.JSONDecodeError, AttributeError, TypeError) as error:
                out.write(orjson.dumps({"id": query_id, "error": str(error)}) + b"\n")
                continue
            out.write(orjson.dumps(result_json(query_id, matches)) + b"\n")
    out.flush()
    return 0
