"""Date cells as the lists write them, to ISO 8601 partial dates."""

from __future__ import annotations

import pytest

from services.lists.dates import parse_date, parse_dates


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("14/04/2025", "2025-04-14"),
        ("00/00/1961", "1961"),
        ("00/05/1971", "1971-05"),
        ("10 Dec 1948", "1948-12-10"),
        ("circa 1955", "1955"),
        ("1971-05-14", "1971-05-14"),
        ("31/02/1970", "1970-02"),  # a day the month does not have is dropped, not invented
        ("29/02/2000", "2000-02-29"),
        ("sometime", None),
        (None, None),
    ],
)
def test_parse_date(text: str | None, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_a_year_range_gives_every_year() -> None:
    assert parse_dates("1965 to 1968") == ("1965", "1966", "1967", "1968")


def test_a_numbered_cell_gives_each_date() -> None:
    assert parse_dates("(1) 01/01/1960 (2) 1962") == ("1960-01-01", "1962")
