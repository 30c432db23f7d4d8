"""Processes under test: a ``cordon worker`` or the bare relay, started, watched and stopped.

Every process is started by us, in its own session, with its output in a log file; it is
stopped by its own pid (SIGTERM, then SIGKILL after a grace period), never by name.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

from services.broker import free_port


@dataclass
class Proc:
    """A started process, the time it was started and (for a worker) its HTTP port."""

    popen: subprocess.Popen[bytes]
    started: float
    log_path: Path
    web_port: int | None = None

    @property
    def pid(self) -> int:
        return self.popen.pid

    def rss_bytes(self) -> int | None:
        """Resident memory of the process and its children; None once it has exited."""
        try:
            proc = psutil.Process(self.pid)
            return int(
                proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(True))
            )
        except psutil.Error:
            return None

    def cpu_seconds(self) -> float | None:
        """User + system CPU seconds the process has used so far."""
        try:
            times = psutil.Process(self.pid).cpu_times()
        except psutil.Error:
            return None
        return float(times.user + times.system)

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def spawn(argv: Sequence[str], env: Mapping[str, str], log_path: Path) -> Proc:
    """Start ``argv`` with ``env`` added to ours, output to ``log_path``."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        popen = subprocess.Popen(
            list(argv),
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    return Proc(popen, time.perf_counter(), log_path)


def worker_env(
    bootstrap: str,
    topics: Mapping[str, str],
    group: str,
    lists: Sequence[str],
    data_dir: Path,
    worker_id: str | None = None,
) -> dict[str, str]:
    """CORDON_* settings of a bench worker on its own topics and consumer group; ``worker_id``
    tells apart workers of one host (whose default id, the host name, is the same)."""
    env = {
        "CORDON_BROKER": bootstrap,
        "CORDON_LISTS": ",".join(lists),
        "CORDON_WEB_PORT": str(free_port()),
        "CORDON_TOPIC_PAYMENTS": topics["payment"],
        "CORDON_TOPIC_TRAVEL": topics["travel"],
        "CORDON_TOPIC_DECISIONS": topics["decisions"],
        "CORDON_TOPIC_ALERTS": topics["alerts"],
        "CORDON_TOPIC_DLQ": topics["dlq"],
        "CORDON_TOPIC_ENTITIES": topics["entities"],
        "CORDON_GROUP": group,
        "CORDON_FETCH_MAX_WAIT_MS": "10",
        "CORDON_DATA_DIR": str(data_dir),
        "CORDON_LOG_LEVEL": "WARNING",
    }
    if worker_id is not None:
        env["CORDON_WORKER_ID"] = worker_id
    return env


def spawn_worker(env: Mapping[str, str], log_path: Path) -> Proc:
    proc = spawn([sys.executable, "-m", "services.cli.main", "worker"], env, log_path)
    proc.web_port = int(env["CORDON_WEB_PORT"])
    return proc


def spawn_relay(bootstrap: str, topics: Mapping[str, str], group: str, log_path: Path) -> Proc:
    argv = [sys.executable, "-m", "services.bench.relay", bootstrap, topics["decisions"]]
    env = {"CORDON_GROUP": group, "CORDON_FETCH_MAX_WAIT_MS": "10"}
    return spawn([*argv, topics["payment"], topics["travel"]], env, log_path)


def _ready_status(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, ValueError):
        return None


async def wait_ready(proc: Proc, timeout: float) -> float:
    """Seconds from process start until ``/readyz`` answers 200."""
    if proc.web_port is None:
        raise ValueError("only a worker has /readyz")
    deadline = proc.started + timeout
    while time.perf_counter() < deadline:
        if proc.popen.poll() is not None:
            raise RuntimeError(f"worker exited with {proc.popen.returncode}:\n{proc.log_tail()}")
        if await asyncio.to_thread(_ready_status, proc.web_port) == 200:
            return time.perf_counter() - proc.started
        await asyncio.sleep(0.05)
    raise TimeoutError(f"worker not ready within {timeout:.0f}s:\n{proc.log_tail()}")


async def wait_line(proc: Proc, text: str, timeout: float) -> float:
    """Seconds from process start until ``text`` appears in its output."""
    deadline = proc.started + timeout
    while time.perf_counter() < deadline:
        if text in proc.log_path.read_text(encoding="utf-8", errors="replace"):
            return time.perf_counter() - proc.started
        if proc.popen.poll() is not None:
            raise RuntimeError(f"process exited with {proc.popen.returncode}:\n{proc.log_tail()}")
        await asyncio.sleep(0.02)
    raise TimeoutError(f"{text!r} not printed within {timeout:.0f}s")


def stop(proc: Proc, grace: float = 10.0) -> None:
    """SIGTERM the process group we started, SIGKILL it after ``grace`` seconds."""
    if proc.popen.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.popen.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.popen.wait(grace)
