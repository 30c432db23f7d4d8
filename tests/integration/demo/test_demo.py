"""``cordon demo`` as a user runs it: its own embedded broker and worker, then nothing left.

The demo list only (``CORDON_LISTS`` unset), so the expected alerts are exact: the scripted
hits of the first 40 events, the 6 malformed messages dead-lettered, and no other alert.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import psutil
import pytest

from services.broker import EmbeddedBroker
from services.demo.scenario import build_scenario, expected_alerts, expected_dead_letters

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[3]
EVENTS = 40


class Watched:
    """A ``cordon demo`` subprocess whose descendants are recorded while it runs."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None) -> None:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("CORDON_")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "services.cli.main", "demo", *args],
            cwd=REPO,
            env={**clean, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.descendants: dict[int, float] = {}
        self.lines: list[str] = []
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, daemon=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._watcher.start()
        self._reader.start()

    def _watch(self) -> None:
        parent = psutil.Process(self.process.pid)
        while not self._stop.is_set():
            try:
                for child in parent.children(recursive=True):
                    self.descendants.setdefault(child.pid, child.create_time())
            except psutil.NoSuchProcess:
                return
            self._stop.wait(0.05)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def wait_for_line(self, fragment: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while not any(fragment in line for line in self.lines):
            assert self.process.poll() is None, "\n".join(self.lines)
            assert time.monotonic() < deadline, "\n".join(self.lines)
            time.sleep(0.1)

    def wait(self, timeout: float = 300) -> int:
        code = self.process.wait(timeout)
        self._stop.set()
        self._watcher.join()
        self._reader.join(10)
        return code

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def leftovers(self) -> list[str]:
        """Descendants still alive (same pid and start time) after the demo exited."""
        alive = []
        for pid, created in self.descendants.items():
            try:
                proc = psutil.Process(pid)
                if proc.create_time() == created and proc.status() != psutil.STATUS_ZOMBIE:
                    alive.append(f"{pid} {' '.join(proc.cmdline())}")
            except psutil.NoSuchProcess:
                continue
        return alive


@pytest.fixture
def demo_run(tmp_path: Path) -> Iterator[tuple[Watched, Path]]:
    summary = tmp_path / "summary.json"
    watched = Watched(["--events", str(EVENTS), "--rate", "0", "--summary-json", str(summary)])
    yield watched, summary
    if watched.process.poll() is None:
        watched.process.kill()


def test_demo_runs_the_scenario_and_leaves_nothing_behind(
    demo_run: tuple[Watched, Path],
) -> None:
    watched, summary_path = demo_run
    code = watched.wait()
    output = watched.output
    assert code == 0, output
    scenario = build_scenario(EVENTS)
    hits, dead = len(expected_alerts(scenario)), expected_dead_letters(scenario)
    assert (hits, dead) == (12, 6)

    summary = orjson.loads(summary_path.read_bytes())
    assert summary["ok"] is True
    assert summary["complete"] is True
    assert summary["caught_hits"] == summary["expected_hits"] == hits
    assert summary["missed_hits"] == []
    assert summary["unexpected_alerts"] == 0
    assert summary["alerts"] == hits
    assert summary["dead_letters"] == summary["expected_dead_letters"] == dead
    assert set(summary["dead_letters_by_reason"]) == {
        "invalid_json", "not_utf8", "schema_violation", "invalid_event_time", "empty_payload",
        "not_an_object",
    }  # fmt: skip
    assert summary["decisions"] == EVENTS - dead
    assert summary["decisions_by_outcome"] == {"clear": EVENTS - dead - 11, "match": 11}
    assert summary["findings"] == {
        "mrz_check_digit_failed:document_number": 1,
        "mrz_check_digit_failed:composite": 1,
    }
    assert summary["latency_ms"]["p50"] is not None

    # The plain view (stdout is a pipe): alerts as lines, the summary at the end.
    assert f"scripted hits caught {hits}/{hits}" in output
    assert f"dead letters: {dead} of {dead} expected" in output
    assert "'Nusret Seferovic' -> 'Nusret SEFEROVIĆ' [uk:GIM0011" in output
    assert "'ALPA Trading Company' -> 'ALPA TRADING FZCO' [uk:GIM0012" in output
    assert "'KRASNIQI Burim' -> 'Burim KRASNIQI' [uk:GIM0002" in output
    assert "(embedded), metrics at http://127.0.0.1:" in output
    assert "result: OK" in output
    assert "\x1b[" not in output  # no terminal control sequences when not a TTY

    assert watched.descendants, "the demo started no broker or worker"
    assert watched.leftovers() == []


def test_ctrl_c_during_follow_shuts_everything_down() -> None:
    watched = Watched(["--events", "20", "--rate", "0", "--follow"])
    try:
        watched.wait_for_line("following:")
        watched.process.send_signal(signal.SIGINT)
        code = watched.wait()
    finally:
        if watched.process.poll() is None:
            watched.process.kill()
    assert code == 0, watched.output  # Ctrl-C is how --follow ends
    assert "result: OK" in watched.output
    assert watched.leftovers() == []


def test_ctrl_c_before_the_worker_is_ready_shuts_everything_down() -> None:
    watched = Watched(["--events", "20", "--rate", "0"])
    try:
        watched.wait_for_line("starting the worker")
        watched.process.send_signal(signal.SIGINT)
        code = watched.wait()
    finally:
        if watched.process.poll() is None:
            watched.process.kill()
    assert code == 130, watched.output
    assert "INCOMPLETE" in watched.output
    assert watched.leftovers() == []


def test_demo_on_an_existing_broker(
    broker: EmbeddedBroker, topic_prefix: str, tmp_path: Path
) -> None:
    """``--broker``: no broker of its own, its own worker, the configured topic names."""
    summary_path = tmp_path / "summary.json"
    topics = {
        f"CORDON_TOPIC_{name.upper()}": f"{topic_prefix}.{name}"
        for name in ("payments", "travel", "alerts", "decisions", "dlq", "entities")
    }
    watched = Watched(
        ["--broker", broker.bootstrap, "--events", "20", "--rate", "0",
         "--summary-json", str(summary_path)],
        env={**topics, "CORDON_GROUP": f"{topic_prefix}-group"},
    )  # fmt: skip
    try:
        code = watched.wait()
    finally:
        if watched.process.poll() is None:
            watched.process.kill()
    assert code == 0, watched.output
    summary = orjson.loads(summary_path.read_bytes())
    assert summary["ok"] is True
    assert summary["decisions"] + summary["dead_letters"] == 20
    assert f"broker {broker.bootstrap}," in watched.output  # not "(embedded)"
    assert broker.running
    assert watched.leftovers() == []
