"""Cost section (being built)."""

from __future__ import annotations

from typing import Any

from services.bench.runner import BenchOptions


def run_cost(options: BenchOptions) -> dict[str, Any]:
    return {"skipped": "not built yet"}
