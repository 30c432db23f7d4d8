"""Optional sampling profile of a worker under load with py-spy, when py-spy is installed.

``start(pid, seconds, raw)`` starts ``py-spy record`` (raw collapsed stacks, non-blocking so the
worker is not paused) and returns the process, or None without py-spy. ``summarize(raw)`` turns
the stacks into the top functions by own samples and by inclusive samples, in percent.
"""

from __future__ import annotations

import re
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


_LINE = re.compile(r":\d+\)$")  # frames are per line; shares are per function
# Inclusive shares are shown for these frames only: entry points and the event loop would fill
# the top of the list with 90% each and say nothing.
FOCUS = ("matching/", "streams/pipeline", "streams/decode", "streams/records", "streams/sinks",
         "streams/parties", "aiokafka/", "faust/", "fastjsonschema")  # fmt: skip


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
        frames = [_LINE.sub(")", frame) for frame in stack.split(";")]
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count

    def share(counter: Counter[str]) -> list[str]:
        return [f"{n / total:6.1%} {frame}" for frame, n in counter.most_common(top)]

    focused = Counter({f: n for f, n in inclusive.items() if any(k in f for k in FOCUS)})
    return {"samples": total, "own": share(own), "inclusive": share(focused)} if total else {}
