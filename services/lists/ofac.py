"""OFAC legacy CSV: the SDN list (sdn/add/alt/sdn_comments.csv) and the consolidated non-SDN
list (cons_prim/cons_add/cons_alt/cons_comments.csv).

Format: header-less CSV, Latin-1 (Windows-1252 in practice), ``-0-`` for an empty field, a final
``\\x1a`` EOF byte. Primary file columns: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. Companions: add (ent_num, add_num,
address, city/state/postal, country, add_remarks), alt (ent_num, alt_num, alt_type, alt_name,
alt_remarks), comments (ent_num, the rest of an overflowing Remarks).

Ids are ``ofac:<ent_num>``. The primary name is the SDN_Name; persons' "LAST, First" is turned
into "First LAST" with given/family set. alt.csv names (aka/fka/nka) are aliases; the quoted
"a.k.a. 'X'" names inside Remarks are OFAC's weak AKAs; "f.k.a."/"n.k.a." in Remarks are aliases.
Remarks also give DOB (exact, month, year, "circa", "1962 to 1963"), POB, nationality,
citizenship, gender, passports, national ids (National ID, Cedula, C.U.I.T., Identification
Number, ...), registration numbers and vessels' IMO numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping

from matching.model import NameKind, Schema
from services.lists.common import EntityDraft, clean
from services.lists.countries import country_code
from services.lists.dates import parse_dates
from services.lists.model import ListFormatError, ParsedList

SOURCE = "ofac"
EMPTY = "-0-"
PRIMARY_FILES = {"sdn.csv": "sdn", "cons_prim.csv": "cons"}
COMPANIONS = {
    "sdn": {"add.csv": "add", "alt.csv": "alt", "sdn_comments.csv": "comments"},
    "cons": {"cons_add.csv": "add", "cons_alt.csv": "alt", "cons_comments.csv": "comments"},
}
_WIDTHS = {"primary": 12, "add": 6, "alt": 5, "comments": 2}
_SCHEMAS = {"individual": Schema.PERSON, "vessel": Schema.VESSEL, "aircraft": Schema.AIRCRAFT}

_PROGRAMS = re.compile(r"\]\s*\[")
_QUOTED = re.compile(r"\b([afn])\.k\.a\.,?\s+'([^']+(?:'[^';.,]+)*)'", re.I)
_DOC = re.compile(r"^(?P<number>[^()]+?)\s*(?:\((?P<country>[^()]+)\))?\s*(?:issued|expires|$)")
_ID_LABELS = (
    ("passport", "passport"),
    ("national id no", "national_id"),
    ("national id", "national_id"),
    ("cedula no", "national_id"),
    ("c.u.i.t", "national_id"),
    ("c.u.r.p", "national_id"),
    ("identification number", "national_id"),
    ("personal id card", "national_id"),
    ("registration number", "registration"),
    ("registration id", "registration"),
    ("business registration number", "registration"),
    ("company number", "registration"),
    ("tax id no", "other"),
    ("ssn", "other"),
    ("rfc", "other"),
    ("nit #", "other"),
)


def _decode(path: str, data: bytes) -> str:
    # cp1252 for the printable characters OFAC uses; Latin-1 maps every remaining byte.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_rows(path: str, data: bytes, kind: str) -> list[list[str | None]]:
    """Rows of one OFAC CSV file, ``-0-`` as None, the trailing EOF byte dropped."""
    if b"\x00" in data[:4096]:
        raise ListFormatError(path, "binary content (NUL bytes), not an OFAC CSV file")
    text = _decode(path, data).rstrip().rstrip("\x1a").rstrip()
    width = _WIDTHS[kind]
    rows: list[list[str | None]] = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), strict=True), start=1):
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != width:
                raise ListFormatError(
                    path,
                    f"line {number} has {len(row)} fields, {width} expected; "
                    "the file is truncated or not an OFAC CSV",
                )
            if not row[0].strip().isdigit():
                raise ListFormatError(
                    path, f"line {number}: ent_num {row[0][:20]!r} is not a number"
                )
            rows.append([None if c.strip() == EMPTY else clean(c) for c in row])
    except csv.Error as exc:
        raise ListFormatError(path, f"malformed CSV ({exc}); the file may be truncated") from exc
    return rows


def parse(
    path: str, primary: bytes, companions: Mapping[str, bytes], content_hash: str
) -> ParsedList:
    """Parse a primary file (sdn.csv or cons_prim.csv) with its companions by kind
    (``add``, ``alt``, ``comments``; any may be missing)."""
    rows = read_rows(path, primary, "primary")
    if not rows:
        raise ListFormatError(path, "no entries")
    extra: dict[str, list[list[str | None]]] = {
        kind: read_rows(f"{path} ({kind})", data, kind) for kind, data in companions.items()
    }
    comments: dict[str, str] = {}
    for ent_num, text in extra.get("comments", []):
        if ent_num and text:
            comments[ent_num] = comments.get(ent_num, "") + text
    drafts: dict[str, EntityDraft] = {}
    for row in rows:
        ent_num, name, sdn_type, program, title = row[0] or "", row[1], row[2], row[3], row[4]
        schema = _SCHEMAS.get((sdn_type or "").lower(), Schema.ORGANIZATION)
        draft = EntityDraft(f"{SOURCE}:{ent_num}", SOURCE, schema, source_ref=ent_num)
        _add_name(draft, name, NameKind.PRIMARY)
        for regime in _PROGRAMS.split(program or ""):
            draft.add_regime(regime.strip("[] "))
        if schema is Schema.VESSEL and (flag := country_code(row[9])):
            draft.add_countries([flag])
        del title
        remarks = (row[11] or "") + comments.get(ent_num, "")
        _parse_remarks(draft, remarks)
        drafts[ent_num] = draft
    for ent_num, _, alt_type, alt_name, _ in extra.get("alt", []):
        if (found := drafts.get(ent_num or "")) is not None:
            del alt_type
            _add_name(found, alt_name, NameKind.ALIAS)
    for ent_num, _, _, _, country, _ in extra.get("add", []):
        if (found := drafts.get(ent_num or "")) is not None and (code := country_code(country)):
            found.add_countries([code])
    return ParsedList(SOURCE, path, tuple(d.build() for d in drafts.values()), content_hash, None)


def _add_name(draft: EntityDraft, raw: str | None, kind: NameKind) -> None:
    name = clean(raw)
    if not name:
        return
    if draft.schema is Schema.PERSON and name.count(",") == 1:
        family, given = (p.strip() for p in name.split(","))
        draft.add_name(f"{given} {family}".strip(), kind, given or None, family or None)
    else:
        draft.add_name(name, kind)


def _parse_remarks(draft: EntityDraft, remarks: str) -> None:
    if not remarks:
        return
    for letter, alias in _QUOTED.findall(remarks):
        kind = NameKind.WEAK_ALIAS if letter.lower() == "a" else NameKind.ALIAS
        draft.add_name(alias.strip(), kind)
    for item in remarks.split(";"):
        item = item.strip().rstrip(".").strip()
        if item.lower().startswith("alt. "):
            item = item[5:].strip()
        lower = item.lower()
        if lower.startswith("dob "):
            draft.add_birth_dates(parse_dates(item[4:]))
        elif lower.startswith("pob "):
            if code := country_code(item.rsplit(",", 1)[-1]):
                draft.add_countries([code])
        elif lower.startswith(("nationality ", "citizen ")):
            if code := country_code(item.split(" ", 1)[1]):
                draft.add_nationalities([code])
        elif lower.startswith("gender "):
            draft.set_gender(item.split(" ", 1)[1])
        elif lower.startswith("vessel registration identification imo "):
            draft.add_identifier("imo", item.rsplit(" ", 1)[-1])
        else:
            _add_document(draft, item, lower)


_ID_STARTS = tuple(label + end for label, _ in _ID_LABELS for end in (" ", "."))


def _add_document(draft: EntityDraft, item: str, lower: str) -> None:
    if not lower.startswith(_ID_STARTS):
        return
    for label, kind in _ID_LABELS:
        if lower.startswith(label + " ") or lower.startswith(label + "."):
            rest = item[len(label) :].lstrip(". ")
            if rest.lower().startswith("no. "):
                rest = rest[4:]
            match = _DOC.match(rest)
            if match and (number := match["number"].strip()):
                draft.add_identifier(kind, number, country_code(match["country"]))
            return
