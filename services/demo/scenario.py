"""The demo's scripted traffic: deterministic payments and border crossings, what each must yield.

Contract:
- ``build_scenario(n, seed)`` returns ``n`` events, the same for the same ``(n, seed)``. Mostly
  clear traffic (invented Western-Balkan and EU people and firms, real banks); spread evenly
  through it, the scripted cases of ``SCRIPT``: parties of the demo list under spelling
  variants ("Nusret Seferovic", "ALPA Trading Company", "KRASNIQI Burim", ...), a passport
  whose MRZ has a bad check digit, and malformed messages for the dead-letter topic. With
  fewer events than scripted cases, the first ``n`` cases are played.
- Each event says what it must produce: the alerts (event id, party role, entity id of the
  demo list ``services/demo_lists/uk_gim_demo.csv``), the findings, or the dead-letter reason.
- ``event_time`` is stamped when the event is sent (``ScenarioEvent.payload(now)``), so the
  worker's lag histogram measures this run; everything else is fixed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import orjson

from services.demo.stock import BANKS, BORDERS, FIRMS, IBAN_LENGTHS, REGIONS, REMITTANCES
from streams.events import EventType
from streams.mrz import format_td1, format_td3

PAYMENT, TRAVEL = EventType.PAYMENT, EventType.TRAVEL
_NOW = "{now}"


@dataclass(frozen=True, slots=True)
class ExpectedAlert:
    """An alert the worker must raise: this party of this event against this listed entity."""

    event_id: str
    role: str
    entity_id: str


@dataclass(frozen=True, slots=True)
class ScenarioEvent:
    """One message of the scenario and what it must produce."""

    index: int
    event_type: EventType
    event_id: str
    kind: str  # "clear", "hit" or "malformed"
    title: str
    doc: dict[str, Any] | None = None
    raw: bytes | None = None
    alerts: tuple[ExpectedAlert, ...] = ()
    findings: tuple[str, ...] = ()
    dlq_reason: str | None = None

    @property
    def key(self) -> bytes:
        return self.event_id.encode()

    def payload(self, now: datetime) -> bytes:
        """The message value; a document's ``event_time`` is stamped with ``now``."""
        if self.raw is not None:
            return self.raw
        assert self.doc is not None
        doc = self.doc
        if doc.get("event_time") == _NOW:
            stamp = now.isoformat(timespec="milliseconds").replace("+00:00", "Z")
            doc = {**doc, "event_time": stamp}
        return orjson.dumps(doc)


def payment_id(index: int) -> str:
    return f"pay-demo-{index:06d}"


def travel_id(index: int, point: str, country: str) -> str:
    """``bx-RS-HORGOS-000043``: country and first word of the border point, then the index."""
    slug = "".join(c for c in point.upper().split()[0] if c.isalnum())
    return f"bx-{country}-{slug}-{index:06d}"


# --- helpers ----------------------------------------------------------------------------------


def iban(rng: random.Random, country: str) -> str:
    """An IBAN-shaped account number with valid ISO 7064 check digits (random digits)."""
    length = IBAN_LENGTHS.get(country, 22)
    bban = "".join(rng.choice("0123456789") for _ in range(length - 4))
    rearranged = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def _party(name: str, country: str, rng: random.Random, kind: str | None) -> dict[str, Any]:
    party: dict[str, Any] = {"name": name, "country": country, "account": iban(rng, country)}
    if kind:
        party["type"] = kind
    return party


