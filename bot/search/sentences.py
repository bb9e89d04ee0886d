"""Score the sentences of retrieved passages against a question: meaning, words, proposals."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ingest.model import Passage, PassageKind, Span
from ingest.text import search_terms

# Weights of a sentence's score; tuned on the dev set, see README "Tuning".
W_SENTENCE = 0.6
W_PASSAGE = 0.25
W_OVERLAP = 0.3
W_LEAD = 0.03


@dataclass(frozen=True)
class Sentence:
    """A sentence of a retrieved passage, scored against the question."""

    passage: Passage
    index: int
    similarity: float
    overlap: float  # share of the question's term weight in the sentence
    context: float  # ... in the sentence's passage and section heading
    score: float
    vector: np.ndarray

    @property
    def coverage(self) -> float:
        """How much of what the question asks about this sentence and its context mention."""
        return 0.5 * self.overlap + 0.5 * self.context

    @property
    def span(self) -> Span:
        return self.passage.sentences[self.index]

    @property
    def text(self) -> str:
        return self.passage.sentences[self.index].text


_PROPOSAL_QUESTION = re.compile(r"\b(propos\w*|plans?|want\w*|pledg\w*|promis\w*|fix|solve|"
                                r"solutions?|respond|response|tackle|address|do about|would|will|"
                                r"intend\w*|offer\w*|how (?:does|did|would|will|can))\b",
                                re.IGNORECASE)
_PROPOSAL_SENTENCE = re.compile(r"\b(need for|needs? to|propos\w*|plans? to|will|would|should|"
                                r"must|call(?:s|ed)? for|aims? to|seeks? to|pledg\w*|commit\w*|"
                                r"solution|initiative|summit|review|programme|program|strategy)\b",
                                re.IGNORECASE)
_STRONG_PROPOSAL = re.compile(r"\b(need for|call(?:s|ed)? for|propos\w*|plans? to|pledg\w*|"
                              r"promis\w*|commit\w* to|would introduce|will introduce)\b",
                              re.IGNORECASE)
W_PROPOSAL = 0.06
LEAD_SHARE = 0.85


@dataclass(frozen=True)
class Focus:
    """What sentences are scored against: the question's vector and weighted terms."""

    vector: np.ndarray
    weights: dict[str, float]  # search term -> inverse document frequency
    proposal: bool = False  # the question asks what someone would do

    @classmethod
    def of(cls, question: str, vector: np.ndarray, weights: dict[str, float]) -> Focus:
        return cls(vector, weights, bool(_PROPOSAL_QUESTION.search(question)))


def overlap(weights: dict[str, float], text: str) -> float:
    """Return the share of the topic's term weight found in text (rare words count more)."""
    total = sum(weights.values())
    if not total:
        return 0.0
    have = set(search_terms(text))
    return sum(w for t, w in weights.items() if t in have) / total


def score_sentences(focus: Focus, passages: Sequence[Passage],
                    vectors: dict[str, list[Sequence[float]]],
                    passage_vectors: dict[str, Sequence[float]]) -> list[Sentence]:
    """Score every sentence of the passages: meaning, passage relevance, words and lead."""
    out: list[Sentence] = []
    question = focus.vector
    for passage in passages:
        vecs = vectors.get(passage.id)
        if not vecs or len(vecs) != len(passage.sentences):
            continue
        matrix = np.asarray(vecs, dtype=np.float32)
        sims = matrix @ question
        pvec = passage_vectors.get(passage.id)
        passage_sim = float(np.asarray(pvec, dtype=np.float32) @ question) if pvec is not None \
            else float(sims.max())
        context = overlap(focus.weights,
                          f"{passage.section or ''} {passage.asked or ''} {passage.text}")
        for i, span in enumerate(passage.sentences):
            words = overlap(focus.weights, span.text)
            sim = float(sims[i])
            bonus = 0.0
            if i == 0 and passage.kind is PassageKind.SPEECH:
                # "X said that ..." opens and stands for its passage: judge it by the passage too.
                sim = max(sim, LEAD_SHARE * passage_sim)
                bonus += W_LEAD
            if focus.proposal and _PROPOSAL_SENTENCE.search(span.text):
                bonus += W_PROPOSAL
            if focus.proposal and _STRONG_PROPOSAL.search(span.text):
                bonus += W_PROPOSAL
            score = (W_SENTENCE * sim + W_PASSAGE * passage_sim
                     + W_OVERLAP * (0.7 * words + 0.3 * context) + bonus)
            out.append(Sentence(passage, i, float(sims[i]), words, context, score, matrix[i]))
    return sorted(out, key=lambda s: -s.score)
