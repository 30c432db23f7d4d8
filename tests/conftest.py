"""Fixtures shared by every test: where the real lists are, and whether we run in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_LISTS = Path(os.environ.get("CORDON_SHARED_LISTS", REPO.parent / "shared/data/sanctions"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, what: str) -> None:
    """Skip when ``what`` is missing on a developer machine; fail in CI, where it never may be."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing in CI")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session")
def shared_lists() -> Path:
    """The real sanctions lists from ../shared, read in place (never copied into the repo)."""
    require(SHARED_LISTS.is_dir(), f"real sanctions lists at {SHARED_LISTS}")
    return SHARED_LISTS
