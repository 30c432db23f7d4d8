"""``cordon broker``: run the embedded Kafka-compatible broker in the foreground."""

from __future__ import annotations

import argparse
import signal
import threading
from typing import Any


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "broker", help="run the embedded Kafka-compatible broker (loopback only) in the foreground"
    )
    parser.add_argument("--port", type=int, default=9092, help="loopback port (default 9092)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from services.broker import EmbeddedBroker

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with EmbeddedBroker(port=args.port) as broker:
        print(
            f"embedded broker on {broker.bootstrap} (memory storage); Ctrl-C stops it", flush=True
        )
        while not stop.wait(0.5):
            if not broker.running:
                print("broker exited", flush=True)
                return 1
    return 0
