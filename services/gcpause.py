"""Cyclic garbage collection paused while a table is parsed and built.

Contract: inside ``paused_gc()`` the cyclic collector does not run (reference counting still
frees everything it can); on leaving the last open pause the collector's previous state is
restored. Pauses nest and may overlap from several threads (a reload parses in one thread while
another builds): the collector comes back when the last one closes.

Why: parsing the lists and building a table allocate millions of long-lived objects, and every
few hundred thousand allocations a full collection walks all of them again; with the real lists
that is about a quarter of the build's time. They are all still alive after the build (the
table holds them), so the collections find nothing to free. The garbage cycles made by the
event loop meanwhile wait seconds, not longer.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from threading import Lock

_lock = Lock()
_open = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the body with the cyclic garbage collector off (see the module contract)."""
    global _open, _was_enabled
    with _lock:
        if _open == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _open += 1
    try:
        yield
    finally:
        with _lock:
            _open -= 1
            if _open == 0 and _was_enabled:
                gc.enable()
