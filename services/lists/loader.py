"""The public entry point: parse every list at the given locations.

``load_locations(["lists/", "https://…/consolidated.xml", "sdn.csv"])`` returns one
``ParsedList`` per list (OFAC's sdn/add/alt/comments count as one). Locations are files,
directories (every recognised list file below them, recursively) or HTTP(S) URLs.

Several copies of one list in a directory (say ``uk_ofsi/2025-04-10/ConList.xlsx`` and
``uk_ofsi/2025-04-14/ConList.xlsx``, or two OFAC ``sdn.csv``): only the newest is loaded — by
the list's own date, else a date in its folder names, else the file's mtime — and the others
are logged at INFO as superseded. Files named explicitly are all loaded. In every case an
entity id appears once: when two loaded lists carry the same id, the newest list's entity is
kept (logged at INFO). The rules live in ``services/lists/select.py``. A bad file
raises ``ListFormatError`` naming the file and the problem; an unreachable source raises
``SourceError``. Synchronous and CPU-heavy: inside an event loop, call it via
``asyncio.to_thread``.
"""

from __future__ import annotations

from collections.abc import Sequence

from services.lists.model import ListFormatError, ParsedList
from services.lists.sources import ListSources, SourceError

__all__ = ["ListFormatError", "SourceError", "load_locations", "split_locations"]


def split_locations(value: str | Sequence[str] | None) -> list[str]:
    """Locations from a comma-separated setting (``CORDON_LISTS``) or repeated CLI values."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def load_locations(locations: Sequence[str]) -> list[ParsedList]:
    """Parse every list at ``locations``; all or nothing."""
    parsed = ListSources(split_locations(locations)).poll(force=True)
    assert parsed is not None  # force=True always parses
    return parsed
