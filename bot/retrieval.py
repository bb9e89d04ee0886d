"""Hybrid retrieval: dense (Chroma) and keyword (BM25) retrievers fused by reciprocal rank."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from ingest.model import Passage
from ingest.store import IndexStore, passage_to_document
from ingest.text import query_terms, search_terms

RRF_K = 60


@dataclass(frozen=True)
class Scope:
    """Which passages a search may return."""

    speakers: tuple[str, ...] = ()
    event_ids: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()

    def where(self) -> dict[str, Any] | None:
        """Return the scope as a Chroma metadata filter."""
        clauses: list[dict[str, Any]] = []
        for key, values in (("speaker", self.speakers), ("event_id", self.event_ids),
                            ("section", self.sections)):
            if values:
                clauses.append({key: values[0]} if len(values) == 1 else
                               {key: {"$in": list(values)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def admits(self, p: Passage) -> bool:
        return ((not self.speakers or p.speaker in self.speakers)
                and (not self.event_ids or p.event_id in self.event_ids)
                and (not self.sections or p.section in self.sections))


class KeywordIndex:
    """BM25 over passages' section, speaker and text (lowercased, stemmed terms)."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        import bm25s

        self.passages = list(passages)
        corpus = [search_terms(f"{p.section or ''} {p.speaker or ''} {p.text}")
                  for p in self.passages]
        df: dict[str, int] = {}
        for doc in corpus:
            for term in set(doc):
                df[term] = df.get(term, 0) + 1
        n = max(1, len(corpus))
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)
        self.vocabulary = set(df)
        self.bm25 = bm25s.BM25()
        self.bm25.index([doc or [""] for doc in corpus], show_progress=False)
        self._speaker = np.array([p.speaker or "" for p in self.passages], dtype=object)
        self._event = np.array([p.event_id for p in self.passages], dtype=object)
        self._section = np.array([p.section or "" for p in self.passages], dtype=object)

    def weights(self, terms: Sequence[str]) -> dict[str, float]:
        """Return each term's inverse document frequency (unknown terms weigh the most)."""
        return {t: self.idf.get(t, self.max_idf) for t in dict.fromkeys(terms)}

    def mask(self, scope: Scope) -> np.ndarray | None:
        """Return a 0/1 weight per passage for a scope, or None for no restriction."""
        if not (scope.speakers or scope.event_ids or scope.sections):
            return None
        keep = np.ones(len(self.passages), dtype=bool)
        for values, column in ((scope.speakers, self._speaker), (scope.event_ids, self._event),
                               (scope.sections, self._section)):
            if values:
                keep &= np.isin(column, list(values))
        return keep.astype(np.float32)

    def search(self, terms: list[str], scope: Scope, k: int) -> list[tuple[Passage, float]]:
        """Return up to k passages by BM25 score (only those with a positive score)."""
        known = [t for t in terms if t in self.vocabulary]
        if not known or not self.passages:
            return []
        scores = self.bm25.get_scores(known, weight_mask=self.mask(scope))
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.passages[i], float(scores[i])) for i in top if scores[i] > 0]


class DenseRetriever(BaseRetriever):
    """Nearest passages by embedding, within a scope."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    store: IndexStore
    embed: Callable[[str], Sequence[float]]
    scope: Scope = Scope()
    k: int = 8

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.store.search(self.embed(query), self.k, self.scope.where())
        return [_document(p, dense=score) for p, score in hits]


class KeywordRetriever(BaseRetriever):
    """Best BM25 passages, within a scope; finds names, numbers and rare terms."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    index: KeywordIndex
    scope: Scope = Scope()
    k: int = 8

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.index.search(query_terms(query), self.scope, self.k)
        top = hits[0][1] if hits else 1.0
        return [_document(p, keyword=score / top) for p, score in hits]


class HybridRetriever(BaseRetriever):
    """Dense and keyword retrievers fused by reciprocal rank fusion."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retrievers: list[BaseRetriever]
    k: int = 8

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        fused: dict[str, float] = {}
        docs: dict[str, Document] = {}
        for retriever in self.retrievers:
            found = retriever.invoke(query, config={"callbacks": run_manager.get_child()})
            for rank, doc in enumerate(found):
                key = str(doc.id)
                fused[key] = fused.get(key, 0.0) + 1.0 / (RRF_K + rank + 1)
                if key in docs:  # keep every retriever's score on one document
                    docs[key].metadata.update({k: v for k, v in doc.metadata.items()
                                               if k in ("dense", "keyword")})
                else:
                    docs[key] = doc
        order = sorted(fused, key=lambda key: -fused[key])[: self.k]
        for key in order:
            docs[key].metadata["fused"] = fused[key]
        return [docs[key] for key in order]


def _document(p: Passage, **scores: float) -> Document:
    doc = passage_to_document(p)
    doc.metadata.update(scores)
    return doc


def hybrid_retriever(store: IndexStore, index: KeywordIndex,
                     embed: Callable[[str], Sequence[float]], scope: Scope, k: int = 8
                     ) -> HybridRetriever:
    """Build the fused retriever for one scope."""
    return HybridRetriever(k=k, retrievers=[
        DenseRetriever(store=store, embed=embed, scope=scope, k=k),
        KeywordRetriever(index=index, scope=scope, k=k)])
