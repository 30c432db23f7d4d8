"""``cordon demo``: broker + lists + worker + scripted traffic, alerts shown live, a summary.

With no arguments it starts everything itself (embedded broker on a loopback port, the demo
list of the 2025 people-smuggling designations plus any lists named in ``CORDON_LISTS``, one
worker) and stops everything at the end. ``--broker`` (or ``CORDON_BROKER``) uses a running
Kafka-compatible broker instead. See ``services/demo/run.py`` for the order of things.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
from pathlib import Path
from typing import Any


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _rate(raw: str) -> float:
    value = float(raw)
    if not value >= 0:
        raise argparse.ArgumentTypeError("must be >= 0 (0: as fast as possible)")
    return value


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "demo",
        help="start a broker, the demo list and a worker, play sample traffic, show alerts live",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--events", type=_positive_int, default=300,
                        help="number of events to play (default 300)")  # fmt: skip
    parser.add_argument("--rate", type=_rate, default=25.0,
                        help="events per second, 0: as fast as possible (default 25)")  # fmt: skip
    parser.add_argument("--follow", action="store_true",
                        help="after the scenario, keep showing alerts until Ctrl-C")  # fmt: skip
    parser.add_argument("--broker", metavar="HOST:PORT", default=None,
                        help="use this broker instead of starting the embedded one "
                             "(default: CORDON_BROKER if set)")  # fmt: skip
    parser.add_argument("--no-worker", dest="start_worker", action="store_false",
                        help="start no worker: workers already consume on --broker")  # fmt: skip
    parser.add_argument("--seed", type=int, default=2025, help="scenario seed (default 2025)")
    parser.add_argument("--plain", action="store_true",
                        help="plain lines even on a terminal (default when not a TTY)")  # fmt: skip
    parser.add_argument("--summary-json", type=Path, default=None, metavar="PATH",
                        help="also write the summary as JSON to PATH")  # fmt: skip
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from services.demo.run import DemoOptions
    from services.demo.tally import Tally
    from services.demo.view import make_view
    from services.settings import Settings, SettingsError

    try:
        settings = Settings.from_env(os.environ)
        broker = args.broker or os.environ.get("CORDON_BROKER") or None
        if broker is not None:
            settings = Settings.from_env({**os.environ, "CORDON_BROKER": broker})
    except SettingsError as exc:
        print(f"cordon demo: {exc}")
        return 2
    if not args.start_worker and broker is None:
        print("cordon demo: --no-worker needs --broker (or CORDON_BROKER): workers to use")
        return 2
    options = DemoOptions(
        events=args.events,
        rate=args.rate,
        follow=args.follow,
        broker=broker and settings.broker,
        lists=settings.lists,
        seed=args.seed,
        summary_json=args.summary_json,
        start_worker=args.start_worker,
    )
    view = make_view(Tally(), plain=True if args.plain else None)
    try:
        return asyncio.run(_main(options, settings, view))
    finally:
        view.close()


async def _main(options: Any, settings: Any, view: Any) -> int:
    from services.demo.run import run_demo

    task = asyncio.current_task()
    assert task is not None
    interrupted = False

    def interrupt() -> None:
        nonlocal interrupted
        if not interrupted:  # a second Ctrl-C must not cut the shutdown short
            interrupted = True
            task.cancel()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, interrupt)
    try:
        code: int = await run_demo(options, settings, view)
    except asyncio.CancelledError:
        code = 130
    return code
