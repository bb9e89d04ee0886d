"""Attribute every sentence to a person, a role, or the writer: the sieves, in order.

Blocks are read in order; within a block each sieve in turn decides the sentences the sieves
before it left open (so a quotation can take the tag that follows it), and a block's decisions
are final before the next block reads them (a turn or a quotation running on). A candidate is
given a sentence only when the sieve that decided it is confident; otherwise the sentence is the
writer's, marked with the cue that was not sure enough: a missed line costs less than a wrong
one.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.layout import Layout
from ingest.lexicon import Role
from ingest.understand.cast import Cast
from ingest.understand.context import Context, Said
from ingest.understand.model import Sentence
from ingest.understand.nlp import Parsed
from ingest.understand.sieves import ORDER, sieves
from ingest.understand.voice import CONFIDENT, REPORTER, Voice

_HEADING_CUES = frozenset({"heading", "owner-line"})


def attribute(layout: Layout, parses: Sequence[Parsed], cast: Cast, order: str = ORDER
              ) -> list[Sentence]:
    """Return every sentence of the layout with its speaker or role, cue and confidence."""
    ctx = Context(layout, parses, cast)
    chain = sieves(order)
    # a pull-quote repeats the body's words: read it once the body has been read
    for block in sorted(layout.blocks, key=lambda b: b.aside == "pullquote"):
        span = ctx.by_block[block.index]
        for sieve in chain:
            for i in span:
                if ctx.voices[i] is None:
                    ctx.voices[i] = sieve.decide(ctx.sentences[i], ctx)
    return [_sentence(said, ctx.voices[said.index] or REPORTER, ctx) for said in ctx.sentences]


def _sentence(said: Said, voice: Voice, ctx: Context) -> Sentence:
    if voice.person is not None and voice.role is Role.CANDIDATE and voice.confidence < CONFIDENT:
        voice = Voice(Role.REPORTER, None, voice.cue, voice.confidence)  # not sure enough
    block = said.block
    roster = voice.cue == "roster" or (block.roster_intro and block.text.rstrip("*_ ").endswith(
        ":")) or (voice.role is Role.REPORTER and _lists_candidates(said, ctx))
    return Sentence(said.text, said.piece.start, said.piece.end, voice.name, voice.role,
                    block.section, heading=voice.cue in _HEADING_CUES, roster=roster,
                    cue=voice.cue, confidence=voice.confidence)


def _lists_candidates(said: Said, ctx: Context) -> bool:
    """Tell whether narration lists the candidates with their parties ("Taking part were
    A (Labour), B (Green) and C (Independent)")."""
    named = {p.name for p in ctx.cast.people if p.role is Role.CANDIDATE and p.party
             and p.name in said.text}
    return len(named) >= 2 and said.text.count("(") >= 2
