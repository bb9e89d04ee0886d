"""Ingest files into the index: load, parse, embed only what changed, write, prune."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import IngestError
from ingest.loaders import SkipFile, Skipped, find_files, load_file, path_text
from ingest.model import ParsedDocument, Passage
from ingest.parse import document_of
from ingest.settings import Settings
from ingest.understand import read_loaded

if TYPE_CHECKING:
    import numpy as np

    from ingest.store import IndexStore

_PROGRESS_MIN = 200  # show a progress bar from this many texts to embed


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
    write: list[Passage] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


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
    docs: list[ParsedDocument] = []
    for path in files:
        source = source_name(path)
        try:
            doc = document_of(read_loaded(load_file(path, source)))
        except SkipFile as exc:
            skipped.append(Skipped(source, str(exc)))
            continue
        except Exception as exc:  # one odd file must not stop the others
            skipped.append(Skipped(source, f"could not be parsed ({type(exc).__name__})"))
            continue
        if not doc.passages:
            skipped.append(Skipped(source, "no text passages found"))
            continue
        docs.append(doc)
    return docs, skipped


def plan_changes(docs: Sequence[ParsedDocument], existing: dict[str, dict[str, int]],
                 prune: bool) -> _Plan:
    """Compare parsed documents with the index: what to write, what to delete."""
    plan = _Plan()
    for doc in docs:
        old = existing.get(doc.event.source, {})
        new_ids = {p.id for p in doc.passages}
        fresh = [p for p in doc.passages if p.id not in old]
        stale = [pid for pid in old if pid not in new_ids]
        stale_ordinals = {old[pid] for pid in stale}
        updated = sum(1 for p in fresh if p.ordinal in stale_ordinals)
        plan.write.extend(fresh)
        plan.delete.extend(stale)
        plan.updated += updated
        plan.added += len(fresh) - updated
        plan.removed += len(stale) - updated
        plan.unchanged += len(doc.passages) - len(fresh)
    if prune:
        seen = {doc.event.source for doc in docs}
        for source, ids in existing.items():
            if source not in seen:
                plan.delete.extend(ids)
                plan.removed += len(ids)
    return plan


def ingest_paths(paths: Sequence[Path], settings: Settings, *, prune: bool = False,
                 progress: bool = True) -> IngestSummary:
    """Bring the index up to date with the files under paths."""
    from ingest.embeddings import embeddings_for
    from ingest.store import IndexStore

    started = time.perf_counter()
    docs, skipped = read_documents(paths)
    if not docs:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped) or "no files found"
        raise IngestError(f"Nothing could be ingested ({reasons}). Give .txt, .md, .html, .pdf or "
                          ".docx files or folders that contain them.")
    embeddings = embeddings_for(settings)
    store = IndexStore(settings, embeddings)
    with store.writing():
        store.refresh()
        store.drop_stale()  # the generation before, and what a killed run left behind
        existing = store.ids_by_source()
        plan = plan_changes(docs, existing, prune)
        stored_events = {e.source: e for e in store.load_events()}
        if plan.write or plan.delete or any(stored_events.get(d.event.source) != d.event
                                            for d in docs):
            vectors = embed_passages(plan.write, embeddings, settings.embed_batch_size,
                                     progress)
            rebuild(store, docs, existing, plan, vectors, prune)
    reports = tuple(FileReport(doc.event.source, len(doc.passages),
                               tuple(c.name for c in doc.event.speakers)) for doc in docs)
    return IngestSummary(files=reports, skipped=tuple(skipped), added=plan.added,
                         updated=plan.updated, unchanged=plan.unchanged, removed=plan.removed,
                         seconds=time.perf_counter() - started, total_passages=store.count())


def rebuild(store: IndexStore, docs: Sequence[ParsedDocument], existing: dict[str, dict[str, int]],
            plan: _Plan, vectors: tuple[np.ndarray, list], prune: bool) -> None:
    """Write the changed index as a new generation beside the active one, then switch to it.

    Unchanged passages keep their vectors (copied, not embedded again); the switch is one
    pointer write, so a run killed at any moment leaves the previous index answering.
    """
    new = store.new_generation()
    try:
        gone = set(plan.delete)
        keep: dict[str, Passage | None] = {pid: None for ids in existing.values()
                                           for pid in ids if pid not in gone}
        keep.update({p.id: p for d in docs for p in d.passages if p.id in keep})
        copied = new.copy_from(store, keep)
        redo = [p for p in keep.values() if p is not None and p.id not in copied]
        if redo:  # same text, different sentences: embed those afresh
            more = embed_passages(redo, store.embeddings, store.settings.embed_batch_size,
                                  progress=False)
            import numpy as np

            rows = np.concatenate([vectors[0], more[0]]) if len(vectors[0]) else more[0]
            vectors = (rows, vectors[1] + more[1])
        if plan.write or redo:
            new.write(plan.write + redo, *vectors)
        sources = {d.event.source for d in docs}
        new.copy_events_from(store, set(existing) - sources if not prune else ())
        titles = store.embeddings.embed_documents([d.event.title for d in docs])
        for doc, vector in zip(docs, titles):
            new.write_event(doc.event, vector)
        expected = len(keep) + len(plan.write)
        if new.count() != expected:
            raise IngestError(f"The new index holds {new.count()} passages, not {expected}; "
                              "the previous index is kept. Run the ingest again.")
    except BaseException:
        store.drop_stale()  # drop the half-built generation; the active one is untouched
        raise
    store.switch_to(new)


def embed_passages(passages: Sequence[Passage], embeddings, batch_size: int, progress: bool
                   ) -> tuple[np.ndarray, list[list[np.ndarray]]]:
    """Embed passages (with their section) and each of their sentences, in batches.

    Return the passages' vectors as matrix rows and, for each passage, its sentences' rows.
    """
    texts = [p.embed_text for p in passages]
    # A sentence shared by two passages (the chunks' overlap) is embedded once.
    position: dict[str, int] = {}
    for p in passages:
        for s in p.sentences:
            position.setdefault(s.text, len(texts) + len(position))
    texts.extend(position)
    vectors = _embed_all(texts, embeddings, batch_size * 4, progress)
    return (vectors[: len(passages)],
            [[vectors[position[s.text]] for s in p.sentences] for p in passages])


def _embed_all(texts: list[str], embeddings, chunk: int, progress: bool) -> np.ndarray:
    """Embed texts into the rows of a float32 matrix (a tenth of the memory of lists)."""
    import numpy as np

    bar = None
    if progress and len(texts) >= _PROGRESS_MIN and os.environ.get("CI") != "true":
        from tqdm import tqdm

        bar = tqdm(total=len(texts), desc="Embedding", unit="text", file=sys.stderr)
    # Sorting by length keeps each batch's padding small; the rows keep the texts' order.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    matrix = np.zeros((len(texts), 0), dtype=np.float32)
    for lo in range(0, len(order), chunk):
        idx = order[lo:lo + chunk]
        got = np.asarray(embeddings.embed_documents([texts[i] for i in idx]), dtype=np.float32)
        if matrix.shape[1] != got.shape[1]:
            matrix = np.zeros((len(texts), got.shape[1]), dtype=np.float32)
        matrix[idx] = got
        if bar:
            bar.update(len(idx))
    if bar:
        bar.close()
    return matrix