def _payment(
    index: int,
    debtor: dict[str, Any],
    creditor: dict[str, Any],
    rng: random.Random,
    remittance: str,
    **extra: Any,
) -> dict[str, Any]:
    debtor_bank, creditor_bank = rng.sample(BANKS, 2)
    value = f"{rng.choice([120, 480, 950, 2400, 7300, 12500, 38000]) + rng.randint(0, 99)}.00"
    return {
        "event_id": payment_id(index),
        "event_time": _NOW,
        "message_type": "pacs.008.001.08",
        "amount": {"value": value, "currency": rng.choice(["EUR", "EUR", "EUR", "CHF", "USD"])},
        "debtor": debtor,
        "debtor_agent": {"bic": debtor_bank[1], "name": debtor_bank[0]},
        "creditor": creditor,
        "creditor_agent": {"bic": creditor_bank[1], "name": creditor_bank[0]},
        "ultimate_debtor": None,
        "ultimate_creditor": None,
        "remittance_info": remittance,
        **extra,
    }


def _birth(rng: random.Random) -> str:
    return (date(1950, 1, 1) + timedelta(days=rng.randint(0, 20000))).isoformat()


def _passport_number(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(9))


def _traveller_doc(
    index: int,
    person: dict[str, Any],
    border: tuple[str, str, str | None],
    direction: str = "entry",
) -> dict[str, Any]:
    point, country, carrier = border
    return {
        "event_id": travel_id(index, point, country),
        "event_time": _NOW,
        "traveller": person,
        "journey": {"direction": direction, "border_point": point, "country": country,
                    "carrier": carrier},
    }  # fmt: skip


def _person(
    given: str,
    surname: str,
    birth: str | None,
    nationality: str,
    gender: str,
    doc_type: str,
    number: str,
    issuing: str,
    mrz: str | None = None,
) -> dict[str, Any]:
    return {
        "given_names": given, "surname": surname, "birth_date": birth, "nationality": nationality,
        "gender": gender,
        "document": {"type": doc_type, "number": number, "issuing_state": issuing,
                     "expiry_date": "2030-06-30"},
        "mrz": mrz,
    }  # fmt: skip


def _td3(given: str, surname: str, number: str, state: str, birth: str, sex: str) -> str:
    return format_td3(document_type="P", issuing_state=state, surname=surname,
                      given_names=given, document_number=number, nationality=state,
                      birth_date=birth, sex=sex, expiry_date="2030-06-30")  # fmt: skip


# --- clear traffic ------------------------------------------------------------------------------


def _random_person(rng: random.Random) -> tuple[str, str, str, str, str]:
    """(given, surname, gender, ICAO nationality, ISO country)."""
    region = rng.choice(list(REGIONS))
    givens, surnames, icao, iso = REGIONS[region]
    given, gender = rng.choice(givens)
    return given, rng.choice(surnames), gender, icao, iso


def clear_payment(index: int, rng: random.Random) -> ScenarioEvent:
    def side() -> dict[str, Any]:
        if rng.random() < 0.45:
            firm, country = rng.choice(FIRMS)
            return _party(firm, country, rng, "organization" if rng.random() < 0.5 else None)
        given, surname, _, _, country = _random_person(rng)
        return _party(f"{given} {surname}", country, rng, "person" if rng.random() < 0.5 else None)

    remittance = rng.choice(REMITTANCES).format(
        n=rng.randint(1000, 9999), month=rng.choice(["09/2025", "10/2025"])
    )
    doc = _payment(index, side(), side(), rng, remittance)
    return ScenarioEvent(index, PAYMENT, doc["event_id"], "clear", "payment", doc=doc)


def clear_traveller(index: int, rng: random.Random) -> ScenarioEvent:
    given, surname, gender, icao, _ = _random_person(rng)
    birth, number = _birth(rng), _passport_number(rng)
    mrz = _td3(given, surname, number, icao, birth, gender) if rng.random() < 0.35 else None
    person = _person(given, surname, birth, icao, gender, "P", number, icao, mrz)
    doc = _traveller_doc(index, person, rng.choice(BORDERS), rng.choice(["entry", "exit"]))
    return ScenarioEvent(index, TRAVEL, doc["event_id"], "clear", "border crossing", doc=doc)


# --- the script --------------------------------------------------------------------------------


