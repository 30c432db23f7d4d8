"""Named parties of a validated event, as ``Party(role, Query)``; what the pipeline screens.

Contract:
- Input is a document that already passed its JSON Schema (``streams/schemas``); these
  functions never raise on it. Each returns ``(parties, findings)``.
- Payments (pacs.008): ``debtor``, ``creditor``, ``ultimate_debtor``, ``ultimate_creditor``,
  ``initiating_party`` (schema from ``type`` when the payload says person / organization, else
  None: unknown), ``debtor_agent``, ``creditor_agent``, ``intermediary_agent`` (Organization,
  name and BIC; an agent with a BIC but no name is not a named party and is skipped). Countries
  come from ``country``, ``country_of_residence``, ``address.country``, the IBAN prefix of
  ``account`` and the BIC's country; BIC and LEI become identifiers.
- Travellers (API / ICAO 9303): a Person with given names + surname, birth date, nationality,
  gender (``male`` / ``female`` / ``other``), the travel document as an Identifier (``passport``
  for ``P*`` documents, ``national_id`` for ``I``/``A``/``C``, else ``other``) with the issuing
  state. An MRZ, when present, is parsed (``streams.mrz``): its verified fields fill what the
  structured fields lack; its name is added as a further name when it differs; each failed check
  digit, invalid field and disagreement with the structured fields is a finding
  (``mrz_check_digit_failed:<field>``, ``mrz_invalid_field:<field>``, ``mrz_mismatch:<field>``,
  ``mrz_unreadable``). A bad MRZ never stops screening.
- Country codes become ISO 3166-1 alpha-2: alpha-3 via pycountry plus ICAO 9303's own codes
  (``D`` Germany, ``RKS``/``UNK`` Kosovo = ``XK``, ``GBD``... = ``GB``). Codes that name no state
  (``XXA`` stateless, ``UNO`` ...) are dropped; codes nobody knows give
  ``unknown_country:<field>``. Dates and countries are evidence for scoring, never filters.
- A payment party is a pure function of a few fields, so each distinct one is built once (an LRU
  of ``PARTY_CACHE_SIZE``) and the same ``Party`` is returned for it: banks and counterparties
  repeat, and an identical query is then found at once in the screening cache.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import pycountry
from anyascii import anyascii

from matching import Identifier, Query, Schema
from streams.events import Party
from streams.mrz import Mrz, MrzError, parse_mrz

PAYMENT_PARTY_ROLES = (
    "debtor",
    "creditor",
    "ultimate_debtor",
    "ultimate_creditor",
    "initiating_party",
)
PAYMENT_AGENT_ROLES = ("debtor_agent", "creditor_agent")

_ICAO_CODES = {
    "D": "DE",
    "RKS": "XK",
    "UNK": "XK",
    "XKX": "XK",
    "XK": "XK",
    "GBD": "GB",
    "GBN": "GB",
    "GBO": "GB",
    "GBP": "GB",
    "GBS": "GB",
}
# ICAO 9303 codes that are not a state: organisations, stateless persons, refugees, unspecified.
_NOT_A_STATE = frozenset(
    "UNO UNA XXA XXB XXC XXX EUE XOM XBA XCC XCE XCO XEC XIM XPO XES XMP XDC XAA".split()
)
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}")
_SPACES = re.compile(r"\s+")
_GENDERS = {"M": "male", "F": "female", "X": "other"}
_SCHEMAS = {"person": Schema.PERSON, "organization": Schema.ORGANIZATION}


_UNKNOWN = "?"
#: Distinct payment parties kept built, per kind (party, agent).
PARTY_CACHE_SIZE = 16_384


@lru_cache(maxsize=1024)
def _lookup(code: str) -> str | None:
    """Alpha-2 for a cleaned code, None for a code naming no state, ``_UNKNOWN`` otherwise."""
    if code in _ICAO_CODES:
        return _ICAO_CODES[code]
    if code in _NOT_A_STATE:
        return None
    found = None
    if len(code) == 2:
        found = pycountry.countries.get(alpha_2=code)
    elif len(code) == 3:
        found = pycountry.countries.get(alpha_3=code)
    return _UNKNOWN if found is None else str(found.alpha_2)


def country_alpha2(code: str | None) -> str | None:
    """ISO alpha-2 for an alpha-2, alpha-3 or ICAO 9303 code; None when it names no state.

    Raises ``ValueError`` for a code that is neither.
    """
    if not code:
        return None
    cleaned = code.replace("<", "").strip().upper()
    if not cleaned:
        return None
    alpha2 = _lookup(cleaned)
    if alpha2 == _UNKNOWN:
        raise ValueError(f"unknown country code {code!r}")
    return alpha2


def clean_name(value: str | None) -> str:
    """Whitespace collapsed and trimmed; NFC so that composed and decomposed forms agree."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


