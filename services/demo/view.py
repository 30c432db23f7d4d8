"""The demo's terminal view: a live rich screen on a terminal, plain lines otherwise.

Contract: both views take the same calls from the orchestration (``info``, ``status``,
``alert``, ``tick``, ``finished``, ``close``) and read the ``Tally`` for progress. ``PlainView``
writes one line per fact, never a control sequence, so logs and CI read it; ``RichView``
redraws a header (broker, worker, where /metrics is, list version), a progress bar and the
latest alerts. The summary text is the same in both (``summary_lines``).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from services.demo.tally import AlertLine, Summary, Tally

_MAX_ROWS = 14


@dataclass(slots=True)
class RunInfo:
    broker: str = "-"
    embedded: bool = True
    worker_pid: int | None = None
    metrics_url: str = "-"
    lists: str = "-"


def alert_text(line: AlertLine) -> str:
    mark = "" if line.expected else "  (not scripted)"
    return (
        f"ALERT {line.outcome:<6} {line.score:.3f}  {line.role}: {line.party!r} -> "
        f"{line.listed!r} [{line.entity_id}, {line.source}]  event {line.event_id}{mark}"
    )


def summary_lines(summary: Summary, info: RunInfo) -> list[str]:
    def counts(mapping: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in mapping.items()) or "none"

    lat = summary.latency_ms
    lines = [
        f"events: {summary.sent} sent of {summary.events} in {summary.elapsed_seconds:.1f}s",
        f"decisions: {summary.decisions} ({counts(summary.decisions_by_outcome)})",
        f"alerts: {summary.alerts} ({counts(summary.alerts_by_outcome)}); "
        f"scripted hits caught {summary.caught_hits}/{summary.expected_hits}; "
        f"other alerts {summary.unexpected_alerts}",
        f"dead letters: {summary.dead_letters} of {summary.expected_dead_letters} expected "
        f"({counts(summary.dead_letters_by_reason)})",
        f"findings: {counts(summary.findings)}",
        "latency send -> result (ms, after the first event): "
        + ", ".join(f"{k} {'-' if v is None else f'{v:.1f}'}" for k, v in lat.items()),
        f"list version: {summary.list_version or '-'}; metrics were at {info.metrics_url}",
    ]
    lines.extend(f"MISSED: {missed}" for missed in summary.missed_hits)
    if not summary.complete:
        lines.append("INCOMPLETE: not every event came back before the demo stopped")
    lines.append("result: OK" if summary.ok else "result: CHECK FAILED")
    return lines


class PlainView:
    """Line-by-line output for pipes, files and CI."""

    def __init__(self, tally: Tally, out: TextIO | None = None, every: float = 2.0) -> None:
        self.tally = tally
        self.out = out or sys.stdout
        self.info = RunInfo()
        self.every = every
        self._last = 0.0
        self._last_done = -1

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def status(self, text: str) -> None:
        self._print(f"[demo] {text}")

    def alert(self, line: AlertLine) -> None:
        self._print(alert_text(line))

    def tick(self) -> None:
        now = time.monotonic()
        tally = self.tally
        if now - self._last < self.every or tally.done == self._last_done:
            return
        self._last, self._last_done = now, tally.done
        self._print(
            f"[demo] sent {tally.sent}/{tally.events}, decided {len(tally.decided)}, "
            f"dead letters {len(tally.dead)}, alerts {len(tally.alerts)}"
        )

    def finished(self, summary: Summary) -> None:
        self._print("summary:")
        for line in summary_lines(summary, self.info):
            self._print(f"  {line}")

    def close(self) -> None:
        pass


class RichView(PlainView):
    """A live screen: header, progress, latest alerts; the summary printed below at the end."""

    def __init__(self, tally: Tally, console: Console | None = None) -> None:
        super().__init__(tally)
        self.console = console or Console()
        self._status = "starting"
        self._live = Live(
            console=self.console, get_renderable=self._render, refresh_per_second=4, transient=False
        )
        self._live.start()

    def status(self, text: str) -> None:
        self._status = text

    def alert(self, line: AlertLine) -> None:
        pass  # the table reads the tally

    def tick(self) -> None:
        pass  # Live refreshes on its own

    def _render(self) -> RenderableType:
        tally, info = self.tally, self.info
        header = Text.assemble(
            ("Cordon demo", "bold"),
            f"  broker {info.broker}{' (embedded)' if info.embedded else ''}",
            f"  worker pid {info.worker_pid or '-'}\n",
            ("metrics ", "dim"),
            (info.metrics_url, "cyan underline"),
            ("   lists ", "dim"),
            info.lists,
            ("   list version ", "dim"),
            tally.list_version or "-",
        )
        progress = Table.grid(padding=(0, 2))
        progress.add_row(
            ProgressBar(total=max(tally.events, 1), completed=tally.done, width=40),
            f"sent {tally.sent}/{tally.events}",
            f"decided {len(tally.decided)}",
            f"dead letters {len(tally.dead)}",
            f"alerts {len(tally.alerts)}",
        )
        table = Table(expand=True, show_edge=False, header_style="bold")
        for column in ("outcome", "score", "role", "party as sent", "listed name", "list", "event"):
            table.add_column(column, no_wrap=column != "listed name")
        for line in tally.alerts[-_MAX_ROWS:]:
            style = "bold red" if line.outcome == "match" else "yellow"
            table.add_row(
                Text(line.outcome, style=style),
                f"{line.score:.3f}",
                line.role,
                line.party,
                line.listed,
                f"{line.entity_id}",
                line.event_id + ("" if line.expected else " *"),
            )
        return Group(
            Panel(header, border_style="blue"),
            progress,
            Text(self._status, style="dim"),
            Panel(table, title=f"alerts (latest {_MAX_ROWS})", border_style="red"),
        )

    def finished(self, summary: Summary) -> None:
        self._status = "finished"
        self.close()
        style = "green" if summary.ok else "red"
        body = "\n".join(summary_lines(summary, self.info))
        self.console.print(Panel(body, title="summary", border_style=style))

    def close(self) -> None:
        if self._live.is_started:
            self._live.stop()


def make_view(tally: Tally, *, plain: bool | None = None) -> PlainView:
    """A RichView on a terminal, a PlainView otherwise (or when ``plain`` says so)."""
    if plain is None:
        plain = not sys.stdout.isatty()
    return PlainView(tally) if plain else RichView(tally)
