"""``cordon lists show`` and ``cordon lists sync``.

``show PATH…``: parse lists (files, directories, URLs) and print counts per source and schema
(``--by-regime`` per regime too), one entity by id (``--entity``), or with ``--json`` one object
``{"entities", "names", "by_source", "by_schema", "version"}``.

``sync``: parse the configured sources (``--lists`` / ``CORDON_LISTS``) and publish the changes
to the compacted topic (``--topic`` / ``CORDON_TOPIC_ENTITIES``, default
``sanctions.entities.v1``) on ``--broker`` / ``CORDON_BROKER``, followed by a version marker;
``--once`` publishes once and exits, otherwise it keeps watching every ``--interval`` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections import Counter
from typing import Any


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "lists", help="parse sanctions lists (show) or publish them to the entities topic (sync)"
    )
    commands = parser.add_subparsers(dest="lists_command", required=True, metavar="ACTION")

    show = commands.add_parser("show", help="parse lists and print counts or an entity")
    show.add_argument("paths", nargs="+", metavar="PATH", help="list file, directory or URL")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.add_argument("--entity", metavar="ID", help="print the entity with this id as JSON")
    show.add_argument("--by-regime", action="store_true", help="also count entities per regime")
    show.set_defaults(func=run_show)

    sync = commands.add_parser("sync", help="publish list changes to the entities topic")
    sync.add_argument(
        "--lists",
        action="append",
        help="list files, directories or URLs, comma-separated (default: $CORDON_LISTS)",
    )
    sync.add_argument("--broker", help="bootstrap servers (default: $CORDON_BROKER)")
    sync.add_argument(
        "--topic", help="entities topic (default: $CORDON_TOPIC_ENTITIES or sanctions.entities.v1)"
    )
    sync.add_argument("--once", action="store_true", help="publish once and exit")
    sync.add_argument(
        "--interval", type=float, default=300.0, help="seconds between polls in watch mode"
    )
    sync.set_defaults(func=run_sync)


def _summary(lists: list[Any], by_regime: bool) -> dict[str, Any]:
    from services.table import version_of

    entities = [e for parsed in lists for e in parsed.entities]
    summary: dict[str, Any] = {
        "entities": len(entities),
        "names": sum(len(e.names) for e in entities),
        "by_source": dict(sorted(Counter(e.source for e in entities).items())),
        "by_schema": dict(sorted(Counter(e.schema.value for e in entities).items())),
        "version": version_of(lists),
    }
    if by_regime:
        regimes = Counter(r for e in entities for r in e.regimes)
        summary["by_regime"] = dict(sorted(regimes.items(), key=lambda item: (-item[1], item[0])))
    return summary


def run_show(args: argparse.Namespace) -> int:
    import orjson

    from services.lists.codec import encode_entity
    from services.lists.loader import ListFormatError, SourceError, load_locations

    try:
        lists = load_locations(args.paths)
    except (ListFormatError, SourceError) as exc:
        print(f"cordon lists show: {exc}", file=sys.stderr)
        return 2
    if args.entity:
        for parsed in lists:
            for entity in parsed.entities:
                if entity.id == args.entity:
                    text = orjson.loads(encode_entity(entity))
                    print(orjson.dumps(text, option=orjson.OPT_INDENT_2).decode())
                    return 0
        print(f"cordon lists show: no entity {args.entity}", file=sys.stderr)
        return 1
    summary = _summary(lists, args.by_regime)
    if args.json:
        print(orjson.dumps(summary).decode())
        return 0
    for parsed in lists:
        print(
            f"{parsed.source:<8} {len(parsed.entities):>7} entities  "
            f"date {parsed.list_date or '-':<10}  {parsed.path}"
        )
    print(f"total    {summary['entities']:>7} entities, {summary['names']} names")
    print(f"version  {summary['version']}")
    for title in ("by_source", "by_schema", "by_regime"):
        if title in summary:
            print(f"\n{title.replace('_', ' ')}:")
            for key, count in summary[title].items():
                print(f"  {count:>7}  {key}")
    return 0


def run_sync(args: argparse.Namespace) -> int:
    from services.lists.loader import split_locations
    from services.lists.publish import DEFAULT_TOPIC, sync

    locations = split_locations(args.lists or os.environ.get("CORDON_LISTS"))
    broker = args.broker or os.environ.get("CORDON_BROKER")
    topic = args.topic or os.environ.get("CORDON_TOPIC_ENTITIES") or DEFAULT_TOPIC
    if not locations:
        print("cordon lists sync: no lists (give --lists or set CORDON_LISTS)", file=sys.stderr)
        return 2
    if not broker:
        print("cordon lists sync: no broker (give --broker or set CORDON_BROKER)", file=sys.stderr)
        return 2
    try:
        result = asyncio.run(sync(locations, broker, topic, once=args.once, interval=args.interval))
    except KeyboardInterrupt:
        return 0
    except Exception as exc:
        print(f"cordon lists sync: {exc}", file=sys.stderr)
        return 1
    if result is not None:
        state = "published" if result.published else "already published"
        print(
            f"{state} version {result.version}: {result.upserts} changed, "
            f"{result.tombstones} removed, {result.unchanged} unchanged"
        )
    return 0
