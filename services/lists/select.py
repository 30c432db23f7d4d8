"""One copy per list, and one entity per id.

Contract:
- ``newest_copies``: among the files found by walking one directory (recursively; not files
  named explicitly, which are always all loaded), several copies of the same list — same
  source and same list family: FCDO UK Sanctions List, OFSI ConList, OFAC SDN, OFAC
  consolidated non-SDN, UN consolidated, or a custom list of the same file name — are reduced
  to the newest. Newest by the list's own date (OFSI "Last Updated", the FCDO report date, UN
  ``dateGenerated``, a custom ``list_date``), else by a date in its folder names
  (``2025-04-14/``, ``2021-07-07_watchman_bench/``), else by the file's mtime; ties go to the
  later path. The superseded copies are logged at INFO and never parsed when their date can be
  read cheaply (the head of the file, or the first rows of an XLSX).
- ``unique_ids``: whatever was loaded, an entity id appears once in a table. When two lists
  carry the same id, the entity of the newer list (same ranking) is kept and the others are
  dropped, logged at INFO with a count and examples.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from services.lists import ofac
from services.lists.common import header_key
from services.lists.dates import parse_date
from services.lists.model import ParsedList

if TYPE_CHECKING:
    from services.lists.formats import RawFile

log = logging.getLogger(__name__)

_FOLDER_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
_DATE_GENERATED = re.compile(rb'dateGenerated="([^"]+)"')
_UNKNOWN = "?"


def family(kind: str, basename: str) -> str:
    """Which list a file of format ``kind`` is a copy of."""
    if kind == "ofac":
        return "ofac:" + ofac.PRIMARY_FILES.get(basename, "sdn")
    if kind.startswith("uk-ofsi"):
        return "uk-ofsi:conlist"
    if kind.startswith("uk"):
        return "uk:sanctions-list"
    if kind.startswith("un"):
        return "un:consolidated"
    return "custom:" + basename.rsplit(".", 1)[0]


def folder_date(name: str, origin: str) -> str | None:
    """The latest ISO date in the folder names below ``origin`` (the walked directory)."""
    relative = name[len(origin) :] if origin and name.startswith(origin) else name
    folders = relative.replace("\\", "/").rsplit("/", 1)[0]
    dates = _FOLDER_DATE.findall(folders)
    return max(dates) if dates else None


def peek_date(kind: str, data: bytes) -> str | None:
    """The list's own date read from the head of the file; None when the format carries no
    date; ``_UNKNOWN`` when only a full parse can tell."""
    from services.lists.sheets import peek_xlsx_rows
    from services.lists.uk import _report_date

    head = data[:4096]
    if kind == "ofac":
        return None
    if kind == "un-xml":
        found = _DATE_GENERATED.search(head)
        return parse_date(found[1].decode("ascii", "replace")) if found else None
    if kind == "uk-ofsi-xlsx":
        rows = peek_xlsx_rows(data)
        if rows is None:
            return _UNKNOWN
        cells = [c for c in (rows[0] if rows else []) if c]
        if len(cells) >= 2 and header_key(cells[0]) == "lastupdated":
            return parse_date(cells[1])
        return _UNKNOWN
    if kind in ("uk-ofsi-csv", "uk-csv", "custom-csv"):
        text = head.decode("utf-8", "replace").lstrip("\ufeff")
        lines = text.splitlines()
        comments = [line for line in lines if line.startswith("#")][:20]
        for line in comments if kind == "custom-csv" else lines[:3]:
            cells = [c.strip().strip('"') for c in line.split(",")]
            key = header_key(cells[0].split(":")[0].lstrip("#"))
            if kind == "uk-ofsi-csv" and key == "lastupdated" and len(cells) > 1:
                return parse_date(cells[1])
            if kind == "uk-csv" and "date" in key:
                return _report_date(line)
            if kind == "custom-csv" and key == "listdate":
                return parse_date(line.split(":", 1)[1])
        return None if kind == "custom-csv" else _UNKNOWN
    return _UNKNOWN


def _mtime_date(mtime: float | None) -> str:
    if mtime is None:
        return ""
    return dt.datetime.fromtimestamp(mtime, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


def rank(list_date: str | None, name: str, origin: str, mtime: float | None) -> tuple[str, str]:
    """Sort key of a copy: its best date (own, folder, mtime), then its path."""
    return (list_date or folder_date(name, origin) or _mtime_date(mtime), name)


def newest_copies(
    files: Sequence[tuple[RawFile, str]], parse: Callable[[RawFile, str], ParsedList]
) -> tuple[list[tuple[RawFile, str]], dict[int, ParsedList]]:
    """``files`` as (file, format kind) pairs, primaries only; returns the pairs to parse and
    the lists already parsed to learn a date (by ``id`` of the file)."""
    groups: dict[tuple[str, str], list[tuple[RawFile, str]]] = {}
    keep: list[tuple[RawFile, str]] = []
    for raw, kind in files:
        if raw.explicit:
            keep.append((raw, kind))
        else:
            groups.setdefault((raw.origin, family(kind, raw.basename)), []).append((raw, kind))
    parsed: dict[int, ParsedList] = {}
    winners: set[int] = {id(raw) for raw, _ in keep}
    for (_, name), members in groups.items():
        if len(members) == 1:
            winners.add(id(members[0][0]))
            continue
        ranked = []
        for raw, kind in members:
            date = peek_date(kind, raw.data)
            if date == _UNKNOWN:
                parsed[id(raw)] = parse(raw, kind)
                date = parsed[id(raw)].list_date
            ranked.append((rank(date, raw.name, raw.origin, raw.mtime), raw))
        ranked.sort(key=lambda item: item[0])
        (best_key, best), superseded = ranked[-1], ranked[:-1]
        winners.add(id(best))
        for key, raw in superseded:
            parsed.pop(id(raw), None)
            log.info(
                "%s: superseded by %s (list %s, dated %s, newest %s); not loaded",
                raw.name, best.name, name, key[0] or "undated", best_key[0],
            )  # fmt: skip
    return [(raw, kind) for raw, kind in files if id(raw) in winners], parsed


def unique_ids(lists: Sequence[ParsedList]) -> list[ParsedList]:
    """``lists`` with every entity id kept once: in the newest list that carries it."""
    order = sorted(
        range(len(lists)),
        key=lambda i: ((lists[i].list_date or folder_date(lists[i].path, "")) or "", lists[i].path),
        reverse=True,
    )
    owner: dict[str, tuple[int, int]] = {}
    for index in order:
        for position, entity in enumerate(lists[index].entities):
            owner.setdefault(entity.id, (index, position))
    result = []
    for index, parsed in enumerate(lists):
        kept = tuple(
            e for position, e in enumerate(parsed.entities) if owner[e.id] == (index, position)
        )
        if len(kept) == len(parsed.entities):
            result.append(parsed)
            continue
        dropped = [e.id for p, e in enumerate(parsed.entities) if owner[e.id] != (index, p)]
        winners = sorted({lists[owner[i][0]].path for i in dropped})
        log.info(
            "%s: %d entity ids also in newer lists (%s), kept there: %s%s",
            parsed.path, len(dropped), ", ".join(winners), ", ".join(dropped[:5]),
            "…" if len(dropped) > 5 else "",
        )  # fmt: skip
        result.append(dataclasses.replace(parsed, entities=kept))
    return result
