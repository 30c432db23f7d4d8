"""ICAO 9303 machine-readable zones: TD3 (passports, 2 x 44) and TD1 (ID cards, 3 x 30).

Contract:
- ``parse_mrz(text)`` accepts the MRZ as one string (lines separated by newlines, or the lines
  concatenated) or as a sequence of lines. It raises ``MrzError`` only when the text is not a
  TD1/TD3 zone at all (wrong shape, characters outside ``A-Z 0-9 <``).
- A readable zone always parses: every check digit (7-3-1 weights, ``<`` = 0, ``A`` = 10 ...
  ``Z`` = 35) is verified and each failure is reported by field name in ``check_failures``
  (``document_number``, ``birth_date``, ``expiry_date``, ``optional_data``, ``composite``);
  dates that are not calendar dates are listed in ``invalid_fields`` and come back as None.
  The caller decides what a failure means (the decoder records it as a finding).
- Names: the primary identifier (surname) and the secondary identifier (given names) are split
  on ``<<``; single ``<`` become spaces.
- Birth years: ``YYMMDD`` is in 20YY unless that date is after the reference date (``today``,
  default the current UTC date), then in 19YY: nobody is born in the future, and a traveller
  older than 100 is rarer than a child. Expiry years are always 20YY.
- Codes are returned as written (``UTO``, ``D``, ``RKS``); country mapping is the caller's.
- ``format_td3`` / ``format_td1`` write a zone with correct check digits (test data, the demo).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from anyascii import anyascii

TD3_LINES, TD3_WIDTH = 2, 44
TD1_LINES, TD1_WIDTH = 3, 30

_MRZ_CHARS = re.compile(r"[A-Z0-9<]+")
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"


class MrzError(ValueError):
    """The text is not a readable TD1 or TD3 machine-readable zone."""


@dataclass(frozen=True, slots=True)
class Mrz:
    """The fields of a machine-readable zone and what failed verification."""

    format: str
    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: str | None
    sex: str | None
    expiry_date: str | None
    optional_data: str
    check_failures: tuple[str, ...] = ()
    invalid_fields: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.check_failures and not self.invalid_fields

    @property
    def full_name(self) -> str:
        """Given names then surname, as a person would write them."""
        return " ".join(part for part in (self.given_names, self.surname) if part)


def char_value(char: str) -> int:
    """The numeric value of an MRZ character for check digits."""
    if char == "<":
        return 0
    if char.isdigit():
        return ord(char) - 48
    return ord(char) - 55  # "A" is 10


# bytes.translate table: each MRZ character's byte becomes its value, so sums run in C.
_VALUES = bytes(char_value(chr(i)) if chr(i) in _ALPHABET else 0 for i in range(256))


def check_digit(field: str) -> str:
    """The ICAO 9303 check digit of ``field`` (weights 7, 3, 1 repeating)."""
    values = field.encode("ascii").translate(_VALUES)
    return str((7 * sum(values[0::3]) + 3 * sum(values[1::3]) + sum(values[2::3])) % 10)


def _verifies(field: str, digit: str, *, filler_ok: bool = False) -> bool:
    if filler_ok and digit == "<" and set(field) <= {"<"}:
        return True
    return check_digit(field) == digit


def split_lines(text: str | Sequence[str]) -> list[str]:
    """The MRZ lines, whitespace removed; a single run of 88 or 90 characters is split."""
    if isinstance(text, str):
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    else:
        lines = [str(line).strip() for line in text]
    if len(lines) == 1:
        (joined,) = lines
        if len(joined) == TD3_LINES * TD3_WIDTH:
            lines = [joined[:TD3_WIDTH], joined[TD3_WIDTH:]]
        elif len(joined) == TD1_LINES * TD1_WIDTH:
            lines = [joined[i : i + TD1_WIDTH] for i in range(0, len(joined), TD1_WIDTH)]
    return lines


def parse_mrz(text: str | Sequence[str], *, today: date | None = None) -> Mrz:
    """Parse a TD3 or TD1 zone; see the module docstring for what is verified."""
    lines = split_lines(text)
    widths = [len(line) for line in lines]
    for line in lines:
        if not _MRZ_CHARS.fullmatch(line):
            raise MrzError("characters outside A-Z, 0-9 and <")
    reference = today or datetime.now(UTC).date()
    if widths == [TD3_WIDTH] * TD3_LINES:
        return _parse_td3(lines, reference)
    if widths == [TD1_WIDTH] * TD1_LINES:
        return _parse_td1(lines, reference)
    raise MrzError(f"expected 2 lines of 44 (TD3) or 3 lines of 30 (TD1), got {widths}")


def _parse_td3(lines: list[str], today: date) -> Mrz:
    top, bottom = lines
    surname, given = _names(top[5:44])
    number, number_cd = bottom[0:9], bottom[9]
    birth, birth_cd = bottom[13:19], bottom[19]
    expiry, expiry_cd = bottom[21:27], bottom[27]
    optional, optional_cd = bottom[28:42], bottom[42]
    composite = bottom[0:10] + bottom[13:20] + bottom[21:43]
    failures = [
        name
        for name, ok in (
            ("document_number", _verifies(number, number_cd)),
            ("birth_date", _verifies(birth, birth_cd)),
            ("expiry_date", _verifies(expiry, expiry_cd)),
            ("optional_data", _verifies(optional, optional_cd, filler_ok=True)),
            ("composite", _verifies(composite, bottom[43])),
        )
        if not ok
    ]
    return _build("TD3", top[0:2], top[2:5], surname, given, number, bottom[10:13], birth,
                  bottom[20], expiry, optional, failures, today)  # fmt: skip


def _parse_td1(lines: list[str], today: date) -> Mrz:
    first, second, third = lines
    number, number_cd = first[5:14], first[14]
    optional = first[15:30]
    failures: list[str] = []
    if number_cd == "<":
        # Document number longer than 9: it continues in the optional data, check digit last.
        extension = optional.split("<", 1)[0]
        number, number_cd = number + extension[:-1], extension[-1:] or "<"
        optional = first[15 + len(extension) : 30]
    if not _verifies(number, number_cd):
        failures.append("document_number")
    birth, birth_cd = second[0:6], second[6]
    expiry, expiry_cd = second[8:14], second[14]
    if not _verifies(birth, birth_cd):
        failures.append("birth_date")
    if not _verifies(expiry, expiry_cd):
        failures.append("expiry_date")
    composite = first[5:30] + second[0:7] + second[8:15] + second[18:29]
    if not _verifies(composite, second[29]):
        failures.append("composite")
    surname, given = _names(third)
    return _build("TD1", first[0:2], first[2:5], surname, given, number, second[15:18], birth,
                  second[7], expiry, optional + second[18:29], failures, today)  # fmt: skip


def _build(
    fmt: str,
    doc_type: str,
    issuing: str,
    surname: str,
    given: str,
    number: str,
    nationality: str,
    birth: str,
    sex: str,
    expiry: str,
    optional: str,
    failures: list[str],
    today: date,
) -> Mrz:
    invalid: list[str] = []
    birth_date = _date(birth, today, birth=True)
    if birth_date is None and birth.strip("<"):
        invalid.append("birth_date")
    expiry_date = _date(expiry, today, birth=False)
    if expiry_date is None and expiry.strip("<"):
        invalid.append("expiry_date")
    if sex not in "MFX<":
        invalid.append("sex")
    return Mrz(
        format=fmt,
        document_type=doc_type.replace("<", ""),
        issuing_state=issuing.replace("<", ""),
        surname=surname,
        given_names=given,
        document_number=number.replace("<", ""),
        nationality=nationality.replace("<", ""),
        birth_date=birth_date,
        sex=sex if sex in ("M", "F") else None,
        expiry_date=expiry_date,
        optional_data=optional.strip("<").replace("<", " "),
        check_failures=tuple(failures),
        invalid_fields=tuple(invalid),
    )


def _names(field: str) -> tuple[str, str]:
    primary, _, secondary = field.rstrip("<").partition("<<")
    return _spaces(primary), _spaces(secondary)


def _spaces(part: str) -> str:
    return " ".join(p for p in part.split("<") if p)


def _date(yymmdd: str, today: date, *, birth: bool) -> str | None:
    if not yymmdd.isdigit():
        return None
    yy, month, day = int(yymmdd[0:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    try:
        parsed = date(2000 + yy, month, day)
        if birth and parsed > today:
            parsed = date(1900 + yy, month, day)
    except ValueError:
        return None
    return parsed.isoformat()


def mrz_field(text: str, width: int) -> str:
    """``text`` as an MRZ field: transliterated, upper case, ``<`` for anything else, padded."""
    field = re.sub(r"[^A-Z0-9]", "<", anyascii(text).upper())
    return field[:width].ljust(width, "<")


def _yymmdd(iso_date: str) -> str:
    return iso_date[2:4] + iso_date[5:7] + iso_date[8:10]


def format_td3(
    *,
    document_type: str,
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: str,
    sex: str,
    expiry_date: str,
    personal_number: str = "",
) -> str:
    """A TD3 zone (two lines joined by a newline) with correct check digits."""
    names = mrz_field(surname, 39).rstrip("<") + "<<" + mrz_field(given_names, 39).rstrip("<")
    top = mrz_field(document_type, 2) + mrz_field(issuing_state, 3) + mrz_field(names, 39)
    number = mrz_field(document_number, 9)
    birth, expiry = _yymmdd(birth_date), _yymmdd(expiry_date)
    personal = mrz_field(personal_number, 14)
    personal_cd = check_digit(personal) if personal_number else "<"
    bottom = (
        f"{number}{check_digit(number)}{mrz_field(nationality, 3)}{birth}{check_digit(birth)}"
        f"{sex or '<'}{expiry}{check_digit(expiry)}{personal}{personal_cd}"
    )
    composite = bottom[0:10] + bottom[13:20] + bottom[21:43]
    return f"{top}\n{bottom}{check_digit(composite)}"


def format_td1(
    *,
    document_type: str,
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: str,
    sex: str,
    expiry_date: str,
) -> str:
    """A TD1 zone (three lines joined by newlines) with correct check digits; numbers of at most
    9 characters."""
    number = mrz_field(document_number, 9)
    first = mrz_field(document_type, 2) + mrz_field(issuing_state, 3) + number
    first = first + check_digit(number) + "<" * 15
    birth, expiry = _yymmdd(birth_date), _yymmdd(expiry_date)
    second = (
        f"{birth}{check_digit(birth)}{sex or '<'}{expiry}{check_digit(expiry)}"
        f"{mrz_field(nationality, 3)}{'<' * 11}"
    )
    composite = first[5:30] + second[0:7] + second[8:15] + second[18:29]
    names = mrz_field(surname, 30).rstrip("<") + "<<" + mrz_field(given_names, 30).rstrip("<")
    return f"{first}\n{second}{check_digit(composite)}\n{mrz_field(names, 30)}"
