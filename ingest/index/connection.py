"""Connections to Chroma for the index store (with store.py, the only module that imports
chromadb): one client per generation, each with a Chroma system of its own, closed when no
read holds it any more; and why an index folder cannot be opened or written, in words.
"""

from __future__ import annotations

import errno
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import ConfigError, IndexAccessError
from ingest.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

# OS errors that mean the index folder cannot be written: no right to, read-only, full.
STORAGE_ERRORS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT}


class ClosedConnection(Exception):
    """A read found its Chroma connection closed by a switch in another thread."""


class Connection:
    """A Chroma client of one store's own, closed once it is retired and no read holds it.

    Chroma keeps memory for every collection a client has touched (its vector cache and
    more) until the client's system stops; each generation's collections are new, so a
    process that followed every ingest on one client grew by megabytes per ingest. A store
    therefore opens a connection per generation and closes the one before.
    """

    _lock = threading.Lock()  # the opening of private systems, process-wide

    def __init__(self, settings: Settings) -> None:
        self.client = open_client(settings)
        self._users = 0
        self._retired = False
        self._guard = threading.Lock()

    @contextmanager
    def held(self) -> Iterator[ClientAPI]:
        """Keep the connection open while the caller reads through it."""
        with self._guard:
            if self.client is None:
                raise ClosedConnection
            self._users += 1
        try:
            yield self.client
        finally:
            with self._guard:
                self._users -= 1
                done = self._retired and self._users == 0
            if done:
                self._close()

    def retire(self) -> None:
        """Close the connection now, or when the last read holding it ends."""
        with self._guard:
            self._retired = True
            done = self._users == 0
        if done:
            self._close()

    def _close(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            with suppress(Exception):  # already stopped: nothing left to free
                client.close()


def open_client(settings: Settings) -> ClientAPI:
    """Open the embedded store in settings.index_dir, or the Chroma server at chroma_url.

    Each embedded client gets a Chroma system of its own, so that closing it frees what it
    holds (Chroma shares one system per folder otherwise, and frees it only when every client
    of the folder is closed). Raise IndexAccessError saying why the folder cannot be used.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise ConfigError(f"HUSTINGS_CHROMA_URL {settings.chroma_url!r} is not a URL; "
                              "use http://host:port.")
        try:
            return chromadb.HttpClient(host=url.hostname, port=url.port or 8000,
                                       ssl=url.scheme == "https", settings=chroma_settings)
        except ValueError:  # chromadb's word for a server that does not answer
            raise IndexAccessError(
                f"Cannot reach the Chroma server at {settings.chroma_url}. Start it (`chroma "
                "run --path DIR`), or unset HUSTINGS_CHROMA_URL to use an index folder.") from None
    folder = settings.index_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"Cannot make the index folder {folder}: {exc.strerror or exc}. Give "
                          "--index (or HUSTINGS_INDEX) a folder you can write to.") from None
    try:
        with Connection._lock:
            return chromadb.PersistentClient(path=_private_path(folder),
                                             settings=chroma_settings)
    except Exception as exc:  # Chroma raises its own errors, sqlite's and OS errors
        raise IndexAccessError(access_reason(folder, exc)) from None


def _private_path(folder: Path) -> str:
    """Spell folder so that no open Chroma system has the same key ("dir/./."): Chroma keys
    its shared systems by the folder's name as given."""
    from chromadb.api.shared_system_client import SharedSystemClient

    taken = SharedSystemClient._identifier_to_system
    base = str(folder.absolute())
    spelling = base
    extra = 0
    while spelling in taken:
        extra += 1
        spelling = os.path.join(base, *["."] * extra)
    return spelling


def access_reason(folder: Path, exc: BaseException) -> str:
    """Say why the index folder cannot be opened or written, and what to do."""
    cause = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    cause = re.sub(r"^.*\(code: \d+\) ", "", cause)  # SQLite's own words
    if isinstance(exc, PermissionError) or "readonly" in cause or "read-only" in cause \
            or not os.access(folder, os.W_OK):
        return (f"The index at {folder} cannot be written ({cause}). Chroma needs write "
                "access to its folder even to answer: give this user write access to it, "
                "or copy the index to a writable folder and point HUSTINGS_INDEX there.")
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"The index at {folder} cannot be written ({cause}): the disk is full. "
                "Free some space and try again.")
    return (f"The index at {folder} cannot be read ({cause}): it is damaged or was not "
            "written by hustings. Move it aside and build it again with `hustings ingest "
            "PATH`, or give another index with --index.")
