"""Attribution sieves: each decides who said a sentence from one kind of evidence.

After the two-stage sieves of Stanford CoreNLP's quote attribution (Muzny et al., 2017): every
sieve is one class with one method, `decide`, that returns a Voice or None; a sieve only sees the
sentences earlier sieves left open, and stamps its name (the cue) on what it decides. The order
is configuration (ORDER): the strongest evidence first.
"""

from __future__ import annotations

from typing import ClassVar, Protocol

from ingest.understand.context import Context, Said
from ingest.understand.sieves.discourse import Continuation, Narration, TurnContinuation
from ingest.understand.sieves.quoting import ColonIntro, QuoteRun, QuoteSubject, QuoteTag
from ingest.understand.sieves.saying import AccordingTo, Pronoun, ReadOut, VerbOfSaying
from ingest.understand.sieves.structure import (
    Comments,
    PullQuote,
    SectionOwner,
    SectionReport,
    Signature,
    Structure,
    Summary,
    TableCell,
    TurnLabel,
)
from ingest.understand.voice import Voice


class Sieve(Protocol):
    """Decide who said a sentence from one kind of evidence, or leave it open (None)."""

    name: ClassVar[str]

    def decide(self, said: Said, ctx: Context) -> Voice | None: ...


SIEVES: dict[str, type[Sieve]] = {s.name: s for s in (
    Structure, PullQuote, Signature, TurnLabel, Comments, Summary, SectionOwner, TableCell,
    TurnContinuation, ReadOut, AccordingTo, VerbOfSaying, Pronoun, QuoteSubject, QuoteTag,
    QuoteRun, ColonIntro, SectionReport, Continuation, Narration)}

# The order sieves run in, strongest evidence first; every name is a cue in the reading.
ORDER = ("structure pull-quote turn-label comments summary section-owner table-cell "
         "turn-continuation read-out according-to verb-of-saying pronoun quote-subject "
         "quote-tag quote-run colon-intro signature continuation section-report narration")


def sieves(order: str = ORDER) -> list[Sieve]:
    """Return the sieves named in order; raise KeyError naming an unknown one."""
    return [SIEVES[name]() for name in order.split()]


__all__ = ["ORDER", "SIEVES", "Sieve", "sieves"]
