"""Optional sampling profile of a worker under load with py-spy, when py-spy is installed.

``start(pid, seconds, raw)`` starts ``py-spy record`` (raw collapsed stacks, non-blocking so the
worker is not paused) and returns the process, or None without py-spy. ``summarize(raw)`` turns
the stacks into the top functions by own samples and by inclusive samples, in percent.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any


def start(pid: int, seconds: int, raw: Path) -> subprocess.Popen[bytes] | None:
    binary = shutil.which("py-spy")
    if binary is None:
        return None
    argv = [binary, "record", "-p", str(pid), "-d", str(seconds), "-r", "200", "-f", "raw"]
    return subprocess.Popen(
        [*argv, "-o", str(raw), "--nonblocking"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def summarize(raw: Path, top: int = 15) -> dict[str, Any]:
    if not raw.exists():
        return {}
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count

    def share(counter: Counter[str]) -> list[str]:
        return [f"{n / total:6.1%} {frame}" for frame, n in counter.most_common(top)]

    return {"samples": total, "own": share(own), "inclusive": share(inclusive)} if total else {}
