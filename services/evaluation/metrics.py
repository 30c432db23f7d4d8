"""Screen a development set and score it: precision, recall, F1 per category, FP rate.

Contract: a query "alerts" when the screener returns any review or match. A positive case is a
true positive when its labelled entity is among the alerts, else a false negative; it is also
counted a false positive when it alerts but its labelled entity is not among them. A negative
case is a false positive when it alerts at all. ``evaluate`` returns an ``EvalReport``;
``to_markdown`` renders it as a table; the overall row's FP rate is over every negative case.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from matching import Query, Screener
from services.evaluation.devset import Case


@dataclass(slots=True)
class Counts:
    """Confusion counts for one category."""

    cases: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p is not None and r is not None and p + r else None

    @property
    def fp_rate(self) -> float | None:
        if self.tp + self.fn:  # a positive category: its alerts are not "false" positives
            return None
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else None

    def as_dict(self) -> dict[str, object]:
        return {
            "cases": self.cases,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "fp_rate": self.fp_rate,
        }


@dataclass(slots=True)
class EvalReport:
    """Per-category counts, overall counts, misses and false alarms (a sample), latency."""

    categories: dict[str, Counts] = field(default_factory=dict)
    overall: Counts = field(default_factory=Counts)
    errors: list[dict[str, object]] = field(default_factory=list)
    latency_ms: dict[str, float] = field(default_factory=dict)

    @property
    def fp_rate(self) -> float | None:
        """False-positive rate over every negative case (the categories without positives)."""
        negatives = [c for c in self.categories.values() if c.tp + c.fn == 0]
        total = sum(c.fp + c.tn for c in negatives)
        return sum(c.fp for c in negatives) / total if total else None

    def as_dict(self) -> dict[str, object]:
        return {
            "overall": {**self.overall.as_dict(), "fp_rate": self.fp_rate},
            "categories": {k: v.as_dict() for k, v in self.categories.items()},
            "latency_ms": self.latency_ms,
            "errors": self.errors,
        }


def evaluate(screener: Screener, cases: Sequence[Case], keep_errors: int = 200) -> EvalReport:
    """Screen every case and count outcomes (see the module contract)."""
    report = EvalReport()
    timings: list[float] = []
    for case in cases:
        counts = report.categories.setdefault(case.category, Counts())
        started = time.perf_counter()
        matches = screener.screen(Query(case.name, schema=case.schema), limit=10)
        timings.append(time.perf_counter() - started)
        found = {m.entity.id for m in matches}
        outcome: str
        if case.expected is None:
            outcome = "fp" if matches else "tn"
        elif case.expected in found:
            outcome = "tp"
        else:
            outcome = "fn"
            if matches:
                counts.fp += 1
                report.overall.fp += 1
        for target in (counts, report.overall):
            target.cases += 1
            setattr(target, outcome, getattr(target, outcome) + 1)
        if outcome in ("fp", "fn") and len(report.errors) < keep_errors:
            report.errors.append(
                {
                    "category": case.category,
                    "query": case.name,
                    "expected": case.expected,
                    "source_name": case.source_name,
                    "got": [
                        (m.entity.id, m.entity.primary_name, round(m.score, 3)) for m in matches[:3]
                    ],
                }
            )
    if timings:
        ms = np.asarray(timings) * 1000.0
        report.latency_ms = {
            "p50": float(np.percentile(ms, 50)),
            "p99": float(np.percentile(ms, 99)),
            "mean": float(ms.mean()),
        }
    return report


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def to_markdown(report: EvalReport) -> str:
    """The report as a markdown table (one row per category, then overall)."""
    lines = [
        "| category | cases | TP | FN | FP | precision | recall | F1 | FP rate |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [*report.categories.items(), ("**overall**", report.overall)]
    for name, c in rows:
        fp_rate = report.fp_rate if c is report.overall else c.fp_rate
        lines.append(
            f"| {name} | {c.cases} | {c.tp} | {c.fn} | {c.fp} | {_fmt(c.precision)} | "
            f"{_fmt(c.recall)} | {_fmt(c.f1)} | {_fmt(fp_rate)} |"
        )
    if report.latency_ms:
        lat = report.latency_ms
        lines.append("")
        lines.append(f"Screen latency: p50 {lat['p50']:.3f} ms, p99 {lat['p99']:.3f} ms.")
    return "\n".join(lines) + "\n"
