"""The e2e baseline: a bare aiokafka consume-and-produce relay that screens nothing.

``python -m services.bench.relay BOOTSTRAP OUT_TOPIC IN_TOPIC...`` consumes the input topics in
consumer group ``cordon-bench-relay`` and, for every record, produces a small decision-shaped
record keyed by the same event id to OUT_TOPIC. Same client settings as a worker (fetch wait,
linger), so its latency is the floor the broker and the Kafka clients set.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer


async def relay(bootstrap: str, out_topic: str, in_topics: list[str], fetch_wait_ms: int) -> None:
    consumer = AIOKafkaConsumer(
        *in_topics,
        bootstrap_servers=bootstrap,
        group_id=os.environ.get("CORDON_GROUP", "cordon-bench-relay"),
        auto_offset_reset="earliest",
        fetch_max_wait_ms=fetch_wait_ms,
        enable_auto_commit=True,
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=1, acks=1)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await producer.start()
    await consumer.start()
    print("relay ready", flush=True)
    try:
        while not stop.is_set():
            batches = await consumer.getmany(timeout_ms=100, max_records=500)
            for records in batches.values():
                for record in records:
                    value = orjson.dumps({"event_id": _text(record.key), "outcome": "clear"})
                    await producer.send(out_topic, value, key=record.key)
    finally:
        await consumer.stop()
        await producer.stop()


def _text(key: bytes | None) -> str | None:
    return None if key is None else key.decode("utf-8", "replace")


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print("usage: python -m services.bench.relay BOOTSTRAP OUT_TOPIC IN_TOPIC...")
        return 2
    wait = int(os.environ.get("CORDON_FETCH_MAX_WAIT_MS", "10"))
    asyncio.run(relay(argv[0], argv[1], argv[2:], wait))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
