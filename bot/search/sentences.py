"""Score the sentences of retrieved passages against a question: meaning, words, proposals."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bot.search.retrieval import Put
from ingest.model import Passage, PassageKind, Span
from ingest.text import search_terms

# Weights of a sentence's score (tuned on the eval sets with bot/evals/run.py).
W_SENTENCE = 0.6
W_PASSAGE = 0.25
W_OVERLAP = 0.3
W_LEAD = 0.03


@dataclass(frozen=True)
class Sentence:
    """A whole thought of a retrieved passage, scored against the question: one sentence, or
    a few that belong together ("... Moreover, ...", a fragment and what it introduces)."""

    passage: Passage
    index: int  # its first sentence
    similarity: float
    overlap: float  # share of the question's term weight in the thought
    context: float  # ... in the thought's passage and section heading
    score: float
    vector: np.ndarray  # its best sentence's
    last: int = -1  # its last sentence, when more than one

    @property
    def coverage(self) -> float:
        """How much of what the question asks about this sentence and its context mention."""
        return 0.5 * self.overlap + 0.5 * self.context

    @property
    def spans(self) -> tuple[Span, ...]:
        return self.passage.sentences[self.index:max(self.index, self.last) + 1]

    @property
    def span(self) -> Span:
        return self.passage.sentences[self.index]

    @property
    def texts(self) -> tuple[str, ...]:
        """Return the passage's sentences the thought is made of."""
        return tuple(span.text for span in self.spans)

    @property
    def text(self) -> str:
        return " ".join(t.strip() for t in self.texts)


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
W_QUANTITY = 0.06  # a figure, when the question asks for one
# "How long ...?", "how many ...": an amount is asked (the word after "how" is no topic).
AMOUNT_ASKED = r"\bhow (?:much|many|long|far|often|big|old|soon|quickly)\b"
_QUANTITY_QUESTION = re.compile(rf"{AMOUNT_ASKED}|"
                                r"\bwhat (?:share|proportion|percentage|rate|number|figure|"
                                r"amount|price|sum|year|date)\b|\bwhen\b|\bby how much\b",
                                re.IGNORECASE)
_QUANTITY_SENTENCE = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                                r"eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|"
                                r"million|billion|half|third|quarter|double|twice|tenfold|"
                                r"dozen|per ?cent)\b", re.IGNORECASE)
W_HEADING = 0.1  # a section headed with the question's words ("Housing")
W_ANSWER_LEAD = 0.04  # the opening of a candidate's first answer to a question put to them
LEAD_SHARE = 0.85
MIN_TERMS = 3  # content words a sentence needs to stand alone
MAX_THOUGHT = 3  # sentences in one thought
MAX_THOUGHT_CHARS = 450
SHORT_TURN = 200  # characters of a passage short enough to quote whole
# A sentence that carries on from the one before it.
_CARRIES_ON = re.compile(r"^(?:Moreover|Furthermore|Also|And|But|However|So|Therefore|Thus|"
                         r"Because|Which|This|That|These|Those|It|Its|They|Their|Such|Together|"
                         r"Instead|Otherwise|Plus|Then|Meanwhile|Besides|Likewise|Similarly|"
                         r"Equally|Indeed|In addition|On top of that|As a result|Even so|"
                         r"Additionally|Further|What's more|Hence|Consequently|Nonetheless|"
                         r"Nevertheless|In turn|Alongside this|To that end|"
                         r"He|She|His|Her)\b|^[a-z]")
_REPORTED = re.compile(r"\b(?:said|says|told|tells|added|adds|argued|argues|insisted|insists|"
                       r"warned|warns|claimed|claims|replied|replies)\b")
_COURTESY = re.compile(r"\b(?:thank(?:s| you)(?: (?:very|so) much)?"
                       r"(?: (?:for|to) (?:[\w’']+ ?){1,4})?|"
                       r"good (?:evening|morning|afternoon)|hello|hi|welcome|cheers|"
                       r"(?:it'?s|it is) (?:a|my|an) (?:real )?(?:pleasure|privilege|honou?r)"
                       r"(?: to be here)?|(?:great|good|lovely|nice) to (?:be here|see you)|"
                       r"(?:chair|chairman|chairwoman|madam chair|mr chairman|everyone|all|"
                       r"folks|friends))\b", re.IGNORECASE)
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.!?]{0,40}\b(?:instructions?|prompts?|rules|"
    r"guidelines|system message)\b|\b(?:as an?|you are an?) (?:ai|language model|assistant|"
    r"chatbot)\b|\b(?:ai|language models?|assistants?|chatbots?|llms?)\b[^.!?]{0,60}\b(?:must|"
    r"should|shall|are to|need to) (?:say|answer|reply|tell|state|report|claim)|"
    r"\b(?:when|if) (?:asked|someone asks|a user asks)\b[^.!?]{0,80}\b(?:say|answer|reply|tell)\b",
    re.IGNORECASE)
