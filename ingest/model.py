"""Domain objects of the index: events, their candidates, and passages."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.understand.model import Reading

# A candidate listed who has no statement in the account: there or not, it does not say.
NOT_RECORDED = "listed but did not take part"


class PassageKind(str, Enum):
    """What a passage is, for retrieval and display."""

    SPEECH = "speech"  # reported speech of a candidate
    NARRATION = "narration"  # writer's or moderator's text
    ROSTER = "roster"  # a list of the candidates standing


@dataclass(frozen=True)
class Span:
    """A sentence of a passage, with offsets into the source text."""

    text: str
    start: int
    end: int
    cue: str = "narration"  # the reader's rule that decided who said it
    confidence: float = 1.0  # how sure the reader is of who said it, 0..1


@dataclass(frozen=True)
class Speaker:
    """A candidate on an event's roster."""

    name: str
    party: str | None = None
    spoke: bool = False
    note: str | None = None  # e.g. "invited but unwell"
    descriptors: tuple[str, ...] = ()  # how the document describes them: "the apple grower"

    @property
    def label(self) -> str:
        """Return "Name (Party)" or just the name."""
        return f"{self.name} ({self.party})" if self.party else self.name


@dataclass(frozen=True)
class Event:
    """One hustings, as described by one source document."""

    id: str
    title: str
    source: str
    date: str | None = None
    candidates: tuple[Speaker, ...] = ()
    moderators: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # place and title words, to find "the Leeds hustings"
    roster_passage: str | None = None  # id of the passage that lists the candidates
    intro_passage: str | None = None  # id of the passage that names the participants

    @property
    def speakers(self) -> tuple[Speaker, ...]:
        """Return the candidates who spoke at the event."""
        return tuple(c for c in self.candidates if c.spoke)

    def candidate(self, name: str) -> Speaker | None:
        """Return the roster entry with this exact name, if any."""
        return next((c for c in self.candidates if c.name == name), None)


@dataclass(frozen=True)
class Passage:
    """A retrievable piece of a source: one speaker, one section, whole sentences."""

    id: str
    text: str
    source: str
    event_id: str
    event: str
    section: str | None
    speaker: str | None
    party: str | None
    kind: PassageKind
    start: int
    end: int
    ordinal: int  # position of the passage within its source
    role: str | None = None  # who speaks when not a candidate: chair, audience, reporter, other
    asked: str | None = None  # the question a candidate's passage answers, as put before it
    sentences: tuple[Span, ...] = field(default=(), compare=False)
    page: int | None = None  # the page (from 1) of a paged source where the passage starts
    url: str | None = None  # the original address of a fetched page

    @property
    def confidence(self) -> float:
        """Return how sure the reader is of the passage's speaker: its least sure sentence."""
        return min((s.confidence for s in self.sentences), default=1.0)

    @property
    def embed_text(self) -> str:
        """Return the text embedded for dense search: section and question give its topic."""
        head = "\n".join(t for t in (self.section, self.asked) if t)
        return f"{head}\n{self.text}" if head else self.text


@dataclass(frozen=True)
class ParsedDocument:
    """A source document parsed into an event and its passages."""

    event: Event
    passages: tuple[Passage, ...]
    reading: Reading | None = field(default=None, compare=False, repr=False)  # how it was read
