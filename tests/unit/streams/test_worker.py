"""The worker freezes each newly installed table out of the garbage collector, once, and
collects less often while screening."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from services.table import TableHolder
from streams.worker import GC_THRESHOLDS, GcFreezer
from tests.unit.streams.helpers import table


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


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


def test_freezing_sets_the_screening_collection_thresholds() -> None:
    gc.set_threshold(700, 10, 10)
    holder = TableHolder()
    holder.install(table())
    GcFreezer(holder).maybe_freeze()
    assert gc.get_threshold() == GC_THRESHOLDS
    assert GC_THRESHOLDS[0] > 700  # young collections rarer than CPython's default