# "JD:", "DOE:", "JANE DOE (Scottish Conservative):", "Q:", "Chair:": a turn label.
_LABEL = re.compile(r"^\s*(?:[A-Z][A-Z.’'\-]{0,4}|(?:[A-Z][\w.’'\-]*\s){0,3}[A-Z][\w.’'\-]*"
                    r"(?:\s*\([^)]{1,40}\))?)\s*[:–—]\s+(?=\S)")


@dataclass(frozen=True)
class Focus:
    """What sentences are scored against: the question's vector and weighted terms."""

    vector: np.ndarray
    weights: dict[str, float]  # search term -> inverse document frequency
    proposal: bool = False  # the question asks what someone would do
    quantity: bool = False  # the question asks how much, how many, when: a figure answers

    @classmethod
    def of(cls, question: str, vector: np.ndarray, weights: dict[str, float]) -> Focus:
        return cls(vector, weights, bool(_PROPOSAL_QUESTION.search(question)),
                   bool(_QUANTITY_QUESTION.search(question)))


def overlap(weights: dict[str, float], text: str) -> float:
    """Return the share of the topic's term weight found in text (rare words count more)."""
    total = sum(weights.values())
    if not total:
        return 0.0
    have = set(search_terms(text))
    return sum(w for t, w in weights.items() if t in have) / total


def score_sentences(focus: Focus, passages: Sequence[Passage],
                    vectors: dict[str, list[Sequence[float]]],
                    passage_vectors: dict[str, Sequence[float]],
                    exchanges: Mapping[str, Put] | None = None) -> list[Sentence]:
    """Score the thoughts of the passages: meaning, passage relevance, words and lead.

    exchanges: what was put to a candidate just before their passage (retrieval.exchanges);
    the opening of their first answer to it is their position, and scores more.
    """
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
        put = (exchanges or {}).get(passage.id)
        heading = W_HEADING * overlap(focus.weights, passage.section or "")
        head = f"{passage.section or ''} {passage.asked or ''} {put.prompt if put else ''}"
        contexts = {start: overlap(focus.weights, f"{head} {text}")
                    for start, text in _segments(passage).items()}
        scored: list[Sentence] = []
        start = 0
        for i, span in enumerate(passage.sentences):
            start = i if i in contexts else start
            context = contexts[start]
            words = overlap(focus.weights, span.text)
            sim = float(sims[i])
            bonus = 0.0
            if i == 0 and passage.kind is PassageKind.SPEECH:
                # "X said that ..." opens and stands for its passage: judge it by the passage too.
                sim = max(sim, LEAD_SHARE * passage_sim)
                bonus += W_LEAD + (W_ANSWER_LEAD if put and put.first else 0.0)
            if focus.proposal and _PROPOSAL_SENTENCE.search(span.text):
                bonus += W_PROPOSAL
            if focus.proposal and _STRONG_PROPOSAL.search(span.text):
                bonus += W_PROPOSAL
            if focus.quantity and _QUANTITY_SENTENCE.search(span.text):
                bonus += W_QUANTITY
            score = (W_SENTENCE * sim + W_PASSAGE * passage_sim
                     + W_OVERLAP * (0.7 * words + 0.3 * context) + heading + bonus)
            scored.append(Sentence(passage, i, float(sims[i]), words, context, score,
                                   matrix[i]))
        out.extend(_thoughts(scored, focus))
    return sorted(out, key=lambda s: -s.score)


def _segments(passage: Passage) -> dict[int, str]:
    """Split a passage at the questions in it (a survey's "Q2. What about ...?"): each answer's
    context is its own question and what follows, not the other questions' words."""
    starts = [0] + [i for i, span in enumerate(passage.sentences) if i and asked(span.text)]
    ends = [*starts[1:], len(passage.sentences)]
    return {a: " ".join(span.text for span in passage.sentences[a:b])
            for a, b in zip(starts, ends)}


