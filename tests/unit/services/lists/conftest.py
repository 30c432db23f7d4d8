"""Session-wide parses of the real lists (each big file is parsed once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.lists.loader import load_locations
from services.lists.model import ParsedList

DATA = Path(__file__).resolve().parents[4] / "tests/data/lists"


def _one(path: Path) -> ParsedList:
    (parsed,) = load_locations([str(path)])
    return parsed


@pytest.fixture(scope="session")
def ofsi_2025_04_14(shared_lists: Path) -> ParsedList:
    return _one(shared_lists / "uk_ofsi/2025-04-14/ConList.xlsx")


@pytest.fixture(scope="session")
def ofac_2024(shared_lists: Path) -> ParsedList:
    return _one(shared_lists / "ofac/2024-05-03_sdn_only/sdn.csv")


@pytest.fixture(scope="session")
def ofac_2021(shared_lists: Path) -> ParsedList:
    return _one(shared_lists / "ofac/2021-07-07_watchman_bench/sdn.csv")


@pytest.fixture(scope="session")
def ofac_cons(shared_lists: Path) -> ParsedList:
    return _one(shared_lists / "ofac/2025-12-19_consolidated_non_sdn")


@pytest.fixture(scope="session")
def un_list(shared_lists: Path) -> ParsedList:
    return _one(shared_lists / "un/UN_consolidated.xml")


def by_id(parsed: ParsedList, entity_id: str):  # type: ignore[no-untyped-def]
    return next(e for e in parsed.entities if e.id == entity_id)
