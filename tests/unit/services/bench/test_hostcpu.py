from __future__ import annotations

from pathlib import Path

from services.bench.hostcpu import shares, snapshot


def _stat(tmp_path: Path, line: str) -> Path:
    path = tmp_path / "stat"
    path.write_text(f"{line}\ncpu0 1 2 3 4 5 6 7 8 0 0\n", encoding="ascii")
    return path


def test_shares_of_busy_and_stolen_time(tmp_path: Path) -> None:
    before = snapshot(_stat(tmp_path, "cpu  100 0 50 800 10 0 5 20 0 0"))
    after = snapshot(_stat(tmp_path, "cpu  400 0 100 1100 10 0 5 120 0 0"))
    # 750 ticks passed: 350 busy (user 300, system 50), 300 idle, 100 stolen
    assert shares(before, after) == {"busy": round(350 / 750, 3), "steal": round(100 / 750, 3)}


def test_unreadable_or_unchanged_counters_give_nothing(tmp_path: Path) -> None:
    assert snapshot(tmp_path / "missing") is None
    assert snapshot(_stat(tmp_path, "intr 1 2 3")) is None
    same = snapshot(_stat(tmp_path, "cpu  1 2 3 4 5 6 7 8 0 0"))
    assert shares(same, same) == {}
    assert shares(None, same) == {}


def test_this_linux_host_has_counters() -> None:
    counters = snapshot()
    assert counters is not None and len(counters) == 8
    assert sum(counters) > 0