class _Collector:
    """Countries and findings gathered while building one party."""

    def __init__(self, findings: list[str]) -> None:
        self.countries: list[str] = []
        self.findings = findings

    def country(self, code: Any, field: str) -> str | None:
        if not isinstance(code, str):
            return None
        try:
            alpha2 = country_alpha2(code)
        except ValueError:
            finding = f"unknown_country:{field}"
            if finding not in self.findings:
                self.findings.append(finding)
            return None
        if alpha2 and alpha2 not in self.countries:
            self.countries.append(alpha2)
        return alpha2


# --- payments --------------------------------------------------------------------------------


def payment_parties(doc: dict[str, Any]) -> tuple[tuple[Party, ...], tuple[str, ...]]:
    """Every named party of a payment (see the module docstring)."""
    parties: list[Party] = []
    findings: list[str] = []
    for role in PAYMENT_PARTY_ROLES:
        party = doc.get(role)
        if isinstance(party, dict):
            _add(_payment_party(party, role), parties, findings)
    for role in PAYMENT_AGENT_ROLES:
        agent = doc.get(role)
        if isinstance(agent, dict):
            _add(_agent(agent, role), parties, findings)
    for agent in doc.get("intermediary_agents") or ():
        if isinstance(agent, dict):
            _add(_agent(agent, "intermediary_agent"), parties, findings)
    return tuple(parties), tuple(findings)


_Built = tuple[Party, tuple[str, ...]] | None


def _add(built: _Built, parties: list[Party], findings: list[str]) -> None:
    """Append a built party and its findings (each finding once per event)."""
    if built is None:
        return
    party, found = built
    parties.append(party)
    for finding in found:
        if finding not in findings:
            findings.append(finding)


def _payment_party(party: dict[str, Any], role: str) -> _Built:
    address = party.get("address")
    address_country = address.get("country") if isinstance(address, dict) else None
    return _built_payment_party(
        role,
        party["name"],
        party.get("type"),
        party.get("birth_date"),
        party.get("country"),
        party.get("country_of_residence"),
        address_country if isinstance(address_country, str) else None,
        party.get("account"),
        party.get("bic"),
        party.get("lei"),
    )


# Payments repeat their counterparties and their banks: a party is a function of these few
# schema-validated strings, so it is built once and reused (same Query object each time).
@lru_cache(maxsize=PARTY_CACHE_SIZE)
def _built_payment_party(
    role: str,
    name: str,
    kind: str | None,
    birth_date: str | None,
    country: str | None,
    residence: str | None,
    address_country: str | None,
    account: str | None,
    bic: str | None,
    lei: str | None,
) -> _Built:
    findings: list[str] = []
    found = _Collector(findings)
    found.country(country, f"{role}.country")
    found.country(residence, f"{role}.country_of_residence")
    found.country(address_country, f"{role}.address.country")
    if isinstance(account, str):
        compact = account.replace(" ", "").upper()
        if _IBAN.fullmatch(compact):
            found.country(compact[:2], f"{role}.account")
    identifiers = []
    if bic:
        identifiers.append(Identifier("bic", bic, found.country(bic[4:6], f"{role}.bic")))
    if lei:
        identifiers.append(Identifier("lei", lei))
    query = Query(
        name=clean_name(name),
        schema=_SCHEMAS.get(kind or ""),
        birth_date=birth_date or None,
        countries=tuple(found.countries),
        identifiers=tuple(identifiers),
    )
    return Party(role, query), tuple(findings)


def _agent(agent: dict[str, Any], role: str) -> _Built:
    return _built_agent(role, agent.get("name"), agent.get("bic"), agent.get("country"))


@lru_cache(maxsize=PARTY_CACHE_SIZE)
def _built_agent(role: str, name: str | None, bic: str | None, country: str | None) -> _Built:
    """An agent as an Organization; None when it has no name (a BIC alone is no named party)."""
    cleaned = clean_name(name)
    if not cleaned:
        return None
    findings: list[str] = []
    found = _Collector(findings)
    found.country(country, f"{role}.country")
    identifiers = []
    if bic:
        identifiers.append(Identifier("bic", bic, found.country(bic[4:6], f"{role}.bic")))
    query = Query(
        name=cleaned,
        schema=Schema.ORGANIZATION,
        countries=tuple(found.countries),
        identifiers=tuple(identifiers),
    )
    return Party(role, query), tuple(findings)


# --- travellers ------------------------------------------------------------------------------


