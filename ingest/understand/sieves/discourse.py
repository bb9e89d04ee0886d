"""Sieves that carry a speaker on: a transcript's turn over its unlabelled paragraphs, a report
going on with what its speaker said, and the writer's narration for everything left."""

from __future__ import annotations

from ingest.layout.units import UnitKind
from ingest.lexicon import Role
from ingest.understand.context import Context, Said
from ingest.understand.sieves.quoting import QUOTED
from ingest.understand.sieves.saying import speech_subjects
from ingest.understand.voice import REPORTER, Voice

_THIRD_PERSON = frozenset({"he", "she", "his", "her", "him", "hers"})
_TURN_CUES = frozenset({"turn-label", "turn-continuation"})
_THE_ROOM = frozenset({"audience", "crowd", "applause", "laughter", "room", "hall", "boos",
                       "heckles", "heckled", "cheers", "cheered", "clapped", "gasps"})
_WRITER = frozenset({"i", "me", "my", "i’m", "i'm", "i’ve", "i've"})
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our", "you", "your", "i’m", "i'm"})
_MODALS = frozenset({"would", "will", "could", "should", "must", "might", "'d", "’d", "'ll",
                     "’ll", "wo"})


class TurnContinuation:
    """In a transcript, a paragraph with no label goes on with the turn before it."""

    name = "turn-continuation"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        block = said.block
        if not ctx.layout.transcript or block.label is not None or block.stage or (
                block.kind is not UnitKind.PARAGRAPH):
            return None
        before = ctx.previous_block(said)
        if before is None or before.heading or before.kind is not UnitKind.PARAGRAPH:
            return None
        voice = ctx.last_voice_of(before)
        if voice is None or voice.cue not in _TURN_CUES or voice.role is Role.REPORTER:
            return None
        if reports_someone(said, ctx) and not speaks_in_person(said, ctx):
            return None  # "Doe said ..." between turns, with no "I" or "you": narration
        return voice.by(self.name, min(voice.confidence, 0.75))


class Continuation:
    """A sentence goes on with its paragraph's speaker ("Doe said that X. The plan would ..."),
    unless it speaks of someone in the third person, of the room's reaction ("This drew
    applause"), or, after reported speech, in the writer's own "I"."""

    name = "continuation"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        j = said.index - 1
        if j not in ctx.in_block(said):
            return None
        voice = ctx.voices[j]
        if voice is None or voice.person is None:
            return None
        if about_someone(said, ctx) and not goes_on(said, voice, ctx):
            return None
        words = {t.lower for t in said.outside_quotes()}
        if words & _THE_ROOM:
            return None  # "This prompted applause from the audience.": the writer's
        if ctx.sentences[j].share < QUOTED and words & _WRITER and said.share < QUOTED:
            return None  # "Doe agreed. I heard no plan.": reported speech is not "I"
        return voice.by(self.name, min(voice.confidence, 0.7))


class Narration:
    """What no sieve gave to anyone is the writer's."""

    name = "narration"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        return REPORTER.by(self.name, 0.5)


def reports_someone(said: Said, ctx: Context) -> bool:
    """Tell whether a sentence reports what someone else said ("Doe said the plan ...")."""
    return any(s.lower not in _FIRST_PERSON for _, s in speech_subjects(said))


def speaks_in_person(said: Said, ctx: Context) -> bool:
    """Tell whether a paragraph speaks in the first or second person outside its quotation
    marks: someone speaking, not the writer's narration."""
    return any(t.lower in _FIRST_PERSON for s in ctx.in_block(said)
               for t in ctx.sentences[s].outside_quotes())


def goes_on(said: Said, voice: Voice, ctx: Context) -> bool:
    """Tell whether a sentence reports more of what the speaker before it said: its subject
    is a pronoun that fits them and its verb says what they would do ("He would review ...")."""
    person = voice.person
    for t in said.tokens:
        if t.dep in ("nsubj", "nsubjpass"):
            head = said.parsed.tokens[t.head]
            modal = any(c.dep == "aux" and c.lower in _MODALS for c in said.parsed.children(head))
            return (t.lower in ("he", "she") and person is not None
                    and ctx.gender_fits(person, t.lower) and modal
                    and not any(p is not person for p in said.named))
    return False


def about_someone(said: Said, ctx: Context) -> bool:
    """Tell whether a sentence speaks of a candidate or the chair in the third person."""
    for t in said.tokens:
        if t.lower in _THIRD_PERSON:
            return True
        if t.text[:1].isupper() and t.i and (person := ctx.person_at(t, said)) and (
                person.role in (Role.CANDIDATE, Role.CHAIR)):
            return True
    return False
