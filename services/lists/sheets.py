"""Spreadsheet lists (XLSX, ODS) read through calamine, a Rust reader (``python-calamine``).

Contract:
- ``read_sheet`` returns the first sheet's rows as tuples of cleaned strings (None for an empty
  cell): text as written, integral numbers without ``.0``, dates and times in ISO form. A file
  calamine cannot open or read is a ``ListFormatError`` naming the file and the format.
- ``peek_xlsx_rows`` reads only the first rows of an XLSX's first sheet straight from the zip
  (no full load), for cheap questions such as a list's date; None when it cannot tell.

OFSI publishes ``ConList.xlsx``; the FCDO publishes ``UK_Sanctions_List.ods``. Both are read the
same way and then parsed as rows by the list's own parser.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile

from python_calamine import CalamineError, CalamineWorkbook

from services.lists.common import clean
from services.lists.model import ListFormatError

Row = tuple[str | None, ...]


def _cell(value: object) -> str | None:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, bool) or value is None:
        return clean(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return clean(value)


def read_sheet(path: str, data: bytes, label: str) -> list[Row]:
    """Every row of the first sheet of an XLSX/ODS workbook; ``label`` names the format in
    errors ("XLSX", "ODS")."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, OSError, ValueError) as exc:
        raise ListFormatError(path, f"not a readable {label} workbook ({exc})") from exc
    try:
        if not workbook.sheet_names:
            raise ListFormatError(path, f"{label} workbook has no sheet")
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError) as exc:
        raise ListFormatError(path, f"{label} sheet cannot be read ({exc})") from exc
    finally:
        workbook.close()
    return [
        tuple((" ".join(c.split()) or None) if type(c) is str else _cell(c) for c in row)
        for row in rows
    ]


_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*>(.*?)</(?:\w+:)?row>", re.S)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_TYPE = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_TEXT = re.compile(rb"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>", re.S)
_SHARED = re.compile(rb"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>", re.S)
_PEEK_BYTES = 64 * 1024


def _text(fragment: bytes) -> str:
    return html.unescape(b"".join(_TEXT.findall(fragment)).decode("utf-8", "replace"))


def peek_xlsx_rows(data: bytes, count: int = 2) -> list[list[str]] | None:
    """The first ``count`` rows of an XLSX's first worksheet, reading only the start of the
    sheet and of the shared strings; None when the file does not look as expected."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
            if not sheets:
                return None
            with archive.open(sheets[0]) as handle:
                head = handle.read(_PEEK_BYTES)
            raw_rows = [row for row in _ROW.findall(head)][:count]
            cells = [_CELL.findall(row) for row in raw_rows]
            wanted = [
                int(v[0])
                for row in cells
                for attrs, body in row
                if (t := _TYPE.search(attrs)) and t[1] == b"s" and (v := _VALUE.findall(body))
            ]
            shared: list[str] = []
            if wanted and "xl/sharedStrings.xml" in archive.namelist():
                with archive.open("xl/sharedStrings.xml") as handle:
                    buffer = b""
                    while len(shared) <= max(wanted):
                        chunk = handle.read(_PEEK_BYTES)
                        if not chunk:
                            break
                        buffer += chunk
                        found = _SHARED.findall(buffer)
                        if found:
                            shared = [_text(s) for s in found]
            if wanted and len(shared) <= max(wanted):
                return None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return None
    rows: list[list[str]] = []
    for row in cells:
        values = []
        for attrs, body in row:
            kind = _TYPE.search(attrs)
            value = _VALUE.findall(body)
            if kind and kind[1] == b"s" and value:
                values.append(shared[int(value[0])])
            elif kind and kind[1] == b"inlineStr":
                values.append(_text(body))
            else:
                values.append(html.unescape(value[0].decode("utf-8", "replace")) if value else "")
        rows.append(values)
    return rows
