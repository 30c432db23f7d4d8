"""Country cells as the lists write them, to ISO 3166-1 alpha-2."""

from __future__ import annotations

import pytest

from services.lists.countries import countries_in, country_code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Russia", "RU"),
        ("Korea, North", "KP"),
        ("Congo (Democratic Republic)", "CD"),
        ("HRV", "HR"),
        ("Kosovo", "XK"),
        ("(Pakistan)", "PK"),
        ("Bosnia and Herzegovina", "BA"),
        ("United Kingdom", "GB"),
        ("Atlantis", None),
        ("", None),
        (None, None),
    ],
)
def test_country_code(text: str | None, code: str | None) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("(1) Russia (2) Ukraine", ("RU", "UA")),
        ("Iraq; Syria", ("IQ", "SY")),
        ("Iraq, Syria", ("IQ", "SY")),
        ("Korea, North", ("KP",)),
        ("(1) Russia (2) Russia", ("RU",)),
        ("Atlantis", ()),
        (None, ()),
    ],
)
def test_countries_in(text: str | None, codes: tuple[str, ...]) -> None:
    assert countries_in(text) == codes