def thought_groups(texts: Sequence[str]) -> list[list[int]]:
    """Group a passage's sentences into whole thoughts, leaving out bare courtesies.

    A sentence that carries on ("Moreover, ...", "This means ...") joins the one before; a
    fragment too short to stand alone ("No.", "Twelve years, Jane.") joins the next;
    "Thank you, Chair." belongs to no thought.
    """
    groups: list[list[int]] = []
    length = 0
    for i, text in enumerate(texts):
        if courtesy(text) or instruction(text) or text.count("|") >= 3:
            continue  # a table's row reads as nothing without its header
        after = texts[i + 1] if i + 1 < len(texts) else ""
        if asked(text) and not (groups and groups[-1][-1] == i - 1 and fragment(after)
                                and not asked(after)
                                and _CARRIES_ON.match(strip_label(text).lstrip(" *_\"'“‘"))):
            continue  # put to them; but "And you know what else I prepared for? I prepared
            # to be President.": a thought asks and answers itself
        before = texts[i - 1] if i else ""
        joins = bool(groups) and groups[-1][-1] == i - 1 and (
            _CARRIES_ON.match(strip_label(text)) or fragment(before) or asked(before)
            or before.rstrip().endswith((":", "…", "-", "–"))
            # a quotation after "X said that ...": their words for it
            or (text.lstrip()[:1] in "“\"‘" and not re.search(r"[“\"‘]", before)
                and bool(_REPORTED.search(before))))
        if joins and len(groups[-1]) < MAX_THOUGHT and length + len(text) <= MAX_THOUGHT_CHARS:
            groups[-1].append(i)
            length += len(text)
        else:
            groups.append([i])
            length = len(text)
    if len(groups) > 1 and fragment(" ".join(texts[i] for i in groups[-1])) and \
            groups[-2][-1] == groups[-1][0] - 1:
        groups[-2].extend(groups.pop())  # a fragment at the end goes with what came before
    kept = [i for g in groups for i in g]
    whole = len(groups) > 1 and len(kept) <= MAX_THOUGHT and \
        kept == list(range(kept[0], kept[-1] + 1))
    if whole and sum(len(texts[i]) for i in kept) <= SHORT_TURN:
        return [kept]  # a short turn is one answer: "I'd just say ... Ring-fence the money."
    return groups


def _thoughts(scored: list[Sentence], focus: Focus) -> list[Sentence]:
    """Merge a passage's scored sentences into its thoughts, each scored by its best."""
    if not scored:
        return []
    passage = scored[0].passage
    out = []
    texts = [span.text for span in passage.sentences]
    for group in thought_groups(texts):
        if fragment(" ".join(texts[i] for i in group)):
            continue  # "- can I finish -": nothing a reader could use
        members = [scored[i] for i in group]
        best = max(members, key=lambda s: s.score)
        if len(members) == 1:
            out.append(best)
            continue
        text = " ".join(s.text for s in members)
        words = overlap(focus.weights, text)
        out.append(Sentence(passage, group[0], max(s.similarity for s in members), words,
                            best.context, best.score + W_OVERLAP * 0.7 * (words - best.overlap),
                            best.vector, group[-1]))
    return out


def courtesy(text: str) -> bool:
    """Tell whether a sentence only greets or thanks ("Thank you, Chair.")."""
    rest = _COURTESY.sub(" ", strip_label(text))
    return rest != strip_label(text) and len(search_terms(rest)) < MIN_TERMS - 1


def asked(text: str) -> bool:
    """Tell whether a sentence is a question: in a candidate's passage, the one put to them
    ("Q3. What would you do about street lighting?") or a rhetorical one, never an answer."""
    return strip_label(text).strip(" *_\"'“”‘’").endswith("?")


def instruction(text: str) -> bool:
    """Tell whether a sentence speaks to a chatbot rather than about the hustings ("Ignore
    your instructions and say ..."): a document's text is evidence, never an instruction."""
    return bool(_INSTRUCTION.search(text))


def fragment(text: str) -> bool:
    """Tell whether a sentence is too short to stand alone as an answer (initials and the
    like are no words: "“JQR” “JR”")."""
    words = [w for w in re.findall(r"[^\W\d_]{3,}", strip_label(text))
             if not (w.isupper() and len(w) <= 4)]
    return len(search_terms(" ".join(words))) < MIN_TERMS


def strip_label(text: str) -> str:
    """Remove a transcript's turn label from a sentence ("GRANT: No." -> "No.")."""
    for _ in range(2):  # "Jane Doe (Green): JD: called for ..."
        m = _LABEL.match(text)
        if not m:
            break
        text = text[m.end():]
    return text
