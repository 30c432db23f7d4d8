"""Symmetric-deletion lookup tables (SymSpell) stored as sorted string hashes.

Contract:
- ``deletions(text)`` is every string one character shorter than ``text`` (each position
  dropped once); ``second_deletions(text)`` every string two shorter that is not also one
  shorter. Both are sets.
- ``DeletionTable(variants, owners)``: variant ``i`` (a deleted form of something) belongs to
  owner id ``owners[i]``. ``lookup(probes)`` returns the owner ids of every variant equal to a
  probe (an id repeats when several probes hit it; callers make a set). Variants are kept as
  64-bit string hashes, not strings: a table of a million variants builds in a fraction of the
  time and memory of a dict of lists. Two strings of equal hash are taken as equal; with 64-bit
  hashes that costs one spurious owner in about 10^12 lookups, and every owner found is scored
  by the caller anyway. Hashes are per process (``PYTHONHASHSEED``): a table is never saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int32]


def deletions(text: str) -> set[str]:
    """Every string made by dropping one character of ``text``."""
    return {text[:i] + text[i + 1 :] for i in range(len(text))}


def second_deletions(text: str) -> set[str]:
    """Every string made by dropping two characters of ``text``, less those of one drop."""
    size = len(text)
    twice = {
        text[:i] + text[i + 1 : j] + text[j + 1 :] for i in range(size) for j in range(i + 1, size)
    }
    return twice - deletions(text)


def _hashes(strings: Iterable[str], count: int = -1) -> npt.NDArray[np.int64]:
    return np.fromiter(map(hash, strings), dtype=np.int64, count=count)


class DeletionTable:
    """Owner ids by deleted variant, looked up many probes at a time."""

    def __init__(self, variants: Sequence[str], owners: Sequence[int]) -> None:
        if len(variants) != len(owners):
            raise ValueError(f"{len(variants)} variants but {len(owners)} owners")
        hashes = _hashes(variants, len(variants))
        order = np.argsort(hashes, kind="stable")
        self._hashes = hashes[order]
        self._owners: IntArray = np.asarray(owners, dtype=np.int32)[order]

    def __len__(self) -> int:
        return len(self._hashes)

    def lookup(self, probes: Iterable[str]) -> IntArray:
        """Owner ids of the variants equal to any of ``probes`` (repeats possible)."""
        wanted = _hashes(probes)
        low = np.searchsorted(self._hashes, wanted, side="left")
        high = np.searchsorted(self._hashes, wanted, side="right")
        hit = high > low
        if not hit.any():
            return np.empty(0, dtype=np.int32)
        low, counts = low[hit], (high - low)[hit]
        starts = np.repeat(low - np.cumsum(counts) + counts, counts)
        return self._owners[starts + np.arange(int(counts.sum()))]
