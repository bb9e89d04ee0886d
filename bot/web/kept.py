"""The folder of documents added in the page (settings.upload_folder), kept beside the index.

Every file there is a document of the index, under a name of its own: a different file sent
under a name already taken gets the name with a short hash of its content, so it never
replaces the earlier document, while the same file sent again keeps its name (and changes
nothing). The name it was sent under is remembered (a manifest, ".names.json") and shown.

A batch being added is listed in a journal (".pending.json") until its ingest is over; a
server killed meanwhile leaves files that are not in the index, and the next start (or the
next addition, or `hustings ingest --prune`) deletes them before anything reads the folder.
Removed documents wait in ".removed/" until the next change, so that a removal can be undone.
Dot-names are never read by ingest, so none of these notes becomes a document.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from ingest.pipeline import source_name
from ingest.settings import Settings

MANIFEST = ".names.json"
JOURNAL = ".pending.json"
TRASH = ".removed"
_HASHED = re.compile(r"-[0-9a-f]{8}$")


def digest(path: Path) -> str:
    """Return the SHA-256 of a file's content, read in pieces."""
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            sha.update(block)
    return sha.hexdigest()


def target(folder: Path, name: str, content_digest: str) -> Path:
    """Return where a file with this content, sent as `name` (already safe), is kept.

    The name itself when it is free or holds the same content; else the name with the
    content's short hash, which is the same for the same content sent again.
    """
    plain = folder / name
    if not plain.exists() or digest(plain) == content_digest:
        return plain
    stem, suffix = os.path.splitext(name)
    return folder / f"{_HASHED.sub('', stem)}-{content_digest[:8]}{suffix}"


def remember(folder: Path, stored: Path, given: str) -> None:
    """Note the name a kept file was sent under (a web address for a fetched page)."""
    names = _read(folder / MANIFEST)
    names[stored.name] = given
    _write(folder / MANIFEST, names)


def shown_name(settings: Settings, source: str) -> str:
    """Return the name a kept document was sent under, else its file name."""
    path = Path(source)
    names = _read(settings.upload_folder / MANIFEST)
    return str(names.get(path.name) or path.name) if _kept(settings, source) else path.name


def public_source(settings: Settings, source: str) -> str:
    """Return a source as an API client may see it: never a server's absolute path.

    Kept documents are "uploads/<file>"; other files their path relative to the working
    folder when inside it, else their file name.
    """
    if _kept(settings, source):
        return f"uploads/{Path(source).name}"
    path = Path(source)
    if not path.is_absolute():
        return source
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.name


def _kept(settings: Settings, source: str) -> bool:
    folder = settings.upload_folder.absolute()
    path = Path(source)
    path = path if path.is_absolute() else Path.cwd() / path
    return path.parent == folder


# -- the journal of a batch being added -----------------------------------------------

def begin(folder: Path, names: Iterable[str]) -> None:
    """List files about to be written, before any is: a kill leaves them known."""
    listed = set(_read(folder / JOURNAL).get("files", [])) | set(names)
    _write(folder / JOURNAL, {"files": sorted(listed)})


def end(folder: Path) -> None:
    """Close the journal: the batch's files are in the index, or were deleted."""
    (folder / JOURNAL).unlink(missing_ok=True)


def recover(settings: Settings, indexed: set[str]) -> list[str]:
    """Delete the files a killed addition left (listed in the journal, not in the index);
    return their names."""
    folder = settings.upload_folder
    listed = _read(folder / JOURNAL).get("files", [])
    gone = []
    for name in listed:
        path = folder / Path(name).name
        if path.is_file() and source_name(path) not in indexed:
            path.unlink()
            forget_name(folder, path.name)
            gone.append(path.name)
    end(folder)
    return gone


def orphans(settings: Settings, indexed: set[str]) -> list[str]:
    """Return the kept files that are not in the index (none, unless something went wrong
    before this journal existed, or the index was rebuilt without them)."""
    folder = settings.upload_folder
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(".")
                  and source_name(p) not in indexed)


def forget_name(folder: Path, name: str) -> None:
    names = _read(folder / MANIFEST)
    if names.pop(name, None) is not None:
        _write(folder / MANIFEST, names)


# -- removed documents, kept for an undo -----------------------------------------------

def set_aside(settings: Settings, source: str) -> str | None:
    """Move a kept document's file into the trash; return its name there (None: not kept)."""
    if not _kept(settings, source):
        return None
    path = settings.upload_folder / Path(source).name
    if not path.is_file():
        return None
    trash = settings.upload_folder / TRASH
    trash.mkdir(exist_ok=True)
    path.replace(trash / path.name)
    return path.name


def restore(settings: Settings, names: Iterable[str]) -> None:
    """Move files set aside back where they were."""
    trash = settings.upload_folder / TRASH
    for name in names:
        with suppress(FileNotFoundError):
            (trash / name).replace(settings.upload_folder / name)


def empty_trash(settings: Settings) -> None:
    """Delete what earlier removals set aside: a new change ends their undo."""
    trash = settings.upload_folder / TRASH
    if trash.is_dir():
        for path in trash.iterdir():
            forget_name(settings.upload_folder, path.name)
        shutil.rmtree(trash, ignore_errors=True)


# -- small JSON files, written whole ---------------------------------------------------

def _read(path: Path) -> dict:
    try:
        got = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return got if isinstance(got, dict) else {}


def _write(path: Path, data: dict) -> None:
    """Write JSON through a temporary file and a rename: a kill leaves the old or the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
    temporary.replace(path)
