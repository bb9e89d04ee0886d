"""Sieves for quoted speech: the tag of the quotation a sentence lies in, a quotation running on
from the paragraph before, and a quotation a sentence ending in a colon introduces."""

from __future__ import annotations

from ingest.understand.context import Context, Said
from ingest.understand.voice import Voice

QUOTED = 0.5  # a sentence at least this much inside quotation marks is quoted speech
# Cues that come from the sentence's own words ("X said"): they tag the quotation around them.
TAGS = frozenset({"read-out", "according-to", "verb-of-saying", "pronoun"})


class QuoteTag:
    """A quoted sentence is said by the speaker its quotation's tag names: the tag before it,
    after it, or inside it ("'We will,' she said. 'And soon.'")."""

    name = "quote-tag"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        if said.share < QUOTED:
            return None
        span = ctx.in_block(said)
        sentences, voices = ctx.sentences, ctx.voices

        def tagged(j: int) -> bool:
            v = voices[j]
            return v is not None and v.cue in TAGS

        lo = hi = said.index
        while lo - 1 >= span.start and sentences[lo - 1].share > 0 and not tagged(lo - 1):
            lo -= 1
        while hi + 1 < span.stop and sentences[hi + 1].share > 0 and not tagged(hi):
            hi += 1
        for j in (hi, lo - 1, lo):
            if span.start <= j < span.stop and tagged(j):
                voice = voices[j]
                assert voice is not None
                return voice.by(self.name, min(voice.confidence, 0.85))
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
