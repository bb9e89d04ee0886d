"""Domain objects of a reading: who is who in one document, and who said each sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ingest.lexicon import Role

__all__ = ["Person", "Reading", "Role", "Sentence", "Status"]


class Status(str, Enum):
    """Whether a candidate took part in the event."""

    TOOK_PART = "took_part"
    ABSENT = "absent"


@dataclass(frozen=True)
class Person:
    """One person of a document: a canonical full name and every way the text refers to them."""

    name: str
    role: Role
    party: str | None = None
    status: Status = Status.TOOK_PART
    reason: str | None = None  # why an absent candidate did not take part
    aliases: tuple[str, ...] = ()  # surname, "Ms Surname", initials, uppercase labels, ...
    descriptors: tuple[str, ...] = ()  # "the sitting councillor", "the apple grower", ...


@dataclass(frozen=True)
class Sentence:
    """One sentence of the document's text with who said it (or None: no one in particular)."""

    text: str
    start: int
    end: int
    speaker: str | None = None  # a Person's name
    role: Role | None = None
    section: str | None = None  # the heading the sentence falls under
    heading: bool = False  # the sentence is a heading (or a line naming whose section it is)
    roster: bool = False  # the sentence is a line of a list of the candidates
    cue: str = "narration"  # the rule (sieve) that decided who said it: "turn-label", ...
    confidence: float = 1.0  # how sure that rule is, 0..1; answers quote only confident ones


@dataclass(frozen=True)
class Reading:
    """How one document was read: the event, its people and its attributed sentences."""

    source: str
    text: str
    title: str
    date: str | None = None  # ISO 8601, yyyy-mm-dd
    place: str | None = None
    organiser: str | None = None
    people: tuple[Person, ...] = ()
    sentences: tuple[Sentence, ...] = field(default=(), repr=False)
    pages: tuple[int, ...] = ()  # where each page starts in text (paged sources)
    url: str | None = None  # the address the document was fetched from

    @property
    def candidates(self) -> tuple[Person, ...]:
        """Return the candidates on the roster, in the order the document introduces them."""
        return tuple(p for p in self.people if p.role is Role.CANDIDATE)

    @property
    def chairs(self) -> tuple[str, ...]:
        """Return the names of the chairs (moderators, presenters, hosts)."""
        return tuple(p.name for p in self.people if p.role is Role.CHAIR)
