"""Bench traffic: DESIGN.md payment and traveller events, deterministic for a seed.

Names come from a labelled query mix (mostly names nobody lists, some variants of listed
names), so the worker screens what a bank or a border post would send. 80% payments (debtor,
creditor and the debtor's bank: three named parties), 20% travellers (one party).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import orjson

from services.bench.synthetic import LabelledQuery

BANKS = (
    ("RBKOXKPR", "Raiffeisen Bank Kosovo", "XK"),
    ("NBADAEAA", "First Abu Dhabi Bank", "AE"),
    ("DEUTDEFF", "Deutsche Bank", "DE"),
    ("BARCGB22", "Barclays Bank", "GB"),
    ("UNCRITMM", "UniCredit", "IT"),
    ("ZABAHR2X", "Zagrebacka Banka", "HR"),
)
COUNTRIES = ("XK", "AE", "DE", "GB", "IT", "HR", "RS", "BA", "TR", "FR")
NATIONALITIES = ("BIH", "HRV", "SRB", "DEU", "GBR", "SYR", "IRQ", "AFG", "TUR", "RUS")
PAYMENT_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class BenchEvent:
    """One event to produce: its topic kind, key (the event id) and JSON bytes."""

    kind: str
    key: bytes
    value: bytes


def _split(name: str) -> tuple[str, str]:
    parts = name.split()
    if len(parts) < 2:
        return name, name
    return " ".join(parts[:-1]), parts[-1]


def events(names: Sequence[LabelledQuery], run_id: str, seed: int = 3) -> Iterator[BenchEvent]:
    """An endless, deterministic stream of events whose ids are ``<run_id>-<n>``."""
    if not names:
        raise ValueError("bench traffic needs at least one name")
    rng = random.Random(seed)
    number = 0
    while True:
        number += 1
        event_id = f"{run_id}-{number}"
        time_text = f"2025-10-23T09:{number // 60000 % 60:02d}:{number // 1000 % 60:02d}.000Z"
        if rng.random() < PAYMENT_SHARE:
            bic, bank, bank_country = rng.choice(BANKS)
            doc: dict[str, object] = {
                "event_id": event_id,
                "event_time": time_text,
                "amount": {"value": f"{rng.randrange(10, 90000)}.00", "currency": "EUR"},
                "debtor": {"name": rng.choice(names).query.name, "country": bank_country},
                "debtor_agent": {"bic": bic, "name": bank},
                "creditor": {"name": rng.choice(names).query.name,
                             "country": rng.choice(COUNTRIES)},
                "ultimate_creditor": None,
                "remittance_info": f"INV {number}",
            }  # fmt: skip
            kind = "payment"
        else:
            given, surname = _split(rng.choice(names).query.name)
            born = f"19{rng.randrange(40, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}"
            doc = {
                "event_id": event_id,
                "event_time": time_text,
                "traveller": {
                    "given_names": given,
                    "surname": surname,
                    "birth_date": born,
                    "nationality": rng.choice(NATIONALITIES),
                    "document": {"type": "P", "number": f"{rng.randrange(10**8, 10**9)}"},
                    "mrz": None,
                },
                "journey": {"direction": "entry", "border_point": "Horgos", "country": "RS"},
            }
            kind = "travel"
        yield BenchEvent(kind, event_id.encode(), orjson.dumps(doc))