def _hit_payment(
    title: str, parties: dict[str, dict[str, Any]], expect: dict[str, str]
) -> Callable[[int, random.Random], ScenarioEvent]:
    def make(index: int, rng: random.Random) -> ScenarioEvent:
        debtor = parties.get("debtor") or _party(*rng.choice(FIRMS), rng, "organization")
        creditor = parties.get("creditor") or _party(*rng.choice(FIRMS), rng, "organization")
        extra = {k: v for k, v in parties.items() if k not in ("debtor", "creditor")}
        doc = _payment(index, debtor, creditor, rng, "INV 4471 outboard engines 40HP x6", **extra)
        event_id = doc["event_id"]
        alerts = tuple(ExpectedAlert(event_id, role, entity) for role, entity in expect.items())
        return ScenarioEvent(index, PAYMENT, event_id, "hit", title, doc=doc, alerts=alerts)

    return make


def _hit_traveller(
    title: str, person: dict[str, Any], border: int, entity: str, findings: tuple[str, ...] = ()
) -> Callable[[int, random.Random], ScenarioEvent]:
    def make(index: int, rng: random.Random) -> ScenarioEvent:
        doc = _traveller_doc(index, person, BORDERS[border])
        event_id = doc["event_id"]
        return ScenarioEvent(index, TRAVEL, event_id, "hit", title, doc=doc,
                             alerts=(ExpectedAlert(event_id, "traveller", entity),),
                             findings=findings)  # fmt: skip

    return make


def _malformed(
    title: str, event_type: EventType, reason: str, raw: Callable[[str], bytes]
) -> Callable[[int, random.Random], ScenarioEvent]:
    def make(index: int, rng: random.Random) -> ScenarioEvent:
        event_id = f"bad-demo-{index:06d}"
        return ScenarioEvent(index, event_type, event_id, "malformed", title,
                             raw=raw(event_id), dlq_reason=reason)  # fmt: skip

    return make


def _bad_check_digit(zone: str) -> str:
    """The zone with its document-number check digit off by one."""
    top, bottom = zone.split("\n")
    digit = str((int(bottom[9]) + 1) % 10)
    return f"{top}\n{bottom[:9]}{digit}{bottom[10:]}"


_VALON_MRZ = _bad_check_digit(_td3("Valon", "Krasniqi", "P01734562", "RKS", "1988-03-02", "M"))
_FLAMUR_ID = format_td1(document_type="ID", issuing_state="RKS", surname="Krasniqi",
                        given_names="Flamur", document_number="1204715", nationality="RKS",
                        birth_date="1990-11-21", sex="M", expiry_date="2031-02-28")  # fmt: skip
_ARIF_MRZ = _td3("Arif", "Krasniqi", "P00981457", "RKS", "1979-07-30", "M")


def _json(doc: dict[str, Any]) -> Callable[[str], bytes]:
    return lambda event_id: orjson.dumps({"event_id": event_id, **doc})


