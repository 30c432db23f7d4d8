"""Steady sample traffic for the Compose stack's ``load`` profile.

Plays the demo scenario (clear traffic, hits under spelling variants, malformed messages) to the
input topics at ``LOAD_RATE`` events/s, forever, with fresh event ids each round. Only produces:
the stack's own workers screen it (``cordon demo --broker`` would start a competing worker).
Settings come from the same ``CORDON_*`` variables as the workers.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer

from services.demo.scenario import build_scenario
from services.settings import Settings
from streams.events import EventType


async def produce_forever(settings: Settings, rate: float, events_per_round: int) -> None:
    topics = {EventType.PAYMENT: settings.topic_payments, EventType.TRAVEL: settings.topic_travel}
    producer = AIOKafkaProducer(bootstrap_servers=settings.broker, linger_ms=5)
    await producer.start()
    try:
        round_ = 0
        while True:
            round_ += 1
            start = time.monotonic()
            for i, event in enumerate(build_scenario(events_per_round, seed=round_)):
                event_id = f"{event.event_id}-r{round_}"
                doc = {**event.doc, "event_id": event_id} if event.doc else event.doc
                renamed = replace(event, event_id=event_id, doc=doc)
                payload = renamed.payload(datetime.now(UTC))
                await producer.send(topics[event.event_type], payload, key=renamed.key)
                delay = start + (i + 1) / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
    finally:
        await producer.stop()


def main() -> int:
    settings = Settings.from_env(os.environ)
    rate = float(os.environ.get("LOAD_RATE", "20"))
    asyncio.run(produce_forever(settings, rate, events_per_round=300))
    return 0


if __name__ == "__main__":
    sys.exit(main())
