"""The worker's gauges: consumer lag is reported for the input topics only."""

from __future__ import annotations

from types import SimpleNamespace

from aiokafka import TopicPartition
from prometheus_client import CollectorRegistry

from services.metrics import Metrics
from streams.web import update_lag


class _Consumer:
    def __init__(self, positions: dict[TopicPartition, tuple[int, int]]) -> None:
        self._positions = positions  # tp -> (position, high watermark)

    def assignment(self) -> set[TopicPartition]:
        return set(self._positions)

    async def position(self, tp: TopicPartition) -> int:
        return self._positions[tp][0]

    def highwater(self, tp: TopicPartition) -> int:
        return self._positions[tp][1]


async def test_lag_covers_input_topics_and_leaves_out_faust_internals() -> None:
    registry = CollectorRegistry()
    consumer = _Consumer(
        {
            TopicPartition("payments", 0): (90, 100),
            TopicPartition("travel", 1): (5, 5),
            TopicPartition("cordon-worker-__assignor-__leader", 0): (0, 3),
        }
    )

    await update_lag(SimpleNamespace(consumer=consumer), Metrics(registry), ("payments", "travel"))

    def lag(topic: str, partition: str) -> float | None:
        labels = {"topic": topic, "partition": partition}
        return registry.get_sample_value("screening_consumer_lag", labels)

    assert lag("payments", "0") == 10
    assert lag("travel", "1") == 0
    assert lag("cordon-worker-__assignor-__leader", "0") is None
