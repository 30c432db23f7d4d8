"""``cordon worker``: a screening worker (Faust) configured from ``CORDON_*`` and flags.

Every setting of ``services.settings.SPECS`` but the log level is also a flag (``--web-port`` for
``CORDON_WEB_PORT``); a flag wins over the environment and goes through the same validation.
A bad value stops the worker with exit code 2 and a message naming the variable.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any

from services.settings import SPECS, Settings, SettingsError, flag_name, unknown_variables

EXIT_BAD_SETTINGS = 2
# CORDON_LOG_LEVEL has no flag here: ``cordon --log-level`` is the global flag.
FLAG_SPECS = tuple(spec for spec in SPECS if spec.variable != "CORDON_LOG_LEVEL")


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "worker",
        help="run a screening worker (Faust): events in, alerts and decisions out",
        description="Run a screening worker. Every flag defaults to its CORDON_* variable.",
    )
    for spec in FLAG_SPECS:
        parser.add_argument(
            flag_name(spec),
            dest=f"setting_{spec.field}",
            default=None,
            metavar=spec.field.split("_")[-1].upper(),
            help=f"{spec.meaning} (env {spec.variable}, default {spec.default!r})",
        )
    parser.set_defaults(func=run)


def settings_from(args: argparse.Namespace, env: dict[str, str]) -> Settings:
    merged = dict(env)
    for spec in FLAG_SPECS:
        value = getattr(args, f"setting_{spec.field}", None)
        if value is not None:
            merged[spec.variable] = value
    return Settings.from_env(merged)


def run(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    try:
        settings = settings_from(args, env)
    except SettingsError as exc:
        print(f"cordon worker: {exc}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    log = logging.getLogger("cordon.worker")
    for name in unknown_variables(env):
        log.warning("ignoring unknown setting %s (typo?)", name)
    from streams.worker import list_loader, run_worker

    return run_worker(settings, list_loader(settings))
