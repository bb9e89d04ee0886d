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

from bot.web import kept
from ingest.errors import IngestError
from ingest.loaders import SUPPORTED, SkipFile, formats_phrase
from ingest.model import Event
from ingest.pipeline import FileReport, IngestSummary, NothingIngested, source_name
from ingest.settings import Settings

TYPES = tuple(sorted(SUPPORTED))  # ".docx", ".htm", ".html", ".markdown", ".md", ".pdf", ...
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 80

# progress(share done, what is happening[, share to move toward, seconds it may take])
Progress = Callable[..., None]
READ_RATE = 2000  # bytes of a document read and embedded a second, about (two busy cores)


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

    def to_record(self, settings: Settings | None = None) -> dict[str, object]:
        """Return the result as a JSON-able record (the /ingest API's), its source as an API
        client may see it when settings are given (never a server's absolute path)."""
        source = (kept.public_source(settings, self.source) if settings and self.source
                  else self.source)
        return {"name": self.given, "source": source, "added": self.skipped is None,
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
    before; uploads are removed from where they were received once copied. Whatever happens
    (a bad file, an index that cannot be written, a kill), no file this batch saved stays in
    the folder unless it is in the index.
    """
    from ingest.pipeline import ingest_paths

    say = progress or (lambda *args: None)
    urls = [u.strip() for u in urls if u.strip()]
    check_batch(len(uploads) + len(urls), settings)
    folder = settings.upload_folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IngestError(f"The folder for added documents, {folder}, cannot be made "
                          f"({exc.strerror or exc}); set HUSTINGS_UPLOADS to a writable "
                          "folder.") from None
    recover(settings)  # what a killed addition left
    batch = _Batch(folder)
    skipped: list[AddResult] = []
    steps = max(1, len(uploads) + len(urls))
    try:
        for i, upload in enumerate(uploads):
            say(0.1 * i / steps, f"Saving {upload.name}")
            try:
                batch.save_upload(upload, settings)
            except SkipFile as exc:
                skipped.append(AddResult(upload.name, None, skipped=str(exc)))
        for i, url in enumerate(urls):
            say(0.1 * (len(uploads) + i) / steps, f"Fetching {url}")
            try:
                batch.save_url(url, settings)
            except SkipFile as exc:
                skipped.append(AddResult(url, None, skipped=str(exc)))
        if not batch.saved:
            return tuple(skipped)
        size = sum(p.stat().st_size for p in batch.paths())
        say(0.15, f"Reading and embedding {len(batch.paths())} document(s)", 0.95,
            3 + size / READ_RATE)
        try:
            summary = ingest_paths(batch.paths(), settings, progress=False)
        except NothingIngested as exc:  # every file was skipped: say why, per file
            summary = IngestSummary(skipped=exc.skipped)
        if summary.added or summary.updated or summary.removed:
            kept.empty_trash(settings)  # the index changed: an earlier removal stays
        results = _results(summary, batch)
        batch.keep({r.source for r in results if r.source})
    finally:
        batch.close()  # deletes what was saved but not kept, then closes the journal
    say(1.0, "Done")
    return (*results, *skipped)


def indexed_sources(settings: Settings) -> set[str]:
    """Return the source of every document in the index (none when there is no index)."""
    from ingest.index.embeddings import embeddings_for
    from ingest.index.store import IndexStore

    store = IndexStore(settings, embeddings_for(settings))
    try:
        return {e.source for e in store.load_events()}
    finally:
        store.close()


class _Batch:
    """The files one addition saves: journaled first, kept only once they are indexed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.saved: dict[str, list[tuple[str, Path]]] = {}  # source -> [(as given, file)]
        self._fresh: set[Path] = set()  # written by this batch (the others were there)
        self._kept: set[Path] = set()

    def paths(self) -> list[Path]:
        return [entries[0][1] for entries in self.saved.values()]

    def save_upload(self, upload: Upload, settings: Settings) -> None:
        """Copy one upload into the folder under a name of its own; raise SkipFile if not."""
        name = safe_name(upload.name)
        suffix = Path(name).suffix.lower()
        try:
            if suffix not in SUPPORTED:
                raise SkipFile(f"unsupported format {suffix or '(none)'}; use "
                               f"{formats_phrase()}")
            size = upload.path.stat().st_size
            if size > settings.max_upload_bytes:
                raise SkipFile(f"larger than {settings.max_upload_mb} MB; split it into "
                               "smaller files")
            if size == 0:
                raise SkipFile("empty file")
            path = kept.target(self.folder, name, kept.digest(upload.path))
            if not path.exists():
                kept.begin(self.folder, [path.name])
                self._fresh.add(path)
                shutil.copyfile(upload.path, path)
            self._add(upload.name, path)
        except OSError as exc:
            raise SkipFile(f"could not be saved ({exc.strerror or exc})") from None
        finally:
            forget_upload(upload.path)

    def save_url(self, url: str, settings: Settings) -> None:
        """Fetch a page and save it under a name made from its address."""
        from ingest.read.url import fetch_url

        page = fetch_url(url, timeout=settings.url_timeout, max_bytes=settings.max_upload_bytes,
                         allow_local=settings.allow_local_urls)
        from ingest.read.origin import record_origin

        path = self.folder / url_name(page.url, page.suffix)
        try:
            kept.begin(self.folder, [path.name])
            if not path.exists():
                self._fresh.add(path)
            path.write_bytes(page.content)  # a page fetched again is its newer version
            record_origin(path, page.final_url)  # cited with the address it came from
        except OSError as exc:
            raise SkipFile(f"could not be saved ({exc.strerror or exc})") from None
        self._add(url, path)

    def _add(self, given: str, path: Path) -> None:
        self.saved.setdefault(source_name(path), []).append((given, path))

    def keep(self, sources: set[str]) -> None:
        """Keep the files of sources (the indexed ones), remembering the names they came as."""
        for source, entries in self.saved.items():
            if source in sources:
                given, path = entries[0]
                self._kept.add(path)
                kept.remember(self.folder, path, given)

    def close(self) -> None:
        """Delete every file this batch wrote that is not kept; close the journal."""
        for path in self._fresh - self._kept:
            path.unlink(missing_ok=True)
        kept.end(self.folder)


def _results(summary: IngestSummary, batch: _Batch) -> list[AddResult]:
    """Match the ingest's reports to the files as given (two files may be one document)."""
    reports: dict[str, FileReport] = {r.source: r for r in summary.files}
    reasons = {s.source: s.reason for s in summary.skipped}
    out = []
    for source, entries in batch.saved.items():
        report = reports.get(source)
        for given, _ in entries:
            if report is not None:
                out.append(AddResult(given, source, report.passages, report.speakers))
            else:
                out.append(AddResult(given, None,
                                     skipped=reasons.get(source, "could not be read")))
    return out


def forget_upload(path: Path) -> None:
    """Delete a received file (and its folder, when empty): it must not stay downloadable."""
    path.unlink(missing_ok=True)
    with suppress(OSError):  # not empty, or already gone
        path.parent.rmdir()


def documents(events: Sequence[Event], settings: Settings) -> list[Document]:
    """Return the indexed documents, labelled with their event and the name they came as."""
    return [Document(e.id, f"{e.title} ({kept.shown_name(settings, e.source)})", e.source)
            for e in events]


@dataclass(frozen=True)
class Removal:
    """A removal that can be undone: the generations before and after, the files set aside."""

    titles: tuple[str, ...]
    before: str
    after: str
    files: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        return self.message


def remove_documents(event_ids: Sequence[str], events: Sequence[Event],
                     settings: Settings) -> Removal:
    """Remove the documents of events from the index (setting their kept file aside)."""
    from ingest.index.embeddings import embeddings_for
    from ingest.index.store import IndexStore
    from ingest.pipeline import remove_sources

    chosen = [e for e in events if e.id in set(event_ids)]
    if not chosen:
        raise IngestError("Choose a document to remove first.")
    store = IndexStore(settings, embeddings_for(settings))
    try:
        before = store.generation()
        summary = remove_sources([e.source for e in chosen], settings)
        after = store.generation()
    finally:
        store.close()
    kept.empty_trash(settings)
    aside = tuple(name for e in chosen if (name := kept.set_aside(settings, e.source)))
    titles = tuple(e.title for e in chosen)
    message = (f"Removed {', '.join(titles)}: {summary.removed} passages; "
               f"{summary.total_passages} passages remain.")
    return Removal(titles, before, after, aside, message)


def undo_removal(removal: Removal, settings: Settings) -> str:
    """Bring removed documents back: the index as it was before, their files in place."""
    from ingest.index.embeddings import embeddings_for
    from ingest.index.store import IndexStore

    store = IndexStore(settings, embeddings_for(settings))
    try:
        with store.writing():
            if store.generation() != removal.after or not store.has_generation(removal.before):
                raise IngestError("The index has changed since that removal, so it cannot be "
                                  "undone; add the document again.")
            store.point_to(removal.before)
    finally:
        store.close()
    kept.restore(settings, removal.files)
    return f"Restored {', '.join(removal.titles)}."


def recover(settings: Settings) -> list[str]:
    """Delete the files a killed addition left in the upload folder; return their names."""
    if not (settings.upload_folder / kept.JOURNAL).exists():
        return []
    return kept.recover(settings, indexed_sources(settings))
