"""Ingest files into the index: load, parse, embed only what changed, write, prune."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import IngestError
from ingest.index.readings import reading_digest
from ingest.index.vectors import PassageEmbedder, embed_passages
from ingest.limits import check_passages, check_text
from ingest.loaders import SkipFile, Skipped, find_files, formats_phrase, load_file, path_text
from ingest.model import ParsedDocument, Passage
from ingest.parse import document_of
from ingest.reading_cache import ReadingCache
from ingest.settings import Settings
from ingest.understand import Reading, read_loaded

if TYPE_CHECKING:
    import numpy as np

    from ingest.index.store import IndexStore

class NothingIngested(IngestError):
    """No file could be used: the index is unchanged. Carries each file's reason."""

    def __init__(self, message: str, skipped: tuple[Skipped, ...]) -> None:
        super().__init__(message)
        self.skipped = skipped


@dataclass(frozen=True)
class FileReport:
    """What ingest did with one file."""

    source: str
    passages: int
    speakers: tuple[str, ...]


@dataclass(frozen=True)
class IngestSummary:
    """What an ingest run did."""

    files: tuple[FileReport, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    total_passages: int = 0

    def lines(self) -> list[str]:
        """Return the summary as lines for a terminal."""
        out = [f"Read {len(self.files)} file(s) in {self.seconds:.1f}s: {self.added} passages "
               f"added, {self.updated} updated, {self.unchanged} unchanged, "
               f"{self.removed} removed; {self.total_passages} in the index."]
        for f in self.files:
            who = ", ".join(f.speakers) or "no candidate speech found"
            out.append(f"  {f.source}: {f.passages} passages ({who})")
        for s in self.skipped:
            out.append(f"  skipped {s.source}: {s.reason}")
        return out


@dataclass
class _Plan:
    """What to write and delete to bring the index up to date, built one document at a time."""

    existing: dict[str, dict[str, int]]
    write: list[Passage] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def add(self, doc: ParsedDocument) -> list[Passage]:
        """Compare one document with the index; return its passages to embed."""
        old = self.existing.get(doc.event.source, {})
        new_ids = {p.id for p in doc.passages}
        fresh = [p for p in doc.passages if p.id not in old]
        stale = [pid for pid in old if pid not in new_ids]
        stale_ordinals = {old[pid] for pid in stale}
        updated = sum(1 for p in fresh if p.ordinal in stale_ordinals)
        self.write.extend(fresh)
        self.delete.extend(stale)
        self.updated += updated
        self.added += len(fresh) - updated
        self.removed += len(stale) - updated
        self.unchanged += len(doc.passages) - len(fresh)
        return fresh

    def prune(self, seen: set[str]) -> None:
        """Delete the passages of every source not seen in this run."""
        for source, ids in self.existing.items():
            if source not in seen:
                self.delete.extend(ids)
                self.removed += len(ids)


def source_name(path: Path) -> str:
    """Name a file as it will be cited: relative to the working directory when inside it."""
    absolute = path.absolute()
    try:
        return path_text(absolute.relative_to(Path.cwd()).as_posix())
    except ValueError:
        return path_text(absolute.as_posix())


def read_documents(paths: Sequence[Path]) -> tuple[list[ParsedDocument], list[Skipped]]:
    """Load and parse every supported file under paths; skip bad ones with a reason."""
    files, skipped = find_files(list(paths))
    docs = []
    for got in read_ahead(files):
        (skipped if isinstance(got, Skipped) else docs).append(got)
    return docs, skipped


def read_ahead(files: Sequence[Path], cache: ReadingCache | None = None
               ) -> Iterator[ParsedDocument | Skipped]:
    """Yield each file's document, or why it was skipped, in order, read in a thread ahead.

    spaCy releases the GIL while it parses, so the caller embeds one document's passages
    while the next is read. With a cache, an unchanged file's reading is taken from it.
    """
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hustings-reader")
    try:
        yield from pool.map(lambda path: _read_one(path, cache), files)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _read_one(path: Path, cache: ReadingCache | None = None) -> ParsedDocument | Skipped:
    source = source_name(path)

    def read() -> Reading:
        loaded = load_file(path, source)
        check_text(loaded.text)  # before spaCy: its time grows with the text
        return read_loaded(loaded)

    try:  # an unchanged file's reading, pages and address come from the cache, unread
        doc = document_of(cache.reading(path, source, read) if cache else read())
        check_passages(len(doc.passages))  # before the model embeds them
    except SkipFile as exc:
        return Skipped(source, str(exc))
    except Exception as exc:  # one odd file must not stop the others
        return Skipped(source, f"could not be parsed ({type(exc).__name__})")
    if not doc.passages:
        return Skipped(source, "no text passages found")
    return doc


def ingest_paths(paths: Sequence[Path], settings: Settings, *, prune: bool = False,
                 progress: bool = True) -> IngestSummary:
    """Bring the index up to date with the files under paths.

    Documents are read in a thread ahead of the embedding, which starts on the first
    document's new passages while the next ones are read.
    """
    from ingest.index.embeddings import embeddings_for, passage_embeddings_for
    from ingest.index.store import IndexStore

    started = time.perf_counter()
    files, skipped = find_files(list(paths))
    docs: list[ParsedDocument] = []
    cache = ReadingCache(settings.cache_dir / "readings")
    with closing(read_ahead(files, cache)) as reading:  # closed on error: the reader stops too
        embeddings = embeddings_for(settings)
        store = IndexStore(settings, embeddings)
        with store.writing():
            store.refresh()
            store.drop_stale()  # the generation before, and what a killed run left behind
            plan = _Plan(store.ids_by_source())
            embedder = PassageEmbedder(embeddings, settings.embed_batch_size * 4, progress,
                                       passage_embeddings_for(settings))
            for got in reading:
                if isinstance(got, Skipped):
                    skipped.append(got)
                    continue
                docs.append(got)
                embedder.add(plan.add(got))
            if not docs:
                reasons = ("; ".join(f"{s.source}: {s.reason}" for s in skipped)
                           or "no files found")
                raise NothingIngested(f"Nothing could be ingested ({reasons}). Give "
                                      f"{formats_phrase()} files or folders that contain "
                                      "them.", tuple(skipped))
            if prune:
                plan.prune({doc.event.source for doc in docs})
            stored_events = {e.source: e for e in store.load_events()}
            readings = store.reading_digests()  # a reading can change with the same passages
            if plan.write or plan.delete or any(
                    stored_events.get(d.event.source) != d.event or (
                        d.reading is not None
                        and readings.get(d.event.source) != reading_digest(d.reading))
                    for d in docs):
                rebuild(store, docs, plan, embedder.finish(), prune)
    reports = tuple(FileReport(doc.event.source, len(doc.passages),
                               tuple(c.name for c in doc.event.speakers)) for doc in docs)
    return IngestSummary(files=reports, skipped=tuple(skipped), added=plan.added,
                         updated=plan.updated, unchanged=plan.unchanged, removed=plan.removed,
                         seconds=time.perf_counter() - started, total_passages=store.count())


def rebuild(store: IndexStore, docs: Sequence[ParsedDocument], plan: _Plan,
            vectors: tuple[np.ndarray, list], prune: bool) -> None:
    """Write the changed index as a new generation beside the active one, then switch to it.

    Unchanged passages keep their vectors (copied, not embedded again); the switch is one
    pointer write, so a run killed at any moment leaves the previous index answering.
    """
    new = store.new_generation()
    try:
        existing = plan.existing
        gone = set(plan.delete)
        keep: dict[str, Passage | None] = {pid: None for ids in existing.values()
                                           for pid in ids if pid not in gone}
        keep.update({p.id: p for d in docs for p in d.passages if p.id in keep})
        copied = new.copy_from(store, keep)
        redo = [p for p in keep.values() if p is not None and p.id not in copied]
        if redo:  # same text, different sentences: embed those afresh
            from ingest.index.embeddings import passage_embeddings_for

            more = embed_passages(redo, store.embeddings, store.settings.embed_batch_size,
                                  progress=False,
                                  passage_embeddings=passage_embeddings_for(store.settings))
            import numpy as np

            rows = np.concatenate([vectors[0], more[0]]) if len(vectors[0]) else more[0]
            vectors = (rows, vectors[1] + more[1])
        if plan.write or redo:
            new.write(plan.write + redo, *vectors)
        sources = {d.event.source for d in docs}
        new.copy_events_from(store, set(existing) - sources if not prune else ())
        titles = store.embeddings.embed_documents([d.event.title for d in docs])
        for doc, vector in zip(docs, titles):
            new.write_event(doc.event, vector, doc.reading)
        expected = len(keep) + len(plan.write)
        if new.count() != expected:
            raise IngestError(f"The new index holds {new.count()} passages, not {expected}; "
                              "the previous index is kept. Run the ingest again.")
    except BaseException:
        store.drop_stale()  # drop the half-built generation; the active one is untouched
        raise
    store.switch_to(new)


@dataclass(frozen=True)
class RemoveSummary:
    """What removing documents did."""

    sources: tuple[str, ...]
    removed: int  # passages
    total_passages: int


def remove_sources(sources: Sequence[str], settings: Settings) -> RemoveSummary:
    """Rebuild the index without the documents of sources, as crash-safely as an ingest.

    The rest is copied, not embedded again, into a new generation that replaces the active
    one in one pointer write: a run killed at any moment leaves the previous index answering.
    """
    from ingest.index.embeddings import embeddings_for
    from ingest.index.store import IndexStore

    gone = set(sources)
    store = IndexStore(settings, embeddings_for(settings))
    with store.writing():
        store.refresh()
        store.drop_stale()
        existing = store.ids_by_source()
        unknown = sorted(gone - set(existing))
        if unknown:
            raise IngestError(f"Not in the index: {', '.join(unknown)}. Nothing was removed.")
        if not set(existing) - gone:
            raise IngestError("That would leave the index empty; add another document first.")
        keep: dict[str, Passage | None] = {pid: None for source, ids in existing.items()
                                           if source not in gone for pid in ids}
        new = store.new_generation()
        try:
            new.copy_from(store, keep)
            new.copy_events_from(store, set(existing) - gone)
            if new.count() != len(keep):
                raise IngestError(f"The new index holds {new.count()} passages, not "
                                  f"{len(keep)}; the previous index is kept. Try again.")
        except BaseException:
            store.drop_stale()
            raise
        store.switch_to(new)
    removed = sum(len(existing[s]) for s in gone)
    return RemoveSummary(tuple(sorted(gone)), removed, store.count())
