"""The Chatbot: one object that the CLI, the web app and the eval all ask."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from bot import replies
from bot.answer import Answer, Citation, Filters, Turn
from bot.compose import (
    Focus,
    Part,
    Sentence,
    cite_passage,
    render,
    score_sentences,
    select,
    with_context,
)
from bot.conversation import Resolved, resolve
from bot.question import Analysis, Intent, topic_terms
from bot.retrieval import KeywordIndex, Scope, hybrid_retriever
from bot.roster import Entry, Roster
from ingest.errors import QuestionError
from ingest.model import Passage
from ingest.settings import Settings
from ingest.store import IndexStore, passage_from_document
from ingest.text import query_terms

# Answerability thresholds on the best sentence (tuned on the dev set, see README "Tuning").
MIN_SIMILARITY = 0.30  # with some of the question's words found
STRONG_SIMILARITY = 0.55  # enough on its own
FULL_COVERAGE = 0.5  # share of the question's term weight found: enough on its own
SECTION_BONUS = 0.08
RETRIEVE_K = 8


class Chatbot:
    """Answers questions from the index, with citations, declines and follow-ups."""

    def __init__(self, settings: Settings, store: IndexStore | None = None) -> None:
        self.settings = settings
        if store is None:
            from ingest.embeddings import load_embeddings

            store = IndexStore(settings, load_embeddings(settings.embed_batch_size))
        self.store = store
        self.reload()

    def reload(self) -> None:
        """Read passages and events from the store and rebuild the keyword index."""
        self.store.require()
        self.passages: list[Passage] = self.store.load_passages()
        self.by_id = {p.id: p for p in self.passages}
        self.keyword = KeywordIndex(self.passages)
        self.events = self.store.load_events()
        self.roster = Roster(self.events)
        self._embed_cached = lru_cache(maxsize=512)(self._embed_uncached)

    # -- public API ------------------------------------------------------------------------

    def ask(self, question: str, history: Sequence[Turn] = (),
            filters: Filters | None = None) -> Answer:
        """Answer a question in the context of the conversation so far."""
        question = clean_question(question, self.settings.max_question_chars)
        filters = filters or Filters()
        history = list(history)[-self.settings.history_turns:]
        resolved = resolve(question, history, self.roster)
        answer = self._answer(question, resolved, filters)
        notice = self._notice(filters)
        return Answer(question=question, text=answer.text, answered=answer.answered,
                      citations=answer.citations, standalone=resolved.text,
                      speakers=answer.speakers, people=answer.people or self._people(answer.text),
                      topic=resolved.analysis.topic or answer.topic, notice=notice)

    def embed(self, text: str) -> np.ndarray:
        """Return the normalised vector of a text (cached: follow-ups repeat questions)."""
        return self._embed_cached(text)

    # -- dispatch --------------------------------------------------------------------------

    def _answer(self, question: str, resolved: Resolved, filters: Filters) -> Answer:
        a = resolved.analysis
        events = set(a.event_ids) | ({e.id for e in self.events if e.title == filters.event}
                                     if filters.event else set())
        if a.intent is Intent.VOTE_ADVICE:
            return self._decline(question, replies.vote_advice(self.roster))
        if a.ambiguous and not a.names:
            mention = a.ambiguous[0]
            return self._decline(question, replies.ambiguous(mention.written, mention.names,
                                                             self.roster))
        if a.intent is Intent.CANDIDATES:
            return self._candidates(question, events)
        if a.intent is Intent.SPEAKERS:
            return self._speakers(question, events)
        if a.intent is Intent.CANDIDATE_OF:
            return self._candidate_of(question, a, events)
        if a.intent is Intent.PARTY_OF:
            return self._party_of(question, a, events)
        named = self._named_candidates(a, events)
        if filters.speaker:
            named = [e for e in self.roster.entries if e.name == filters.speaker] or named
        unknown = [w for w in a.unknown_names if not set(query_terms(w)) & self.keyword.vocabulary]
        if unknown and not named:
            return self._decline(question, replies.unknown_person(unknown, self.roster)
                                 if _person_like(a.question, unknown) else
                                 replies.not_covered(self.roster))
        if named:
            silent = [e for e in named if not e.speaker.spoke]
            spoke = [e for e in named if e.speaker.spoke]
            if not spoke:
                return self._decline(question, replies.not_spoken(silent, self.roster),
                                     self._roster_citations(silent))
            if a.intent is Intent.COMPARE or len(spoke) > 1:
                return self._compare(question, a, [e.name for e in spoke], events)
            return self._topic(question, a, Scope(speakers=(spoke[0].name,),
                                                  event_ids=tuple(events)))
        if a.intent is Intent.COMPARE:
            return self._compare(question, a, [e.name for e in self.roster.speakers(events)],
                                 events)
        return self._topic(question, a, Scope(event_ids=tuple(events)))

    def _named_candidates(self, a: Analysis, events: set[str]) -> list[Entry]:
        names = [n for n in a.names if n not in self.roster.moderators]
        entries = [e for n in names for e in self.roster.entries_for(n)
                   if not events or e.event.id in events]
        if not entries and a.parties:  # "the Green candidate"
            entries = [e for p in a.parties for e in self.roster.candidates_of(p, events)]
        seen: dict[str, Entry] = {}
        for entry in entries:  # one entry per person, preferring an event where they spoke
            if entry.name not in seen or (entry.speaker.spoke and not seen[entry.name].speaker
                                          .spoke):
                seen[entry.name] = entry
        return list(seen.values())

    # -- answers from passages -------------------------------------------------------------

    def _sentences(self, query: str, a: Analysis, scope: Scope) -> list[Sentence]:
        if scope.speakers:  # the filter picks the speaker; the name would only skew meaning
            query = strip_people(query, a)
        retriever = hybrid_retriever(self.store, self.keyword, self.embed, scope, RETRIEVE_K)
        docs = retriever.invoke(query)
        passages = [passage_from_document(d) for d in docs]
        ids = [p.id for p in passages]
        weights = self.keyword.weights(topic_terms(a.topic, self.keyword.vocabulary))
        focus = Focus.of(query, self.embed(query), weights)
        return score_sentences(focus, passages, self.store.sentence_vectors(ids),
                               self.store.passage_vectors(ids))

    def _answerable(self, ranked: Sequence[Sentence], a: Analysis) -> bool:
        """Tell whether the best sentences answer the question rather than merely resemble it."""
        top = ranked[:5]
        if not top:
            return False
        similarity = max(s.similarity for s in top)
        coverage = max(s.coverage for s in top)
        if not a.topic:
            return similarity >= MIN_SIMILARITY
        return (coverage >= FULL_COVERAGE or (coverage > 0 and similarity >= MIN_SIMILARITY)
                or similarity >= STRONG_SIMILARITY)

    def _topic(self, question: str, a: Analysis, scope: Scope) -> Answer:
        query = a.question
        ranked = self._sentences(query, a, scope)
        if not self._answerable(ranked, a):
            return self._decline(question, replies.not_covered(self.roster))
        budget = self.settings.max_answer_chars - 200
        chosen = with_context(select(ranked, limit=3, budget=budget), ranked, budget)
        parts = self._parts(chosen)
        text, citations = render(parts)
        return Answer(question=question, text=text, answered=True, citations=citations,
                      speakers=tuple(p.speaker for p in parts if p.speaker))

    def _compare(self, question: str, a: Analysis, names: list[str], events: set[str]
                 ) -> Answer:
        per_person = max(150, (self.settings.max_answer_chars - 100) // max(1, len(names)) - 40)
        ranked = {name: self._sentences(a.question, a, Scope(speakers=(name,),
                                                             event_ids=tuple(events)))
                  for name in names}
        # Answers at a hustings line up by section: favour the section the best answers share.
        section_votes: dict[str | None, float] = {}
        for sentences in ranked.values():
            for s in sentences[:3]:
                section_votes[s.passage.section] = section_votes.get(s.passage.section, 0) + s.score
        focus = max(section_votes, key=lambda k: section_votes[k]) if section_votes else None
        parts: list[Part] = []
        any_answer = False
        for name in names:
            sentences = sorted((replace(s, score=s.score + (SECTION_BONUS if s.passage.section
                                                                == focus else 0.0))
                                for s in ranked[name]), key=lambda s: -s.score)
            label = self.roster.label(name)
            if not self._answerable(sentences, a):
                parts.append(Part(name, label, note="no statement on this in the sources."))
                continue
            any_answer = True
            chosen = _one_per_passage(select(sentences, limit=4, budget=per_person), 2)
            parts.append(Part(name, label, tuple(chosen)))
        if not any_answer:
            return self._decline(question, replies.not_covered(self.roster))
        text, citations = render(parts)
        return Answer(question=question, text=text, answered=True, citations=citations,
                      speakers=tuple(names))

    def _parts(self, chosen: list[Sentence]) -> list[Part]:
        order: list[str | None] = []
        for s in chosen:
            if s.passage.speaker not in order:
                order.append(s.passage.speaker)
        parts = []
        for speaker in order:
            mine = tuple(s for s in chosen if s.passage.speaker == speaker)
            label = self.roster.label(speaker) if speaker else None
            parts.append(Part(speaker, label, mine))
        return parts

    # -- answers from the roster -----------------------------------------------------------

    def _candidates(self, question: str, events: set[str]) -> Answer:
        scoped = [e for e in self.events if (not events or e.id in events) and e.candidates]
        if not scoped:
            return self._decline(question, replies.not_covered(self.roster))
        lines, cites = [], []
        for event in scoped:
            pid = event.roster_passage or event.intro_passage
            marker = ""
            if pid and pid in self.by_id:
                cites.append(cite_passage(self.by_id[pid], len(cites) + 1))
                marker = f" [{len(cites)}]"
            lines.append(replies.candidate_list(event).rstrip(".") + "." + marker)
        return Answer(question=question, text="\n\n".join(lines), answered=True,
                      citations=tuple(cites),
                      people=tuple(c.name for e in scoped for c in e.candidates))

    def _speakers(self, question: str, events: set[str]) -> Answer:
        lines, cites = [], []
        for event in self.events:
            if (events and event.id not in events) or not event.speakers:
                continue
            pid = event.intro_passage or event.roster_passage
            marker = ""
            if pid and pid in self.by_id:
                cites.append(cite_passage(self.by_id[pid], len(cites) + 1))
                marker = f" [{len(cites)}]"
            text = f"{replies.join_names([c.label for c in event.speakers])} spoke at " \
                   f"{event.title}"
            if event.moderators:
                text += f", moderated by {replies.join_names(list(event.moderators))}"
            lines.append(text + "." + marker)
        if not lines:
            return self._decline(question, replies.not_covered(self.roster))
        return Answer(question=question, text="\n\n".join(lines), answered=True,
                      citations=tuple(cites),
                      speakers=tuple(c.name for e in self.events for c in e.speakers))

    def _candidate_of(self, question: str, a: Analysis, events: set[str]) -> Answer:
        entries = [e for p in a.parties for e in self.roster.candidates_of(p, events)]
        lines = []
        for entry in entries:
            text = f"{entry.name} is the {entry.speaker.party} candidate for {entry.event.title}"
            if not entry.speaker.spoke:
                text += f"; {entry.name} did not take part in the hustings"
            lines.append(text + ".")
        return self._roster_answer(question, entries, lines)

    def _party_of(self, question: str, a: Analysis, events: set[str]) -> Answer:
        entries = self._named_candidates(a, events)
        lines = [f"{e.name} is standing for {e.speaker.party} ({e.event.title})." if
                 e.speaker.party else f"The sources don't give {e.name}'s party."
                 for e in entries]
        return self._roster_answer(question, entries, lines)

    def _roster_answer(self, question: str, entries: list[Entry], lines: list[str]) -> Answer:
        if not entries:
            return self._decline(question, replies.not_covered(self.roster))
        citations = self._roster_citations(entries)
        if citations:
            lines = [f"{line} [{citations[0].n}]" for line in lines]
        return Answer(question=question, text=" ".join(lines), answered=True,
                      citations=citations, people=tuple(e.name for e in entries))

    def _roster_citations(self, entries: list[Entry]) -> tuple[Citation, ...]:
        pids = []
        for entry in entries:
            pid = entry.event.roster_passage or entry.event.intro_passage
            if pid and pid in self.by_id and pid not in pids:
                pids.append(pid)
        out = []
        for n, pid in enumerate(pids, 1):
            passage = self.by_id[pid]
            lines = [s.text for s in passage.sentences if any(e.name in s.text for e in entries)]
            out.append(cite_passage(passage, n, highlights=lines))
        return tuple(out)

    # -- helpers ---------------------------------------------------------------------------

    def _decline(self, question: str, text: str, citations: tuple[Citation, ...] = ()) -> Answer:
        return Answer(question=question, text=text, answered=False, citations=citations)

    def _notice(self, filters: Filters) -> str | None:
        shown = [v for v in (filters.speaker, filters.event, filters.section) if v]
        return f"Showing only {', '.join(shown)}." if shown else None

    def _people(self, text: str) -> tuple[str, ...]:
        found = self.roster.find_people(text)
        return tuple(dict.fromkeys(p.names[0] for p in found if len(p.names) == 1))

    def _embed_uncached(self, text: str) -> np.ndarray:
        return np.asarray(self.store.embeddings.embed_query(text), dtype=np.float32)


def _one_per_passage(chosen: list[Sentence], limit: int) -> list[Sentence]:
    out: list[Sentence] = []
    for s in chosen:
        if all(s.passage.id != o.passage.id for o in out) and len(out) < limit:
            out.append(s)
    return out


def strip_people(question: str, a: Analysis) -> str:
    """Remove the people named in a question, keeping what is asked about them."""
    text = question
    for person in sorted(a.people, key=lambda p: -p.start):
        end = person.start + len(person.written)
        tail = re.match(r"['’]s\b", text[end:])
        text = text[: person.start] + text[end + (tail.end() if tail else 0):]
    return " ".join(text.split())


def _person_like(question: str, names: list[str]) -> bool:
    """Tell whether unknown capitalised words are used as a person ("What did X say")."""
    return any(re.search(rf"\b{re.escape(n)}\b(?:['’]s| (?:say|said|think|propose|argue|want|"
                         r"believe|mention|claim|promise))", question) for n in names)


def clean_question(question: str, max_chars: int) -> str:
    """Normalise a question; refuse empty or overlong ones with a clear message."""
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    text = unicodedata.normalize("NFC", question)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = " ".join(text.split())
    if not text:
        raise QuestionError("Ask a question, for example “What did the candidates say about "
                            "skills?”")
    if len(text) > max_chars:
        raise QuestionError(f"The question is {len(text):,} characters long; keep it under "
                            f"{max_chars:,}.")
    return text
