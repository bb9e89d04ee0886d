"""Compose extractive answers: pick the sentences that answer, attribute and cite them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.answer import Citation
from ingest.model import Passage, PassageKind
from ingest.text import search_terms

# Weights of a sentence's score; tuned on the dev set, see README "Tuning".
W_SENTENCE = 0.6
W_PASSAGE = 0.25
W_OVERLAP = 0.3
W_LEAD = 0.03
MMR_LAMBDA = 0.75
RELATIVE_FLOOR = 0.7
MAX_COMPARED_SENTENCE = 320  # a candidate's one sentence in a comparison, at most


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
_ANAPHOR = re.compile(r"^(?:This|These|That|Those|Such|It|Its|They|Together)\b")
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


def with_context(chosen: Sequence[Sentence], ranked: Sequence[Sentence], budget: int
                 ) -> list[Sentence]:
    """Add the sentence after a chosen one when it carries on ("This leaves ..."), in budget."""
    by_key = {(s.passage.id, s.index): s for s in ranked}
    out = list(chosen)
    used = sum(len(s.text) + 8 for s in out)
    for s in chosen:
        nxt = by_key.get((s.passage.id, s.index + 1))
        if nxt is None or any(o.text == nxt.text for o in out):
            continue
        if _ANAPHOR.match(nxt.text) and used + len(nxt.text) + 8 <= budget:
            out.append(nxt)
            used += len(nxt.text) + 8
    return out


def select(sentences: Sequence[Sentence], limit: int, budget: int,
           relative: float = RELATIVE_FLOOR) -> list[Sentence]:
    """Pick up to limit sentences within budget characters, by maximal marginal relevance.

    Sentences scoring below relative x the best score are left out: they pad, not answer.
    """
    chosen: list[Sentence] = []
    used = 0
    top = max((s.score for s in sentences), default=0.0)
    pool = [s for s in sentences if len(s.text) < budget and s.score >= relative * top]
    while pool and len(chosen) < limit:
        def mmr(s: Sentence) -> float:
            redundancy = max((float(s.vector @ c.vector) for c in chosen), default=0.0)
            return MMR_LAMBDA * s.score - (1 - MMR_LAMBDA) * redundancy

        best = max(pool, key=mmr)
        pool.remove(best)
        if any(best.text == c.text for c in chosen):
            continue
        if used + len(best.text) + 8 > budget:
            continue
        chosen.append(best)
        used += len(best.text) + 8
    return chosen


def share(pools: dict[str, list[Sentence]], budget: int) -> dict[str, list[Sentence]]:
    """Share the answer's length out: each candidate's best sentence, then a second each.

    Everyone compared gets their best answer first, however long; what is left goes, in the
    same fixed order, to a second sentence of theirs that scores near their best.
    """
    chosen: dict[str, list[Sentence]] = {name: [] for name in pools}
    used = sum(len(name) + 30 for name in pools)  # labels and markers
    for name, pool in pools.items():
        best = next((s for s in pool if len(s.text) <= MAX_COMPARED_SENTENCE), None)
        if best is not None:
            chosen[name].append(best)
            used += len(best.text) + 6
    for name, pool in pools.items():
        if not chosen[name]:
            continue
        top = chosen[name][0]
        more = next((s for s in pool if s.text != top.text and s.score >= RELATIVE_FLOOR
                     * top.score and used + len(s.text) + 6 <= budget), None)
        if more is not None:
            chosen[name].append(more)
            used += len(more.text) + 6
    return chosen


@dataclass(frozen=True)
class Part:
    """A block of the answer: one speaker's sentences, or the round-up's own."""

    speaker: str | None
    label: str | None  # "Mia Ford (Green)"
    sentences: tuple[Sentence, ...] = ()
    note: str | None = None  # text without sentences, e.g. "made no statement on this"


def render(parts: Sequence[Part], intro: str | None = None, first: int = 1
           ) -> tuple[str, tuple[Citation, ...]]:
    """Write the parts as answer text with [n] markers (from first), and return the citations."""
    numbers: dict[str, int] = {}
    used: dict[str, list[Sentence]] = {}
    paragraphs: list[str] = [intro] if intro else []
    for part in parts:
        if part.note and not part.sentences:
            paragraphs.append(f"{part.label}: {part.note}" if part.label else part.note)
            continue
        ordered = sorted(part.sentences, key=lambda s: (s.passage.source, s.passage.ordinal,
                                                        s.index))
        pieces = []
        for n, s in enumerate(ordered):
            num = numbers.setdefault(s.passage.id, len(numbers) + first)
            used.setdefault(s.passage.id, []).append(s)
            text = " ".join(s.text.split())  # a hard-wrapped source's line breaks end here
            if n == 0 and part.speaker:
                text = attribute(text, part.speaker, part.label or part.speaker)
            elif n == 0 and part.label:  # another voice, by role: "From the audience: ..."
                text = f"{part.label}: {text}"
            pieces.append(f"{text} [{num}]")
        paragraphs.append(" ".join(pieces))
    citations = tuple(
        Citation(n=num, passage=used[pid][0].passage,
                 score=max(s.similarity for s in used[pid]),
                 highlights=tuple(s.text for s in sorted(used[pid], key=lambda s: s.index)))
        for pid, num in sorted(numbers.items(), key=lambda kv: kv[1]))
    return "\n\n".join(paragraphs), citations


def attribute(sentence: str, speaker: str, label: str) -> str:
    """Make a sentence say who said it: "Mia Ford (Green) said that ..."."""
    if sentence.startswith(label):  # a transcript's turn label says it already
        return sentence
    if sentence.startswith(speaker):
        return label + sentence[len(speaker):]
    first, last = speaker.split()[0], speaker.split()[-1]
    m = re.match(rf"(?:{re.escape(first)}|{re.escape(last)})\b", sentence)
    if m:
        return label + sentence[m.end():]
    return f"{label}: {sentence}"


def cite_passage(passage: Passage, n: int, score: float = 1.0,
                 highlights: Sequence[str] = ()) -> Citation:
    """Cite a whole passage (roster answers)."""
    return Citation(n=n, passage=passage, score=score, highlights=tuple(highlights))
