"""The worker the demo runs: ``cordon worker`` as a child process, and its stand-in.

Contract: ``WorkerProcess`` passes every setting as a ``CORDON_*`` variable (nothing else of
the parent's ``CORDON_*`` environment leaks in), writes the worker's output to a log file in a
private temporary directory, and ``stop()`` always leaves nothing behind: SIGTERM to the
worker's process group, SIGKILL after a grace period, and a parent-death signal (Linux) so that
even a demo killed with SIGKILL takes its worker down. ``ExistingWorkers`` stands in when the
demo uses workers that already run (``--no-worker``).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from services.demo.view import PlainView
from services.settings import Settings

READY_TIMEOUT = 300.0  # real lists on a busy machine take a while to load
WORKER_GRACE = 15.0


class DemoError(RuntimeError):
    """The demo could not run (worker died, broker unreachable, ...)."""


class ExistingWorkers:
    """Workers the demo did not start (``--no-worker``): nothing to watch, nothing to stop."""

    log = "(the running workers' own logs)"

    def check_alive(self) -> None:
        pass

    def stop(self) -> None:
        pass


class WorkerProcess:
    """``cordon worker`` as a child process with its settings in the environment."""

    def __init__(self, settings: Settings, extra_lists: Sequence[str]) -> None:
        from services.broker import free_port
        from services.demo_lists import DEMO_LIST_PATH

        self.settings = settings
        self.web_port = free_port()
        self.lists = (str(DEMO_LIST_PATH), *extra_lists)
        self._dir = tempfile.TemporaryDirectory(prefix="cordon-demo-")
        self.log = Path(self._dir.name) / "worker.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CORDON_")}
        s = self.settings
        env.update({
            "CORDON_BROKER": s.broker,
            "CORDON_LISTS": ",".join(self.lists),
            "CORDON_WEB_PORT": str(self.web_port),
            "CORDON_WEB_HOST": s.web_host,
            "CORDON_TOPIC_PAYMENTS": s.topic_payments,
            "CORDON_TOPIC_TRAVEL": s.topic_travel,
            "CORDON_TOPIC_ALERTS": s.topic_alerts,
            "CORDON_TOPIC_DECISIONS": s.topic_decisions,
            "CORDON_TOPIC_DLQ": s.topic_dlq,
            "CORDON_TOPIC_ENTITIES": s.topic_entities,
            "CORDON_GROUP": s.group,
            "CORDON_PARTITIONS": str(s.partitions),
            "CORDON_MATCH_THRESHOLD": str(s.match_threshold),
            "CORDON_REVIEW_THRESHOLD": str(s.review_threshold),
            "CORDON_DATA_DIR": str(Path(self._dir.name) / "data"),
            "CORDON_LOG_LEVEL": s.log_level,
        })  # fmt: skip
        return env

    def start(self) -> None:
        out = self.log.open("wb")
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "services.cli.main", "worker"],
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        finally:
            out.close()

    def check_alive(self) -> None:
        if self._process is not None and self._process.poll() is not None:
            raise DemoError(
                f"the worker exited with code {self._process.returncode}:\n{self.tail()}"
            )

    def tail(self, lines: int = 15) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    async def wait_ready(self, view: PlainView) -> None:
        url = f"http://{self.settings.web_host}:{self.web_port}/readyz"
        started = time.monotonic()
        deadline, next_note = started + READY_TIMEOUT, started + 10.0
        while time.monotonic() < deadline:
            self.check_alive()
            if await asyncio.to_thread(_http_ok, url):
                return
            if time.monotonic() >= next_note:
                next_note += 10.0
                waited = time.monotonic() - started
                view.status(f"waiting for the worker to load its lists ({waited:.0f}s)")
            await asyncio.sleep(0.25)
        raise DemoError(f"the worker was not ready within {READY_TIMEOUT:.0f}s:\n{self.tail()}")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            _signal_group(process, signal.SIGTERM)
            try:
                process.wait(WORKER_GRACE)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(WORKER_GRACE)
        if process is not None:
            _signal_group(process, signal.SIGKILL)  # anything the worker left in its group
        self._dir.cleanup()


def _signal_group(process: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the demo process dies (Linux prctl)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except Exception:
        return False
