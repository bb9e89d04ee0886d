"""The Chatbot: one object that the CLI, the web app and the eval all ask."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from bot import replies
from bot.answer import Answer, Filters, Turn, declined
from bot.compose import (
    Focus,
    Part,
    Sentence,
    render,
    score_sentences,
    select,
    share,
    with_context,
)
from bot.conversation import Resolved, resolve
from bot.llm.client import open_writer, stream_answer
from bot.question import (
    Analysis,
    Intent,
    clean_question,
    person_like,
    strip_event_words,
    strip_people,
    topic_terms,
)
from bot.retrieval import PassageVectors, Scope, hybrid_retriever
from bot.roster import Roster
from bot.roster_answers import RosterAnswers
from bot.snapshot import open_snapshot
from ingest.errors import QuestionError
from ingest.index.records import passage_from_document
from ingest.index.store import IndexStore
from ingest.model import Passage
from ingest.settings import Settings
from ingest.text import search_terms

# Answerability thresholds on the best sentence (tuned on the dev set, see README "Tuning").
MIN_SIMILARITY = 0.30  # with some of the question's words found
STRONG_SIMILARITY = 0.55  # enough on its own
UNKNOWN_WORD_SIMILARITY = 0.45  # ... when the question has a word the sources never use
FULL_COVERAGE = 0.5  # share of the question's term weight found: enough on its own
PERSON_COVERAGE = 0.25  # ... among one named candidate's own statements
PERSON_SIMILARITY = 0.40
SECTION_BONUS = 0.08
RETRIEVE_K = 8
# A sentence that reports a result: "won the seat", "was elected", not "voters will elect".
_STATES_OUTCOME = re.compile(r"\b(?:won (?:the (?:seat|election|race|ward|by-election|vote|"
                             r"mayoralty|contest|poll|count)|by \d|with \d|a majority)|"
                             r"winner|victory|defeated|"
                             r"(?:was|were|been|got) (?:re-)?elected|majority of|"
                             r"turnout (?:was|of)|votes? (?:share|cast))\b", re.IGNORECASE)
ROLE_LABELS = {"audience": "From the audience", "chair": "The chair",
               "other": "Also at the hustings"}
SENTENCE_CACHE = 20_000  # passages whose sentence vectors stay in memory between questions
CLEAR_MARGIN = 0.05  # score by which one event's answer must beat the others' to be chosen
MAX_COMPARED = 8  # candidates compared in one answer; more would need the question's event


class Chatbot:
    """Answers questions from the index, with citations, declines and follow-ups."""

    def __init__(self, settings: Settings, store: IndexStore | None = None) -> None:
        self.settings = settings
        if store is None:
            from ingest.index.embeddings import embeddings_for

            store = IndexStore(settings, embeddings_for(settings))
        self.store = store
        self.writer = open_writer(settings)  # None unless HUSTINGS_LLM names a model
        self._reload_lock = threading.Lock()
        self.reload()

    def reload(self) -> None:
        """Read passages and events from the store and rebuild the keyword index."""
        self.store.refresh()
        self.store.require()
        snapshot = open_snapshot(self.store, self.settings.cache_dir / "snapshots")
        self.passages: list[Passage] = snapshot.passages
        self.vectors = PassageVectors(self.passages, snapshot.matrix)
        self.by_id = {p.id: p for p in self.passages}
        self.keyword = snapshot.keyword
        self.events = self.store.load_events()
        self.roster = Roster(self.events)
        self.directory = RosterAnswers(self.roster, self.passages)
        self._embed_cached = lru_cache(maxsize=512)(self._embed_uncached)
        self._sentence_cache: dict[str, list] = {}  # passage id -> its sentences' vectors
        self.generation = self.store.active

    # -- public API ------------------------------------------------------------------------

    def ask(self, question: str, history: Sequence[Turn] = (),
            filters: Filters | None = None) -> Answer:
        """Answer a question in the context of the conversation so far."""
        question = clean_question(question, self.settings.max_question_chars)
        self._follow_reingest()
        filters = filters or Filters()
        history = list(history)[-self.settings.history_turns:]
        resolved = resolve(question, history, self.roster)
        if self.writer is not None:
            resolved = self.writer.condense(question, history, resolved, self.roster)
        answer = self._answer(question, resolved, filters)
        notice = " ".join(n for n in (self._notice(filters), answer.notice) if n) or None
        return Answer(question=question, text=answer.text, answered=answer.answered,
                      citations=answer.citations, standalone=resolved.text,
                      speakers=answer.speakers, people=answer.people or self._people(answer.text),
                      topic=resolved.analysis.topic or answer.topic, notice=notice,
                      mode=answer.mode)

    def converse(self, turns: Sequence[str], filters: Filters | None = None) -> list[Answer]:
        """Answer each turn with the ones before as history; a bad turn gets its message."""
        history: list[Turn] = []
        answers: list[Answer] = []
        for question in turns:
            try:
                answer = self.ask(question, history, filters)
            except QuestionError as exc:  # one bad turn of a batch must not stop the rest
                answer = Answer(question=str(question), text=str(exc), answered=False)
            history.append(Turn(question, answer))
            answers.append(answer)
        return answers

    def stream(self, question: str, history: Sequence[Turn] = (),
               filters: Filters | None = None) -> Iterator[str | Answer]:
        """Answer like ask(), yielding an LLM's raw text as it arrives, then the final Answer."""
        return stream_answer(lambda: self.ask(question, history, filters))

    def refresh(self) -> bool:
        """Follow a completed re-ingest now (the web page's lists show it); tell if it moved."""
        return self._follow_reingest()

    def _follow_reingest(self) -> bool:
        """Switch to the index a completed re-ingest (by any process) has made active."""
        if self.store.generation() != self.generation:
            with self._reload_lock:
                if self.store.generation() != self.generation:
                    self.reload()
                    return True
        return False

    def embed(self, text: str) -> np.ndarray:
        """Return the normalised vector of a text (cached: follow-ups repeat questions)."""
        return self._embed_cached(text)

    # -- dispatch --------------------------------------------------------------------------

    def _answer(self, question: str, resolved: Resolved, filters: Filters) -> Answer:
        a = resolved.analysis
        events = set(a.event_ids) | ({e.id for e in self.events if e.title == filters.event}
                                     if filters.event else set())
        sections = (filters.section,) if filters.section else ()  # the web UI's topic filter
        if a.intent is Intent.VOTE_ADVICE:
            return declined(question, replies.vote_advice(self.roster))
        if a.ambiguous and not a.names:
            mention = a.ambiguous[0]
            return declined(question, replies.ambiguous(mention.written, mention.names,
                                                             self.roster))
        if a.intent is Intent.CANDIDATES:
            return self.directory.candidates(question, events)
        if a.intent is Intent.SPEAKERS:
            return self.directory.speakers(question, events)
        if a.intent is Intent.ABSENTEES:
            return self.directory.absentees(question, events)
        if a.intent is Intent.MODERATOR:
            return self.directory.moderators(question, events)
        if a.intent is Intent.CANDIDATE_OF:
            return self.directory.candidate_of(question, a, events)
        if a.intent is Intent.PARTY_OF:
            return self.directory.party_of(question, a, events)
        if a.intent is Intent.PERSON and a.names:
            return self._person(question, a, events)
        named = self.directory.named_candidates(a, events)
        if events and named and not any(e.event.id in events for e in named):
            events = {e.event.id for e in named}  # where the person asked about stood
        if not a.names and not events and len({e.event.id for e in named}) > 1:
            # "the Lib Dem candidate" in a campaign: the one whose words answer the question
            best = self._best_event(a, [e.name for e in named if e.speaker.spoke])
            if best is None:  # their words do not tell one hustings from another: ask which
                party = a.parties[0] if a.parties else "candidate"
                return declined(question, replies.ambiguous(f"{party} candidate",
                                                            [e.name for e in named], self.roster))
            named = [e for e in named if e.event.id == best]
            events = {best}
        if filters.speaker:
            named = [e for e in self.roster.entries if e.name == filters.speaker] or named
        unknown = [w for w in a.unknown_names
                   if not set(search_terms(w)) & self.keyword.vocabulary]
        if unknown and not named:
            return declined(question, replies.unknown_person(unknown, self.roster)
                                 if person_like(a.question, unknown) else
                                 replies.not_covered(self.roster))
        if named:
            silent = [e for e in named if not e.speaker.spoke]
            spoke = [e for e in named if e.speaker.spoke]
            if not spoke:
                if a.asks_why_absent:  # "Why wasn't X there?": the reason
                    return self.directory.absence_of(question, silent)
                return declined(question, replies.not_spoken(silent, self.roster),
                                     self.directory.citations(silent))
            if a.intent is Intent.COMPARE or len(spoke) > 1:
                return self._compare(question, a, [e.name for e in spoke], events, sections)
            return self._topic(question, a, Scope(speakers=(spoke[0].name,),
                                                  event_ids=tuple(events), sections=sections))
        if a.intent is Intent.COMPARE:
            return self._compare(question, a, self._compared(a, events, sections), events,
                                 sections)
        return self._topic(question, a, Scope(event_ids=tuple(events), sections=sections))

    # -- answers from passages -------------------------------------------------------------

    def _compared(self, a: Analysis, events: set[str], sections: tuple[str, ...]) -> list[str]:
        """Return who "the candidates" are: all at the events asked about, or, in a campaign
        of many hustings, those of the event whose passages answer the question best."""
        names = [e.name for e in self.roster.speakers(events)]
        if a.office_pattern is not None and events:  # "the mayoral candidates": that race
            standing = set().union(*(self.directory.standing_for(e, a.office_pattern) or set()
                                     for e in self.events if e.id in events))
            names = [n for n in names if n in standing] or names
        if len(names) <= MAX_COMPARED:
            return names
        ranked = self._sentences(a.question, a, Scope(event_ids=tuple(events),
                                                      sections=sections))
        best = next((s.passage.event_id for s in ranked if s.passage.speaker), None)
        return [e.name for e in self.roster.speakers({best} if best else events)][:MAX_COMPARED]

    def _best_event(self, a: Analysis, names: list[str]) -> str | None:
        """Return the event whose candidate's statements answer clearly best, if one does.

        Without a topic, or when another event's candidate answers nearly as well, None: the
        question does not say which hustings it means.
        """
        if not a.topic or not names:
            return None
        ranked = self._sentences(a.topic, a, Scope(speakers=tuple(names)))
        best: dict[str, float] = {}
        for s in ranked:
            best.setdefault(s.passage.event_id, s.score)
        scores = sorted(best.values(), reverse=True)
        if not scores or (len(scores) > 1 and scores[0] - scores[1] < CLEAR_MARGIN):
            return None
        return ranked[0].passage.event_id

    def _sentences(self, query: str, a: Analysis, scope: Scope) -> list[Sentence]:
        if scope.speakers:  # the filter picks the speaker; the name would only skew meaning
            query = strip_people(query, a)
        if scope.event_ids:  # ... and the scope the event: "at the Leeds hustings" adds nothing
            query = strip_event_words(query, self.roster, scope.event_ids)
        retriever = hybrid_retriever(self.store, self.keyword, self.embed, scope, RETRIEVE_K,
                                     self.vectors)
        docs = retriever.invoke(query)
        passages = [passage_from_document(d) for d in docs]
        ids = [p.id for p in passages]
        weights = self.keyword.weights(topic_terms(a.topic, self.keyword.vocabulary))
        focus = Focus.of(query, self.embed(query), weights)
        sentence_vectors = self._sentence_vectors(passages)
        passage_vectors = self.vectors.of(ids)
        if len(passage_vectors) < len(ids):  # a re-ingest switched the index mid-question
            passage_vectors = self.store.passage_vectors(ids)
        return score_sentences(focus, passages, sentence_vectors, passage_vectors)

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

    def _answerable(self, ranked: Sequence[Sentence], a: Analysis, one_person: bool = False,
                    asked: bool = False) -> bool:
        """Tell whether the best sentences answer the question rather than merely resemble it.

        Without a topic, a question about one candidate ("What did X propose?") asks for
        whatever they said: any statement of theirs answers it.
        """
        top = ranked[:5]
        if not top:
            return False
        if a.asks_outcome and not any(_STATES_OUTCOME.search(s.text) for s in top):
            return False  # round-ups report what was said before a vote, rarely its result
        similarity = max(s.similarity for s in top)
        coverage = max(s.coverage for s in top)
        if not a.topic:
            return similarity >= MIN_SIMILARITY or (one_person and any(
                s.passage.speaker for s in top))
        # Resemblance alone is not an answer: "Who won?" resembles the introduction. Without any
        # of the question's words around, only a very close match counts.
        # A word the sources never use ("arrested", "weather") asks for something they lack.
        unknown = bool(self._unknown_terms(a))
        floor = UNKNOWN_WORD_SIMILARITY if unknown else MIN_SIMILARITY
        if asked and (coverage >= PERSON_COVERAGE or similarity >= PERSON_SIMILARITY):
            return True  # the asked candidate's own words on it: a share of them is enough
        if unknown:  # "the moon landing": "moon" alone is not it
            return (coverage > 0 and similarity >= floor) or similarity >= STRONG_SIMILARITY
        return (coverage >= FULL_COVERAGE or (coverage > 0 and similarity >= floor)
                or similarity >= STRONG_SIMILARITY)

    def _unknown_terms(self, a: Analysis) -> list[str]:
        return [t for t in topic_terms(a.topic, self.keyword.vocabulary)
                if t not in self.keyword.vocabulary]

    def _topic(self, question: str, a: Analysis, scope: Scope) -> Answer:
        query = a.question
        ranked = self._sentences(query, a, scope)
        intro = None
        one = len(scope.speakers) == 1
        if not self._answerable(ranked, a, one_person=one, asked=one):
            ranked, intro = self._same_section(a, scope)
            if not ranked:
                return declined(question, replies.not_covered(self.roster, scope.speakers,
                                                              a.topic))
        budget = self.settings.max_answer_chars - 200 - len(intro or "")
        chosen = with_context(select(ranked, limit=3, budget=budget), ranked, budget)
        parts = self._parts(chosen)
        text, citations = render(parts, intro=intro)
        answer = Answer(question=question, text=text, answered=True, citations=citations,
                        speakers=tuple(p.speaker for p in parts if p.speaker))
        return self._write(answer, a, [ranked])

    def _same_section(self, a: Analysis, scope: Scope) -> tuple[list[Sentence], str | None]:
        """Find what a candidate said where the hustings discussed a topic they didn't name.

        "What does X think of Y's plan?": the sources may only name the plan in Y's answer,
        while X's reply sits beside it, in the same section.
        """
        if len(scope.speakers) != 1:
            return [], None
        everyone = self._sentences(strip_people(a.question, a), a, replace(scope, speakers=()))
        if not self._answerable(everyone, a) or everyone[0].passage.section is None:
            return [], None
        section = everyone[0].passage.section
        mine = self._sentences(strip_people(a.question, a), a,
                               replace(scope, sections=(section,)))
        if not mine:
            return [], None
        name = scope.speakers[0]
        topic = a.topic or "this"
        return mine, (f"The sources don't record {name} mentioning {topic} directly. In the "
                      f"same part of the hustings (“{section}”), {name} said:")

    def _compare(self, question: str, a: Analysis, names: list[str], events: set[str],
                 sections: tuple[str, ...] = ()) -> Answer:
        ranked = {name: self._sentences(a.question, a, Scope(speakers=(name,),
                                                             event_ids=tuple(events),
                                                             sections=sections))
                  for name in names}
        # Answers at a hustings line up by section: favour the section the best answers share.
        section_votes: dict[str | None, float] = {}
        for sentences in ranked.values():
            for s in sentences[:3]:
                section_votes[s.passage.section] = section_votes.get(s.passage.section, 0) + s.score
        focus = max(section_votes, key=lambda k: section_votes[k]) if section_votes else None
        silent: list[str] = []
        pools: dict[str, list[Sentence]] = {}
        for name in names:
            sentences = sorted((replace(s, score=s.score + (SECTION_BONUS if s.passage.section
                                                                == focus else 0.0))
                                for s in ranked[name]), key=lambda s: -s.score)
            if self._answerable(sentences, a, one_person=True):
                pools[name] = sentences
            else:
                silent.append(name)
        note = (f"The sources have no statement on this from {replies.join_names(silent)}."
                if silent else "")
        budget = self.settings.max_answer_chars - 40 - len(note)
        chosen = share(pools, budget)
        parts = [Part(name, self.roster.label(name), tuple(chosen[name])) for name in pools
                 if chosen[name]]
        any_answer = bool(parts)
        if not any_answer:
            return declined(question, replies.not_covered(self.roster))
        if note:
            parts.append(Part(None, None, note=note))
        text, citations = render(parts)
        # Those with statements first: "he" in the next question means one of them.
        answer = Answer(question=question, text=text, answered=True, citations=citations,
                        speakers=tuple(p.speaker for p in parts if p.speaker),
                        people=tuple(silent))
        return self._write(answer, a, list(ranked.values()))

    def _write(self, answer: Answer, a: Analysis, pools: list[list[Sentence]]) -> Answer:
        """Let the configured LLM rewrite an answer from the same passages, verified."""
        if self.writer is None:
            return answer
        return self.writer.write(answer, a.question, pools, self.roster)

    def _parts(self, chosen: list[Sentence]) -> list[Part]:
        """Group sentences by who said them: each candidate, then the other voices by role."""
        order: list[tuple[str | None, str | None]] = []
        for s in chosen:
            voice = (s.passage.speaker, None if s.passage.speaker else s.passage.role)
            if voice not in order:
                order.append(voice)
        parts = []
        for speaker, role in order:
            mine = tuple(s for s in chosen if s.passage.speaker == speaker
                         and (speaker or s.passage.role == role))
            # Not a candidate's position: the audience, the chair, named by their role.
            label = self.roster.label(speaker) if speaker else ROLE_LABELS.get(role or "")
            parts.append(Part(speaker, label, mine))
        return parts

    def _person(self, question: str, a: Analysis, events: set[str]) -> Answer:
        """Answer "who is X" / "what is X's job" from the roster and sentences naming X."""
        name = a.names[0]
        entries = [e for e in self.roster.entries_for(name) if not events or e.event.id in events]
        scope = Scope(event_ids=tuple(events))
        roster_cites = self.directory.citations(entries)
        roster_ids = {c.passage.id for c in roster_cites}
        ranked = [s for s in self._sentences(f"{question} {name}", a, scope)
                  if (name in s.text or name.split()[-1] in s.text)
                  and s.passage.id not in roster_ids]
        ranked.sort(key=lambda s: (s.passage.speaker is not None, -s.similarity))
        chosen = select(ranked, limit=2, budget=self.settings.max_answer_chars - 400,
                        relative=0.0)
        marker = f" [{roster_cites[0].n}]" if roster_cites else ""
        intro = " ".join(
            f"{e.name} is the {e.speaker.party} candidate at {e.event.title}"
            + ("" if e.speaker.spoke else f"; {e.name} did not take part in the hustings")
            + f".{marker}" for e in entries if e.speaker.party)
        if not chosen and not intro:
            return declined(question, replies.not_covered(self.roster, (name,), a.topic))
        text, citations = render([Part(None, None, tuple(chosen))] if chosen else [],
                                 intro=intro or None, first=len(roster_cites) + 1)
        return Answer(question=question, text=text, answered=True,
                      citations=roster_cites + citations, people=(name,))

    # -- helpers ---------------------------------------------------------------------------

    def _notice(self, filters: Filters) -> str | None:
        shown = [v for v in (filters.speaker, filters.event, filters.section) if v]
        return f"Showing only {', '.join(shown)}." if shown else None

    def _people(self, text: str) -> tuple[str, ...]:
        found = self.roster.find_people(text)
        return tuple(dict.fromkeys(p.names[0] for p in found if len(p.names) == 1))

    def _embed_uncached(self, text: str) -> np.ndarray:
        return np.asarray(self.store.embeddings.embed_query(text), dtype=np.float32)
