"""The index on disk (or on a Chroma server): the only module that talks to Chroma."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ingest.errors import ConfigError, IndexMissingError
from ingest.model import Event, Passage, PassageKind, Span, Speaker
from ingest.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings

SPACE = {"hnsw:space": "cosine"}
_PAGE = 5000


def open_client(settings: Settings) -> ClientAPI:
    """Open the embedded store in settings.index_dir, or the Chroma server at chroma_url."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise ConfigError(f"HUSTINGS_CHROMA_URL {settings.chroma_url!r} is not a URL; "
                              "use http://host:port.")
        return chromadb.HttpClient(host=url.hostname, port=url.port or 8000,
                                   ssl=url.scheme == "https", settings=chroma_settings)
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)


class IndexStore:
    """Passages, their sentences' vectors and the events, in three Chroma collections."""

    def __init__(self, settings: Settings, embeddings: Embeddings) -> None:
        self.settings = settings
        self.embeddings = embeddings
        self.client = open_client(settings)
        prefix = settings.collection
        self.names = (f"{prefix}_passages", f"{prefix}_sentences", f"{prefix}_events")

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
                                                    metadata=SPACE)

    @cached_property
    def events(self) -> Collection:
        return self.client.get_or_create_collection(self.names[2], embedding_function=None,
                                                    metadata=SPACE)

    # -- writing ---------------------------------------------------------------------------

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
        for lo in range(0, len(passages), _PAGE):
            batch = passages[lo:lo + _PAGE]
            self.passages.upsert(ids=[p.id for p in batch],
                                 embeddings=[list(v) for v in passage_vectors[lo:lo + _PAGE]],
                                 documents=[p.text for p in batch],
                                 metadatas=[passage_metadata(p) for p in batch])
        rows = [(f"{p.id}:{i}", s, v, p) for p, vecs in zip(passages, sentence_vectors)
                for i, (s, v) in enumerate(zip(p.sentences, vecs))]
        for lo in range(0, len(rows), _PAGE):
            chunk = rows[lo:lo + _PAGE]
            self.sentences.upsert(
                ids=[r[0] for r in chunk], embeddings=[list(r[2]) for r in chunk],
                documents=[r[1].text for r in chunk],
                metadatas=[{"passage_id": r[3].id, "source": r[3].source} for r in chunk])

    def delete(self, passage_ids: Iterable[str]) -> None:
        """Remove passages and their sentences."""
        ids = list(passage_ids)
        for lo in range(0, len(ids), _PAGE):
            batch = ids[lo:lo + _PAGE]
            self.passages.delete(ids=batch)
            self.sentences.delete(where={"passage_id": {"$in": batch}})

    def write_event(self, event: Event, vector: Sequence[float]) -> None:
        """Add or replace an event record."""
        self.events.upsert(ids=[event.id], embeddings=[list(vector)], documents=[event.title],
                           metadatas=[{"source": event.source, "json": json.dumps(asdict(event))}])

    def delete_events(self, sources: Iterable[str]) -> None:
        """Remove the event records of sources."""
        sources = list(sources)
        if sources:
            self.events.delete(where={"source": {"$in": sources}})

    # -- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        """Return the number of passages."""
        return self.passages.count()

    def require(self) -> None:
        """Raise IndexMissingError when the index holds no passages."""
        if self.count() == 0:
            where = self.settings.chroma_url or self.settings.index_dir
            raise IndexMissingError(f"The index at {where} is empty. Build it with "
                                    "`hustings ingest [PATH ...]`.")

    def load_passages(self) -> list[Passage]:
        """Return every passage, in source order."""
        out = [passage_from_record(pid, doc, meta)
               for ids, metas, docs in self._pages(self.passages,
                                                    include=["metadatas", "documents"])
               for pid, meta, doc in zip(ids, metas, docs)]
        return sorted(out, key=lambda p: (p.source, p.ordinal))

    def load_events(self) -> list[Event]:
        """Return every event with its roster."""
        got = self.events.get(include=["metadatas"])
        return sorted((event_from_json(m["json"]) for m in got["metadatas"] or []),
                      key=lambda e: (e.title, e.source))

    def sentence_vectors(self, passage_ids: Sequence[str]) -> dict[str, list[Sequence[float]]]:
        """Return the sentence vectors of passages, in sentence order."""
        if not passage_ids:
            return {}
        got = self.sentences.get(where={"passage_id": {"$in": list(passage_ids)}},
                                 include=["embeddings", "metadatas"])
        rows: dict[str, list[tuple[int, Sequence[float]]]] = {}
        for sid, meta, vec in zip(got["ids"], got["metadatas"], got["embeddings"]):
            rows.setdefault(str(meta["passage_id"]), []).append((int(sid.rsplit(":", 1)[1]), vec))
        return {pid: [v for _, v in sorted(items, key=lambda r: r[0])]
                for pid, items in rows.items()}

    def passage_vectors(self, passage_ids: Sequence[str]) -> dict[str, Sequence[float]]:
        """Return the stored vectors of passages."""
        if not passage_ids:
            return {}
        got = self.passages.get(ids=list(passage_ids), include=["embeddings"])
        return dict(zip(got["ids"], got["embeddings"]))

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


# -- the one boundary between domain objects and stored records ---------------------------------

def passage_metadata(p: Passage) -> dict[str, str | int]:
    """Return a passage's Chroma metadata (no None values: Chroma drops them)."""
    return {"source": p.source, "event_id": p.event_id, "event": p.event,
            "section": p.section or "", "speaker": p.speaker or "", "party": p.party or "",
            "kind": p.kind.value, "start": p.start, "end": p.end, "ordinal": p.ordinal,
            "sentences": json.dumps([[s.text, s.start, s.end] for s in p.sentences])}


def passage_from_record(pid: str, text: str, meta: dict[str, Any]) -> Passage:
    """Rebuild a Passage from its stored text and metadata."""
    return Passage(
        id=pid, text=text, source=str(meta["source"]), event_id=str(meta["event_id"]),
        event=str(meta["event"]), section=str(meta.get("section") or "") or None,
        speaker=str(meta.get("speaker") or "") or None,
        party=str(meta.get("party") or "") or None, kind=PassageKind(meta["kind"]),
        start=int(meta["start"]), end=int(meta["end"]), ordinal=int(meta["ordinal"]),
        sentences=tuple(Span(t, int(s), int(e)) for t, s, e in json.loads(meta["sentences"])))


def passage_to_document(p: Passage) -> Document:
    """Return the LangChain Document of a passage."""
    from langchain_core.documents import Document

    return Document(page_content=p.text, metadata=passage_metadata(p), id=p.id)


def passage_from_document(doc: Document) -> Passage:
    """Return the Passage behind a LangChain Document."""
    return passage_from_record(str(doc.id), doc.page_content, doc.metadata)


def event_from_json(text: str) -> Event:
    """Rebuild an Event from its stored JSON."""
    data = json.loads(text)
    data["candidates"] = tuple(Speaker(**c) for c in data.get("candidates", []))
    data["moderators"] = tuple(data.get("moderators", []))
    data["sections"] = tuple(data.get("sections", []))
    data["keywords"] = tuple(data.get("keywords", []))
    return Event(**data)
