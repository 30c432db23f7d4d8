"""Applying a new list version: sanity guard, off-loop build, atomic install, metrics, hooks.

Contract: ``TableInstaller.install(lists)`` either installs a complete new table (built in a
thread with ``asyncio.to_thread(build_table, …)`` while the event loop keeps screening with the
current one) or rejects the version and leaves the current table in place. Rejections are
logged at WARNING and counted in ``sanctions_list_reloads_total{result="rejected"}``.

The guard rejects an empty version, and a version in which a source that the current table has
lost more than ``max_shrink`` (default 0.5) of its entities, or vanished altogether. Both
``FileTableLoader`` and ``TableFollower`` install through this one class.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from typing import NoReturn

from matching import Thresholds
from services.lists.model import ParsedList
from services.metrics import Metrics
from services.table import SanctionsTable, TableHolder, build_table

log = logging.getLogger(__name__)

InstallHook = Callable[[SanctionsTable], Awaitable[None] | None]
DEFAULT_MAX_SHRINK = 0.5


class VersionRejectedError(Exception):
    """A list version that failed the sanity guard or could not be built."""

    def __init__(self, version: str, problems: Sequence[str]) -> None:
        super().__init__(f"list version {version} rejected: {'; '.join(problems)}")
        self.version = version
        self.problems = list(problems)


def guard_problems(
    previous: SanctionsTable | None, lists: Sequence[ParsedList], max_shrink: float
) -> list[str]:
    """Why ``lists`` must not replace ``previous`` (empty when it may)."""
    counts: Counter[str] = Counter()
    for parsed in lists:
        counts[parsed.source] += len(parsed.entities)
    if not sum(counts.values()):
        return ["the new version holds no entities"]
    if previous is None:
        return []
    problems = []
    for source, before in sorted(previous.entities_by_source().items()):
        after = counts.get(source, 0)
        if before and after < before * (1 - max_shrink):
            problems.append(
                f"source {source} lost {before - after} of {before} entities "
                f"({(before - after) / before:.0%}, more than the allowed {max_shrink:.0%})"
            )
    return problems


class TableInstaller:
    """Guards, builds and installs list versions into a ``TableHolder``."""

    def __init__(
        self,
        holder: TableHolder,
        metrics: Metrics | None = None,
        thresholds: Thresholds | None = None,
        max_shrink: float = DEFAULT_MAX_SHRINK,
    ) -> None:
        if not 0.0 <= max_shrink <= 1.0:
            raise ValueError(f"max_shrink must be within [0, 1], got {max_shrink}")
        self.holder = holder
        self.metrics = metrics
        self.thresholds = thresholds
        self.max_shrink = max_shrink
        self.hooks: list[InstallHook] = []
        self._lock = asyncio.Lock()

    def on_install(self, hook: InstallHook) -> InstallHook:
        """Call ``hook(table)`` (plain or async) after every install."""
        self.hooks.append(hook)
        return hook

    async def install(
        self, lists: Sequence[ParsedList], version: str | None = None
    ) -> SanctionsTable:
        """Guard, build off the loop, install; raise ``VersionRejectedError`` and keep the current
        table when the version fails."""
        async with self._lock:
            label = version or "(unbuilt)"
            problems = guard_problems(self.holder.current, lists, self.max_shrink)
            if problems:
                self.reject({p.source for p in lists}, label, problems)
            try:
                table = await asyncio.to_thread(build_table, lists, self.thresholds, version)
            except Exception as exc:  # a build failure must never replace the current table
                self.reject({p.source for p in lists}, label, [f"table build failed: {exc!r}"])
            previous = self.holder.install(table)
            self._record_success(table, previous)
            log.info(
                "installed list version %s (%d entities; %s)",
                table.version,
                table.entity_count,
                ", ".join(f"{s}={n}" for s, n in sorted(table.entities_by_source().items())),
            )
        for hook in self.hooks:
            result = hook(table)
            if inspect.isawaitable(result):
                await result
        return table

    def reject(
        self, sources: set[str] | Sequence[str], version: str, problems: list[str]
    ) -> NoReturn:
        """Record a rejected version (metric + WARNING log) and raise ``VersionRejectedError``."""
        labels = sorted(sources) or ["all"]
        if self.metrics is not None:
            for source in labels:
                self.metrics.list_reloads.labels(source=source, result="rejected").inc()
        error = VersionRejectedError(version, problems)
        log.warning("%s; keeping version %s", error, self.current_version)
        raise error

    @property
    def current_version(self) -> str | None:
        table = self.holder.current
        return table.version if table is not None else None

    def _record_success(self, table: SanctionsTable, previous: SanctionsTable | None) -> None:
        if self.metrics is None:
            return
        now = time.time()
        counts = table.entities_by_source()
        if previous is not None:
            for source in previous.entities_by_source():
                if source not in counts:
                    with contextlib.suppress(KeyError):
                        self.metrics.list_entities.remove(source)
                with contextlib.suppress(KeyError):
                    self.metrics.list_info.remove(source, previous.version)
        for source, count in counts.items():
            self.metrics.list_entities.labels(source=source).set(count)
            self.metrics.list_info.labels(source=source, version=table.version).set(1)
            self.metrics.list_last_success.labels(source=source).set(now)
            self.metrics.list_reloads.labels(source=source, result="success").inc()
        self.metrics.list_age_seconds.set(0)
        self.metrics.list_stale.set(0)

    def confirm(self, now: float | None = None) -> None:
        """The sources were checked and still match the current table: it is current again
        (its age restarts) and every source's last success is now."""
        table = self.holder.current
        if table is None:
            return
        now = time.time() if now is None else now
        self.holder.confirm(now)
        if self.metrics is not None:
            for source in table.entities_by_source():
                self.metrics.list_last_success.labels(source=source).set(now)
