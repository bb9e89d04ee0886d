"""What each candidate said at one event, by topic: the grid's rows and the candidate cards.

Built from the event's indexed passages, the ones the chat answers from, so the Documents tab
and the chat can never disagree on who said what. Topics are the document's headings; a
document without headings is divided by the questions put to the candidates; one with neither
has a single row that says so. No heading is left out: long ones, ones with digits, times and
"opening statements" are rows like any other. Pure functions; nothing here knows about Gradio.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from bot.replies import topic_phrase
from bot.roster import is_topic
from bot.web.documents import sentence_anchor
from bot.web.guide import example_topic
from ingest.model import Event, Passage, PassageKind, Speaker

BEFORE_HEADINGS = "Before the first heading"
BEFORE_QUESTIONS = "Before the first question"
WHOLE_EVENT = "The whole event"


class Division(str, Enum):
    """How a document's statements are divided into topics."""

    HEADINGS = "headings"  # the document's own section headings
    QUESTIONS = "questions"  # no headings: the questions put to the candidates
    NONE = "none"  # neither: one row for the whole event


@dataclass(frozen=True)
class Statement:
    """One sentence a candidate said, under a topic, with the anchor of it in the document."""

    speaker: str
    topic: str
    text: str
    anchor: str


@dataclass(frozen=True)
class Statements:
    """A candidate's statements at one event, by topic, topics in the document's order."""

    event: Event
    division: Division
    topics: tuple[str, ...]
    items: tuple[Statement, ...]

    def count(self, speaker: str, topic: str) -> int:
        """Return how many sentences a candidate said on a topic."""
        return self._counts[(speaker, topic)]

    def by_topic(self, speaker: str) -> list[tuple[str, list[Statement]]]:
        """Return a candidate's statements grouped by topic, in the document's order."""
        groups = [(t, [s for s in self.items if s.speaker == speaker and s.topic == t])
                  for t in self.topics]
        return [(t, said) for t, said in groups if said]

    @cached_property
    def _counts(self) -> Counter[tuple[str, str]]:
        return Counter((s.speaker, s.topic) for s in self.items)

    def off_roster(self) -> list[Speaker]:
        """Return the people who said something as candidates without being on the roster."""
        return [Speaker(name, spoke=True) for name in dict.fromkeys(s.speaker for s in self.items)
                if self.event.candidate(name) is None]

    def is_heading(self, topic: str) -> bool:
        """Tell whether a topic is one of the document's headings (a section to filter on)."""
        return self.division is Division.HEADINGS and topic != BEFORE_HEADINGS

    def asks_about(self, topic: str) -> bool:
        """Tell whether a topic reads well in "What did X say about …?"."""
        names = [c.name for c in self.event.candidates]
        return (self.is_heading(topic) and is_topic(topic, names)
                and example_topic(topic, self.event.moderators))

    def question(self, speaker: str, topic: str | None = None) -> str:
        """Return the question that asks what a candidate said (on a topic that reads well)."""
        if topic and self.asks_about(topic):
            return f"What did {speaker} say about {topic_phrase(topic)}?"
        return f"What did {speaker} say?"


def statements(event: Event, passages: Sequence[Passage]) -> Statements:
    """Return every candidate sentence of an event's passages, each under its topic."""
    speech = sorted((p for p in passages if p.event_id == event.id and p.speaker
                     and p.kind is PassageKind.SPEECH), key=lambda p: p.ordinal)
    if any(p.section for p in speech):
        division = Division.HEADINGS
    elif any(p.asked for p in speech):
        division = Division.QUESTIONS
    else:
        division = Division.NONE
    items = []
    for p in speech:
        topic = _topic(p, division)
        items += [Statement(p.speaker or "", topic, s.text, sentence_anchor(event.id, s.start))
                  for s in p.sentences]
    topics = tuple(dict.fromkeys(s.topic for s in items))  # in the document's order
    return Statements(event, division, topics, tuple(items))


def _topic(p: Passage, division: Division) -> str:
    if division is Division.HEADINGS:
        return p.section or BEFORE_HEADINGS
    if division is Division.QUESTIONS:
        return p.asked or BEFORE_QUESTIONS
    return WHOLE_EVENT
