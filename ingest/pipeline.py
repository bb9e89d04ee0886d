"""Ingest files into the index: load, parse, embed only what changed, write, prune."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders import SkipFile, Skipped, find_files, load_file
from ingest.model import ParsedDocument, Passage
from ingest.parse import parse_document
from ingest.settings import Settings

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
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def read_documents(paths: Sequence[Path]) -> tuple[list[ParsedDocument], list[Skipped]]:
    """Load and parse every supported file under paths; skip bad ones with a reason."""
    files, skipped = find_files(list(paths))
    docs: list[ParsedDocument] = []
    for path in files:
        source = source_name(path)
        try:
            loaded = load_file(path, source)
            doc = parse_document(loaded.text, source)
        except SkipFile as exc:
            skipped.append(Skipped(source, str(exc)))
            continue
        except (RecursionError, MemoryError, UnicodeError, ValueError) as exc:
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
    from ingest.embeddings import load_embeddings
    from ingest.store import IndexStore

    started = time.perf_counter()
    docs, skipped = read_documents(paths)
    if not docs:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped) or "no files found"
        raise IngestError(f"Nothing could be ingested ({reasons}). Give .txt, .md, .html or "
                          ".pdf files or folders that contain them.")
    embeddings = load_embeddings(settings.embed_batch_size)
    store = IndexStore(settings, embeddings)
    existing = store.ids_by_source()
    plan = plan_changes(docs, existing, prune)
    vectors = embed_passages(plan.write, embeddings, settings.embed_batch_size, progress)
    if plan.write:
        store.write(plan.write, *vectors)
    store.delete(plan.delete)
    kept = {doc.event.source for doc in docs}
    if prune:
        store.delete_events(set(existing) - kept)
    titles = embeddings.embed_documents([doc.event.title for doc in docs])
    for doc, vector in zip(docs, titles):
        store.write_event(doc.event, vector)
    reports = tuple(FileReport(doc.event.source, len(doc.passages),
                               tuple(c.name for c in doc.event.speakers)) for doc in docs)
    return IngestSummary(files=reports, skipped=tuple(skipped), added=plan.added,
                         updated=plan.updated, unchanged=plan.unchanged, removed=plan.removed,
                         seconds=time.perf_counter() - started, total_passages=store.count())


def embed_passages(passages: Sequence[Passage], embeddings, batch_size: int, progress: bool
                   ) -> tuple[list[list[float]], list[list[list[float]]]]:
    """Embed passages (with their section) and each of their sentences, in batches."""
    texts = [p.embed_text for p in passages]
    owners: list[int] = []
    for n, p in enumerate(passages):
        texts.extend(s.text for s in p.sentences)
        owners.extend([n] * len(p.sentences))
    vectors = _embed_all(texts, embeddings, batch_size * 4, progress)
    passage_vectors = vectors[: len(passages)]
    sentence_vectors: list[list[list[float]]] = [[] for _ in passages]
    for owner, vector in zip(owners, vectors[len(passages):]):
        sentence_vectors[owner].append(vector)
    return passage_vectors, sentence_vectors


def _embed_all(texts: list[str], embeddings, chunk: int, progress: bool) -> list[list[float]]:
    if not texts:
        return []
    bar = None
    if progress and len(texts) >= _PROGRESS_MIN and os.environ.get("CI") != "true":
        from tqdm import tqdm

        bar = tqdm(total=len(texts), desc="Embedding", unit="text", file=sys.stderr)
    out: list[list[float]] = []
    # Sorting by length keeps each batch's padding small; the order is restored after.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    result: list[list[float] | None] = [None] * len(texts)
    for lo in range(0, len(order), chunk):
        idx = order[lo:lo + chunk]
        for i, vec in zip(idx, embeddings.embed_documents([texts[i] for i in idx])):
            result[i] = vec
        if bar:
            bar.update(len(idx))
    if bar:
        bar.close()
    out = [v for v in result if v is not None]
    return out
