"""The index on disk (or on a Chroma server); with connection.py, the only modules that talk to
Chroma."""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ingest.errors import ConfigError, IndexAccessError, IndexMissingError, IngestError
from ingest.index.connection import (
    STORAGE_ERRORS,
    ClosedConnection,
    Connection,
    access_reason,
)
from ingest.index.readings import reading_digest, reading_from_json, reading_json
from ingest.index.records import (
    event_from_json,
    passage_from_document,
    passage_from_record,
    passage_metadata,
)
from ingest.model import Event, Passage
from ingest.settings import Settings

if TYPE_CHECKING:
    import numpy as np
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings

    from ingest.understand.model import Reading

SPACE = {"hnsw:space": "cosine"}
# Sentence vectors are read by id, never searched: a sparse graph makes writing them cheap.
SENTENCE_SPACE = {**SPACE, "hnsw:construction_ef": 16, "hnsw:M": 4}
_PAGE = 5000
POINTER = "active"  # the record of the <prefix>_meta collection naming the active generation
_KINDS = ("passages", "sentences", "events")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DATABASE = "chroma.sqlite3"  # what makes a folder an index
# What an index folder holds besides its vector folders: the database and its journals, the
# ingest lock, documents added in the page, and what file browsers leave in any folder.
_INDEX_FILES = {DATABASE, f"{DATABASE}-journal", f"{DATABASE}-wal", f"{DATABASE}-shm",
                "ingest.lock", "uploads", ".DS_Store", "Thumbs.db", "desktop.ini"}
_T = TypeVar("_T")


def collection_names(prefix: str, generation: str) -> tuple[str, str, str]:
    """Name a generation's passages, sentences and events collections ("" = unversioned)."""
    base = f"{prefix}_{generation}" if generation else prefix
    return (f"{base}_passages", f"{base}_sentences", f"{base}_events")


def _follows_switch(method: Callable[..., _T]) -> Callable[..., _T]:
    """Retry a read on the new index when a re-ingest dropped the one being read mid-question.

    The read holds its connection meanwhile: a switch by another thread closes the old one
    only when the reads on it are done.
    """
    @functools.wraps(method)
    def read(self: IndexStore, *args: Any, **kwargs: Any) -> _T:
        from chromadb.errors import NotFoundError

        with readable(self.settings):
            try:
                with self._connection.held():
                    return method(self, *args, **kwargs)
            except (NotFoundError, ClosedConnection):
                if not self.refresh():
                    raise
                with self._connection.held():
                    return method(self, *args, **kwargs)
    return read


def _retire_current(state: dict[str, Any]) -> None:
    """Close a store's connection when the store is garbage (state is its __dict__)."""
    connection = state.get("_connection")
    if connection is not None:
        connection.retire()


def index_exists(settings: Settings) -> bool:
    """Tell whether there is an index to read: a Chroma server, or a folder with its database."""
    return bool(settings.chroma_url) or (settings.index_dir / DATABASE).is_file()


def check_folder(folder: Path) -> None:
    """Refuse an index path that is a file, or a folder that holds other things than an index.

    Chroma would fill any folder with its files; mixed with someone's documents they are hard
    to tell apart and to remove.
    """
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder} is a file, not a folder. Give --index (or HUSTINGS_INDEX) "
                          "a folder for the index, e.g. .hustings/index.")
    if not folder.is_dir() or (folder / DATABASE).exists():
        return
    others = sorted(p.name for p in folder.iterdir()
                    if p.name not in _INDEX_FILES and not _UUID.fullmatch(p.name))
    if others:
        shown = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
        raise ConfigError(f"{folder} is not an index and is not empty (it holds {shown}); the "
                          "index's files would be mixed with them. Give --index (or "
                          "HUSTINGS_INDEX) a new or empty folder, e.g. "
                          f"{folder / 'hustings-index'}.")


@contextmanager
def readable(settings: Settings) -> Iterator[None]:
    """Say what to do when Chroma cannot open or read the index (a damaged or foreign store)."""
    from chromadb.errors import ChromaError, NotFoundError

    try:
        yield
    except NotFoundError:  # a collection a re-ingest dropped: the callers follow the switch
        raise
    except ChromaError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        reason = re.sub(r"^.*\(code: \d+\) ", "", reason)  # SQLite's own words
        where = settings.chroma_url or settings.index_dir
        raise IndexAccessError(
            f"The index at {where} cannot be read ({reason}): it is damaged or was not written "
            "by hustings. Move it aside and build it again with `hustings ingest PATH`, or "
            "give another index with --index.") from None