def traveller_parties(doc: dict[str, Any]) -> tuple[tuple[Party, ...], tuple[str, ...]]:
    """The traveller of a border event, cross-checked against its MRZ when it carries one."""
    traveller: dict[str, Any] = doc["traveller"]
    findings: list[str] = []
    found = _Collector(findings)
    document = traveller.get("document") or {}
    mrz = _read_mrz(traveller.get("mrz"), findings)

    given = clean_name(traveller.get("given_names"))
    surname = clean_name(traveller.get("surname"))
    name = " ".join(part for part in (given, surname) if part)
    names: list[str] = []
    birth_date = traveller.get("birth_date") or None
    gender = _GENDERS.get(traveller.get("gender") or "")
    nationality = found.country(traveller.get("nationality"), "nationality")
    number = document.get("number") or None
    doc_type = document.get("type") or None
    issuing_alpha2 = _quiet_country(
        document.get("issuing_state"), "document.issuing_state", findings
    )

    identifiers: list[Identifier] = []
    if mrz is not None:
        mrz_name = mrz.full_name
        if not name:
            name, given, surname = mrz_name, mrz.given_names, mrz.surname
        elif mrz_name and not _same_name(mrz, given, surname):
            findings.append("mrz_mismatch:name")
            names.append(mrz_name)
        verified = set(mrz.check_failures)
        if mrz.birth_date and "birth_date" not in verified:
            if birth_date is None:
                birth_date = mrz.birth_date
            elif birth_date != mrz.birth_date:
                findings.append("mrz_mismatch:birth_date")
        mrz_nationality = found.country(mrz.nationality, "mrz.nationality")
        if nationality and mrz_nationality and nationality != mrz_nationality:
            findings.append("mrz_mismatch:nationality")
        mrz_issuing = _quiet_country(mrz.issuing_state, "mrz.issuing_state", findings)
        if issuing_alpha2 and mrz_issuing and issuing_alpha2 != mrz_issuing:
            findings.append("mrz_mismatch:issuing_state")
        issuing_alpha2 = issuing_alpha2 or mrz_issuing
        if gender is None:
            gender = _GENDERS.get(mrz.sex or "")
        elif mrz.sex and gender != _GENDERS[mrz.sex]:
            findings.append("mrz_mismatch:gender")
        doc_type = doc_type or mrz.document_type
        if mrz.document_number and "document_number" not in verified:
            if number is None:
                number = mrz.document_number
            elif _compact(number) != mrz.document_number:
                findings.append("mrz_mismatch:document_number")
                identifiers.append(
                    Identifier(_document_kind(doc_type), mrz.document_number, mrz_issuing)
                )
    if number:
        identifiers.insert(0, Identifier(_document_kind(doc_type), number, issuing_alpha2))
    query = Query(
        name=name,
        schema=Schema.PERSON,
        names=tuple(names),
        birth_date=birth_date,
        countries=tuple(found.countries),
        identifiers=tuple(identifiers),
        gender=gender,
        first_name=given or None,
        last_name=surname or None,
    )
    return (Party("traveller", query),), tuple(findings)


def _read_mrz(value: Any, findings: list[str]) -> Mrz | None:
    if not value:
        return None
    try:
        mrz = parse_mrz(value)
    except MrzError:
        findings.append("mrz_unreadable")
        return None
    findings.extend(f"mrz_check_digit_failed:{field}" for field in mrz.check_failures)
    findings.extend(f"mrz_invalid_field:{field}" for field in mrz.invalid_fields)
    return mrz


def _quiet_country(code: Any, field: str, findings: list[str]) -> str | None:
    """Alpha-2 of a document's issuing state: evidence for the identifier, not a party country."""
    return _Collector(findings).country(code, field)


def _document_kind(doc_type: str | None) -> str:
    if not doc_type:
        return "passport"
    if doc_type.startswith("P"):
        return "passport"
    if doc_type[0] in "IAC":
        return "national_id"
    return "other"


def _compact(value: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", value.upper())


def _name_key(value: str) -> str:
    return re.sub(r"[^A-Z]", "", anyascii(value).upper())


def _same_name(mrz: Mrz, given: str, surname: str) -> bool:
    """MRZ names are transliterated, upper case and may be truncated at the end of the field:
    compare letters only, surname first, accept a truncated MRZ and ICAO's Ä/Ö/Ü = AE/OE/UE."""
    mrz_key = _name_key(mrz.surname + mrz.given_names)
    for candidate in (surname + given, (surname + given).translate(_GERMAN)):
        key = _name_key(candidate)
        if mrz_key == key or (len(mrz_key) >= _TRUNCATED and key.startswith(mrz_key)):
            return True
    return False


# A name field filled to the end (TD1: 30, TD3: 39, less the << separator) may be truncated.
_TRUNCATED = 26
_GERMAN = str.maketrans({"Ä": "AE", "Ö": "OE", "Ü": "UE", "ä": "ae", "ö": "oe", "ü": "ue"})
