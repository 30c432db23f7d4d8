"""Which parser reads a file: detection by name and content, and OFAC file grouping.

Detection, in order: ``.xlsx`` -> OFSI, ``.ods`` -> FCDO (either read with calamine, and parsed
as the list whose header it carries); ``.xml`` -> UN (``<CONSOLIDATED_LIST``) or FCDO (any
other XML with designations); ``.json`` -> custom; ``sdn.csv``/``cons_prim.csv`` -> OFAC, with
``add``/``alt``/``comments`` companions of the same directory; other CSVs by their first lines:
``Last Updated`` -> OFSI, ``Report Date`` or a ``Unique ID`` header -> FCDO, an ``id,…,name``
header -> custom, a numeric first field with ``-0-`` -> OFAC. A file nothing recognises is
skipped inside a directory and refused when named explicitly.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from services.lists import custom, ofac, uk, uk_ofsi, un
from services.lists.common import header_key
from services.lists.model import ListFormatError, ParsedList
from services.lists.select import newest_copies, unique_ids
from services.lists.sheets import read_sheet


@dataclass(frozen=True, slots=True)
class RawFile:
    """One file's bytes. ``name`` is its path or URL; ``explicit`` when named by the user
    (not found by walking a directory); ``origin`` the location (directory) it was found
    under; ``mtime`` its modification time when it is a local file."""

    name: str
    data: bytes
    explicit: bool = True
    origin: str = ""
    mtime: float | None = None

    @property
    def basename(self) -> str:
        return posixpath.basename(self.name.replace("\\", "/").split("?")[0]).lower()

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.name.replace("\\", "/").split("?")[0])


Parser = Callable[[str, bytes, str], ParsedList]
PARSERS: dict[str, Parser] = {
    "uk-csv": uk.parse_csv,
    "uk-xml": uk.parse_xml_list,
    "uk-ofsi-csv": uk_ofsi.parse_csv,
    "uk-ofsi-xlsx": lambda path, data, digest: parse_sheet(path, data, digest, "XLSX"),
    "uk-ods": lambda path, data, digest: parse_sheet(path, data, digest, "ODS"),
    "un-xml": un.parse,
    "custom-csv": custom.parse_csv,
    "custom-json": custom.parse_json,
}
_OFAC_COMPANIONS = {name for names in ofac.COMPANIONS.values() for name in names}


def parse_sheet(path: str, data: bytes, content_hash: str, label: str) -> ParsedList:
    """An XLSX/ODS workbook: the FCDO list when its header has a Unique ID, else OFSI's."""
    rows = read_sheet(path, data, label)
    headers = {header_key(cell) for row in rows[:5] for cell in row}
    if "uniqueid" in headers:
        return uk.parse_rows(path, rows, content_hash)
    return uk_ofsi.parse_rows(path, rows, content_hash)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect(raw: RawFile) -> str | None:
    """The format key of a file (a PARSERS key, ``ofac`` or ``ofac-companion``), or None."""
    name, head = raw.basename, raw.data[:4096]
    if name in ofac.PRIMARY_FILES:
        return "ofac"
    if name in _OFAC_COMPANIONS:
        return "ofac-companion"
    if name.endswith(".xlsx"):
        return "uk-ofsi-xlsx"
    if name.endswith(".ods"):
        return "uk-ods"
    if name.endswith(".json"):
        return "custom-json"
    if name.endswith(".xml") or head.lstrip().startswith(b"<"):
        return "un-xml" if b"CONSOLIDATED_LIST" in head else "uk-xml"
    if head.startswith(b"PK\x03\x04"):
        return "uk-ofsi-xlsx"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = text.splitlines()[:3]
    first = header_key(lines[0].split(",")[0]) if lines else ""
    keys = {header_key(c) for line in lines for c in line.split(",")}
    if first == "lastupdated" and "groupid" in keys:
        return "uk-ofsi-csv"
    if first == "reportdate" or "uniqueid" in keys:
        return "uk-csv"
    if first == "lastupdated" or "groupid" in keys or name.startswith("conlist"):
        return "uk-ofsi-csv"
    if set(custom.REQUIRED) <= keys:
        return "custom-csv"
    if lines and lines[0].split(",")[0].strip().isdigit() and "-0-" in lines[0]:
        return "ofac"
    if name.startswith("uk_sanctions_list") or name.startswith("uk-sanctions-list"):
        return "uk-csv"
    return None


def _parse_one(raw: RawFile, kind: str, companions: dict[tuple[str, str], RawFile]) -> ParsedList:
    if kind != "ofac":
        return PARSERS[kind](raw.name, raw.data, sha256(raw.data))
    family = ofac.PRIMARY_FILES.get(raw.basename, "sdn")
    found: dict[str, bytes] = {}
    digest = hashlib.sha256(raw.data)
    for filename, role in sorted(ofac.COMPANIONS[family].items()):
        if (companion := companions.get((raw.folder, filename))) is not None:
            found[role] = companion.data
            digest.update(f"|{role}|".encode() + companion.data)
    return ofac.parse(raw.name, raw.data, found, digest.hexdigest())


def parse_files(files: Sequence[RawFile]) -> list[ParsedList]:
    """Parse the newest copy of every recognised list (see ``select``); OFAC primaries take
    the companions of their folder; entity ids come out unique."""
    companions: dict[tuple[str, str], RawFile] = {}
    primaries: list[tuple[RawFile, str]] = []
    for raw in files:
        kind = detect(raw)
        if kind is None:
            if raw.explicit:
                raise ListFormatError(raw.name, "not a recognised sanctions list format")
        elif kind == "ofac-companion":
            companions[(raw.folder, raw.basename)] = raw
        else:
            primaries.append((raw, kind))
    for key, raw in companions.items():
        family = next((f for f, names in ofac.COMPANIONS.items() if key[1] in names), "sdn")
        primary = next(n for n, f in ofac.PRIMARY_FILES.items() if f == family)
        has_primary = any(p.folder == key[0] and p.basename == primary for p, _ in primaries)
        if raw.explicit and not has_primary:
            raise ListFormatError(
                raw.name, "OFAC companion file without its sdn.csv / cons_prim.csv"
            )

    def parse(raw: RawFile, kind: str) -> ParsedList:
        return _parse_one(raw, kind, companions)

    chosen, already = newest_copies(primaries, parse)
    parsed = [already.get(id(raw)) or parse(raw, kind) for raw, kind in chosen]
    return unique_ids(parsed)
