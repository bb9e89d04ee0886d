"""The answerers' one interface, and what they share: the index, the search and the writer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.answer import Answer
from bot.asking.corpus import Corpus
from bot.asking.plan import Plan
from bot.roster import Roster
from bot.search.searcher import Searcher
from bot.search.sentences import Sentence
from ingest.settings import Settings

if TYPE_CHECKING:
    from bot.llm.client import Writer


class Answerer(Protocol):
    """Answers one kind of plan."""

    def answer(self, plan: Plan) -> Answer:
        """Return the answer to a planned question."""
        ...


@dataclass
class Context:
    """What every answerer reads: settings, the index's contents, its search, the LLM writer
    (which the Chatbot may swap while the answerers keep this same Context)."""

    settings: Settings
    corpus: Corpus
    search: Searcher
    writer: Writer | None = None

    @property
    def roster(self) -> Roster:
        return self.corpus.roster

    @property
    def budget(self) -> int:
        """Return the characters an answer may use."""
        return self.settings.max_answer_chars

    def label(self, name: str, event_ids: Sequence[str] = ()) -> str:
        """Return "Name (Party)", saying so when they were not at the hustings (a statement
        read out for them, a post quoted)."""
        entries = [e for e in self.roster.entries_for(name)
                   if not event_ids or e.event.id in event_ids]
        absent = entries and not any(e.speaker.spoke for e in entries)
        return self.roster.label(name) + (", in a statement (not at the hustings)" if absent
                                          else "")

    def ranked(self, plan: Plan, query: str | None = None, **scope: object) -> list[Sentence]:
        """Return the sentences answering the plan's query (or query) in its scope, best first.

        scope overrides the plan's: speakers, event_ids or sections.
        """
        people = scope.pop("speakers", None)
        return self.search.sentences(query if query is not None else plan.query, plan.terms,
                                     plan.scope(people, **scope))  # type: ignore[arg-type]

    def write(self, answer: Answer, plan: Plan, pools: Sequence[Sequence[Sentence]]) -> Answer:
        """Let the configured LLM rewrite an answer from the same passages, verified."""
        if self.writer is None or not answer.answered:
            return answer
        return self.writer.write(answer, plan.standalone, pools, self.roster)
