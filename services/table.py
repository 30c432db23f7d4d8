"""The sanctions table a worker screens with, and the holder that swaps it atomically.

Contract: a ``SanctionsTable`` is immutable and complete (its screener is fully built); the
``TableHolder`` replaces the current table in one assignment, so a reader sees either the old or
the new version, never a mix. ``current`` is None until a first table is installed: callers must
treat that as "not ready" and screen nothing (fail closed).
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from matching import Entity, Screener, Thresholds
from services.gcpause import paused_gc
from services.lists.model import ParsedList


@dataclass(frozen=True, slots=True)
class ListInfo:
    """What one list contributed to a table version."""

    source: str
    path: str
    content_hash: str
    entities: int
    list_date: str | None


@dataclass(frozen=True, slots=True)
class SanctionsTable:
    """One complete list version: the lists it came from and the screener built over them."""

    version: str
    lists: tuple[ListInfo, ...]
    screener: Screener
    built_at: float = field(default_factory=time.time)

    @property
    def entity_count(self) -> int:
        return len(self.screener.entities)

    def entities_by_source(self) -> dict[str, int]:
        return dict(Counter(e.source for e in self.screener.entities))


def version_of(lists: Sequence[ParsedList]) -> str:
    """A deterministic version id: the newest list date plus a hash of every list's content."""
    digest = hashlib.sha256()
    for parsed in sorted(lists, key=lambda p: (p.source, p.content_hash)):
        digest.update(f"{parsed.source}:{parsed.content_hash};".encode())
    dates = sorted(p.list_date for p in lists if p.list_date)
    prefix = dates[-1] if dates else "undated"
    return f"{prefix}.{digest.hexdigest()[:12]}"


def build_table(
    lists: Sequence[ParsedList],
    thresholds: Thresholds | None = None,
    version: str | None = None,
) -> SanctionsTable:
    """Build a complete table from parsed lists (CPU-heavy: run it off the event loop).

    ``version`` overrides the computed ``version_of(lists)``: a worker following the entities
    topic uses the version its publisher announced, so every worker names the same one. The
    cyclic garbage collector is paused while the screener is built (``services.gcpause``)."""
    entities: list[Entity] = [e for parsed in lists for e in parsed.entities]
    infos = tuple(
        ListInfo(p.source, p.path, p.content_hash, len(p.entities), p.list_date) for p in lists
    )
    with paused_gc():
        screener = Screener(entities, thresholds)
    return SanctionsTable(version or version_of(lists), infos, screener)


class TableHolder:
    """Holds the current table; ``install`` swaps it in one assignment.

    ``confirmed_at`` is when the current table was last known to match its sources: set on
    install, and advanced by ``confirm`` when a later check finds the sources unchanged. The
    table's age (and so staleness) counts from it: a list that is checked and simply has not
    changed is current, one whose sources could not be checked grows stale.
    """

    def __init__(self) -> None:
        self.current: SanctionsTable | None = None
        self.confirmed_at: float | None = None

    def install(self, table: SanctionsTable) -> SanctionsTable | None:
        """Make ``table`` current; return the table it replaced."""
        previous, self.current = self.current, table
        self.confirmed_at = time.time()
        return previous

    def confirm(self, now: float | None = None) -> None:
        """Record that the sources were checked and still match the current table."""
        if self.current is not None:
            self.confirmed_at = time.time() if now is None else now
