"""Every ``CORDON_*`` setting, read once from a mapping and validated.

Contract: ``Settings.from_env(os.environ)`` is called in ``main`` and the result is passed down;
nothing reads the environment anywhere else. Every variable has a default (``SPECS`` is the
table the README documents); a malformed value never falls back to the default: it raises
``SettingsError`` naming the variable, so ``CORDON_MATCH_THRESHOLD=0,8`` stops startup.
Command-line flags use the same names (``--match-threshold`` for ``CORDON_MATCH_THRESHOLD``)
and go through the same validation.
"""

from __future__ import annotations

import math
import re
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

PREFIX = "CORDON_"


class SettingsError(ValueError):
    """A setting with a value Cordon refuses; the message starts with the variable name."""

    def __init__(self, variable: str, value: str, problem: str) -> None:
        super().__init__(f"{variable}={value!r}: {problem}")
        self.variable = variable
        self.value = value
        self.problem = problem


_TOPIC = re.compile(r"^[A-Za-z0-9._-]{1,249}$")
_GROUP = re.compile(r"^[A-Za-z0-9._-]{1,200}$")
_HOSTPORT = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$")


def _int(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise ValueError(f"not an integer (expected {low}..{high})") from None
        if not low <= value <= high:
            raise ValueError(f"out of range (expected {low}..{high})")
        return value

    return parse


def _float(low: float, high: float, *, low_open: bool = False) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(raw.strip())
        except ValueError:
            raise ValueError(
                f"not a number (expected {low}..{high}, with a dot as decimal separator)"
            ) from None
        if math.isnan(value) or not low <= value <= high or (low_open and value == low):
            bracket = "(" if low_open else "["
            raise ValueError(f"out of range (expected {bracket}{low}, {high}])")
        return value

    return parse


def _bootstrap(raw: str) -> str:
    servers = [part.strip() for part in raw.split(",")]
    if not servers or not all(servers):
        raise ValueError("expected host:port[,host:port...]")
    for server in servers:
        match = _HOSTPORT.match(server)
        if match is None or not 0 < int(match.group(2)) < 65536:
            raise ValueError(f"{server!r} is not host:port")
    return ",".join(servers)


def _paths(raw: str) -> tuple[str, ...]:
    if not raw.strip():
        return ()
    parts = tuple(part.strip() for part in raw.split(","))
    if any(not part for part in parts):
        raise ValueError("empty entry in comma-separated list")
    return parts


def _pattern(pattern: re.Pattern[str], what: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if not pattern.match(raw):
            raise ValueError(f"not a valid {what} (letters, digits, '.', '_', '-')")
        return raw

    return parse


def _optional(parse: Callable[[str], str]) -> Callable[[str], str]:
    def parse_optional(raw: str) -> str:
        return raw if raw == "" else parse(raw)

    return parse_optional


def _host(raw: str) -> str:
    if not raw or any(c.isspace() for c in raw):
        raise ValueError("expected an IP address or host name")
    return raw


def _log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ValueError("expected DEBUG, INFO, WARNING, ERROR or CRITICAL")
    return level


def _text(raw: str) -> str:
    return raw


def _default_worker_id() -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "-", socket.gethostname()) or "worker"


@dataclass(frozen=True, slots=True)
class Spec:
    """One variable: its name, the parser that validates it, its default and what it means."""

    variable: str
    field: str
    parse: Callable[[str], Any]
    default: str
    meaning: str


SPECS: tuple[Spec, ...] = (
    Spec("CORDON_BROKER", "broker", _bootstrap, "127.0.0.1:9092",
         "Kafka bootstrap servers, host:port[,host:port...]"),
    Spec("CORDON_LISTS", "lists", _paths, "",
         "comma-separated list files, directories or URLs; empty: follow the entities topic"),
    Spec("CORDON_WEB_PORT", "web_port", _int(1, 65535), "6066",
         "port of the worker's HTTP server (/metrics /healthz /readyz /status)"),
    Spec("CORDON_WEB_HOST", "web_host", _host, "127.0.0.1",
         "address the HTTP server binds to (0.0.0.0 to expose it)"),
    Spec("CORDON_TOPIC_PAYMENTS", "topic_payments", _pattern(_TOPIC, "topic name"),
         "screening.payments.v1", "input topic of payment events"),
    Spec("CORDON_TOPIC_TRAVEL", "topic_travel", _pattern(_TOPIC, "topic name"),
         "screening.travel.v1", "input topic of traveller events"),
    Spec("CORDON_TOPIC_ALERTS", "topic_alerts", _pattern(_TOPIC, "topic name"),
         "screening.alerts.v1", "output topic of alerts (review and match)"),
    Spec("CORDON_TOPIC_DECISIONS", "topic_decisions", _pattern(_TOPIC, "topic name"),
         "screening.decisions.v1", "output topic of one audit decision per event"),
    Spec("CORDON_TOPIC_DLQ", "topic_dlq", _pattern(_TOPIC, "topic name"),
         "screening.dlq.v1", "dead-letter topic: malformed events, bytes unchanged"),
    Spec("CORDON_TOPIC_ENTITIES", "topic_entities", _pattern(_TOPIC, "topic name"),
         "sanctions.entities.v1", "compacted topic the sanctions table is read from"),
    Spec("CORDON_GROUP", "group", _pattern(_GROUP, "consumer group id"), "cordon-worker",
         "consumer group of the workers (also the Faust app id)"),
    Spec("CORDON_WORKER_ID", "worker_id", _optional(_pattern(_GROUP, "worker id")), "",
         "this worker's name in decisions and client ids; empty: the host name"),
    Spec("CORDON_PARTITIONS", "partitions", _int(1, 10_000), "1",
         "partitions of the topics the worker creates when they are missing"),
    Spec("CORDON_FETCH_MAX_WAIT_MS", "fetch_max_wait_ms", _int(0, 60_000), "10",
         "longest a fetch waits for data on the broker (Faust hard-codes 1500)"),
    Spec("CORDON_SESSION_TIMEOUT_SECONDS", "session_timeout_seconds", _float(1.0, 300.0),
         "6", "consumer group session timeout (Tansu holds a group join for half of it)"),
    Spec("CORDON_BATCH_SIZE", "batch_size", _int(1, 100_000), "500",
         "most events screened before their outputs are awaited together"),
    Spec("CORDON_PRODUCER_MAX_REQUEST_BYTES", "producer_max_request_bytes",
         _int(1024, 1 << 30), "16777216",
         "largest record the producer sends: above the broker's message limit, so a dead letter "
         "carrying a large original is never refused by the producer itself"),
    Spec("CORDON_PRODUCER_LINGER_MS", "producer_linger_ms", _int(0, 60_000), "1",
         "producer linger: how long outputs wait to be sent together"),
    Spec("CORDON_COMMIT_INTERVAL_SECONDS", "commit_interval_seconds",
         _float(0.0, 3600.0, low_open=True), "1.0",
         "how often acknowledged input offsets are committed"),
    Spec("CORDON_MATCH_THRESHOLD", "match_threshold", _float(0.0, 1.0, low_open=True), "0.85",
         "score at or above which a party is a match"),
    Spec("CORDON_REVIEW_THRESHOLD", "review_threshold", _float(0.0, 1.0, low_open=True),
         "0.70", "score at or above which a party is sent for review"),
    Spec("CORDON_MAX_LIST_AGE_SECONDS", "max_list_age_seconds",
         _float(0.0, 365 * 86400.0, low_open=True), "129600",
         "table age after which /readyz reports degraded (503) and sanctions_list_stale=1"),
    Spec("CORDON_LIST_POLL_SECONDS", "list_poll_seconds", _float(0.0, 86400.0, low_open=True),
         "30", "how often list files are checked for changes"),
    Spec("CORDON_LAG_INTERVAL_SECONDS", "lag_interval_seconds",
         _float(0.0, 3600.0, low_open=True), "5", "how often the consumer-lag gauge is updated"),
    Spec("CORDON_DATA_DIR", "data_dir", _text, "",
         "directory for Faust's local state; empty: a temporary directory"),
    Spec("CORDON_LOG_LEVEL", "log_level", _log_level, "INFO", "worker log level"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Settings:
    """The validated settings of one process; build with ``from_env``."""

    broker: str = "127.0.0.1:9092"
    lists: tuple[str, ...] = ()
    web_port: int = 6066
    web_host: str = "127.0.0.1"
    topic_payments: str = "screening.payments.v1"
    topic_travel: str = "screening.travel.v1"
    topic_alerts: str = "screening.alerts.v1"
    topic_decisions: str = "screening.decisions.v1"
    topic_dlq: str = "screening.dlq.v1"
    topic_entities: str = "sanctions.entities.v1"
    group: str = "cordon-worker"
    worker_id: str = ""
    partitions: int = 1
    fetch_max_wait_ms: int = 10
    session_timeout_seconds: float = 6.0
    batch_size: int = 500
    producer_linger_ms: int = 1
    producer_max_request_bytes: int = 16 << 20
    commit_interval_seconds: float = 1.0
    match_threshold: float = 0.85
    review_threshold: float = 0.70
    max_list_age_seconds: float = 129600.0
    list_poll_seconds: float = 30.0
    lag_interval_seconds: float = 5.0
    data_dir: str = ""
    log_level: str = "INFO"

    def __post_init__(self) -> None:
        if self.review_threshold > self.match_threshold:
            raise SettingsError(
                "CORDON_REVIEW_THRESHOLD",
                str(self.review_threshold),
                f"must not exceed CORDON_MATCH_THRESHOLD={self.match_threshold}",
            )
        if not self.worker_id:
            object.__setattr__(self, "worker_id", _default_worker_id())

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Parse and validate every ``CORDON_*`` variable of ``env`` (defaults for missing)."""
        values: dict[str, Any] = {}
        for spec in SPECS:
            raw = env.get(spec.variable)
            if raw is None:
                raw = spec.default
            try:
                values[spec.field] = spec.parse(raw)
            except ValueError as exc:
                raise SettingsError(spec.variable, raw, str(exc)) from exc
        return cls(**values)

    @property
    def input_topics(self) -> tuple[str, str]:
        return (self.topic_payments, self.topic_travel)

    @property
    def output_topics(self) -> tuple[str, str, str]:
        return (self.topic_alerts, self.topic_decisions, self.topic_dlq)


def unknown_variables(env: Mapping[str, str]) -> list[str]:
    """``CORDON_*`` names in ``env`` that no setting reads (likely typos; log them)."""
    known = {spec.variable for spec in SPECS}
    return sorted(name for name in env if name.startswith(PREFIX) and name not in known)


def flag_name(spec: Spec) -> str:
    """The command-line flag of a variable: ``CORDON_WEB_PORT`` -> ``--web-port``."""
    return "--" + spec.variable.removeprefix(PREFIX).lower().replace("_", "-")


def _check_specs_match_fields() -> None:
    names = {f.name for f in fields(Settings)}
    declared = {spec.field for spec in SPECS}
    if names != declared:
        raise RuntimeError(f"Settings fields and SPECS disagree: {sorted(names ^ declared)}")


_check_specs_match_fields()
