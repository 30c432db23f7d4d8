"""Settings: every CORDON_* variable parsed, validated, and refused loudly when malformed."""

from __future__ import annotations

import pytest

from services.settings import SPECS, Settings, SettingsError, flag_name, unknown_variables


def test_defaults_equal_the_dataclass_defaults() -> None:
    from_env = Settings.from_env({})
    assert from_env == Settings(worker_id=from_env.worker_id)
    assert from_env.lists == ()
    assert from_env.broker == "127.0.0.1:9092"


@pytest.mark.parametrize(
    ("variable", "raw", "field", "expected"),
    [
        ("CORDON_BROKER", "127.0.0.1:9093", "broker", "127.0.0.1:9093"),
        ("CORDON_BROKER", "a:1, b:2", "broker", "a:1,b:2"),
        ("CORDON_BROKER", "[::1]:9092", "broker", "[::1]:9092"),
        ("CORDON_LISTS", "/a.csv,/b", "lists", ("/a.csv", "/b")),
        ("CORDON_LISTS", "", "lists", ()),
        ("CORDON_WEB_PORT", "8080", "web_port", 8080),
        ("CORDON_WEB_HOST", "0.0.0.0", "web_host", "0.0.0.0"),
        ("CORDON_TOPIC_PAYMENTS", "bank.pay.v2", "topic_payments", "bank.pay.v2"),
        ("CORDON_TOPIC_TRAVEL", "api.v1", "topic_travel", "api.v1"),
        ("CORDON_TOPIC_ALERTS", "a", "topic_alerts", "a"),
        ("CORDON_TOPIC_DECISIONS", "d", "topic_decisions", "d"),
        ("CORDON_TOPIC_DLQ", "dlq", "topic_dlq", "dlq"),
        ("CORDON_TOPIC_ENTITIES", "ents", "topic_entities", "ents"),
        ("CORDON_GROUP", "g-1", "group", "g-1"),
        ("CORDON_WORKER_ID", "w1", "worker_id", "w1"),
        ("CORDON_PARTITIONS", "12", "partitions", 12),
        ("CORDON_FETCH_MAX_WAIT_MS", "0", "fetch_max_wait_ms", 0),
        ("CORDON_SESSION_TIMEOUT_SECONDS", "2", "session_timeout_seconds", 2.0),
        ("CORDON_BATCH_SIZE", "1", "batch_size", 1),
        ("CORDON_PRODUCER_LINGER_MS", "0", "producer_linger_ms", 0),
        ("CORDON_PRODUCER_MAX_REQUEST_BYTES", "2048", "producer_max_request_bytes", 2048),
        ("CORDON_COMMIT_INTERVAL_SECONDS", "0.5", "commit_interval_seconds", 0.5),
        ("CORDON_MATCH_THRESHOLD", "0.9", "match_threshold", 0.9),
        ("CORDON_MATCH_THRESHOLD", "1", "match_threshold", 1.0),
        ("CORDON_REVIEW_THRESHOLD", "0.5", "review_threshold", 0.5),
        ("CORDON_MAX_LIST_AGE_SECONDS", "3600", "max_list_age_seconds", 3600.0),
        ("CORDON_LIST_POLL_SECONDS", "2.5", "list_poll_seconds", 2.5),
        ("CORDON_LAG_INTERVAL_SECONDS", "1", "lag_interval_seconds", 1.0),
        ("CORDON_DATA_DIR", "/var/lib/cordon", "data_dir", "/var/lib/cordon"),
        ("CORDON_LOG_LEVEL", "debug", "log_level", "DEBUG"),
    ],
)
def test_valid_values(variable: str, raw: str, field: str, expected: object) -> None:
    assert getattr(Settings.from_env({variable: raw}), field) == expected


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        ("CORDON_MATCH_THRESHOLD", "0,8"),
        ("CORDON_MATCH_THRESHOLD", "1.5"),
        ("CORDON_MATCH_THRESHOLD", "0"),
        ("CORDON_MATCH_THRESHOLD", "nan"),
        ("CORDON_MATCH_THRESHOLD", ""),
        ("CORDON_REVIEW_THRESHOLD", "-0.1"),
        ("CORDON_REVIEW_THRESHOLD", "0.9"),  # above the default match threshold
        ("CORDON_BROKER", "localhost"),
        ("CORDON_BROKER", "a:1,,b:2"),
        ("CORDON_BROKER", "host:99999"),
        ("CORDON_LISTS", "a,,b"),
        ("CORDON_WEB_PORT", "0"),
        ("CORDON_WEB_PORT", "http"),
        ("CORDON_WEB_PORT", "70000"),
        ("CORDON_WEB_HOST", ""),
        ("CORDON_TOPIC_PAYMENTS", "pay ments"),
        ("CORDON_TOPIC_ALERTS", ""),
        ("CORDON_TOPIC_DLQ", "dlq/x"),
        ("CORDON_GROUP", "g roup"),
        ("CORDON_PARTITIONS", "0"),
        ("CORDON_PARTITIONS", "two"),
        ("CORDON_FETCH_MAX_WAIT_MS", "-1"),
        ("CORDON_FETCH_MAX_WAIT_MS", "10ms"),
        ("CORDON_SESSION_TIMEOUT_SECONDS", "0.5"),
        ("CORDON_BATCH_SIZE", "0"),
        ("CORDON_COMMIT_INTERVAL_SECONDS", "0"),
        ("CORDON_MAX_LIST_AGE_SECONDS", "1d"),
        ("CORDON_LIST_POLL_SECONDS", "0"),
        ("CORDON_LOG_LEVEL", "LOUD"),
    ],
)
def test_malformed_values_stop_startup_naming_the_variable(variable: str, raw: str) -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env({variable: raw})
    assert error.value.variable == variable
    assert str(error.value).startswith(f"{variable}=")


def test_review_above_match_is_refused() -> None:
    with pytest.raises(SettingsError, match="CORDON_REVIEW_THRESHOLD"):
        Settings.from_env({"CORDON_MATCH_THRESHOLD": "0.6", "CORDON_REVIEW_THRESHOLD": "0.7"})


def test_worker_id_defaults_to_a_name() -> None:
    assert Settings.from_env({}).worker_id


def test_every_spec_has_a_distinct_flag_and_a_meaning() -> None:
    flags = [flag_name(spec) for spec in SPECS]
    assert len(set(flags)) == len(flags)
    assert "--match-threshold" in flags
    assert all(spec.meaning for spec in SPECS)


def test_unknown_variables_are_reported() -> None:
    env = {"CORDON_MATCH_TRESHOLD": "0.9", "CORDON_BROKER": "a:1", "HOME": "/"}
    assert unknown_variables(env) == ["CORDON_MATCH_TRESHOLD"]
