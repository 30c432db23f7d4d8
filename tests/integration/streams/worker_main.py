"""A worker process for the integration tests: ``cordon worker``'s runtime with a test table.

Run as ``python -m tests.integration.streams.worker_main``; settings come from the environment
like ``cordon worker``. The table is the hand-made one of ``tests.unit.streams.helpers``,
installed after ``CORDON_TEST_LOAD_DELAY`` seconds, or once the file named by
``CORDON_TEST_LOAD_GATE`` exists (to hold the worker not-ready while a test looks).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from services.metrics import Metrics
from services.settings import Settings
from services.table import TableHolder
from streams.worker import run_worker
from tests.unit.streams.helpers import table


async def load(holder: TableHolder, metrics: Metrics) -> None:
    gate = os.environ.get("CORDON_TEST_LOAD_GATE")
    if gate:
        while not await asyncio.to_thread(Path(gate).exists):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    built = await asyncio.to_thread(table)
    holder.install(built)
    await asyncio.Event().wait()


def main() -> int:
    return run_worker(Settings.from_env(os.environ), load)


if __name__ == "__main__":
    sys.exit(main())
