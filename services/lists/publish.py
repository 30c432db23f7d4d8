"""``cordon lists sync``: publish parsed lists to the compacted entities topic as a diff.

Steps: make sure the topic exists (one partition, ``cleanup.policy=compact``: a single partition
keeps every version marker behind its own entity records); read what is already published (a
non-group consumer from the beginning to the end offsets); publish the entities whose encoded
value changed, a tombstone for every entity that disappeared, then one version marker carrying
the sources, content hashes, counts and per-source digests of the complete new state. Nothing is
published but a refreshed marker (a heartbeat) when the content and the version are unchanged.

The embedded broker (Tansu) refuses idempotent/transactional producers: neither is enabled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from services.lists.codec import VERSION_KEY, VersionMarker, counts, digests, encode_entity
from services.lists.model import ParsedList
from services.lists.sources import ListSources
from services.table import version_of

log = logging.getLogger(__name__)

DEFAULT_TOPIC = "sanctions.entities.v1"


@dataclass(frozen=True, slots=True)
class PublishResult:
    version: str
    upserts: int
    tombstones: int
    unchanged: int
    published: bool


async def ensure_topic(bootstrap: str, topic: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        if topic in await admin.list_topics():
            return
        with contextlib.suppress(TopicAlreadyExistsError):
            await admin.create_topics(
                [NewTopic(topic, 1, 1, topic_configs={"cleanup.policy": "compact"})]
            )
    finally:
        await admin.close()


async def topic_partitions(bootstrap: str, topic: str) -> list[int]:
    """The partition ids of ``topic``, creating it (compacted, one partition) when missing.
    Asked through the admin client: a fresh consumer's metadata may not know the topic yet."""
    await ensure_topic(bootstrap, topic)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        (described,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return sorted(int(p["partition"]) for p in described["partitions"])


async def read_published(
    bootstrap: str, topic: str, timeout: float = 60.0
) -> tuple[dict[bytes, bytes], VersionMarker | None]:
    """The current state of the topic: live entity records and the last version marker."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=100
    )
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in await topic_partitions(bootstrap, topic)]
        state: dict[bytes, bytes] = {}
        marker: VersionMarker | None = None
        if not tps:
            return state, marker
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        deadline = time.monotonic() + timeout
        while any([await consumer.position(tp) < ends[tp] for tp in tps]):
            if time.monotonic() > deadline:
                raise TimeoutError(f"reading {topic} did not reach its end within {timeout}s")
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                for record in records:
                    if record.key is None:
                        continue
                    if record.key == VERSION_KEY:
                        if record.value is not None:
                            marker = VersionMarker.decode(record.value)
                    elif record.value is None:
                        state.pop(record.key, None)
                    else:
                        state[record.key] = record.value
        return state, marker
    finally:
        await consumer.stop()


def desired_state(lists: Sequence[ParsedList]) -> dict[bytes, bytes]:
    state: dict[bytes, bytes] = {}
    for parsed in lists:
        for entity in parsed.entities:
            key = entity.id.encode()
            if key in state:
                log.warning("entity %s appears in more than one list; the last wins", entity.id)
            state[key] = encode_entity(entity)
    return state


async def publish_lists(bootstrap: str, topic: str, lists: Sequence[ParsedList]) -> PublishResult:
    """Diff ``lists`` against the topic and publish the changes plus a version marker."""
    await ensure_topic(bootstrap, topic)
    published, last_marker = await read_published(bootstrap, topic)
    wanted = await asyncio.to_thread(desired_state, lists)
    version = version_of(lists)
    changed = {k: v for k, v in wanted.items() if published.get(k) != v}
    removed = [k for k in published if k not in wanted]
    unchanged = len(wanted) - len(changed)
    refresh_only = (
        not changed and not removed and last_marker is not None and last_marker.version == version
    )
    marker = VersionMarker(
        version=version,
        lists=tuple(
            {
                "source": p.source,
                "path": p.path,
                "content_hash": p.content_hash,
                "entities": len(p.entities),
                "list_date": p.list_date,
            }
            for p in lists
        ),
        counts=counts(wanted),
        digests=await asyncio.to_thread(digests, wanted),
        published_at=time.time(),
    )
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=False,
        linger_ms=5,
        max_request_size=8 * 1024 * 1024,
    )
    await producer.start()
    try:
        if refresh_only:
            # Same version: only the marker is written again (a heartbeat under the same
            # compacted key), so followers know the sources were checked and are current.
            await producer.send_and_wait(topic, key=VERSION_KEY, value=marker.encode())
            log.info("list version %s already published; marker refreshed", version)
            return PublishResult(version, 0, 0, unchanged, False)
        futures = [await producer.send(topic, key=k, value=v) for k, v in changed.items()]
        futures += [await producer.send(topic, key=k, value=None) for k in removed]
        await producer.flush()
        for future in futures:
            await future  # raises if any record failed: then no marker is published
        await producer.send_and_wait(topic, key=VERSION_KEY, value=marker.encode())
    finally:
        await producer.stop()
    log.info(
        "published list version %s: %d changed, %d removed, %d unchanged",
        version, len(changed), len(removed), unchanged,
    )  # fmt: skip
    return PublishResult(version, len(changed), len(removed), unchanged, True)


async def sync(
    locations: Sequence[str],
    bootstrap: str,
    topic: str = DEFAULT_TOPIC,
    once: bool = False,
    interval: float = 300.0,
) -> PublishResult | None:
    """Parse the sources and publish; with ``once`` return after one publication, else keep
    polling every ``interval`` seconds and publish each change. A bad source is logged and
    skipped (the published version stays) in watch mode, and raised in ``once`` mode."""
    sources = ListSources(locations)
    result: PublishResult | None = None
    current: Sequence[ParsedList] | None = None
    while True:
        try:
            # Unchanged sources still publish: the marker is refreshed so workers see the
            # lists were checked and are current (their table age restarts).
            current = await asyncio.to_thread(sources.poll) or current
            if current is not None:
                result = await publish_lists(bootstrap, topic, current)
        except Exception as exc:
            if once:
                raise
            sources.last_digest = None  # retry this content at the next poll
            log.error("list sync failed, will retry in %.0fs: %s", interval, exc)
        if once:
            return result
        await asyncio.sleep(interval)
