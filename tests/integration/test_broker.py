"""The embedded broker answers Kafka clients on loopback and round-trips a record."""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from services.broker import EmbeddedBroker


async def test_round_trip(broker: EmbeddedBroker, topic_prefix: str) -> None:
    topic = f"{topic_prefix}.roundtrip"
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"payload", key=b"k", headers=[("h", b"v")])
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=broker.bootstrap, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        record = await consumer.getone()
    finally:
        await consumer.stop()
    assert (record.key, record.value, list(record.headers)) == (b"k", b"payload", [("h", b"v")])
    assert broker.host == "127.0.0.1"
