"""Keep the server's memory flat over days of additions and removals (glibc's malloc only).

Two habits of glibc make a long-running threaded server look like it leaks: each thread that
allocates gets an arena of its own (up to eight per core), and memory freed at the top of an
arena goes back to the system only when it is trimmed. The server therefore uses two arenas
(set once at start, before its threads: the curve is flat from the first addition instead of
climbing for a dozen), and trims after each addition or removal (a page with heavy markup
left gigabytes held after it was read).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from contextlib import suppress
from functools import cache

M_ARENA_MAX = -8  # mallopt's parameter number (malloc.h)
ARENAS = 2


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


def limit_arenas(arenas: int = ARENAS) -> None:
    """Let malloc use at most `arenas` arenas from now on (no-op without glibc)."""
    libc = _libc()
    if libc is not None:
        with suppress(OSError):
            libc.mallopt(M_ARENA_MAX, arenas)


def release_memory() -> None:
    """Give the memory an ingest freed back to the system (no-op without glibc)."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        with suppress(OSError):
            libc.malloc_trim(0)
