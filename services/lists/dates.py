"""Partial dates as lists write them, to ISO 8601.

Contract: ``parse_date`` turns the date shapes lists use ("14/04/2025", "00/00/1961",
"10 Dec 1948", "circa 1955", "1971-05-14") into an ISO partial date ("1961", "1948-12-10"), or
None; ``parse_dates`` does so for every date of a multi-value cell. Results are cached.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

from services.lists.common import split_numbered

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T.*)?$")
_TEXT_DATE = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_APPROX = re.compile(r"^(circa|approximately|approx\.?|about|c\.)\s+", re.I)
_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:to|-|–)\s*(\d{4})$")


def _iso(year: int, month: int = 0, day: int = 0) -> str | None:
    if not 1800 <= year <= 2100:
        return None
    if not month or not 1 <= month <= 12:
        return f"{year:04d}"
    if not day or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{year:04d}-{month:02d}"  # no day, or one the month does not have
    return f"{year:04d}-{month:02d}-{day:02d}"


@lru_cache(maxsize=16384)
def parse_date(text: str | None) -> str | None:
    """ISO partial date of one date as lists write it, or None when it is not a date."""
    if not text:
        return None
    value = text.strip().rstrip(".").strip()
    value = _APPROX.sub("", value)
    if match := _DMY.match(value):
        return _iso(int(match[3]), int(match[2]), int(match[1]))
    if match := _MY.match(value):
        return _iso(int(match[2]), int(match[1]))
    if match := _ISO.match(value):
        return _iso(int(match[1]), int(match[2] or 0), int(match[3] or 0))
    if match := _TEXT_DATE.match(value):
        month = _MONTHS.get(match[2].lower())
        return _iso(int(match[3]), month or 0, int(match[1] or 0)) if month else None
    return None


@lru_cache(maxsize=16384)
def parse_dates(text: str | None) -> tuple[str, ...]:
    """Every date in a cell: numbered values, "1962 to 1963" ranges (each year), or one date."""
    dates: list[str] = []
    for value in split_numbered(text):
        if range_match := _YEAR_RANGE.match(value.strip()):
            first, last = int(range_match[1]), int(range_match[2])
            years = [str(y) for y in range(first, last + 1)] if 0 <= last - first <= 20 else []
            dates.extend(y for y in years if y not in dates)
            continue
        parsed = parse_date(value)
        if parsed and parsed not in dates:
            dates.append(parsed)
    return tuple(dates)
