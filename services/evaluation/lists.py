"""Which list files the eval reads: one copy of each list, the newest.

Contract: ``newest_copies(locations)`` walks the locations like ``load_locations`` does, groups
the recognised list files by list (format plus file name: OFAC ``sdn.csv`` and ``cons_prim.csv``
are different lists, three ``ConList.xlsx`` copies are one), keeps the copy whose path carries
the latest ISO date (``2025-04-14/ConList.xlsx``; undated paths rank first, ties by path) and
parses only those (OFAC companions follow their primary's folder). Parsing is the slow step, so
unread copies are never parsed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from services.lists.formats import RawFile, detect, parse_files
from services.lists.loader import split_locations
from services.lists.model import ListFormatError, ParsedList
from services.lists.sources import ListSources

_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def _dated(raw: RawFile) -> tuple[str, str]:
    dates = _DATE.findall(raw.name)
    return (dates[-1] if dates else "", raw.name)


def select_newest(files: Sequence[RawFile]) -> list[RawFile]:
    """The newest copy of each list among ``files`` (see the module contract)."""
    newest: dict[tuple[str, str], RawFile] = {}
    for raw in files:
        kind = detect(raw)
        if kind is None or kind == "ofac-companion":
            continue
        key = (kind, raw.basename)
        if key not in newest or _dated(raw) > _dated(newest[key]):
            newest[key] = raw
    folders = {raw.folder for raw in newest.values() if detect(raw) == "ofac"}
    kept = set(id(raw) for raw in newest.values())
    return [
        raw
        for raw in files
        if id(raw) in kept or (raw.folder in folders and detect(raw) == "ofac-companion")
    ]


def newest_copies(locations: Sequence[str]) -> list[ParsedList]:
    """Parse the newest copy of each list found at ``locations``."""
    files = ListSources(split_locations(locations)).read()
    parsed = parse_files(select_newest(files))
    if not parsed:
        raise ListFormatError(", ".join(locations), "no recognised list file found")
    return parsed
