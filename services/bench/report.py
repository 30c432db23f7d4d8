"""Bench results: the JSON document, its schema check, targets against figures, the summary.

The document (``SCHEMA`` = ``cordon-bench/1``)::

    {"schema", "started_at", "finished_at", "duration_s", "quick", "host": {...},
     "revision", "matcher_version", "sections": {name: {...} | {"skipped": why} | {"error": why}},
     "targets": [{"name", "target", "value", "baseline", "unit", "met", "detail"}]}

``met`` is None when the figure could not be measured. ``validate`` returns the problems of a
document (empty when well-formed): it is what the smoke test asserts, never a timing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson

SCHEMA = "cordon-bench/1"
SECTIONS = ("matcher", "e2e", "scale", "cost")
TOP_KEYS = ("schema", "started_at", "finished_at", "duration_s", "quick", "host", "sections")
GIB = 1024**3


@dataclass(frozen=True, slots=True)
class Target:
    """One target of issue 5 checked against a figure and its same-run baseline."""

    name: str
    target: str
    value: float | None
    baseline: float | None
    unit: str
    met: bool | None
    detail: str = ""


def _get(doc: Any, *path: str | int) -> Any:
    node: Any = doc
    for key in path:
        if isinstance(node, Mapping) and isinstance(key, str):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and -len(node) <= key < len(node):
            node = node[key]
        else:
            return None
    return node


def _check(value: float | None, ok: bool | None) -> bool | None:
    return None if value is None else ok


def _gap(value: float | None, limit: float, higher_is_better: bool) -> str:
    if value is None:
        return "not measured"
    if higher_is_better:
        return f"{value / limit:.0%} of target" if value < limit else "met"
    return f"{value / limit:.1f}x the limit" if value > limit else "met"


def _matcher_targets(sections: Mapping[str, Any]) -> list[Target]:
    out: list[Target] = []
    tables = _get(sections, "matcher", "tables") or []
    real = next((t for t in tables if t.get("table") == "real"), None)
    million = next((t for t in tables if t.get("names", 0) >= 1_000_000), None)
    if real is not None:
        rate = _get(real, "screener", "screens_per_s")
        out.append(
            Target("matcher.real.screens_per_s", ">= 5000", rate,
                   _get(real, "baseline", "screens_per_s"), "screens/s",
                   _check(rate, rate is not None and rate >= 5000), _gap(rate, 5000, True))
        )  # fmt: skip
        p99 = _get(real, "screener", "p99_ms")
        out.append(
            Target("matcher.real.p99_ms", "<= 1", p99, _get(real, "baseline", "p99_ms"), "ms",
                   _check(p99, p99 is not None and p99 <= 1.0), _gap(p99, 1.0, False))
        )  # fmt: skip
        # the target is the candidate index's recall; without a candidates() API, the results'
        kind = "candidates" if _get(real, "recall", "candidates") is not None else "results"
        recall = _get(real, "recall", kind)
        if recall is not None:
            out.append(
                Target(f"matcher.real.recall_{kind}", ">= 0.99 of brute force", recall, 1.0,
                       "ratio", recall >= 0.99, _gap(recall, 0.99, True))
            )  # fmt: skip
    if million is not None:
        p99 = _get(million, "screener", "p99_ms")
        out.append(
            Target("matcher.1m.p99_ms", "<= 10", p99, _get(million, "baseline", "p99_ms"), "ms",
                   _check(p99, p99 is not None and p99 <= 10.0), _gap(p99, 10.0, False))
        )  # fmt: skip
    return out


def _e2e_targets(sections: Mapping[str, Any]) -> list[Target]:
    out: list[Target] = []
    e2e = _get(sections, "e2e")
    if not isinstance(e2e, Mapping) or "worker" not in e2e:
        return out
    sustained = _get(e2e, "worker", "max_sustained_rate")
    out.append(
        Target("e2e.worker.max_sustained_rate", ">= 2000", sustained,
               _get(e2e, "relay", "max_sustained_rate"), "events/s",
               _check(sustained, sustained is not None and sustained >= 2000),
               _gap(sustained, 2000, True))
    )  # fmt: skip
    w99, r99 = _p99_at_500(e2e, "worker"), _p99_at_500(e2e, "relay")
    ok, detail = None, "not measured"
    if w99 is not None and r99 is not None:
        ok, detail = w99 <= 2 * r99, f"{w99 / max(r99, 1e-9):.1f}x the relay"
    out.append(Target("e2e.worker.p99_ms_at_500", "<= 2x relay p99", w99, r99, "ms", ok, detail))
    return out


def _p99_at_500(e2e: Mapping[str, Any], system: str) -> float | None:
    """The median p99 of a system's steps at 500/s (its only one's, in runs before repeats)."""
    median = _get(e2e, system, "reference", "median_p99_ms")
    if median is not None:
        return float(median)
    value = _get(_step(e2e, system, 500), "latency", "p99_ms")
    return None if value is None else float(value)


def _step(e2e: Mapping[str, Any], system: str, rate: int) -> Mapping[str, Any] | None:
    for step in _get(e2e, system, "steps") or []:
        if step.get("rate") == rate:
            result: Mapping[str, Any] = step
            return result
    return None


def _scale_cost_targets(sections: Mapping[str, Any]) -> list[Target]:
    out: list[Target] = []
    ratio = _get(sections, "scale", "ratio")
    if _get(sections, "scale", "backlog", "one") is not None:
        out.append(
            Target("scale.two_vs_one", ">= 1.7", ratio, 1.0, "x",
                   _check(ratio, ratio is not None and ratio >= 1.7), _gap(ratio, 1.7, True))
        )  # fmt: skip
    for entry in _get(sections, "cost", "runs") or []:
        label = entry.get("table")
        ready, rss = entry.get("ready_s"), entry.get("rss_bytes")
        base = _get(sections, "cost", "baseline")
        limit_rss = 4 * GIB if label == "1m" else GIB
        if label == "real":
            out.append(
                Target("cost.real.ready_s", "<= 10", ready, _get(base, "ready_s"), "s",
                       _check(ready, ready is not None and ready <= 10), _gap(ready, 10, False))
            )  # fmt: skip
        out.append(
            Target(f"cost.{label}.rss_bytes", f"<= {limit_rss // GIB} GiB", rss,
                   _get(base, "rss_bytes"), "bytes",
                   _check(rss, rss is not None and rss <= limit_rss), _gap(rss, limit_rss, False))
        )  # fmt: skip
    return out


def targets(sections: Mapping[str, Any]) -> list[Target]:
    """Every issue-5 target whose section ran, each against its figure and baseline."""
    return [
        *_matcher_targets(sections),
        *_e2e_targets(sections),
        *_scale_cost_targets(sections),
    ]


def validate(doc: Any) -> list[str]:
    """Problems that make ``doc`` not a well-formed bench result; empty when it is."""
    if not isinstance(doc, Mapping):
        return ["not a JSON object"]
    problems = [f"missing key {key!r}" for key in TOP_KEYS if key not in doc]
    if doc.get("schema") != SCHEMA:
        problems.append(f"schema is {doc.get('schema')!r}, expected {SCHEMA!r}")
    sections = doc.get("sections")
    if not isinstance(sections, Mapping):
        return [*problems, "sections is not an object"]
    for name, section in sections.items():
        if name not in SECTIONS:
            problems.append(f"unknown section {name!r}")
        if not isinstance(section, Mapping):
            problems.append(f"section {name!r} is not an object")
    for table in _get(sections, "matcher", "tables") or []:
        for key in ("table", "names", "screener", "baseline", "recall"):
            if key not in table:
                problems.append(f"matcher table {table.get('table')!r} lacks {key!r}")
        for side in ("screener", "baseline"):
            for key in ("p50_ms", "p99_ms", "screens_per_s"):
                value = _get(table, side, key)
                if not isinstance(value, int | float) or value < 0:
                    problems.append(f"matcher {table.get('table')!r} {side}.{key} = {value!r}")
    for system in ("relay", "worker"):
        for step in _get(sections, "e2e", system, "steps") or []:
            for key in ("rate", "sent", "decided", "latency", "sustained"):
                if key not in step:
                    problems.append(f"e2e {system} step lacks {key!r}")
    for item in doc.get("targets", []):
        if not isinstance(item, Mapping) or {"name", "met"} - set(item):
            problems.append(f"malformed target {item!r}")
    return problems


def write(doc: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """Write ``results.json`` and ``summary.md`` into ``out_dir``; return both paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    doc["targets"] = [asdict(t) for t in targets(doc["sections"])]
    json_path, md_path = out_dir / "results.json", out_dir / "summary.md"
    json_path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    md_path.write_text(summary(doc), encoding="utf-8")
    return json_path, md_path


