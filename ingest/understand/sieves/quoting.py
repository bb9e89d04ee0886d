"""Sieves for quoted speech: the tag of the quotation a sentence lies in, a quotation running on
from the paragraph before, and a quotation a sentence ending in a colon introduces."""

from __future__ import annotations

import re

from ingest.layout.quotes import OPENING, inside
from ingest.lexicon import PRONOUNS, SPEECH_FORMS, Role
from ingest.text import CAP
from ingest.understand.clauses import subject_of
from ingest.understand.context import Context, Said
from ingest.understand.sieves.saying import resolve_pronoun, subject_voice
from ingest.understand.voice import Voice, of

QUOTED = 0.5  # a sentence at least this much inside quotation marks is quoted speech
_SUBSTANTIAL = 0.3  # a quotation that is this much of its sentence is what the sentence says
_WHO = rf"(?P<who>{CAP}[\w.'’\-]*(?:\s+{CAP}[\w.'’\-]*){{0,2}})"
_DASH_TAG = re.compile(rf"[”\"’]\s*[—–]\s*{_WHO}\s*$")
_DASH_LEAD = re.compile(rf"^[—–]\s*{_WHO}\b")
# Cues that come from the sentence's own words ("X said"): they tag the quotation around them.
TAGS = frozenset({"read-out", "according-to", "verb-of-saying", "pronoun", "quote-subject"})


class QuoteTag:
    """A quoted sentence is said by the speaker its quotation's tag names: the tag before it,
    after it, or inside it ("'We will,' she said. 'And soon.'")."""

    name = "quote-tag"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        if said.share < QUOTED:
            return None
        span = ctx.in_block(said)
        sentences, voices = ctx.sentences, ctx.voices
        if voice := dash_tag(said, ctx):
            return voice
        if said.index - 1 in span and (voice := trailing_tag(sentences[said.index - 1], ctx)):
            return voice.by(self.name, min(voice.confidence, 0.85))

        def tagged(j: int) -> bool:
            v = voices[j]
            return v is not None and v.cue in TAGS

        def joined(j: int) -> bool:  # sentence j's quotation goes on into sentence j + 1
            a, b = sentences[j], sentences[j + 1]
            return b.share > 0 and (b.text.lstrip()[:1] in OPENING or any(
                lo_ < a.hi and hi_ > b.lo for lo_, hi_ in said.block.quoted))

        lo = hi = said.index
        while lo - 1 >= span.start and joined(lo - 1) and not tagged(lo - 1):
            lo -= 1
        while hi + 1 < span.stop and joined(hi) and not tagged(hi):
            hi += 1
        for j in (hi, lo - 1, lo):
            if span.start <= j < span.stop and tagged(j):
                voice = voices[j]
                assert voice is not None
                return voice.by(self.name, min(voice.confidence, 0.85))
        return None


class QuoteSubject:
    """A quotation inside a sentence whose own words name who is speaking, with no verb of
    saying: "Roe is warier: it “could work in the centre”", "He went on: “...”"."""

    name = "quote-subject"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        if said.share < _SUBSTANTIAL or said.share >= 1.0:
            return None
        for t in said.outside_quotes():
            if t.dep not in ("nsubj", "nsubjpass") or inside(said.parsed.tokens[t.head].start,
                                                              said.block.quoted):
                continue
            if t.lower in PRONOUNS:
                voice = resolve_pronoun(said, t, ctx) if PRONOUNS[t.lower] else None
            else:
                voice = subject_voice(said, t, ctx)
            return voice.by(self.name, min(voice.confidence, 0.75)) if voice else None
        return None


def dash_tag(said: Said, ctx: Context) -> Voice | None:
    """Return who a quotation is signed by with a dash: "“We will.” —Roe"."""
    m = _DASH_TAG.search(said.text)
    j = said.index + 1
    if m is None and j in ctx.in_block(said):
        m = _DASH_LEAD.match(ctx.sentences[j].text)
    person = ctx.resolve(m.group("who"), said) if m else None
    return of(person, QuoteTag.name, 0.85) if person else None


def trailing_tag(said: Said, ctx: Context) -> Voice | None:
    """Return the speaker a sentence ending in a tag names: "..., to which Roe replied,"."""
    if said.text.rstrip()[-1:] not in ",:" or not said.tokens:
        return None
    tail = [t for t in said.tokens if t.end >= said.hi - 40]
    for verb in reversed(tail):
        if verb.lower in SPEECH_FORMS and (subject := subject_of(said.parsed, verb)):
            if subject.lower in PRONOUNS:
                return resolve_pronoun(said, subject, ctx) if PRONOUNS[subject.lower] else None
            return subject_voice(said, subject, ctx)
    return None


class QuoteRun:
    """A quotation still open at the end of a paragraph runs on into the next one; a paragraph
    that opens with a quotation mark goes on with the speaker just before it."""

    name = "quote-run"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        if said.share < QUOTED:
            return None
        before = ctx.previous_block(said)
        if before is None or before.heading:
            return None
        if not (before.open_end or said.block.starts_quoted):
            return None
        voice = ctx.last_voice_of(before)
        if voice is None or voice.cue in ("owner-line", "heading", "roster"):
            return None
        if voice.person is None and said.block.starts_quoted:
            # an untagged quotation after a paragraph that ends on someone ("Doe was the
            # first to address the meeting."): theirs
            last = ctx.sentences[ctx.by_block[before.index][-1]]
            if last.subjects and last.subjects[0].role is Role.CANDIDATE:
                return of(last.subjects[0], self.name, 0.6)
        return voice.by(self.name, min(voice.confidence, 0.7))


class ColonIntro:
    """A quotation right after a sentence of saying that ends in a colon is that speaker's:
    "Doe put it plainly: 'We will.'" """

    name = "colon-intro"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        j = said.index - 1
        if said.share <= 0 or j not in ctx.in_block(said):
            return None
        voice = ctx.voices[j]
        if voice is None or voice.cue not in TAGS or not ctx.sentences[j].text.rstrip().endswith(
                ":"):
            return None
        return voice.by(self.name, min(voice.confidence, 0.8))
