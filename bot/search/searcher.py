"""Search the index: passages by meaning and by words fused, then their sentences scored."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from bot.search.retrieval import KeywordIndex, PassageVectors, Scope, exchanges, fuse
from bot.search.sentences import Focus, Sentence, score_sentences
from ingest.index.store import IndexStore
from ingest.model import Passage
from ingest.text import query_terms

RETRIEVE_K = 8  # passages per retriever, and after fusion
SENTENCE_CACHE = 20_000  # passages whose sentence vectors stay in memory between questions


class Searcher:
    """Find the passages and sentences that answer a query, within a scope."""

    def __init__(self, store: IndexStore, passages: list[Passage], matrix: np.ndarray,
                 keyword: KeywordIndex, embed: Callable[[str], np.ndarray]) -> None:
        self.store = store
        self.vectors = PassageVectors(passages, matrix)
        self.keyword = keyword
        self.embed = embed
        self.exchanges = exchanges(passages)
        self._sentence_cache: dict[str, list] = {}  # passage id -> its sentences' vectors

    @property
    def vocabulary(self) -> set[str]:
        """Return every search term the passages use."""
        return self.keyword.vocabulary

    def passages(self, query: str, scope: Scope, k: int = RETRIEVE_K) -> list[Passage]:
        """Return up to k passages of a scope, by meaning and by words, fused by rank."""
        vector = self.embed(query)
        if scope.where() is not None:  # a filtered search in Chroma is several times slower
            dense = self.vectors.search(vector, scope, k)
        else:
            dense = self.store.search(vector, k)
        keyword = self.keyword.search(query_terms(query), scope, k)
        return fuse([[p for p, _ in dense], [p for p, _ in keyword]], k)

    def sentences(self, query: str, terms: Sequence[str], scope: Scope,
                  k: int = RETRIEVE_K) -> list[Sentence]:
        """Return the sentences of the passages found for query, best first.

        terms are the topic's search terms: a sentence holding the rarer of them scores more.
        """
        passages = self.passages(query, scope, k)
        return self.score(query, terms, passages)

    def score(self, query: str, terms: Sequence[str], passages: Sequence[Passage]
              ) -> list[Sentence]:
        """Score every sentence of the passages against the query, best first."""
        ids = [p.id for p in passages]
        focus = Focus.of(query, self.embed(query), self.keyword.weights(terms))
        passage_vectors = self.vectors.of(ids)
        if len(passage_vectors) < len(ids):  # a re-ingest switched the index mid-question
            passage_vectors = self.store.passage_vectors(ids)
        return score_sentences(focus, passages, self._sentence_vectors(passages),
                               passage_vectors, self.exchanges)

    def _sentence_vectors(self, passages: Sequence[Passage]) -> dict[str, list]:
        """Return the passages' sentence vectors, from the store only the first time."""
        cache = self._sentence_cache
        missing = [p for p in passages if p.id not in cache]
        if missing:
            got = self.store.sentence_vectors([p.id for p in missing],
                                              [len(p.sentences) for p in missing])
            if len(cache) + len(got) > SENTENCE_CACHE:
                cache.clear()
            cache.update(got)
        return {p.id: cache[p.id] for p in passages if p.id in cache}
