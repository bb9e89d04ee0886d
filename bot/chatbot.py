"""The Chatbot: the one object the CLI, the web app and the evals ask. A thin facade.

A question goes down the layers once: cleaned and resolved against the conversation
(bot/asking), planned (bot/asking/plan.py), answered by the answerer of its kind
(bot/answering), checked against the speaker invariants, and returned.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from bot.answer import Answer, Filters, Turn
from bot.answering.base import Answerer, Context
from bot.answering.claim import ClaimAnswerer
from bot.answering.compare import CompareAnswerer
from bot.answering.declines import DeclineAnswerer
from bot.answering.invariants import guard
from bot.answering.person import PersonAnswerer
from bot.answering.profile import ProfileAnswerer
from bot.answering.roster import RosterAnswerer
from bot.answering.topic import TopicAnswerer
from bot.asking.conversation import resolve
from bot.asking.corpus import Corpus
from bot.asking.plan import Kind, Plan, route
from bot.asking.question import clean_question
from bot.llm.client import Writer, open_writer, stream_answer
from bot.roster import Roster
from bot.search.searcher import Searcher
from bot.search.snapshot import open_snapshot
from ingest.errors import QuestionError
from ingest.index.store import IndexStore
from ingest.model import Event, Passage
from ingest.settings import Settings

EMBED_CACHE = 512  # questions whose vectors are kept: follow-ups repeat them


class Chatbot:
    """Answers questions from the index, with citations, declines and follow-ups."""

    def __init__(self, settings: Settings, store: IndexStore | None = None) -> None:
        self.settings = settings
        if store is None:
            from ingest.index.embeddings import embeddings_for

            store = IndexStore(settings, embeddings_for(settings))
        self.store = store
        self._writer = open_writer(settings)  # None unless HUSTINGS_LLM names a model
        self._reload_lock = threading.Lock()
        self.reload()

    def reload(self) -> None:
        """Read passages and events from the store and rebuild what answers from them."""
        self.store.refresh()
        self.store.require()
        snapshot = open_snapshot(self.store, self.settings.cache_dir / "snapshots")
        self._embed_cached = lru_cache(maxsize=EMBED_CACHE)(self._embed_uncached)
        self.passages: list[Passage] = snapshot.passages
        self.by_id = {p.id: p for p in self.passages}
        self.events: list[Event] = self.store.load_events()
        texts: dict[str, list[str]] = {}
        spoken: dict[str, dict[str, set[str]]] = {}  # event -> section -> candidates
        for p in self.passages:
            texts.setdefault(p.event_id, []).append(p.text)
            if p.speaker and p.section:
                spoken.setdefault(p.event_id, {}).setdefault(p.section, set()).add(p.speaker)
        self.roster = Roster(self.events, {k: "\n".join(v) for k, v in texts.items()},
                             {k: sorted(v, key=lambda s: -len(v[s])) for k, v in spoken.items()})
        self.search = Searcher(self.store, snapshot.passages, snapshot.matrix, snapshot.keyword,
                               self.embed)
        self.corpus = Corpus(self.roster, self.passages, self.search.vocabulary)
        ctx = self._ctx = Context(self.settings, self.corpus, self.search, self._writer)
        compare = CompareAnswerer(ctx)
        person = PersonAnswerer(ctx, compare)
        self.answerers: dict[Kind, Answerer] = {
            Kind.TOPIC: TopicAnswerer(ctx), Kind.PERSON: person,
            Kind.CLAIM: ClaimAnswerer(ctx, person),
            Kind.COMPARE: compare, Kind.ROSTER: RosterAnswerer(ctx),
            Kind.PROFILE: ProfileAnswerer(ctx), Kind.DECLINE: DeclineAnswerer(ctx)}
        self.generation = self.store.active

    @property
    def writer(self) -> Writer | None:
        """Return the LLM writer answers are rewritten with, or None (extractive answers)."""
        return self._writer

    @writer.setter
    def writer(self, writer: Writer | None) -> None:
        self._writer = self._ctx.writer = writer

    # -- public API ------------------------------------------------------------------------

    def ask(self, question: str, history: Sequence[Turn] = (),
            filters: Filters | None = None) -> Answer:
        """Answer a question in the context of the conversation so far.

        Raise QuestionError for an empty or overlong question, or a filter naming a
        candidate, hustings or topic the sources lack.
        """
        question = clean_question(question, self.settings.max_question_chars)
        self._follow_reingest()
        history = list(history)[-self.settings.history_turns:]
        plan = self.plan(question, history, filters or Filters())
        answer = self.answerers[plan.kind].answer(plan)
        answer = guard(plan, answer, self.settings.min_speaker_confidence, self.roster)
        notice = " ".join(n for n in (plan.notice, answer.notice) if n) or None
        events = tuple(dict.fromkeys(c.passage.event_id for c in answer.citations)) \
            or plan.events
        return replace(answer, question=question, standalone=plan.standalone,
                       people=answer.people or self._people(answer.text),
                       topic=plan.analysis.topic or answer.topic, notice=notice,
                       kind=answer.kind or plan.kind.value, events=events)

    def plan(self, question: str, history: Sequence[Turn] = (),
             filters: Filters | None = None) -> Plan:
        """Return the plan of a question: what it asks, about whom, where, searched how."""
        resolved = resolve(question, history, self.roster)
        if self.writer is not None:
            resolved = self.writer.condense(question, history, resolved, self.roster)
        return route(question, resolved, filters or Filters(), self.corpus)

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

    def embed(self, text: str) -> np.ndarray:
        """Return the normalised vector of a text (cached: follow-ups repeat questions)."""
        return self._embed_cached(text)

    # -- helpers ---------------------------------------------------------------------------

    def _follow_reingest(self) -> bool:
        """Switch to the index a completed re-ingest (by any process) has made active."""
        if self.store.generation() != self.generation:
            with self._reload_lock:
                if self.store.generation() != self.generation:
                    self.reload()
                    return True
        return False

    def _people(self, text: str) -> tuple[str, ...]:
        found = self.roster.find_people(text)
        return tuple(dict.fromkeys(p.names[0] for p in found if len(p.names) == 1))

    def _embed_uncached(self, text: str) -> np.ndarray:
        return np.asarray(self.store.embeddings.embed_query(text), dtype=np.float32)
