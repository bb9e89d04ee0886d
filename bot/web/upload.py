"""Add documents given in the web page (uploads and web addresses) and remove them; no Gradio.

Uploads are copied under safe names into settings.upload_folder, beside the index, so that the
index can be rebuilt from them; fetched pages are saved there too. The files are never served
back: that folder is not one the web server reads from.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ingest.errors import IngestError
from ingest.loaders import SUPPORTED, SkipFile, formats_phrase
from ingest.model import Event
from ingest.pipeline import FileReport, IngestSummary, NothingIngested, source_name
from ingest.settings import Settings

TYPES = tuple(sorted(SUPPORTED))  # ".docx", ".htm", ".html", ".markdown", ".md", ".pdf", ...
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 80

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Upload:
    """A file the page (or the API) received: where it is now, and the name it was given."""

    path: Path
    name: str


@dataclass(frozen=True)
class AddResult:
    """What became of one file or web address: its passages and speakers, or why not."""

    given: str  # the file name or web address as given
    source: str | None  # as cited, when it was saved
    passages: int = 0
    speakers: tuple[str, ...] = ()
    skipped: str | None = None

    def line(self) -> str:
        """Return the result as one line for the page."""
        if self.skipped is not None:
            return f"{self.given}: skipped, {self.skipped}"
        who = ", ".join(self.speakers) or "no candidate speech found"
        return f"{self.given}: {self.passages} passages ({who})"

    def to_record(self) -> dict[str, object]:
        """Return the result as a JSON-able record (the /ingest API's)."""
        return {"name": self.given, "source": self.source, "added": self.skipped is None,
                "passages": self.passages, "speakers": list(self.speakers),
                "reason": self.skipped}


@dataclass(frozen=True)
class Document:
    """An indexed document, as the remove list shows it."""

    event_id: str
    label: str
    source: str


def safe_name(name: str) -> str:
    """Return a file name that is safe to write: no folders, no odd characters, kept short."""
    base = unicodedata.normalize("NFKD", Path(name.replace("\\", "/")).name)
    base = base.encode("ascii", "ignore").decode()
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE.sub("-", stem).strip("-.") or "document"
    suffix = _UNSAFE.sub("", suffix).lower()
    stem = stem[:MAX_NAME - len(suffix) - 1]
    return f"{stem}.{suffix}" if suffix else stem


def url_name(url: str, suffix: str) -> str:
    """Name a fetched page's file after its address (a short hash keeps two pages apart)."""
    parts = urlsplit(url)
    words = f"{parts.hostname or 'page'}-{parts.path.strip('/')}"
    stem = _UNSAFE.sub("-", words.rsplit(".", 1)[0] if "." in parts.path else words).strip("-")
    digest = hashlib.sha1(url.encode()).hexdigest()[:8]
    return safe_name(f"{stem[:MAX_NAME - 20]}-{digest}{suffix}")


def check_batch(count: int, settings: Settings) -> None:
    """Refuse an addition of no files, or of more than settings allow at once."""
    if count == 0:
        raise IngestError("Choose a file or paste a web address first.")
    if count > settings.max_upload_files:
        raise IngestError(f"{count} files and addresses at once is more than "
                          f"{settings.max_upload_files}; add them in smaller batches.")


def add_documents(uploads: Sequence[Upload], urls: Sequence[str], settings: Settings,
                  progress: Progress | None = None) -> tuple[AddResult, ...]:
    """Save the uploads and fetched pages, ingest them, and say what became of each.

    Files that cannot be used are skipped with a reason and the index keeps answering as
    before; uploads are removed from where they were received once copied.
    """
    from ingest.pipeline import ingest_paths

    say = progress or (lambda share, text: None)
    urls = [u.strip() for u in urls if u.strip()]
    check_batch(len(uploads) + len(urls), settings)
    folder = settings.upload_folder
    folder.mkdir(parents=True, exist_ok=True)
    saved: dict[str, tuple[str, Path]] = {}  # source -> (as given, saved file)
    skipped: list[AddResult] = []
    for upload in uploads:
        try:
            path = _save_upload(upload, folder, settings)
        except SkipFile as exc:
            skipped.append(AddResult(upload.name, None, skipped=str(exc)))
        else:
            saved[source_name(path)] = (upload.name, path)
    for i, url in enumerate(urls):
        say(0.1 + 0.2 * i / len(urls), f"Fetching {url}")
        try:
            path = _save_url(url, folder, settings)
        except SkipFile as exc:
            skipped.append(AddResult(url, None, skipped=str(exc)))
        else:
            saved[source_name(path)] = (url, path)
    if not saved:
        return tuple(skipped)
    say(0.3, f"Reading and embedding {len(saved)} document(s)")
    try:
        summary = ingest_paths([path for _, path in saved.values()], settings, progress=False)
    except NothingIngested as exc:  # every file was skipped: say why, per file
        summary = IngestSummary(skipped=exc.skipped)
    say(1.0, "Done")
    return (*_results(summary, saved), *skipped)


def _save_upload(upload: Upload, folder: Path, settings: Settings) -> Path:
    """Copy one upload into folder under a safe name; raise SkipFile saying why not."""
    name = safe_name(upload.name)
    suffix = Path(name).suffix.lower()
    try:
        if suffix not in SUPPORTED:
            raise SkipFile(f"unsupported format {suffix or '(none)'}; use {formats_phrase()}")
        size = upload.path.stat().st_size
        if size > settings.max_upload_bytes:
            raise SkipFile(f"larger than {settings.max_upload_mb} MB; split it into smaller "
                           "files")
        if size == 0:
            raise SkipFile("empty file")
        target = folder / name
        shutil.copyfile(upload.path, target)
        return target
    except OSError as exc:
        raise SkipFile(f"could not be saved ({exc.strerror or exc})") from None
    finally:
        forget_upload(upload.path)


def forget_upload(path: Path) -> None:
    """Delete a received file (and its folder, when empty): it must not stay downloadable."""
    path.unlink(missing_ok=True)
    with suppress(OSError):  # not empty, or already gone
        path.parent.rmdir()


def _save_url(url: str, folder: Path, settings: Settings) -> Path:
    from ingest.read.origin import record_origin
    from ingest.read.url import fetch_url

    page = fetch_url(url, timeout=settings.url_timeout, max_bytes=settings.max_upload_bytes,
                     allow_local=settings.allow_local_urls)
    target = folder / url_name(page.url, page.suffix)
    target.write_bytes(page.content)
    record_origin(target, page.final_url)  # cited with the address it came from
    return target


def _results(summary: IngestSummary, saved: dict[str, tuple[str, Path]]) -> list[AddResult]:
    """Match the ingest's reports to the files as given; drop the files it could not use."""
    reports: dict[str, FileReport] = {r.source: r for r in summary.files}
    reasons = {s.source: s.reason for s in summary.skipped}
    out = []
    for source, (given, path) in saved.items():
        report = reports.get(source)
        if report is not None:
            out.append(AddResult(given, source, report.passages, report.speakers))
            continue
        path.unlink(missing_ok=True)  # kept files are the index's: a bad one would linger
        out.append(AddResult(given, None, skipped=reasons.get(source, "could not be read")))
    return out


def documents(events: Sequence[Event]) -> list[Document]:
    """Return the indexed documents, labelled with their event and file name."""
    return [Document(e.id, f"{e.title} ({Path(e.source).name})", e.source) for e in events]


def remove_documents(event_ids: Sequence[str], events: Sequence[Event],
                     settings: Settings) -> str:
    """Remove the documents of events from the index (and their kept upload); say what went."""
    from ingest.pipeline import remove_sources

    chosen = [e for e in events if e.id in set(event_ids)]
    if not chosen:
        raise IngestError("Choose a document to remove first.")
    summary = remove_sources([e.source for e in chosen], settings)
    folder = settings.upload_folder.resolve()
    for event in chosen:
        path = Path(event.source)
        path = path if path.is_absolute() else Path.cwd() / path
        if path.resolve().parent == folder:  # only what the page added; never the data folder
            path.unlink(missing_ok=True)
    titles = ", ".join(e.title for e in chosen)
    return (f"Removed {titles}: {summary.removed} passages; {summary.total_passages} "
            "passages remain.")
