"""Hybrid retrieval's parts: scopes, BM25 over passages, passage vectors in memory, rank fusion."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ingest.model import Passage
from ingest.text import search_terms

RRF_K = 60
MAX_PROMPT = 600  # characters of a question put to candidates that their answers carry


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


def column_rows(passages: Sequence[Passage]) -> dict[tuple[str, str], list[int]]:
    """Index passages' positions by speaker, event and section, for scoped searches."""
    rows: dict[tuple[str, str], list[int]] = {}
    for i, p in enumerate(passages):
        for key in (("speaker", p.speaker or ""), ("event", p.event_id),
                    ("section", p.section or "")):
            rows.setdefault(key, []).append(i)
    return rows


def scope_rows(rows: dict[tuple[str, str], list[int]], scope: Scope) -> np.ndarray | None:
    """Return the sorted positions of the passages in a scope, or None for no restriction."""
    chosen: set[int] | None = None
    for kind, values in (("speaker", scope.speakers), ("event", scope.event_ids),
                         ("section", scope.sections)):
        if values:
            found = {i for v in values for i in rows.get((kind, v), ())}
            chosen = found if chosen is None else chosen & found
    return None if chosen is None else np.fromiter(sorted(chosen), dtype=np.int64,
                                                   count=len(chosen))


@dataclass(frozen=True)
class Put:
    """What was put to a candidate just before a passage of theirs."""

    prompt: str  # its text (the end of it)
    key: str  # the id of the passage that put it: answers to one question share it
    first: bool  # the candidate's first passage after it: their answer, not a rejoinder


def exchanges(passages: Sequence[Passage]) -> dict[str, Put]:
    """Return, for each candidate's passage, what was put to them just before: the last
    passage of the same section that no candidate said (the chair's or a questioner's).

    Answers in a transcript rarely repeat the question: "Ring-fence the money, ward by ward"
    is about the road the questioner named.
    """
    out: dict[str, Put] = {}
    ordered = sorted(passages, key=lambda p: (p.source, p.ordinal))
    prompt: Passage | None = None
    answered: set[str] = set()
    for n, p in enumerate(ordered):
        if n and (p.source, p.section) != (ordered[n - 1].source, ordered[n - 1].section):
            prompt = None
        if p.speaker is None:
            # a transcript's "[00:21:12]" or "[applause]" puts nothing to anyone: the exchange
            # goes on (a live page's "7.58pm" opens a new entry, and so a new exchange)
            if says_something(p.text) or not p.text.lstrip().startswith(("[", "(")):
                prompt, answered = p, set()
        elif prompt is not None:
            out[p.id] = Put(prompt.text[-MAX_PROMPT:], prompt.id, p.speaker not in answered)
            answered.add(p.speaker)
    return out


_NO_WORDS = re.compile(r"\[[^\]]*\]|\([^)]*\)|\d+(?:[:.]\d+)+")


def says_something(text: str) -> bool:
    """Tell whether a passage holds words, not just a timestamp or a stage note."""
    return len(re.findall(r"[^\W\d_]{2,}", _NO_WORDS.sub(" ", text))) >= 2


class KeywordIndex:
    """BM25 over passages' section, speaker and text (lowercased, stemmed terms)."""

    def __init__(self, passages: Sequence[Passage], built: tuple[dict[str, float], Any] | None
                 = None) -> None:
        self.passages = list(passages)
        self.idf, self.bm25 = built or self._build(self.passages)
        self.max_idf = math.log(1 + (max(1, len(self.passages)) + 0.5) / 0.5)
        self.vocabulary = set(self.idf)
        self._rows = column_rows(self.passages)

    @staticmethod
    def _build(passages: list[Passage]) -> tuple[dict[str, float], Any]:
        import bm25s

        put = exchanges(passages)
        corpus = [search_terms(f"{p.section or ''} {p.speaker or ''} "
                               f"{put[p.id].prompt if p.id in put else ''} {p.text}")
                  for p in passages]
        df: dict[str, int] = {}
        for doc in corpus:
            for term in set(doc):
                df[term] = df.get(term, 0) + 1
        n = max(1, len(corpus))
        idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        bm25 = bm25s.BM25()
        bm25.index([doc or [""] for doc in corpus], show_progress=False)
        return idf, bm25

    def save(self, folder: Path) -> None:
        """Write the index into folder (bot/snapshot.py makes that atomic)."""
        self.bm25.save(str(folder))
        (folder / "idf.json").write_text(json.dumps(self.idf), encoding="utf-8")

    @classmethod
    def load(cls, passages: Sequence[Passage], folder: Path) -> KeywordIndex:
        """Read an index that save() wrote for these passages."""
        import bm25s

        idf = json.loads((folder / "idf.json").read_text(encoding="utf-8"))
        return cls(passages, (idf, bm25s.BM25.load(str(folder))))

    def weights(self, terms: Sequence[str]) -> dict[str, float]:
        """Return each term's inverse document frequency (unknown terms weigh the most)."""
        return {t: self.idf.get(t, self.max_idf) for t in dict.fromkeys(terms)}

    def mask(self, scope: Scope) -> np.ndarray | None:
        """Return a 0/1 weight per passage for a scope, or None for no restriction."""
        rows = scope_rows(self._rows, scope)
        if rows is None:
            return None
        keep = np.zeros(len(self.passages), dtype=np.float32)
        keep[rows] = 1.0
        return keep

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


class PassageVectors:
    """Every passage's stored vector in memory: no round trip to the store for them, and an
    exact search within a scope (a filtered search in Chroma is several times slower)."""

    def __init__(self, passages: Sequence[Passage], matrix: np.ndarray) -> None:
        self.passages = list(passages)
        self.matrix = matrix
        self.row = {p.id: i for i, p in enumerate(self.passages)}
        self._rows = column_rows(self.passages)

    def of(self, passage_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Return the vectors of those passages that are in memory."""
        return {pid: self.matrix[self.row[pid]] for pid in passage_ids if pid in self.row}

    def search(self, vector: Sequence[float], scope: Scope, k: int
               ) -> list[tuple[Passage, float]]:
        """Return the k passages of a scope nearest to vector, with cosine similarity."""
        chosen = scope_rows(self._rows, scope)
        if chosen is None:
            chosen = np.arange(len(self.passages))
        if not len(chosen):
            return []
        sims = self.matrix[chosen] @ np.asarray(vector, dtype=np.float32)
        top = np.argsort(-sims, kind="stable")[:k]
        return [(self.passages[chosen[i]], float(sims[i])) for i in top]


def fuse(rankings: Sequence[Sequence[Passage]], k: int) -> list[Passage]:
    """Fuse rankings of passages by reciprocal rank: found high by either retriever counts."""
    fused: dict[str, float] = {}
    by_id: dict[str, Passage] = {}
    for ranking in rankings:
        for rank, passage in enumerate(ranking):
            fused[passage.id] = fused.get(passage.id, 0.0) + 1.0 / (RRF_K + rank + 1)
            by_id.setdefault(passage.id, passage)
    return [by_id[pid] for pid in sorted(fused, key=lambda pid: -fused[pid])[:k]]
