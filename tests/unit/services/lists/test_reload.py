"""Guard, off-loop build, install, metrics and hooks; FileTableLoader re-loads on change."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from matching.model import Entity, Name, Schema
from services.lists.follower import FileTableLoader
from services.lists.model import ParsedList
from services.lists.reload import TableInstaller, VersionRejectedError, guard_problems
from services.metrics import Metrics
from services.table import TableHolder, build_table
from tests.unit.services.lists.conftest import DATA


def _list(source: str, count: int) -> ParsedList:
    entities = tuple(
        Entity(f"{source}:{i}", source, Schema.PERSON, (Name(f"Person {i}"),)) for i in range(count)
    )
    return ParsedList(source, f"{source}.csv", entities, f"hash-{source}-{count}")


@pytest.mark.parametrize(
    ("before", "after", "problem"),
    [
        ({"uk": 10}, [("uk", 10)], None),
        ({"uk": 10}, [("uk", 5)], None),
        ({"uk": 10}, [("uk", 4)], "source uk lost 6 of 10 entities"),
        ({"uk": 10, "un": 4}, [("uk", 10)], "source un lost 4 of 4"),
        ({}, [("uk", 0)], "holds no entities"),
    ],
)
def test_guard(before: dict[str, int], after: list[tuple[str, int]], problem: str | None) -> None:
    previous = build_table([_list(s, n) for s, n in before.items()]) if before else None
    problems = guard_problems(previous, [_list(s, n) for s, n in after], 0.5)
    assert (problem is None) == (not problems)
    if problem:
        assert problem in problems[0]


async def test_install_reject_metrics_and_hook(caplog: pytest.LogCaptureFixture) -> None:
    registry = CollectorRegistry()
    installer = TableInstaller(TableHolder(), Metrics(registry))
    seen: list[str] = []
    installer.on_install(lambda table: seen.append(table.version))
    first = await installer.install([_list("uk", 10), _list("un", 3)])
    assert seen == [first.version]
    assert registry.get_sample_value("sanctions_list_entities", {"source": "uk"}) == 10
    assert (
        registry.get_sample_value("sanctions_list_info", {"source": "un", "version": first.version})
        == 1
    )
    assert (
        registry.get_sample_value(
            "sanctions_list_reloads_total", {"source": "uk", "result": "success"}
        )
        == 1
    )
    with caplog.at_level(logging.WARNING), pytest.raises(VersionRejectedError):
        await installer.install([_list("uk", 2), _list("un", 3)])
    assert installer.holder.current is first
    assert "source uk lost 8 of 10" in caplog.text
    assert (
        registry.get_sample_value(
            "sanctions_list_reloads_total", {"source": "uk", "result": "rejected"}
        )
        == 1
    )
    second = await installer.install([_list("uk", 11), _list("un", 3)], version="v2")
    assert second.version == "v2" and installer.holder.current is second
    assert (
        registry.get_sample_value("sanctions_list_info", {"source": "uk", "version": first.version})
        is None
    )
    installed = installer.holder.confirmed_at or 0.0
    installer.confirm(now=installed + 3600)
    assert installer.holder.current is second
    assert installer.holder.confirmed_at == installed + 3600
    assert (
        registry.get_sample_value("sanctions_list_last_success_timestamp_seconds", {"source": "uk"})
        == installer.holder.confirmed_at
    )


async def test_file_loader_reloads_and_keeps_last_good(tmp_path: Path) -> None:
    path = tmp_path / "custom_list.csv"
    shutil.copy(DATA / "custom_list.csv", path)
    registry = CollectorRegistry()
    installer = TableInstaller(TableHolder(), Metrics(registry))
    loader = FileTableLoader([str(tmp_path)], installer)
    first = await loader.load_once()
    assert first is not None and first.entity_count == 3
    installer.holder.confirmed_at = 0.0  # as if the last check were long ago
    assert await loader.load_once() is None  # unchanged: no new table, but confirmed current
    assert installer.holder.current is first and installer.holder.confirmed_at > 0.0
    path.write_text(path.read_text() + "B-0004,Person,New Person,,,,,,,,,,,,\n")
    second = await loader.load_once()
    assert second is not None and second.entity_count == 4
    path.write_bytes(b"id,schema,name\n1,Spaceship,X\n")
    assert await loader.load_once() is None
    assert installer.holder.current is second
    assert (
        registry.get_sample_value(
            "sanctions_list_reloads_total", {"source": "custom", "result": "rejected"}
        )
        == 1
    )
