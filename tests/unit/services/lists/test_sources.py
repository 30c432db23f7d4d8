"""Sources: file change detection without restart, HTTP conditional requests and retries."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from services.lists.sources import OFFICIAL_SOURCES, HttpSource, ListSources, SourceError
from tests.unit.services.lists.conftest import DATA


def test_file_change_noticed(tmp_path: Path) -> None:
    path = tmp_path / "custom_list.csv"
    shutil.copy(DATA / "custom_list.csv", path)
    sources = ListSources([str(tmp_path)])
    first = sources.poll()
    assert first is not None and len(first[0].entities) == 3
    assert sources.poll() is None  # nothing changed
    os.utime(path, ns=(1, 1))  # mtime changed, same bytes: re-read, hash equal, no reparse
    assert sources.poll() is None
    path.write_text(path.read_text() + "B-0004,Person,New Person,,,,,,,,,,,,\n")
    second = sources.poll()
    assert second is not None and len(second[0].entities) == 4


class _Server:
    def __init__(self) -> None:
        self.body = (DATA / "UK_Sanctions_List.csv").read_bytes()
        self.etag = '"v1"'
        self.requests: list[dict[str, str]] = []
        self.fail_next = 0

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(dict(request.headers))
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=503)
        if request.headers.get("If-None-Match") == self.etag:
            return web.Response(status=304)
        return web.Response(
            body=self.body,
            headers={"ETag": self.etag, "Last-Modified": "Wed, 01 Oct 2026 10:00:00 GMT"},
        )


@pytest.fixture
async def server() -> AsyncIterator[tuple[_Server, str]]:
    state = _Server()
    app = web.Application()
    app.router.add_get("/UK_Sanctions_List.csv", state.handle)
    app.router.add_get("/missing.csv", lambda _: web.Response(status=404))  # type: ignore[arg-type,return-value]
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield state, f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def test_http_conditional_requests(server: tuple[_Server, str]) -> None:
    state, base = server
    sources = ListSources([f"{base}/UK_Sanctions_List.csv"])
    first = await asyncio.to_thread(sources.poll)
    assert first is not None and first[0].source == "uk"
    assert await asyncio.to_thread(sources.poll) is None
    assert state.requests[-1]["If-None-Match"] == '"v1"'
    assert state.requests[-1]["If-Modified-Since"] == "Wed, 01 Oct 2026 10:00:00 GMT"
    state.body, state.etag = (DATA / "UK_Sanctions_List_min.csv").read_bytes(), '"v2"'
    second = await asyncio.to_thread(sources.poll)
    assert second is not None and [e.id for e in second[0].entities] == ["uk:GIM9001"]


async def test_http_bounded_retries(server: tuple[_Server, str]) -> None:
    state, base = server
    state.fail_next = 2
    source = HttpSource(f"{base}/UK_Sanctions_List.csv", timeout=5, retries=2, backoff=0.01)
    body, changed = await asyncio.to_thread(source.fetch)
    assert changed and body == state.body
    assert len(state.requests) == 3
    state.fail_next = 5
    source = HttpSource(f"{base}/UK_Sanctions_List.csv", timeout=5, retries=1, backoff=0.01)
    with pytest.raises(SourceError, match="gave up after 2 attempts"):
        await asyncio.to_thread(source.fetch)


async def test_http_not_found_not_retried(server: tuple[_Server, str]) -> None:
    _, base = server
    source = HttpSource(f"{base}/missing.csv", timeout=5, retries=3, backoff=0.01)
    with pytest.raises(SourceError, match="HTTP 404"):
        await asyncio.to_thread(source.fetch)


def test_official_addresses_documented() -> None:
    assert set(OFFICIAL_SOURCES) == {"uk", "uk-ofsi", "ofac", "un"}
    assert all(url.startswith("https://") for urls in OFFICIAL_SOURCES.values() for url in urls)
