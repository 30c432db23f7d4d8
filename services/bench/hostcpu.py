"""How busy the host's CPUs were over an interval, and how much time the hypervisor stole.

These machines are shared: when another tenant runs, the kernel counts the time our virtual
CPUs waited for a physical one as *steal*. A bench figure measured while a fifth of the CPU
time was stolen is not comparable with one measured on a quiet host, so sections and drains
record the shares beside their figures. Linux only (``/proc/stat``); elsewhere None.
"""

from __future__ import annotations

from pathlib import Path

PROC_STAT = Path("/proc/stat")
# /proc/stat "cpu" columns: user nice system idle iowait irq softirq steal (guest time is
# already counted in user and nice)
BUSY = (0, 1, 2, 5, 6)
IDLE = (3, 4)
STEAL = 7


def snapshot(path: Path = PROC_STAT) -> tuple[int, ...] | None:
    """The aggregate CPU counters (clock ticks), None when they cannot be read."""
    try:
        with path.open(encoding="ascii") as stat:
            first = stat.readline().split()
    except OSError:
        return None
    if not first or first[0] != "cpu" or len(first) < 9:
        return None
    return tuple(int(value) for value in first[1:9])


def shares(before: tuple[int, ...] | None, after: tuple[int, ...] | None) -> dict[str, float]:
    """``{"busy", "steal"}``: shares of all CPU time between two snapshots (0..1); empty when
    either snapshot is missing or no time passed."""
    if before is None or after is None:
        return {}
    delta = [a - b for a, b in zip(after, before, strict=True)]
    total = sum(delta[i] for i in (*BUSY, *IDLE, STEAL))
    if total <= 0:
        return {}
    return {
        "busy": round(sum(delta[i] for i in BUSY) / total, 3),
        "steal": round(delta[STEAL] / total, 3),
    }