SCRIPT: tuple[Callable[[int, random.Random], ScenarioEvent], ...] = (
    _hit_payment("Granit Avdyli pays ALPA Trading Company",
                 {"debtor": {"name": "Granit Avdyli", "country": "XK",
                             "account": "XK051212012345678906"},
                  "creditor": {"name": "ALPA Trading Company", "country": "AE",
                               "account": "AE070331234567890123456"}},
                 {"debtor": "uk:GIM0007", "creditor": "uk:GIM0012"}),
    _malformed("truncated JSON", PAYMENT, "invalid_json",
               lambda eid: b'{"event_id": "' + eid.encode() + b'", "debtor": {"name": "Ana'),
    _hit_traveller("Nusret Seferovic on a Croatian passport",
                   _person("Nusret", "Seferovic", None, "BIH", "M", "P", "118402517", "HRV"),
                   0, "uk:GIM0011"),
    _hit_payment("KRASNIQI Burim pays a marine-engine dealer",
                 {"debtor": {"name": "KRASNIQI Burim", "country": "XK", "type": "person",
                             "account": "XK051701009876543210"},
                  "creditor": {"name": "Gulf Marine Engines LLC", "country": "AE",
                               "account": "AE460260001015333439101"}},
                 {"debtor": "uk:GIM0002"}),
    _malformed("Latin-1 bytes", TRAVEL, "not_utf8",
               lambda eid: f'{{"event_id": "{eid}", "traveller": {{"surname": "Dönmez"}}}}'
               .encode("latin-1")),
    _hit_traveller("Valon Krasniqi, MRZ with a bad check digit",
                   _person("Valon", "Krasniqi", "1988-03-02", "RKS", "M", "P", "P01734562",
                           "RKS", _VALON_MRZ),
                   2, "uk:GIM0005",
                   ("mrz_check_digit_failed:document_number", "mrz_check_digit_failed:composite")),
    _hit_traveller("Nexhmije Selmani at Merdare",
                   _person("Nexhmije", "Selmani", None, "RKS", "F", "P", "P02291874", "RKS"),
                   2, "uk:GIM0008"),
    _malformed("payment without a debtor name", PAYMENT, "schema_violation",
               _json({"event_time": "2025-10-23T09:14:03Z", "debtor": {"country": "XK"},
                      "creditor": None})),
    _hit_traveller("Flamur Krasniqi, Kosovo ID card read by MRZ only",
                   {"mrz": _FLAMUR_ID}, 7, "uk:GIM0004"),
    _hit_payment("ultimate debtor Endrit Ermelahu",
                 {"ultimate_debtor": {"name": "Endrit Ermelahu", "country": "XK"}},
                 {"ultimate_debtor": "uk:GIM0009"}),
    _malformed("event time in local format", TRAVEL, "invalid_event_time",
               _json({"event_time": "23/10/2025 11:02", "traveller": {"surname": "Hoxha"}})),
    _hit_traveller("Bledar Lala at Kakavija",
                   _person("Bledar", "Lala", None, "ALB", "M", "P", "BH4419027", "ALB"),
                   3, "uk:GIM0015"),
    _hit_payment("rent paid to Sami Duriqi",
                 {"creditor": {"name": "Sami Duriqi", "country": "XK",
                               "account": "XK051212019876543211"}},
                 {"creditor": "uk:GIM0006"}),
    _malformed("empty message", PAYMENT, "empty_payload", lambda eid: b""),
    _hit_traveller("Arif Krasniqi, passport and MRZ",
                   _person("Arif", "Krasniqi", "1979-07-30", "RKS", "M", "P", "P00981457", "RKS",
                           _ARIF_MRZ),
                   8, "uk:GIM0003"),
    _hit_payment("Shkembim Ermellahu receives a transfer",
                 {"creditor": {"name": "Shkembim Ermellahu", "country": "XK", "type": "person",
                               "account": "XK051212014433221100"}},
                 {"creditor": "uk:GIM0010"}),
    _malformed("a JSON array", TRAVEL, "not_an_object", lambda eid: b'[{"event_id": "x"}]'),
)  # fmt: skip


def build_scenario(n: int, seed: int = 2025) -> list[ScenarioEvent]:
    """``n`` events: clear traffic with the scripted cases spread evenly through it."""
    rng = random.Random(seed)
    script = SCRIPT[:n]
    slots = {int((j + 0.5) * n / len(script)): make for j, make in enumerate(script)} if n else {}
    events: list[ScenarioEvent] = []
    for index in range(n):
        make = slots.get(index)
        if make is not None:
            events.append(make(index, rng))
        elif rng.random() < 0.55:
            events.append(clear_payment(index, rng))
        else:
            events.append(clear_traveller(index, rng))
    return events


def expected_alerts(events: list[ScenarioEvent]) -> list[ExpectedAlert]:
    return [alert for event in events for alert in event.alerts]


def expected_dead_letters(events: list[ScenarioEvent]) -> int:
    return sum(1 for event in events if event.dlq_reason is not None)
