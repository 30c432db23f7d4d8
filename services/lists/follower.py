"""Keeping a worker's table current: from the entities topic, or straight from files.

``TableFollower`` reads the compacted entities topic in full with a non-group consumer (every
partition assigned, from the beginning), keeps consuming, and on each version marker checks
that what it holds matches the marker (per-source counts and digests). A matching version is
handed to ``TableInstaller`` (guard, build in a thread, atomic install, metrics, hooks) while
consumption and screening go on; a newer marker arriving meanwhile supersedes a pending one.
A marker that does not match once the follower has caught up with the topic is rejected, and
the current table stays.

``FileTableLoader`` is single-process mode (worker with ``CORDON_LISTS``, ``cordon demo``):
it parses the locations directly, installs through the same installer, and re-loads when a
file changes (mtime/size/hash polling) or an HTTP source serves new content.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition

from matching.model import Entity
from services.lists.codec import VERSION_KEY, VersionMarker, decode_entity, digests
from services.lists.model import ParsedList
from services.lists.publish import topic_partitions
from services.lists.reload import TableInstaller, VersionRejectedError
from services.lists.sources import ListSources
from services.table import SanctionsTable

log = logging.getLogger(__name__)


def lists_from_state(marker: VersionMarker, entities: Sequence[Entity]) -> list[ParsedList]:
    """One ParsedList per source, described by the marker's list entries."""
    by_source: dict[str, list[Entity]] = {}
    for entity in entities:
        by_source.setdefault(entity.source, []).append(entity)
    lists = []
    for source in sorted(by_source):
        described = [entry for entry in marker.lists if entry.get("source") == source]
        dates = sorted(str(e["list_date"]) for e in described if e.get("list_date"))
        lists.append(
            ParsedList(
                source=source,
                path=", ".join(str(e.get("path")) for e in described) or source,
                entities=tuple(sorted(by_source[source], key=lambda e: e.id)),
                content_hash=marker.digests.get(source, ""),
                list_date=dates[-1] if dates else None,
            )
        )
    return lists


