"""End-to-end and scale sections (being built)."""

from __future__ import annotations

from typing import Any

from services.bench.runner import BenchOptions


def run_e2e(options: BenchOptions) -> dict[str, Any]:
    return {"skipped": "not built yet"}


def run_scale(options: BenchOptions) -> dict[str, Any]:
    return {"skipped": "not built yet"}
