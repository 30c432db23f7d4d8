"""ICAO 9303 MRZ parsing: the Utopia specimens, each check digit corrupted, malformed zones."""

from __future__ import annotations

from datetime import date

import pytest

from streams.mrz import MrzError, check_digit, format_td1, format_td3, parse_mrz

TODAY = date(2025, 10, 23)

# ICAO Doc 9303 part 4 (TD3) and part 5 (TD1) specimens.
TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)


def _replace(lines: tuple[str, ...], line: int, pos: int, char: str) -> list[str]:
    changed = list(lines)
    changed[line] = changed[line][:pos] + char + changed[line][pos + 1 :]
    return changed


def _bump(lines: tuple[str, ...], line: int, pos: int) -> list[str]:
    return _replace(lines, line, pos, str((int(lines[line][pos]) + 1) % 10))


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("L898902C3", "6"),
        ("740812", "2"),
        ("120415", "9"),
        ("ZE184226B<<<<<", "1"),
        ("D23145890", "7"),
        ("<<<<", "0"),
    ],
)
def test_check_digit(field: str, expected: str) -> None:
    assert check_digit(field) == expected


@pytest.mark.parametrize("text", [TD3, "\n".join(TD3), "".join(TD3), f"  {TD3[0]}\r\n{TD3[1]}\n"])
def test_td3_specimen(text: str | tuple[str, ...]) -> None:
    mrz = parse_mrz(text, today=TODAY)
    assert mrz.format == "TD3"
    assert mrz.document_type == "P"
    assert mrz.issuing_state == "UTO"
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.full_name == "ANNA MARIA ERIKSSON"
    assert mrz.document_number == "L898902C3"
    assert mrz.nationality == "UTO"
    assert mrz.birth_date == "1974-08-12"
    assert mrz.sex == "F"
    assert mrz.expiry_date == "2012-04-15"
    assert mrz.optional_data == "ZE184226B"
    assert mrz.check_failures == ()
    assert mrz.valid


@pytest.mark.parametrize("text", [TD1, "\n".join(TD1), "".join(TD1)])
def test_td1_specimen(text: str | tuple[str, ...]) -> None:
    mrz = parse_mrz(text, today=TODAY)
    assert mrz.format == "TD1"
    assert mrz.document_type == "I"
    assert mrz.issuing_state == "UTO"
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.document_number == "D23145890"
    assert mrz.nationality == "UTO"
    assert mrz.birth_date == "1974-08-12"
    assert mrz.sex == "F"
    assert mrz.expiry_date == "2012-04-15"
    assert mrz.check_failures == ()


# (case, line, position of the corrupted digit, expected failures)
TD3_CORRUPTIONS = [
    ("document_number check digit", 1, 9, {"document_number", "composite"}),
    ("document_number data", 1, 8, {"document_number", "composite"}),
    ("birth_date check digit", 1, 19, {"birth_date", "composite"}),
    ("birth_date data", 1, 18, {"birth_date", "composite"}),
    ("expiry_date check digit", 1, 27, {"expiry_date", "composite"}),
    ("expiry_date data", 1, 26, {"expiry_date", "composite"}),
    ("optional_data check digit", 1, 42, {"optional_data", "composite"}),
    ("composite check digit", 1, 43, {"composite"}),
]
TD1_CORRUPTIONS = [
    ("document_number check digit", 0, 14, {"document_number", "composite"}),
    ("document_number data", 0, 13, {"document_number", "composite"}),
    ("birth_date check digit", 1, 6, {"birth_date", "composite"}),
    ("expiry_date check digit", 1, 14, {"expiry_date", "composite"}),
    ("composite check digit", 1, 29, {"composite"}),
]


@pytest.mark.parametrize(
    ("case", "line", "pos", "expected"), TD3_CORRUPTIONS, ids=[c[0] for c in TD3_CORRUPTIONS]
)
def test_td3_corrupted(case: str, line: int, pos: int, expected: set[str]) -> None:
    mrz = parse_mrz(_bump(TD3, line, pos), today=TODAY)
    assert set(mrz.check_failures) == expected
    assert not mrz.valid