def _unit(unit: str) -> str:
    return "" if unit == "bytes" else f" {unit}"  # _fmt already writes bytes as MiB


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int) and value >= GIB // 1024:
        return f"{value / 2**20:,.0f} MiB"
    return str(value)


def _cost_lines(sections: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    runs = _get(sections, "cost", "runs") or []
    base = _get(sections, "cost", "baseline")
    if runs or base:
        lines += [
            "",
            "## Cost",
            "",
            "| process | names | start to ready s | CPU s to ready | RSS |",
            "|---|---|---|---|---|",
        ]
        if isinstance(base, Mapping):
            lines.append(
                f"| bare relay | - | {_fmt(base.get('ready_s'))} | "
                f"{_fmt(base.get('cpu_s_to_ready'))} | {_fmt(base.get('rss_bytes'))} |"
            )
        for run in runs:
            lines.append(
                f"| worker {run.get('table')} | {_fmt(run.get('names'))} | "
                f"{_fmt(run.get('ready_s'))} | {_fmt(run.get('cpu_s_to_ready'))} | "
                f"{_fmt(run.get('rss_bytes'))} |"
            )
    return lines


def _percent(share: Any) -> str:
    return "-" if not isinstance(share, float | int) else f"{share:.1%}"


def _verdict(step: Mapping[str, Any]) -> str:
    """A step's "sustained", with how many of its tries were when there were several."""
    tries = step.get("tries")
    if isinstance(tries, list) and len(tries) > 1:
        return f"{step['sustained']} ({sum(map(bool, tries))}/{len(tries)})"
    return str(step["sustained"])


def _times(ratio: Any) -> str:
    return "-" if ratio is None else f"{_fmt(ratio)}x"


def _scale_lines(scale: Any) -> list[str]:
    backlog, live = _get(scale, "backlog"), _get(scale, "live")
    if not isinstance(backlog, Mapping) or not isinstance(backlog.get("one"), Mapping):
        return []
    lines = [
        "",
        "## Scale (two partitions)",
        "",
        "| workers | backlog drained, events/s | events per CPU-second | CPU stolen | "
        "live flat out, events/s | events per CPU-second |",
        "|---|---|---|---|---|---|",
    ]
    for key, count in (("one", 1), ("two", 2)):
        lines.append(
            f"| {count} | {_fmt(_get(backlog, key, 'rate'))} | "
            f"{_fmt(_get(backlog, key, 'events_per_cpu_s'))} | "
            f"{_percent(_get(backlog, key, 'host_cpu', 'steal'))} | "
            f"{_fmt(_get(live, key, 'flat_out_rate'))} | "
            f"{_fmt(_get(live, key, 'events_per_cpu_s'))} |"
        )
    lines += [
        f"| ratio | {_times(backlog.get('ratio'))} | | | {_times(_get(live, 'ratio'))} | |",
        "",
        f"Backlog: {_fmt(backlog.get('events'))} events produced before the workers start; the "
        "rate is decisions per second (by their Kafka timestamps) while every worker was "
        "deciding, when only the workers and the broker share the machine; decisions per "
        f"worker: {_get(backlog, 'one', 'decided_by_worker')} (one), "
        f"{_get(backlog, 'two', 'decided_by_worker')} (two). Live: flat out under the bench's "
        "load generator, which shares the same two cores.",
    ]
    rounds = backlog.get("round_ratios")
    if isinstance(rounds, list) and len(rounds) > 1:
        lines += [
            "",
            f"Backlog drained by one worker then two, {len(rounds)} times: ratios "
            f"{', '.join(_times(r) for r in rounds)}; the table shows the median round.",
        ]
    one_eff = _get(backlog, "one", "events_per_cpu_s")
    two_eff = _get(backlog, "two", "events_per_cpu_s")
    if isinstance(one_eff, float | int) and isinstance(two_eff, float | int) and two_eff > 0:
        lines += [
            "",
            f"CPU per event with two workers running: {one_eff / two_eff:.2f}x that of one "
            "alone (above 1: the two slowed each other down on the shared hardware, which "
            "lowers the ratio as much).",
        ]
    return lines


def _profile_lines(sections: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    own = _get(sections, "e2e", "worker", "profile", "own") or []
    inclusive = _get(sections, "e2e", "worker", "profile", "inclusive") or []
    if own:
        lines += ["", "## Worker profile, flat out (py-spy, share of samples)", "", "```"]
        lines += [*own[:10], "...", *inclusive[:25], "```"]
    for table in _get(sections, "matcher", "tables") or []:
        top = table.get("profile_top_tottime")
        if top:
            lines += [
                "",
                f"## Matcher profile, {table['table']} (cProfile)",
                "",
                "```",
                *top,
                "```",
            ]
    return lines


def _steal_lines(sections: Any) -> list[str]:
    """The share of CPU time the hypervisor stole during each section, when known."""
    stolen = [
        f"{name} {_get(section, 'host_cpu', 'steal'):.1%}"
        for name, section in (sections or {}).items()
        if isinstance(_get(section, "host_cpu", "steal"), float | int)
    ]
    if not stolen:
        return []
    return ["", f"CPU time stolen by the hypervisor (shared host): {', '.join(stolen)}"]


def summary(doc: Mapping[str, Any]) -> str:
    """A short markdown summary: targets first, then each section's figures beside baselines."""
    lines = [
        f"# cordon bench ({'quick' if doc.get('quick') else 'full'})",
        "",
        f"{doc.get('started_at')} · {doc.get('duration_s')} s · rev {doc.get('revision')} · "
        f"matcher {doc.get('matcher_version')} · host {_get(doc, 'host', 'cpus')} CPUs, "
        f"load {_get(doc, 'host', 'load_avg_start')} -> {_get(doc, 'host', 'load_avg_end')}",
        *_steal_lines(doc.get("sections")),
        "",
        "## Targets",
        "",
        "| target | wanted | value | same-run baseline | met |",
        "|---|---|---|---|---|",
    ]
    for t in doc.get("targets", []):
        met = {True: "yes", False: f"**no** ({t['detail']})", None: "not measured"}[t["met"]]
        lines.append(
            f"| {t['name']} | {t['target']} | {_fmt(t['value'])}{_unit(t['unit'])} | "
            f"{_fmt(t['baseline'])} | {met} |"
        )
    sections = doc.get("sections", {})
    tables = _get(sections, "matcher", "tables") or []
    if tables:
        lines += [
            "",
            "## Matcher (one core)",
            "",
            "| table | names | build s | p50 ms | p99 ms | screens/s | screens/CPU-s | "
            "brute p50 ms | brute p99 ms | brute screens/s | brute screens/CPU-s | "
            "recall results | recall candidates |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for t in tables:
            s, b, r = t["screener"], t["baseline"], t["recall"]
            lines.append(
                f"| {t['table']} | {t['names']:,} | {t['build_s']} | {_fmt(s['p50_ms'])} | "
                f"{_fmt(s['p99_ms'])} | {_fmt(s['screens_per_s'])} | "
                f"{_fmt(s.get('screens_per_cpu_s'))} | {_fmt(b['p50_ms'])} | "
                f"{_fmt(b['p99_ms'])} | {_fmt(b['screens_per_s'])} | "
                f"{_fmt(b.get('screens_per_cpu_s'))} | {_fmt(r['results'])} | "
                f"{_fmt(r['candidates'])} |"
            )
        for t in tables:
            passes = _get(t, "screener", "passes") or []
            if len(passes) > 1:
                lines.append(
                    f"\n{t['table']}: {len(passes)} passes from cold caches, each on a new "
                    "screener; screens/s "
                    + ", ".join(_fmt(p["screens_per_s"]) for p in passes)
                    + "; the table shows the median pass."
                )
    e2e = sections.get("e2e")
    if isinstance(e2e, Mapping) and any(k in e2e for k in ("relay", "worker")):
        lines += [
            "",
            "## End to end (event to decision)",
            "",
            "| system | rate/s | sent/s | decided/s | steady decided/s | p50 ms | p99 ms | "
            "p99.9 ms | sustained | CPU us/event |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for system in ("relay", "worker"):
            for step in _get(e2e, system, "steps") or []:
                lat = step["latency"]
                lines.append(
                    f"| {system} | {step['rate']} | {_fmt(step.get('send_rate'))} | "
                    f"{_fmt(step.get('decide_rate'))} | {_fmt(step.get('steady_decide_rate'))} | "
                    f"{_fmt(lat['p50_ms'])} | "
                    f"{_fmt(lat['p99_ms'])} | {_fmt(lat['p999_ms'])} | {_verdict(step)} | "
                    f"{_fmt(step.get('cpu_us_per_event'))} |"
                )
        repeats = {s: _get(e2e, s, "reference", "p99_ms") for s in ("relay", "worker")}
        if all(repeats.values()):
            lines.append(
                "\np99 at 500/s, three steps each on fresh topics (the first is the table's): "
                + "; ".join(f"{s} {', '.join(_fmt(p) for p in ps)} ms" for s, ps in repeats.items())
                + ". The latency target compares their medians."
            )
        for system in ("relay", "worker"):
            per_core = _get(e2e, system, "events_per_cpu_s")
            if per_core is not None:
                lines.append(
                    f"\n{system}: {_fmt(per_core)} events per CPU-second flat out "
                    "(what one uncontended core would sustain)"
                )
    lines += _cost_lines(sections)
    lines += _scale_lines(_get(sections, "scale"))
    lines += _profile_lines(sections)
    for name in SECTIONS:
        section = sections.get(name)
        if isinstance(section, Mapping):
            for key in ("skipped", "error"):
                if key in section:
                    lines.append(f"\n{name}: {key}: {section[key]}")
            for note in section.get("notes", []):
                lines.append(f"\n{name}: {note}")
    return "\n".join(lines) + "\n"
