"""Where lists come from: local files / directories and HTTP(S) URLs, polled for changes.

Contract:
- A location is a file, a directory (every recognised list file below it, recursively; hidden
  files skipped) or an ``http(s)://`` URL. Naming OFAC's ``sdn.csv`` or ``cons_prim.csv`` also
  reads its companions (add/alt/comments) from the same directory.
- ``FileSource`` notices a change without a restart: it re-reads a file only when its mtime or
  size changed, and ``ListSources`` re-parses only when the bytes' hash changed.
- ``HttpSource`` sends conditional requests (ETag / Last-Modified); a 304 reuses the cached
  body. Each attempt has a timeout; failures are retried a bounded number of times with a
  growing pause, then raise ``SourceError``.
- ``ListSources.poll`` returns the parsed lists when the combined content changed since the last
  poll (or is new), None when nothing changed; it raises ``ListFormatError`` on a bad file and
  ``SourceError`` when a source cannot be read. It is synchronous: call it in a thread.

Official publication addresses are in ``OFFICIAL_SOURCES`` (documented defaults; nothing here
fetches them by itself, and tests never do).
"""

from __future__ import annotations

import hashlib
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from services.gcpause import paused_gc
from services.lists import ofac
from services.lists.formats import RawFile, parse_files
from services.lists.model import ListFormatError, ParsedList

log = logging.getLogger(__name__)

OFFICIAL_SOURCES: dict[str, tuple[str, ...]] = {
    # FCDO UK Sanctions List: the single UK source from 2026.
    "uk": (
        "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv",
        "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
    ),
    # OFSI Consolidated List, 2022 format (closing in early 2026).
    "uk-ofsi": (
        "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
        "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.xlsx",
    ),
    # OFAC legacy CSV: SDN list and consolidated non-SDN list, with companions.
    "ofac": tuple(
        f"https://www.treasury.gov/ofac/downloads/{name}"
        for name in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
    )
    + tuple(
        f"https://www.treasury.gov/ofac/downloads/consolidated/{name}"
        for name in ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")
    ),
    # UN Security Council Consolidated List.
    "un": ("https://scsanctions.un.org/resources/xml/en/consolidated.xml",),
}

USER_AGENT = "cordon-lists/0.1 (+sanctions screening)"


class SourceError(Exception):
    """A list source that could not be read (network, HTTP status, missing path)."""

    retriable = True

    def __init__(self, location: str, problem: str) -> None:
        super().__init__(f"{location}: {problem}")
        self.location = location
        self.problem = problem


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


@dataclass
class HttpSource:
    """One URL, fetched with conditional requests; the last body is cached."""

    url: str
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    max_bytes: int = 512 * 1024 * 1024
    etag: str | None = None
    last_modified: str | None = None
    body: bytes | None = None

    def fetch(self) -> tuple[bytes, bool]:
        """The current body and whether it changed since the previous fetch."""
        last_error: Exception | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                return self._fetch_once()
            except SourceError as exc:
                if not exc.retriable:
                    raise
                last_error = exc
                log.warning("fetching %s failed (attempt %d): %s", self.url, attempt + 1, exc)
        raise SourceError(self.url, f"gave up after {self.retries + 1} attempts: {last_error}")

    def _fetch_once(self) -> tuple[bytes, bool]:
        request = urllib.request.Request(self.url, headers={"User-Agent": USER_AGENT})
        if self.body is not None and self.etag:
            request.add_header("If-None-Match", self.etag)
        if self.body is not None and self.last_modified:
            request.add_header("If-Modified-Since", self.last_modified)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read(self.max_bytes + 1)
                if len(body) > self.max_bytes:
                    error = SourceError(self.url, f"body larger than {self.max_bytes} bytes")
                    error.retriable = False
                    raise error
                self.etag = response.headers.get("ETag")
                self.last_modified = response.headers.get("Last-Modified")
        except urllib.error.HTTPError as exc:
            if exc.code == 304 and self.body is not None:
                return self.body, False
            error = SourceError(self.url, f"HTTP {exc.code} {exc.reason}")
            error.retriable = exc.code >= 500 or exc.code == 429
            raise error from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SourceError(self.url, f"cannot fetch ({exc})") from exc
        changed = body != self.body
        self.body = body
        return body, changed


@dataclass
class FileSource:
    """A local file or directory; files are re-read only when their mtime or size changed."""

    path: str
    _cache: dict[str, tuple[tuple[int, int], bytes]] = field(default_factory=dict)

    def _paths(self) -> list[tuple[Path, bool]]:
        root = Path(self.path)
        if root.is_dir():
            found = [
                p
                for p in sorted(root.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(root).parts)
            ]
            return [(p, False) for p in found]
        if not root.is_file():
            raise SourceError(self.path, "no such file or directory")
        paths = [(root, True)]
        family = ofac.PRIMARY_FILES.get(root.name.lower())
        if family:
            for entry in sorted(root.parent.iterdir()):
                if entry.name.lower() in ofac.COMPANIONS[family]:
                    paths.append((entry, False))
        return paths

    def read(self) -> list[RawFile]:
        files: list[RawFile] = []
        seen: set[str] = set()
        for path, explicit in self._paths():
            key = str(path)
            seen.add(key)
            try:
                stat = path.stat()
                fingerprint = (stat.st_mtime_ns, stat.st_size)
                cached = self._cache.get(key)
                if cached is None or cached[0] != fingerprint:
                    cached = (fingerprint, path.read_bytes())
                    self._cache[key] = cached
            except OSError as exc:
                raise SourceError(key, f"cannot read ({exc})") from exc
            files.append(RawFile(key, cached[1], explicit, self.path, fingerprint[0] / 1e9))
        for key in set(self._cache) - seen:
            del self._cache[key]
        return files


class ListSources:
    """Every configured location; ``poll`` parses only when the content changed."""

    def __init__(
        self, locations: Sequence[str], http_timeout: float = 30.0, http_retries: int = 3
    ) -> None:
        if not locations:
            raise ValueError("no list locations given")
        self.locations = list(locations)
        self._sources: list[FileSource | HttpSource] = [
            HttpSource(loc, timeout=http_timeout, retries=http_retries)
            if is_url(loc)
            else FileSource(str(Path(loc).expanduser()))
            for loc in self.locations
        ]
        self.last_digest: str | None = None

    def read(self) -> list[RawFile]:
        files: list[RawFile] = []
        for source in self._sources:
            if isinstance(source, HttpSource):
                body, _ = source.fetch()
                files.append(RawFile(source.url, body))
            else:
                files.extend(source.read())
        return files

    def poll(self, force: bool = False) -> list[ParsedList] | None:
        files = self.read()
        digest = hashlib.sha256()
        for raw in files:
            digest.update(f"{raw.name}\0{hashlib.sha256(raw.data).hexdigest()}\0".encode())
        combined = digest.hexdigest()
        if not force and combined == self.last_digest:
            return None
        self.last_digest = combined
        with paused_gc():
            parsed = parse_files(files)
        if not parsed:
            raise ListFormatError(", ".join(self.locations), "no recognised list file found")
        return parsed
