"""Party extraction: every named party of a payment, the traveller cross-checked with its MRZ."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from matching import Identifier, Schema
from streams.mrz import check_digit
from streams.parties import country_alpha2, payment_parties, traveller_parties

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


def _hrv_passport(surname: str, given: str, number: str, birth: str, sex: str = "M") -> str:
    """A TD3 MRZ with correct check digits for a Croatian passport."""
    top = f"P<HRV{surname}<<{given.replace(' ', '<')}"[:44].ljust(44, "<")
    bottom = (
        f"{number.ljust(9, '<')}{check_digit(number.ljust(9, '<'))}BIH"
        f"{birth}{check_digit(birth)}{sex}290101{check_digit('290101')}"
        f"{'<' * 14}<"
    )
    composite = bottom[0:10] + bottom[13:20] + bottom[21:43]
    return f"{top}\n{bottom}{check_digit(composite)}"


SEFEROVIC_MRZ = _hrv_passport("SEFEROVIC", "NUSRET", "123456789", "710514")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("DE", "DE"), ("de", "DE"), ("DEU", "DE"), ("D", "DE"), ("D<<", "DE"),
        ("XK", "XK"), ("RKS", "XK"), ("UNK", "XK"), ("BIH", "BA"), ("HRV", "HR"),
        ("GBD", "GB"), ("GBR", "GB"), ("XXA", None), ("UNO", None), ("", None), (None, None),
    ],
)  # fmt: skip
def test_country_alpha2(code: str | None, expected: str | None) -> None:
    assert country_alpha2(code) == expected


@pytest.mark.parametrize("code", ["ZZ", "UTO", "ABCD"])
def test_unknown_country_code(code: str) -> None:
    with pytest.raises(ValueError, match="unknown country code"):
        country_alpha2(code)


def test_design_payment_parties() -> None:
    parties, findings = payment_parties(
        {
            "debtor": {
                "name": "Granit  Avdyli",
                "country": "XK",
                "account": "XK051212012345678906",
            },
            "debtor_agent": {"bic": "RBKOXKPR", "name": "Raiffeisen Bank Kosovo"},
            "creditor": {"name": "ALPA Trading Company", "country": "AE"},
            "ultimate_creditor": None,
        }
    )
    assert findings == ()
    by_role = {p.role: p.query for p in parties}
    assert list(by_role) == ["debtor", "creditor", "debtor_agent"]
    assert by_role["debtor"].name == "Granit Avdyli"
    assert by_role["debtor"].schema is None
    assert by_role["debtor"].countries == ("XK",)
    assert by_role["creditor"].countries == ("AE",)
    agent = by_role["debtor_agent"]
    assert agent.schema is Schema.ORGANIZATION
    assert agent.identifiers == (Identifier("bic", "RBKOXKPR", "XK"),)
    assert agent.countries == ("XK",)


# (case, party payload, expected field values of the query)
PAYMENT_CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("type person", {"name": "Bledar Lala", "type": "person"}, {"schema": Schema.PERSON}),
    ("type organization", {"name": "ALPA Trading FZCO", "type": "organization"},
     {"schema": Schema.ORGANIZATION}),
    ("type unknown", {"name": "X", "type": None}, {"schema": None}),
    ("iban country", {"name": "X", "account": "DE89 3704 0044 0532 0130 00"},
     {"countries": ("DE",)}),
    ("non-iban account", {"name": "X", "account": "12345678"}, {"countries": ()}),
    ("countries deduplicated", {"name": "X", "country": "AE", "country_of_residence": "ARE",
                                "address": {"country": "GB"}}, {"countries": ("AE", "GB")}),
    ("birth date", {"name": "X", "birth_date": "1980-03"}, {"birth_date": "1980-03"}),
    ("bic and lei", {"name": "X", "bic": "DEUTDEFF500", "lei": "529900T8BM49AURSDO55"},
     {"identifiers": (Identifier("bic", "DEUTDEFF500", "DE"),
                      Identifier("lei", "529900T8BM49AURSDO55")), "countries": ("DE",)}),
    ("nfc name", {"name": "Nusret Seferovic\u0301"}, {"name": "Nusret Seferović"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "party", "expected"), PAYMENT_CASES, ids=[c[0] for c in PAYMENT_CASES]
)
def test_payment_party(case: str, party: dict[str, Any], expected: dict[str, Any]) -> None:
    (extracted,), _ = payment_parties({"debtor": party})
    for field, value in expected.items():
        assert getattr(extracted.query, field) == value, field


def test_every_payment_role() -> None:
    parties, _ = payment_parties(
        {
            "debtor": {"name": "A"},
            "creditor": {"name": "B"},
            "ultimate_debtor": {"name": "C"},
            "ultimate_creditor": {"name": "D"},
            "initiating_party": {"name": "E"},
            "debtor_agent": {"name": "F", "bic": "RBKOXKPR"},
            "creditor_agent": {"bic": "EBILAEAD"},
            "intermediary_agents": [{"name": "G"}, {"bic": "DEUTDEFF"}],
        }
    )
    assert [(p.role, p.query.name) for p in parties] == [
        ("debtor", "A"),
        ("creditor", "B"),
        ("ultimate_debtor", "C"),
        ("ultimate_creditor", "D"),
        ("initiating_party", "E"),
        ("debtor_agent", "F"),
        ("intermediary_agent", "G"),
    ]


def test_unknown_payment_country_is_a_finding() -> None:
    (party,), findings = payment_parties({"debtor": {"name": "X", "country": "ZZ"}})
    assert party.query.countries == ()
    assert findings == ("unknown_country:debtor.country",)


def test_a_repeated_payment_party_is_the_same_party_with_its_findings_every_time() -> None:
    doc = {
        "debtor": {"name": "Y", "country": "ZZ", "bic": "RBKOZZPR"},
        "debtor_agent": {"name": "Bank", "bic": "RBKOZZPR"},
    }
    first, first_findings = payment_parties(doc)
    again, again_findings = payment_parties(orjson.loads(orjson.dumps(doc)))
    assert [a is b for a, b in zip(first, again, strict=True)] == [True, True]
    assert (
        first_findings
        == again_findings
        == (
            "unknown_country:debtor.country",
            "unknown_country:debtor.bic",
            "unknown_country:debtor_agent.bic",
        )
    )


def test_a_party_that_differs_in_any_field_is_built_anew() -> None:
    (plain,), _ = payment_parties({"debtor": {"name": "Z"}})
    (typed,), _ = payment_parties({"debtor": {"name": "Z", "type": "person"}})
    (housed,), _ = payment_parties({"debtor": {"name": "Z", "address": {"country": "XK"}}})
    assert plain.query.schema is None and typed.query.schema is Schema.PERSON
    assert housed.query.countries == ("XK",) and plain.query.countries == ()


def _traveller(**fields: Any) -> dict[str, Any]:
    return {"traveller": fields}


def test_design_traveller() -> None:
    (party,), findings = traveller_parties(
        _traveller(
            given_names="Nusret",
            surname="Seferovic",
            birth_date="1971-05-14",
            nationality="BIH",
            gender="M",
            document={"type": "P", "number": "123456789", "issuing_state": "HRV"},
            mrz=None,
        )
    )
    assert findings == ()
    assert party.role == "traveller"
    query = party.query
    assert query.name == "Nusret Seferovic"
    assert query.schema is Schema.PERSON
    assert (query.first_name, query.last_name) == ("Nusret", "Seferovic")
    assert query.birth_date == "1971-05-14"
    assert query.countries == ("BA",)
    assert query.gender == "male"
    assert query.identifiers == (Identifier("passport", "123456789", "HR"),)


@pytest.mark.parametrize(
    ("nationality", "expected"), [("D", ("DE",)), ("RKS", ("XK",)), ("XXA", ()), (None, ())]
)
def test_traveller_nationality(nationality: str | None, expected: tuple[str, ...]) -> None:
    (party,), findings = traveller_parties(_traveller(surname="X", nationality=nationality))
    assert party.query.countries == expected
    assert findings == ()


@pytest.mark.parametrize(
    ("doc_type", "kind"), [("P", "passport"), ("PD", "passport"), ("I", "national_id"),
                           ("AC", "national_id"), ("V", "other"), (None, "passport")]
)  # fmt: skip
def test_document_kind(doc_type: str | None, kind: str) -> None:
    (party,), _ = traveller_parties(
        _traveller(surname="X", document={"type": doc_type, "number": "AB1"})
    )
    assert party.query.identifiers == (Identifier(kind, "AB1", None),)


def test_mrz_only_traveller() -> None:
    (party,), findings = traveller_parties(_traveller(mrz=SEFEROVIC_MRZ))
    query = party.query
    assert findings == ()
    assert query.name == "NUSRET SEFEROVIC"
    assert (query.first_name, query.last_name) == ("NUSRET", "SEFEROVIC")
    assert query.birth_date == "1971-05-14"
    assert query.countries == ("BA",)
    assert query.gender == "male"
    assert query.identifiers == (Identifier("passport", "123456789", "HR"),)


def test_mrz_agreeing_with_structured_fields() -> None:
    (party,), findings = traveller_parties(
        _traveller(
            given_names="Nusret",
            surname="Seferović",
            birth_date="1971-05-14",
            nationality="BIH",
            gender="M",
            document={"type": "P", "number": "123456789", "issuing_state": "HRV"},
            mrz=SEFEROVIC_MRZ,
        )
    )
    assert findings == ()
    assert party.query.name == "Nusret Seferović"
    assert party.query.names == ()


# (case, structured fields, findings expected)
MISMATCHES: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [
    ("name", {"given_names": "Nusret", "surname": "Selimovic"}, ("mrz_mismatch:name",)),
    ("birth date", {"surname": "Seferovic", "given_names": "Nusret", "birth_date": "1971-05-15"},
     ("mrz_mismatch:birth_date",)),
    ("nationality", {"surname": "Seferovic", "given_names": "Nusret", "nationality": "HRV"},
     ("mrz_mismatch:nationality",)),
    ("gender", {"surname": "Seferovic", "given_names": "Nusret", "gender": "F"},
     ("mrz_mismatch:gender",)),
    ("document number", {"surname": "Seferovic", "given_names": "Nusret",
                         "document": {"number": "987654321"}}, ("mrz_mismatch:document_number",)),
    ("issuing state", {"surname": "Seferovic", "given_names": "Nusret",
                       "document": {"issuing_state": "SRB"}}, ("mrz_mismatch:issuing_state",)),
]  # fmt: skip


@pytest.mark.parametrize(("case", "fields", "expected"), MISMATCHES, ids=[m[0] for m in MISMATCHES])
def test_mrz_mismatch_is_a_finding(
    case: str, fields: dict[str, Any], expected: tuple[str, ...]
) -> None:
    _, findings = traveller_parties(_traveller(mrz=SEFEROVIC_MRZ, **fields))
    assert findings == expected


def test_mrz_name_added_when_it_differs() -> None:
    (party,), _ = traveller_parties(
        _traveller(given_names="Nusret", surname="Selimovic", mrz=SEFEROVIC_MRZ)
    )
    assert party.query.name == "Nusret Selimovic"
    assert party.query.names == ("NUSRET SEFEROVIC",)


def test_mrz_document_number_mismatch_adds_both_identifiers() -> None:
    (party,), _ = traveller_parties(
        _traveller(surname="Seferovic", document={"number": "987654321"}, mrz=SEFEROVIC_MRZ)
    )
    assert [i.number for i in party.query.identifiers] == ["987654321", "123456789"]


@pytest.mark.parametrize(
    ("structured", "mrz_surname", "mrz_given"),
    [
        ("Müller", "MUELLER", "HANS"),
        ("Müller", "MULLER", "HANS"),
        ("Ermellahu", "ERMELLAHU", "SHKEMBIM"),
    ],
)
def test_transliterated_mrz_name_is_the_same(
    structured: str, mrz_surname: str, mrz_given: str
) -> None:
    mrz = _hrv_passport(mrz_surname, mrz_given, "123456789", "710514")
    _, findings = traveller_parties(
        _traveller(given_names=mrz_given.title(), surname=structured, mrz=mrz)
    )
    assert "mrz_mismatch:name" not in findings


def test_truncated_mrz_name_is_the_same() -> None:
    given = "Maximilian Alexander Konstantin"
    mrz = _hrv_passport(
        "WOLFSCHLEGELSTEIN", "MAXIMILIAN ALEXANDER KONSTANTIN", "123456789", "710514"
    )
    assert len(mrz.split("\n")[0].rstrip("<")) == 44  # filled to the end: truncated
    _, findings = traveller_parties(
        _traveller(given_names=given, surname="Wolfschlegelstein", mrz=mrz)
    )
    assert "mrz_mismatch:name" not in findings


@pytest.mark.parametrize(
    ("line", "pos", "field"),
    [
        (1, 9, "document_number"),
        (1, 19, "birth_date"),
        (1, 27, "expiry_date"),
        (1, 43, "composite"),
    ],
)
def test_bad_check_digit_is_a_finding(line: int, pos: int, field: str) -> None:
    lines = SEFEROVIC_MRZ.split("\n")
    lines[line] = lines[line][:pos] + str((int(lines[line][pos]) + 1) % 10) + lines[line][pos + 1 :]
    (party,), findings = traveller_parties(_traveller(surname="Seferovic", mrz="\n".join(lines)))
    assert f"mrz_check_digit_failed:{field}" in findings
    assert party.query.last_name == "Seferovic"


def test_failed_field_is_not_used() -> None:
    lines = SEFEROVIC_MRZ.split("\n")
    lines[1] = lines[1][:9] + "0" + lines[1][10:]
    (party,), _ = traveller_parties(_traveller(surname="Seferovic", mrz=lines))
    assert party.query.identifiers == ()
    assert party.query.birth_date == "1971-05-14"


def test_unreadable_mrz_is_a_finding() -> None:
    (party,), findings = traveller_parties(_traveller(surname="Seferovic", mrz="P<HRVSEFEROVIC"))
    assert findings == ("mrz_unreadable",)
    assert party.query.name == "Seferovic"


def test_specimen_codes_are_unknown_countries() -> None:
    _, findings = traveller_parties(_traveller(mrz=TD3, nationality="UTO"))
    assert findings == (
        "unknown_country:nationality",
        "unknown_country:mrz.nationality",
        "unknown_country:mrz.issuing_state",
    )