class IndexStore:
    """Passages, their sentences' vectors and the events, in three Chroma collections.

    Each ingest that changes anything writes a new generation of the three collections beside
    the active one, then names it in the <prefix>_meta pointer record (one atomic write that
    every process and a Chroma server see); older generations are dropped after the switch
    (the one just replaced at the next ingest). A reader never sees a half-built index, and a
    killed ingest leaves the previous index answering.
    """

    def __init__(self, settings: Settings, embeddings: Embeddings,
                 generation: str | None = None) -> None:
        self.settings = settings
        self.embeddings = embeddings
        self.prefix = settings.collection
        if not settings.chroma_url:
            check_folder(settings.index_dir)
        self._connection = Connection(settings)
        weakref.finalize(self, _retire_current, self.__dict__)
        self.active = ""
        with readable(settings):
            self._use(self.generation() if generation is None else generation,
                      reconnect=False)

    @property
    def client(self) -> ClientAPI:
        """Return the Chroma client of the generation this store uses now."""
        client = self._connection.client
        if client is None:
            raise ClosedConnection
        return client

    def _use(self, generation: str, reconnect: bool = True) -> None:
        """Read and write the collections of this generation from now on (on a connection
        of its own, when it is another generation)."""
        if reconnect and generation != self.active:
            old, self._connection = self._connection, Connection(self.settings)
            old.retire()
            self.__dict__.pop("meta", None)
        self.active = generation
        self.names = collection_names(self.prefix, generation)
        for name in ("vectorstore", "passages", "sentences", "events"):
            self.__dict__.pop(name, None)

    def close(self) -> None:
        """Close this store's connection (at once, or when the reads on it end)."""
        self._connection.retire()

    # -- generations -----------------------------------------------------------------------

    @cached_property
    def meta(self) -> Collection:
        return self.client.get_or_create_collection(f"{self.prefix}_meta",
                                                    embedding_function=None)

    def generation(self) -> str:
        """Return the generation the pointer names now ("" for an unversioned index)."""
        for _ in range(3):  # another thread may switch connections meanwhile
            try:
                with self._connection.held():
                    got = self.meta.get(ids=[POINTER], include=["metadatas"])
                break
            except ClosedConnection:
                continue
        else:
            raise ClosedConnection
        metas = got["metadatas"] or []
        return str(metas[0].get("generation") or "") if metas else ""

    def refresh(self) -> bool:
        """Follow the pointer to a newer index written by any process; tell if it moved."""
        current = self.generation()
        if current == self.active:
            return False
        self._use(current)
        return True

    def new_generation(self) -> IndexStore:
        """Return a store for a new, empty generation beside the active one."""
        numbers = [int(m.group(1)) for name in self._own_collections()
                   if (m := re.match(r"g(\d+)_", name[len(self.prefix) + 1:]))]
        active = re.fullmatch(r"g(\d+)", self.active)
        numbers += [int(active.group(1))] if active else []
        return IndexStore(self.settings, self.embeddings, f"g{max(numbers, default=0) + 1}")

    def switch_to(self, new: IndexStore) -> None:
        """Make new the active generation for every reader, then drop all but the one before.

        The one before stays until the next ingest, so that questions already running on it
        in other processes finish on a whole index; they follow the pointer at their next one.
        """
        previous = self.active
        self.point_to(new.active)
        self.drop_stale(keep=previous)
        self.settle()

    def settle(self) -> None:
        """Read each active collection once, while the folder can be written: Chroma moves
        what was just written from its log into the collection at a read, and purges the log,
        which a folder made read-only later (or a reader without write access) could not do."""
        if self.settings.chroma_url:
            return  # a server compacts by itself
        for collection in (self.meta, self.passages, self.sentences, self.events):
            collection.get(limit=1, include=[])

    def point_to(self, generation: str) -> None:
        """Make a generation that exists the active one for every reader (one record write)."""
        self.meta.upsert(ids=[POINTER], embeddings=[[0.0]], documents=[generation],
                         metadatas=[{"generation": generation}])
        self._use(generation)

    def has_generation(self, generation: str) -> bool:
        """Tell whether a generation's collections are all there, with passages in them."""
        names = set(self._own_collections())
        if not set(collection_names(self.prefix, generation)) <= names:
            return False
        return self.client.get_collection(collection_names(self.prefix, generation)[0]
                                          ).count() > 0

    def drop_stale(self, keep: str | None = None) -> list[str]:
        """Delete the collections of every generation but the active one (and keep)."""
        from chromadb.errors import NotFoundError

        keep_names = set(self.names)
        if keep is not None:
            keep_names.update(collection_names(self.prefix, keep))
        dropped = []
        for name in self._own_collections():
            if name in keep_names:
                continue
            try:
                self.client.delete_collection(name)
            except NotFoundError:  # another reader's cleanup got there first
                continue
            dropped.append(name)
        self._remove_orphan_segments()
        return dropped

    def _remove_orphan_segments(self) -> None:
        """Delete vector folders of deleted collections: Chroma leaves them (chroma#5520)."""
        if self.settings.chroma_url:
            return
        import shutil

        folder = self.settings.index_dir
        # List the folders first: a segment is recorded before its folder is made.
        found = [p for p in folder.iterdir() if p.is_dir() and _UUID.fullmatch(p.name)]
        if not found:
            return
        try:
            db = sqlite3.connect(f"file:{folder / 'chroma.sqlite3'}?mode=ro", uri=True)
            try:
                live = {str(row[0]) for row in db.execute("SELECT id FROM segments")}
            finally:
                db.close()
        except sqlite3.Error:  # an unknown layout: leave the folders alone
            return
        for path in found:
            if path.name not in live:
                shutil.rmtree(path, ignore_errors=True)

    def _own_collections(self) -> list[str]:
        kinds = "|".join(_KINDS)
        pattern = re.compile(rf"{re.escape(self.prefix)}_(?:g\d+_)?(?:{kinds})")
        names = [c if isinstance(c, str) else c.name for c in self.client.list_collections()]
        return [n for n in names if pattern.fullmatch(n)]

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the ingest lock while building; say so clearly if another ingest interfered."""
        from chromadb.errors import ChromaError, NotFoundError

        with self._locked(), readable(self.settings):
            try:
                yield
            except NotFoundError:  # e.g. two ingests at once against one Chroma server
                raise IngestError("Another ingest changed the index while this one was "
                                  "writing; the active index is whole. Run this ingest "
                                  "again.") from None
            except (ChromaError, sqlite3.Error, OSError) as exc:  # e.g. a read-only folder
                if isinstance(exc, OSError) and exc.errno not in STORAGE_ERRORS:
                    raise
                raise IndexAccessError(access_reason(self.settings.index_dir, exc)
                                       + " The index is as it was.") from None

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the index folder's ingest lock: two ingests must not build at once."""
        if self.settings.chroma_url:  # a server has no shared folder to lock
            yield
            return
        import fcntl

        try:
            handle = open(self.settings.index_dir / "ingest.lock", "a")  # noqa: SIM115
        except OSError as exc:
            raise IndexAccessError(access_reason(self.settings.index_dir, exc)) from None
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise IngestError(f"Another ingest is writing to {self.settings.index_dir}; "
                                  "wait for it to finish, then run this one again.") from None
            yield  # the lock goes with the process, even when it is killed

    def copy_from(self, old: IndexStore, keep: Mapping[str, Passage | None]) -> set[str]:
        """Copy kept passages with their stored vectors from old; return the ids copied.

        A Passage given in keep replaces the stored text and metadata (its offsets may have
        moved); one whose sentences changed is not copied, so that it is embedded afresh.
        """
        copied: set[str] = set()
        include = ["embeddings", "documents", "metadatas"]
        for ids, vecs, docs, metas in old._pages(old.passages, include):
            rows = []
            for pid, vec, doc, meta in zip(ids, vecs, docs, metas):
                if pid not in keep:
                    continue
                fresh = keep[pid]
                if fresh is not None:
                    if [s.text for s in fresh.sentences] != [
                            row[0] for row in json.loads(meta["sentences"])]:
                        continue
                    doc, meta = fresh.text, passage_metadata(fresh)
                rows.append((pid, vec, doc, meta))
                copied.add(pid)
            self._upsert(self.passages, rows)
        for ids, vecs, metas in old._pages(old.sentences, ["embeddings", "metadatas"]):
            self._upsert(self.sentences, [(sid, vec, None, {"passage_id": meta["passage_id"]})
                                          for sid, vec, meta in zip(ids, vecs, metas)
                                          if meta["passage_id"] in copied])
        return copied

    def copy_events_from(self, old: IndexStore, sources: Iterable[str]) -> None:
        """Copy the event records of sources from old."""
        sources = list(sources)
        if sources:
            got = old.events.get(where={"source": {"$in": sources}},
                                 include=["embeddings", "documents", "metadatas"])
            self._upsert(self.events, list(zip(got["ids"], got["embeddings"], got["documents"],
                                               got["metadatas"])))

    @staticmethod
    def _upsert(collection: Collection, rows: list[tuple]) -> None:
        import numpy as np

        for lo in range(0, len(rows), _PAGE):
            ids, vecs, docs, metas = zip(*rows[lo:lo + _PAGE])
            texts = None if all(d is None for d in docs) else list(docs)
            collection.upsert(ids=list(ids), embeddings=np.asarray(vecs, dtype=np.float32),
                              documents=texts, metadatas=list(metas))

    @cached_property
    def vectorstore(self) -> Chroma:
        """Return the LangChain view of the passages collection."""
        from langchain_chroma import Chroma

        return Chroma(client=self.client, collection_name=self.names[0],
                      embedding_function=self.embeddings, collection_metadata=SPACE)

    @cached_property
    def passages(self) -> Collection:
        return self.vectorstore._collection

    @cached_property
    def sentences(self) -> Collection:
        return self.client.get_or_create_collection(self.names[1], embedding_function=None,
                                                    metadata=SENTENCE_SPACE)

    @cached_property
    def events(self) -> Collection:
        return self.client.get_or_create_collection(self.names[2], embedding_function=None,
                                                    metadata=SPACE)

    # -- writing ---------------------------------------------------------------------------

    @_follows_switch
    def ids_by_source(self) -> dict[str, dict[str, int]]:
        """Return, for every source in the index, its passage ids and their ordinals."""
        out: dict[str, dict[str, int]] = {}
        for ids, metas in self._pages(self.passages, include=["metadatas"]):
            for pid, meta in zip(ids, metas):
                out.setdefault(str(meta["source"]), {})[pid] = int(meta["ordinal"])
        return out

    def write(self, passages: Sequence[Passage], passage_vectors: Sequence[Sequence[float]],
              sentence_vectors: Sequence[Sequence[Sequence[float]]]) -> None:
        """Add or replace passages with their vectors and their sentences' vectors."""
        import numpy as np

        for lo in range(0, len(passages), _PAGE):
            batch = passages[lo:lo + _PAGE]
            self.passages.upsert(ids=[p.id for p in batch],
                                 embeddings=np.asarray(passage_vectors[lo:lo + _PAGE],
                                                       dtype=np.float32),
                                 documents=[p.text for p in batch],
                                 metadatas=[passage_metadata(p) for p in batch])
        # The sentences' text is in their passage's metadata: storing it again costs time.
        self._upsert(self.sentences, [(f"{p.id}:{i}", v, None, {"passage_id": p.id})
                                      for p, vecs in zip(passages, sentence_vectors)
                                      for i, v in enumerate(vecs)])

    def delete(self, passage_ids: Iterable[str]) -> None:
        """Remove passages and their sentences."""
        ids = list(passage_ids)
        for lo in range(0, len(ids), _PAGE):
            batch = ids[lo:lo + _PAGE]
            self.passages.delete(ids=batch)
            self.sentences.delete(where={"passage_id": {"$in": batch}})

    def write_event(self, event: Event, vector: Sequence[float],
                    reading: Reading | None = None) -> None:
        """Add or replace an event record, with the Reading of its document when given."""
        meta = {"source": event.source, "json": json.dumps(asdict(event))}
        if reading is not None:  # the record's document holds it; the digest tells a change
            meta["reading"] = reading_digest(reading)
        self.events.upsert(ids=[event.id], embeddings=[list(vector)],
                           documents=[reading_json(reading) if reading else event.title],
                           metadatas=[meta])

    def delete_events(self, sources: Iterable[str]) -> None:
        """Remove the event records of sources."""
        sources = list(sources)
        if sources:
            self.events.delete(where={"source": {"$in": sources}})

    # -- reading ---------------------------------------------------------------------------

    @_follows_switch
    def count(self) -> int:
        """Return the number of passages."""
        return self.passages.count()

    def require(self) -> None:
        """Raise IndexMissingError when the index holds no passages."""
        if self.count() == 0:
            where = self.settings.chroma_url or self.settings.index_dir
            raise IndexMissingError(f"The index at {where} is empty. Build it with "
                                    "`hustings ingest [PATH ...]`.")

    @_follows_switch
    def load_passages(self) -> list[Passage]:
        """Return every passage, in source order."""
        out = [passage_from_record(pid, doc, meta)
               for ids, metas, docs in self._pages(self.passages,
                                                    include=["metadatas", "documents"])
               for pid, meta, doc in zip(ids, metas, docs)]
        return sorted(out, key=lambda p: (p.source, p.ordinal))

    @_follows_switch
    def passage_ids(self) -> list[str]:
        """Return the ids of every passage (one request: paging costs more than it saves)."""
        return list(self.passages.get(include=[])["ids"])

    @_follows_switch
    def load_passages_and_vectors(self) -> tuple[list[Passage], np.ndarray]:
        """Return every passage in source order, and their vectors as matrix rows in that order."""
        import numpy as np

        rows = [(passage_from_record(pid, doc, meta), vec)
                for ids, metas, docs, vecs in self._pages(
                    self.passages, include=["metadatas", "documents", "embeddings"])
                for pid, meta, doc, vec in zip(ids, metas, docs, vecs)]
        rows.sort(key=lambda r: (r[0].source, r[0].ordinal))
        matrix = np.asarray([v for _, v in rows], dtype=np.float32).reshape(len(rows), -1)
        return [p for p, _ in rows], matrix

    @_follows_switch
    def load_events(self) -> list[Event]:
        """Return every event with its roster."""
        got = self.events.get(include=["metadatas"])
        return sorted((event_from_json(m["json"]) for m in got["metadatas"] or []),
                      key=lambda e: (e.title, e.source))

    @_follows_switch
    def reading_digests(self) -> dict[str, str]:
        """Return the digest of each source's stored Reading (none before readings were kept)."""
        got = self.events.get(include=["metadatas"])
        return {str(m["source"]): str(m["reading"]) for m in got["metadatas"] or []
                if m.get("reading")}

    @_follows_switch
    def load_reading(self, source: str) -> Reading | None:
        """Return the stored Reading of one source, or None when the index has none for it."""
        got = self.events.get(where={"source": source}, include=["documents"])
        texts = [t for t in got["documents"] or [] if t]
        return reading_from_json(texts[0]) if texts else None

    @_follows_switch
    def sentence_vectors(self, passage_ids: Sequence[str], counts: Sequence[int] | None = None
                         ) -> dict[str, list[Sequence[float]]]:
        """Return the sentence vectors of passages, in sentence order.

        Given each passage's number of sentences, they are read by id, which is several times
        faster than by passage_id filter.
        """
        if not passage_ids:
            return {}
        if counts is not None:
            got = self.sentences.get(ids=[f"{pid}:{i}" for pid, n in zip(passage_ids, counts)
                                          for i in range(n)], include=["embeddings"])
        else:
            got = self.sentences.get(where={"passage_id": {"$in": list(passage_ids)}},
                                     include=["embeddings"])
        rows: dict[str, list[tuple[int, Sequence[float]]]] = {}
        for sid, vec in zip(got["ids"], got["embeddings"]):
            pid, n = sid.rsplit(":", 1)
            rows.setdefault(pid, []).append((int(n), vec))
        return {pid: [v for _, v in sorted(items, key=lambda r: r[0])]
                for pid, items in rows.items()}

    @_follows_switch
    def passage_vectors(self, passage_ids: Sequence[str]) -> dict[str, Sequence[float]]:
        """Return the stored vectors of passages."""
        if not passage_ids:
            return {}
        got = self.passages.get(ids=list(passage_ids), include=["embeddings"])
        return dict(zip(got["ids"], got["embeddings"]))

    @_follows_switch
    def search(self, vector: Sequence[float], k: int, where: dict[str, Any] | None = None
               ) -> list[tuple[Passage, float]]:
        """Return the k passages nearest to vector, with cosine similarity."""
        hits = self.vectorstore.similarity_search_by_vector_with_relevance_scores(
            [float(x) for x in vector], k=k, filter=where)
        return [(passage_from_document(doc), 1.0 - float(distance)) for doc, distance in hits]

    def _pages(self, collection: Collection, include: list[str]) -> Iterator[tuple]:
        offset = 0
        while True:
            got = collection.get(include=include, limit=_PAGE, offset=offset)  # type: ignore[arg-type]
            if not got["ids"]:
                return
            yield (got["ids"], *[got[key] for key in include])
            offset += len(got["ids"])
