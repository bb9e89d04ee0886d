"""Decide each person's role from the evidence: what the text says of them, else how they speak."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.lexicon import CANDIDATE_WORDS
from ingest.understand.evidence import Evidence, Turn
from ingest.understand.model import Person, Role

if TYPE_CHECKING:
    from ingest.understand.cast import Cast

# Someone with labelled turns, or reported speaking at least this often and this share of the
# most talkative speaker's reports, is a principal speaker: a candidate, unless their turns ask
# the questions (the moderator) or the text says what else they are.
_PRINCIPAL_MIN = 2
_PARTY_WEIGHT = 2
_OUTSPOKEN = 3
_PRINCIPAL_SHARE = 0.3
_ASKS = 0.5  # a speaker whose turns mostly end in a question is the moderator, and so is
_ASKS_OFTEN = 0.3  # one who often asks, three times as often as the typical speaker
_ASKS_MORE = 3


def turns_by_person(turns: list[Turn], draft: Cast) -> dict[str, list[Turn]]:
    """Return each person's labelled turns, the labels resolved against the cast's names."""
    out: dict[str, list[Turn]] = {}
    for turn in turns:
        person = draft.resolve(turn.label)
        if person is not None:
            out.setdefault(person.name, []).append(turn)
    return out


def spoken(e: Evidence, turns: list[Turn]) -> int:
    return max(len(turns), e.roles["spoke"])


def asking(turns: dict[str, list[Turn]]) -> float:
    """Return how often a typical speaker's turn ends in a question (the median share)."""
    shares = sorted(sum(t.asks for t in ts) / len(ts) for ts in turns.values()
                    if len(ts) >= _PRINCIPAL_MIN)
    return shares[len(shares) // 2] if shares else 0.0


def decide_role(e: Evidence, turns: list[Turn], speaking: int, asking: float) -> Role:
    """Decide a person's role: what the text says of them first; else, for someone who speaks
    as much as the principal speakers, a moderator when their turns ask the questions, else a
    candidate."""
    r = e.roles
    if r["chair"] and r["chair"] >= r["candidate"] + (_PARTY_WEIGHT if e.party else 0):
        return Role.CHAIR  # a candidate is never the chair: a party outweighs a chair word
    if r["candidate"] or e.party:
        return Role.CANDIDATE
    spoke = spoken(e, turns)
    principal = len(turns) >= _PRINCIPAL_MIN or (
        spoke >= _PRINCIPAL_MIN and spoke >= _PRINCIPAL_SHARE * speaking)
    for role, word in ((Role.REPORTER, "reporter"), (Role.AUDIENCE, "audience"),
                       (Role.OTHER, "other")):
        if r[word] and not (principal and spoke >= _OUTSPOKEN * r[word]):
            return role  # unless one stray word is outweighed by how much they speak
    if asks(turns, asking):
        return Role.CHAIR
    return Role.CANDIDATE if principal else Role.OTHER


def asks(turns: list[Turn], asking: float) -> bool:
    """Tell whether a speaker's turns ask the questions: the moderator's."""
    asks = sum(t.asks for t in turns) / max(len(turns), 1)
    return len(turns) >= _PRINCIPAL_MIN and (
        asks >= _ASKS or (asks >= _ASKS_OFTEN and asks >= _ASKS_MORE * asking))


def candidate_nouns(people: list[Person], lowercase: frozenset[str]) -> frozenset[str]:
    """Return the nouns the text calls its candidates by: the candidate words, and a noun that
    describes one of them ("Green leader Jane Doe") and all of them ("the seven leaders")."""
    heads = {d.split()[-1].lower() for p in people if p.role is Role.CANDIDATE
             for d in p.descriptors if d}
    return CANDIDATE_WORDS | {h for h in heads if f"{h}s" in lowercase}
