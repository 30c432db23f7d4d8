"""Decoding: the DESIGN.md examples decode; every DecodeError reason has its cases."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from streams.decode import REASONS, decode, load_schema, validator
from streams.events import DecodeError, EventType

PAY = EventType.PAYMENT
TRAVEL = EventType.TRAVEL

PAYMENT = {
    "event_id": "pay-20251023-000123",
    "event_time": "2025-10-23T09:14:03.120Z",
    "amount": {"value": "12500.00", "currency": "EUR"},
    "debtor": {"name": "Granit Avdyli", "country": "XK", "account": "XK051212012345678906"},
    "debtor_agent": {"bic": "RBKOXKPR", "name": "Raiffeisen Bank Kosovo"},
    "creditor": {"name": "ALPA Trading Company", "country": "AE",
                 "account": "AE070331234567890123456"},
    "ultimate_creditor": None,
    "remittance_info": "INV 4471 outboard engines 40HP x6",
}  # fmt: skip
TRAVELLER = {
    "event_id": "bx-RS-HORGOS-20251023-00042",
    "event_time": "2025-10-23T11:02:00Z",
    "traveller": {
        "given_names": "Nusret", "surname": "Seferovic", "birth_date": "1971-05-14",
        "nationality": "BIH", "gender": "M",
        "document": {"type": "P", "number": "123456789", "issuing_state": "HRV",
                     "expiry_date": "2029-01-01"},
        "mrz": None,
    },
    "journey": {"direction": "entry", "border_point": "Horgos", "country": "RS", "carrier": None},
}  # fmt: skip
TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]


def _with(base: dict[str, object], **changes: object) -> bytes:
    return orjson.dumps({**base, **changes})


def _without(base: dict[str, object], key: str) -> bytes:
    return orjson.dumps({k: v for k, v in base.items() if k != key})


def test_design_payment() -> None:
    event = decode(PAY, orjson.dumps(PAYMENT))
    assert event.event_id == "pay-20251023-000123"
    assert event.event_type is PAY
    assert event.event_time == datetime(2025, 10, 23, 9, 14, 3, 120000, tzinfo=UTC)
    assert [(p.role, p.query.name) for p in event.parties] == [
        ("debtor", "Granit Avdyli"),
        ("creditor", "ALPA Trading Company"),
        ("debtor_agent", "Raiffeisen Bank Kosovo"),
    ]
    assert event.findings == ()


def test_design_traveller() -> None:
    event = decode(TRAVEL, orjson.dumps(TRAVELLER))
    assert event.event_type is TRAVEL
    assert [(p.role, p.query.name) for p in event.parties] == [("traveller", "Nusret Seferovic")]
    assert event.findings == ()


# (case, event type, payload that must decode)
ACCEPTED: list[tuple[str, EventType, bytes]] = [
    ("unknown fields tolerated", PAY,
     _with(PAYMENT, x_bank_ref="abc", debtor={"name": "A", "x": 1})),
    ("creditor only", PAY, _without(PAYMENT, "debtor")),
    ("debtor null, creditor named", PAY, _with(PAYMENT, debtor=None)),
    ("numeric amount", PAY, _with(PAYMENT, amount={"value": 12.5, "currency": "EUR"})),
    ("agent with bic only", PAY, _with(PAYMENT, creditor_agent={"bic": "EBILAEAD"})),
    ("utf-8 bom", PAY, b"\xef\xbb\xbf" + orjson.dumps(PAYMENT)),
    ("offset event time", PAY, _with(PAYMENT, event_time="2025-10-23T11:14:03+02:00")),
    ("mrz only traveller", TRAVEL, _with(TRAVELLER, traveller={"mrz": TD3})),
    ("mrz as string", TRAVEL, _with(TRAVELLER, traveller={"surname": "X", "mrz": "\n".join(TD3)})),
    ("mononym traveller", TRAVEL, _with(TRAVELLER, traveller={"surname": "Madonna"})),
    ("alpha-2 nationality", TRAVEL,
     _with(TRAVELLER, traveller={"surname": "X", "nationality": "de"})),
    ("no journey", TRAVEL, _without(TRAVELLER, "journey")),
]  # fmt: skip


@pytest.mark.parametrize(("case", "event_type", "raw"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_accepted(case: str, event_type: EventType, raw: bytes) -> None:
    event = decode(event_type, raw)
    assert event.parties


# (case, event type, payload, reason, fragment of the detail)
REJECTED: list[tuple[str, EventType, bytes, str, str]] = [
    ("no bytes", PAY, b"", "empty_payload", ""),
    ("whitespace", PAY, b" \n\t", "empty_payload", ""),
    ("bom only", TRAVEL, b"\xef\xbb\xbf", "empty_payload", ""),
    ("latin-1", PAY, '{"event_id": "é"}'.encode("latin-1"), "not_utf8", "byte 14"),
    ("utf-16", TRAVEL, '{"a": 1}'.encode("utf-16"), "not_utf8", ""),
    ("truncated", PAY, orjson.dumps(PAYMENT)[:-5], "invalid_json", ""),
    ("trailing comma", PAY, b'{"event_id": "a",}', "invalid_json", ""),
    ("not json", TRAVEL, b"hello", "invalid_json", ""),
    ("array", PAY, b"[1, 2]", "not_an_object", "an array"),
    ("string", PAY, b'"pay-1"', "not_an_object", "a string"),
    ("null", TRAVEL, b"null", "not_an_object", "null"),
    ("number", TRAVEL, b"42", "not_an_object", "a number"),
    ("missing event_id", PAY, _without(PAYMENT, "event_id"), "schema_violation", "event_id"),
    ("missing event_time", PAY, _without(PAYMENT, "event_time"), "schema_violation", "event_time"),
    ("empty event_id", PAY, _with(PAYMENT, event_id=""), "schema_violation", "$.event_id"),
    ("numeric event_id", TRAVEL, _with(TRAVELLER, event_id=7), "schema_violation", "$.event_id"),
    ("no named party", PAY, _with(PAYMENT, debtor=None, creditor=None), "schema_violation",
     "at least one of debtor or creditor"),
    ("party without name", PAY, _with(PAYMENT, debtor={"country": "XK"}), "schema_violation",
     "$.debtor: must contain ['name']"),
    ("blank party name", PAY, _with(PAYMENT, creditor={"name": "   "}), "schema_violation",
     "$.creditor.name"),
    ("name not a string", PAY, _with(PAYMENT, debtor={"name": ["A"]}), "schema_violation",
     "$.debtor.name: must be string"),
    ("bad currency", PAY, _with(PAYMENT, amount={"value": "1", "currency": "euro"}),
     "schema_violation", "$.amount.currency"),
    ("bad bic", PAY, _with(PAYMENT, debtor_agent={"bic": "RBKO"}), "schema_violation",
     "$.debtor_agent"),
    ("empty agent", PAY, _with(PAYMENT, creditor_agent={}), "schema_violation",
     "$.creditor_agent: an agent needs a bic or a name"),
    ("bad intermediary", PAY, _with(PAYMENT, intermediary_agents=[{"bic": "x"}]),
     "schema_violation", "$.intermediary_agents[0]"),
    ("missing traveller", TRAVEL, _without(TRAVELLER, "traveller"), "schema_violation",
     "traveller"),
    ("nameless traveller", TRAVEL, _with(TRAVELLER, traveller={"nationality": "BIH"}),
     "schema_violation", "a traveller needs a surname, given names or an MRZ"),
    ("bad gender", TRAVEL, _with(TRAVELLER, traveller={"surname": "X", "gender": "male"}),
     "schema_violation", "$.traveller.gender"),
    ("bad birth date", TRAVEL,
     _with(TRAVELLER, traveller={"surname": "X", "birth_date": "14.05.1971"}),
     "schema_violation", "$.traveller.birth_date"),
    ("mrz a number", TRAVEL, _with(TRAVELLER, traveller={"surname": "X", "mrz": 5}),
     "schema_violation", "$.traveller.mrz"),
    ("event time words", PAY, _with(PAYMENT, event_time="yesterday"), "invalid_event_time",
     "yesterday"),
    ("event time no offset", TRAVEL, _with(TRAVELLER, event_time="2025-10-23T11:02:00"),
     "invalid_event_time", "no UTC offset"),
    ("event time date only", PAY, _with(PAYMENT, event_time="2025-10-23"), "invalid_event_time",
     "no UTC offset"),
    ("event time impossible", PAY, _with(PAYMENT, event_time="2025-02-30T00:00:00Z"),
     "invalid_event_time", ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "event_type", "raw", "reason", "detail"), REJECTED, ids=[r[0] for r in REJECTED]
)
def test_rejected(case: str, event_type: EventType, raw: bytes, reason: str, detail: str) -> None:
    with pytest.raises(DecodeError) as caught:
        decode(event_type, raw)
    assert caught.value.reason == reason
    assert detail in caught.value.detail
    assert len(caught.value.detail) <= 300


def test_every_reason_has_a_case() -> None:
    assert {r[3] for r in REJECTED} == set(REASONS)


def test_bad_mrz_check_digit_is_a_finding_not_an_error() -> None:
    bad = [TD3[0], TD3[1][:9] + "7" + TD3[1][10:]]
    event = decode(TRAVEL, _with(TRAVELLER, traveller={"surname": "Eriksson", "mrz": bad}))
    assert "mrz_check_digit_failed:document_number" in event.findings
    assert "mrz_check_digit_failed:composite" in event.findings


def test_unreadable_mrz_is_a_finding() -> None:
    event = decode(TRAVEL, _with(TRAVELLER, traveller={"surname": "X", "mrz": "P<UTO<<<"}))
    assert event.findings == ("mrz_unreadable",)


@pytest.mark.parametrize("event_type", list(EventType))
def test_schemas_are_draft_2020_12_package_data(event_type: EventType) -> None:
    schema = load_schema(event_type)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"{event_type.value}.v1.json")
    assert validator(event_type) is validator(event_type)