@pytest.mark.parametrize(
    ("case", "line", "pos", "expected"), TD1_CORRUPTIONS, ids=[c[0] for c in TD1_CORRUPTIONS]
)
def test_td1_corrupted(case: str, line: int, pos: int, expected: set[str]) -> None:
    mrz = parse_mrz(_bump(TD1, line, pos), today=TODAY)
    assert set(mrz.check_failures) == expected


def test_td3_empty_personal_number_with_filler_check_digit() -> None:
    bottom = "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<<"
    composite = bottom[0:10] + bottom[13:20] + bottom[21:43]
    mrz = parse_mrz([TD3[0], bottom + check_digit(composite)], today=TODAY)
    assert mrz.check_failures == ()
    assert mrz.optional_data == ""


def test_td1_long_document_number() -> None:
    number = "D231458907349"
    extension = number[9:] + check_digit(number)
    first = ("I<UTO" + number[:9] + "<" + extension).ljust(30, "<")
    second = "7408122F1204159UTO<<<<<<<<<<<"
    composite = first[5:30] + second[0:7] + second[8:15] + second[18:29]
    mrz = parse_mrz([first, second + check_digit(composite), TD1[2]], today=TODAY)
    assert mrz.document_number == number
    assert mrz.check_failures == ()


@pytest.mark.parametrize(
    ("yymmdd", "expected"),
    [("740812", "1974-08-12"), ("050101", "2005-01-01"), ("251023", "2025-10-23"),
     ("251024", "1925-10-24"), ("991231", "1999-12-31")],
)  # fmt: skip
def test_birth_century(yymmdd: str, expected: str) -> None:
    assert parse_mrz(_birth(yymmdd), today=TODAY).birth_date == expected


def _birth(yymmdd: str) -> list[str]:
    bottom = "L898902C36UTO" + yymmdd + check_digit(yymmdd) + "F1204159ZE184226B<<<<<1"
    composite = bottom[0:10] + bottom[13:20] + bottom[21:43]
    return [TD3[0], bottom + check_digit(composite)]


def test_impossible_date_is_an_invalid_field() -> None:
    mrz = parse_mrz(_birth("741312"), today=TODAY)
    assert mrz.birth_date is None
    assert mrz.invalid_fields == ("birth_date",)
    assert mrz.check_failures == ()


def test_unknown_sex_is_none() -> None:
    mrz = parse_mrz(_replace(TD3, 1, 20, "<"), today=TODAY)
    assert mrz.sex is None
    assert mrz.check_failures == ()  # sex is outside every check digit


@pytest.mark.parametrize(
    "text",
    [
        "",
        "P<UTOERIKSSON",
        [TD3[0], TD3[1][:40]],
        [TD3[0].lower(), TD3[1]],
        [TD3[0], TD3[1].replace("<", " ")],
        [TD1[0], TD1[1]],
    ],
    ids=["empty", "one short line", "short line", "lower case", "spaces", "td1 two lines"],
)
def test_unreadable(text: str | list[str]) -> None:
    with pytest.raises(MrzError):
        parse_mrz(text, today=TODAY)


def test_format_td3_reproduces_the_specimen() -> None:
    zone = format_td3(
        document_type="P", issuing_state="UTO", surname="Eriksson", given_names="Anna Maria",
        document_number="L898902C3", nationality="UTO", birth_date="1974-08-12", sex="F",
        expiry_date="2012-04-15", personal_number="ZE184226B",
    )  # fmt: skip
    assert zone.split("\n") == list(TD3)


def test_format_td1_reproduces_the_specimen() -> None:
    zone = format_td1(
        document_type="I", issuing_state="UTO", surname="Eriksson", given_names="Anna Maria",
        document_number="D23145890", nationality="UTO", birth_date="1974-08-12", sex="F",
        expiry_date="2012-04-15",
    )  # fmt: skip
    assert zone.split("\n") == list(TD1)


def test_format_transliterates_names() -> None:
    zone = format_td3(
        document_type="P", issuing_state="HRV", surname="Seferović", given_names="Nusret",
        document_number="123456789", nationality="BIH", birth_date="1971-05-14", sex="M",
        expiry_date="2029-01-01",
    )  # fmt: skip
    mrz = parse_mrz(zone, today=TODAY)
    assert (mrz.surname, mrz.given_names, mrz.check_failures) == ("SEFEROVIC", "NUSRET", ())
