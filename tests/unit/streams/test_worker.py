"""The worker freezes each newly installed table out of the garbage collector, once."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from services.table import TableHolder
from streams.worker import GcFreezer
from tests.unit.streams.helpers import table


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_a_new_table_is_frozen_once_and_a_replacement_again() -> None:
    holder = TableHolder()
    freezer = GcFreezer(holder)
    assert freezer.maybe_freeze() is False  # no table yet
    holder.install(table(content_hash="v1"))
    assert freezer.maybe_freeze() is True
    assert gc.get_freeze_count() > 0
    assert freezer.maybe_freeze() is False  # same table: nothing to do
    holder.install(table(content_hash="v2"))
    assert freezer.maybe_freeze() is True
