"""devset.py + metrics.py on a tiny table (never the real lists)."""

from __future__ import annotations

from matching import Entity, Name, Schema, Screener
from services.evaluation.devset import NEGATIVE, generate
from services.evaluation.metrics import evaluate, to_markdown

TABLE = [
    Entity("t:1", "t", Schema.PERSON, (Name("Nusret Ibrahim SEFEROVIĆ"),)),
    Entity("t:2", "t", Schema.ORGANIZATION, (Name("ALPA Trading FZCO"),)),
    Entity("t:3", "t", Schema.PERSON, (Name("Sergei Viktorovich LAVROV"), Name("Сергей Лавров"))),
]


def test_generation_is_deterministic_and_labelled() -> None:
    first = generate(TABLE, seed=7, per_category=3)
    assert first == generate(TABLE, seed=7, per_category=3)
    assert {c.category for c in first} >= set(NEGATIVE)
    assert all((c.expected is None) == (c.category in NEGATIVE) for c in first)


def test_metrics_count_and_render() -> None:
    cases = generate(TABLE, seed=7, per_category=3)
    report = evaluate(Screener(TABLE), cases)
    assert report.overall.cases == len(cases)
    assert report.overall.tp + report.overall.fn + sum(
        c.fp + c.tn for k, c in report.categories.items() if k in NEGATIVE
    ) == len(cases)
    table = to_markdown(report)
    assert table.startswith("| category |") and "**overall**" in table
