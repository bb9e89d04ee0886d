"""The one boundary between domain objects and stored records (Chroma metadata, Documents)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ingest.model import Event, Passage, PassageKind, Span, Speaker

if TYPE_CHECKING:
    from langchain_core.documents import Document


def passage_metadata(p: Passage) -> dict[str, str | int]:
    """Return a passage's Chroma metadata (no None values: Chroma drops them)."""
    return {"source": p.source, "event_id": p.event_id, "event": p.event,
            "section": p.section or "", "speaker": p.speaker or "", "party": p.party or "",
            "kind": p.kind.value, "start": p.start, "end": p.end, "ordinal": p.ordinal,
            "role": p.role or "", "asked": p.asked or "",
            "sentences": json.dumps([[s.text, s.start, s.end, s.cue, s.confidence]
                                     for s in p.sentences]),
            "page": p.page or 0, "url": p.url or ""}


def passage_from_record(pid: str, text: str, meta: dict[str, Any]) -> Passage:
    """Rebuild a Passage from its stored text and metadata."""
    return Passage(
        id=pid, text=text, source=str(meta["source"]), event_id=str(meta["event_id"]),
        event=str(meta["event"]), section=str(meta.get("section") or "") or None,
        speaker=str(meta.get("speaker") or "") or None,
        party=str(meta.get("party") or "") or None, kind=PassageKind(meta["kind"]),
        start=int(meta["start"]), end=int(meta["end"]), ordinal=int(meta["ordinal"]),
        role=str(meta.get("role") or "") or None, asked=str(meta.get("asked") or "") or None,
        sentences=tuple(Span(*row[:3], *row[3:5]) for row in json.loads(meta["sentences"])),
        page=int(meta.get("page") or 0) or None, url=str(meta.get("url") or "") or None)


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
    data["candidates"] = tuple(Speaker(**{**c, "descriptors": tuple(c.get("descriptors", ()))})
                               for c in data.get("candidates", []))
    data["moderators"] = tuple(data.get("moderators", []))
    data["sections"] = tuple(data.get("sections", []))
    data["keywords"] = tuple(data.get("keywords", []))
    return Event(**data)