class TableFollower:
    """Follows ``topic`` on ``bootstrap`` and installs every complete, sane version."""

    def __init__(
        self,
        bootstrap: str,
        installer: TableInstaller,
        topic: str = "sanctions.entities.v1",
        fetch_max_wait_ms: int = 100,
    ) -> None:
        self.bootstrap = bootstrap
        self.topic = topic
        self.installer = installer
        self.fetch_max_wait_ms = fetch_max_wait_ms
        self._values: dict[bytes, bytes] = {}
        self._entities: dict[bytes, Entity] = {}
        self._pending: VersionMarker | None = None
        self._next: tuple[VersionMarker, list[ParsedList]] | None = None
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._consumer: AIOKafkaConsumer | None = None
        self.rejected: list[VersionRejectedError] = []

    async def start(self) -> None:
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            enable_auto_commit=False,
            fetch_max_wait_ms=self.fetch_max_wait_ms,
            max_partition_fetch_bytes=8 * 1024 * 1024,
        )
        await self._consumer.start()
        self._tasks = [
            asyncio.create_task(self._consume(), name=f"follow:{self.topic}"),
            asyncio.create_task(self._build(), name=f"build:{self.topic}"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        if self._consumer is not None:
            await self._consumer.stop()
            self._consumer = None

    async def __aenter__(self) -> TableFollower:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _assign(self, consumer: AIOKafkaConsumer) -> list[TopicPartition]:
        partitions = await topic_partitions(self.bootstrap, self.topic)
        tps = [TopicPartition(self.topic, p) for p in partitions]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        return tps

    async def _consume(self) -> None:
        consumer = self._consumer
        assert consumer is not None
        tps = await self._assign(consumer)
        while True:
            batches = await consumer.getmany(timeout_ms=1000)
            for records in batches.values():
                for record in records:
                    self._apply(record.key, record.value)
            if self._pending is not None:
                caught_up = all(
                    [(consumer.highwater(tp) or 0) <= await consumer.position(tp) for tp in tps]
                )
                self._check_marker(self._pending, final=caught_up)

    def _apply(self, key: bytes | None, value: bytes | None) -> None:
        if key is None:
            return
        if key == VERSION_KEY:
            if value is None:
                return
            try:
                marker = VersionMarker.decode(value)
            except (ValueError, KeyError, TypeError) as exc:
                self._reject_marker("(unreadable)", [f"unreadable version marker: {exc}"])
                return
            self._check_marker(marker, final=False)
            return
        if value is None:
            self._values.pop(key, None)
            self._entities.pop(key, None)
            return
        try:
            entity = decode_entity(value)
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("unreadable entity record %r on %s: %s", key, self.topic, exc)
            self._values[key] = value  # still counted: the marker check then rejects
            self._entities.pop(key, None)
            return
        self._values[key] = value
        self._entities[key] = entity

    def _check_marker(self, marker: VersionMarker, final: bool) -> None:
        problems = self._mismatches(marker)
        if not problems:
            self._pending = None
            entities = list(self._entities.values())
            self._next = (marker, lists_from_state(marker, entities))
            self._wake.set()
        elif final:
            self._pending = None
            self._reject_marker(marker.version, problems)
        else:
            self._pending = marker

    def _mismatches(self, marker: VersionMarker) -> list[str]:
        held_counts: dict[str, int] = {}
        for key in self._values:
            source = key.decode("utf-8", "replace").split(":", 1)[0]
            held_counts[source] = held_counts.get(source, 0) + 1
        problems = []
        if held_counts != marker.counts:
            problems.append(
                f"received counts {held_counts} differ from the marker's {marker.counts}"
            )
        elif len(self._entities) != len(self._values):
            problems.append(f"{len(self._values) - len(self._entities)} unreadable entity records")
        elif digests(self._values) != marker.digests:
            problems.append("received entities do not match the marker's digests")
        return problems

    def _reject_marker(self, version: str, problems: list[str]) -> None:
        try:
            self.installer.reject(set(self.installer_sources()), version, problems)
        except VersionRejectedError as exc:
            self.rejected.append(exc)

    def installer_sources(self) -> list[str]:
        table = self.installer.holder.current
        return sorted(table.entities_by_source()) if table is not None else []

    async def _build(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            job, self._next = self._next, None
            if job is None:
                continue
            marker, lists = job
            if marker.version == self.installer.current_version:
                self.installer.confirm()  # a refreshed marker: the sync checked, nothing changed
                continue
            try:
                await self.installer.install(lists, version=marker.version)
            except VersionRejectedError as exc:
                self.rejected.append(exc)

    async def wait_for_version(
        self, version: str | None = None, timeout: float = 60.0
    ) -> SanctionsTable:
        """Wait until a table (of ``version``, if given) is installed."""

        async def installed() -> SanctionsTable:
            while True:
                table = self.installer.holder.current
                if table is not None and (version is None or table.version == version):
                    return table
                await asyncio.sleep(0.05)

        return await asyncio.wait_for(installed(), timeout)


class FileTableLoader:
    """Single-process mode: load list files directly and re-load them when they change."""

    def __init__(
        self, locations: Sequence[str], installer: TableInstaller, interval: float = 30.0
    ) -> None:
        self.sources = ListSources(locations)
        self.installer = installer
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    async def load_once(self) -> SanctionsTable | None:
        """Parse (in a thread) and install when the content changed; None when unchanged or
        rejected (the current table stays)."""
        try:
            lists = await asyncio.to_thread(self.sources.poll)
        except Exception as exc:  # a bad or unreachable list never replaces the current table
            sources = (
                sorted(self.installer.holder.current.entities_by_source())
                if (self.installer.holder.current is not None)
                else []
            )
            with contextlib.suppress(VersionRejectedError):
                self.installer.reject(sources, "(unparsed)", [str(exc)])
            return None
        if lists is None:
            self.installer.confirm()  # checked and unchanged: the current table is current
            return None
        try:
            return await self.installer.install(lists)
        except VersionRejectedError:
            return None

    async def run(self) -> None:
        while True:
            await self.load_once()
            await asyncio.sleep(self.interval)

    def start(self) -> asyncio.Task[None]:
        self._task = asyncio.create_task(self.run(), name="file-table-loader")
        return self._task

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
