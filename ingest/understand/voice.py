"""Who says a sentence, and how the reader knows: a person or a role, the cue, its confidence."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ingest.lexicon import Role
from ingest.understand.model import Person

# Below this, a candidate is not given the sentence: a missed line costs less than a wrong one.
CONFIDENT = 0.5


@dataclass(frozen=True)
class Voice:
    """Who says a sentence: a person of the cast, or a role with no one named; with the sieve
    that decided it and how sure that sieve is."""

    role: Role
    person: Person | None = None
    cue: str = "narration"
    confidence: float = 1.0

    def by(self, cue: str, confidence: float) -> Voice:
        """Return this voice as decided by another sieve, with its confidence."""
        return replace(self, cue=cue, confidence=confidence)

    @property
    def name(self) -> str | None:
        return self.person.name if self.person else None


def of(person: Person, cue: str, confidence: float) -> Voice:
    """Return the voice of a person of the cast."""
    return Voice(person.role, person, cue, confidence)


REPORTER = Voice(Role.REPORTER)
