"""Latency statistics: percentiles by linear interpolation (numpy's default), summaries in ms.

``percentile([], q)`` is None rather than 0: an empty sample has no latency, and a report must
not show a made-up figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0..100) of ``values``, linearly interpolated; None if empty."""
    if not 0.0 <= q <= 100.0:
        raise ValueError(f"percentile needs 0 <= q <= 100, got {q}")
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100.0
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return ordered[low]
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median_item(items: Sequence[T], key: Callable[[T], float]) -> T:
    """The item in the middle of ``items`` ordered by ``key`` (ties keep their order; the lower
    middle of an even count): a median that is one of the measurements, with its other
    figures, not an average of two. Raises ``ValueError`` on no items."""
    if not items:
        raise ValueError("median_item needs at least one item")
    return sorted(items, key=key)[(len(items) - 1) // 2]


def summarize_ms(seconds: Sequence[float]) -> dict[str, float | int | None]:
    """count, mean, p50, p99, p99.9 and max of durations given in seconds, in milliseconds."""
    ordered = sorted(seconds)

    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000.0, 4)

    return {
        "count": len(ordered),
        "mean_ms": ms(sum(ordered) / len(ordered)) if ordered else None,
        "p50_ms": ms(percentile(ordered, 50)),
        "p99_ms": ms(percentile(ordered, 99)),
        "p999_ms": ms(percentile(ordered, 99.9)),
        "max_ms": ms(ordered[-1]) if ordered else None,
    }


def slope(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope dy/dx of ``points``; 0 with fewer than two distinct x."""
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    var_x = sum((x - mean_x) ** 2 for x, _ in points)
    if var_x == 0.0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / var_x
