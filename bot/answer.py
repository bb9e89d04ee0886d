"""What the bot returns: answers with numbered citations, and the turns of a conversation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ingest.model import Passage


@dataclass(frozen=True)
class Citation:
    """A numbered source passage, with the sentences of it that the answer uses."""

    n: int
    passage: Passage
    score: float
    highlights: tuple[str, ...] = ()

    def to_record(self) -> dict[str, Any]:
        """Return the citation in the eval's JSON shape."""
        p = self.passage
        return {"n": self.n, "text": p.text, "source": p.source, "event": p.event,
                "section": p.section, "speaker": p.speaker, "party": p.party,
                "score": round(self.score, 4), "start": p.start, "end": p.end,
                "page": p.page, "url": p.url, "confidence": round(p.confidence, 3),
                "highlights": list(self.highlights)}


@dataclass(frozen=True)
class Answer:
    """The bot's reply to one question."""

    question: str
    text: str
    answered: bool
    citations: tuple[Citation, ...] = ()
    standalone: str = ""  # the question as understood, follow-ups resolved
    speakers: tuple[str, ...] = ()  # candidates the answer is about
    people: tuple[str, ...] = ()  # anyone the answer names, for "her"/"his" next turn
    topic: str = ""  # what the question was about, for "and what about X?"
    notice: str | None = None  # e.g. "Showing only Mia Ford."
    mode: str = "extractive"
    kind: str = ""  # which answerer answered: topic, person, compare, roster, decline
    events: tuple[str, ...] = ()  # ids of the hustings the answer is about, for follow-ups
    compared: tuple[str, ...] = ()  # everyone a comparison covered, with or without a statement

    def to_record(self) -> dict[str, Any]:
        """Return the answer in the eval's JSON shape."""
        return {"question": self.question, "answer": self.text, "answered": self.answered,
                "citations": [c.to_record() for c in self.citations],
                "standalone": self.standalone, "mode": self.mode, "notice": self.notice,
                "kind": self.kind}


def declined(question: str, text: str, citations: tuple[Citation, ...] = ()) -> Answer:
    """Return a decline: the bot's own message, answered=False, citing what is relevant."""
    return Answer(question=question, text=text, answered=False, citations=citations)


@dataclass(frozen=True)
class Turn:
    """One question and its answer, for conversation history."""

    question: str
    answer: Answer


@dataclass(frozen=True)
class Filters:
    """Restrictions a user set on retrieval (the web UI's dropdowns, the CLI's flags)."""

    speaker: str | None = None
    event: str | None = None
    section: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.speaker or self.event or self.section)
