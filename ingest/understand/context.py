"""What the sieves read: each sentence's facts (its block, tokens, quotes, the people it names)
and the decisions made so far."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ingest.layout import Block, Layout
from ingest.layout.quotes import inside, share
from ingest.layout.units import Piece
from ingest.lexicon import PRONOUNS, SPEECH_FORMS, Role
from ingest.understand.cast import Cast
from ingest.understand.model import Person
from ingest.understand.names import name_at
from ingest.understand.nlp import Parsed, Token
from ingest.understand.voice import Voice

_RECENT = 8  # how far back (people) a pronoun may reach


@dataclass(frozen=True)
class Said:
    """One sentence of the document with the facts every sieve may read."""

    index: int
    block: Block
    piece: Piece
    parsed: Parsed  # the parse of the sentence's block
    lo: int  # the sentence's offsets within its block's text
    hi: int
    tokens: tuple[Token, ...]
    share: float  # how much of it lies inside quotation marks, 0 to 1
    subjects: tuple[Person, ...]  # the people it is about (its subjects), in order
    named: tuple[Person, ...]  # everyone it names, in order

    @property
    def text(self) -> str:
        return self.piece.text

    def outside_quotes(self) -> list[Token]:
        """Return the tokens of the sentence that are not quoted speech."""
        return [t for t in self.tokens if not inside(t.start, self.block.quoted)]


class Context:
    """The document being attributed: its sentences, cast, and the voices decided so far."""

    def __init__(self, layout: Layout, parses: Sequence[Parsed], cast: Cast) -> None:
        self.layout = layout
        self.cast = cast
        self.parses = parses
        self.sentences: list[Said] = []
        self.by_block: list[range] = []
        for block, parsed in zip(layout.blocks, parses):
            near = self.named_in(parsed)
            first = len(self.sentences)
            for piece in block.pieces:
                lo, hi = piece.start - block.start, piece.end - block.start
                tokens = tuple(t for t in parsed.tokens if lo <= t.start < hi)
                subjects, named = self._people(parsed, tokens, lo, hi, near)
                self.sentences.append(Said(
                    len(self.sentences), block, piece, parsed, lo, hi, tokens,
                    share(lo, hi, block.quoted), subjects, named))
            self.by_block.append(range(first, len(self.sentences)))
        self.voices: list[Voice | None] = [None] * len(self.sentences)
        self.owners: dict[int, Person | None] | None = None  # whose section each block is in
        self.memo: dict[tuple[str, str | None], object] = {}  # what sieves compute once
        self.near: list[tuple[Person, ...]] = [self.named_in(p) for p in parses]
        self._learn_genders()

    def named_in(self, parsed: Parsed) -> tuple[Person, ...]:
        """Return the people a block names in full (a full name is never ambiguous)."""
        found = []
        for e in parsed.entities:
            if e.label == "PERSON" and len(e.text.split()) > 1 and (
                    person := self.cast.resolve(e.text)):
                found.append(person)
        return tuple(found)

    def resolve(self, written: str, said: Said) -> Person | None:
        """Return the person a written name means, in the block where it is written."""
        return self.cast.resolve(written, near=self.near[said.block.index])

    def person_at(self, token: Token, said: Said) -> Person | None:
        """Return the person a capitalised word names, read with the words it is written
        with ("Carew-Hill" is three tokens; "Jane Doe" two)."""
        return self.cast.resolve(name_at(said.parsed, token), near=self.near[said.block.index])

    def _people(self, parsed: Parsed, tokens: tuple[Token, ...], lo: int, hi: int,
                near: tuple[Person, ...]) -> tuple[tuple[Person, ...], tuple[Person, ...]]:
        """Return the people a sentence is about (its subjects; else the one it names last)
        and everyone it names."""
        people = [e for e in parsed.entities if e.label == "PERSON" and lo <= e.start < hi]
        found = [(e.start, p) for e in people if (p := self.cast.resolve(e.text, near=near))]
        for t in tokens:  # names the tagger missed: "has anyone seen Jane Doe lately?"
            if t.text[:1].isupper() and t.pos == "PROPN" and not any(
                    e.first <= t.i <= e.last for e in people) and (
                    p := self.cast.resolve(name_at(parsed, t), near=near)):
                found.append((t.start, p))
        named = [p for _, p in sorted(found, key=lambda f: f[0])]
        subjects: list[Person] = []
        for t in tokens:
            if t.dep not in ("nsubj", "nsubjpass"):
                continue
            written = next((e.text for e in people if e.first <= t.i <= e.last),
                           name_at(parsed, t) if t.text[:1].isupper() else "")
            if written and (person := self.cast.resolve(written, near=near)):
                subjects.append(person)
        if not subjects and named:
            subjects = named[-1:]  # "The next question came from Jane Doe": she is who "she" is
        return tuple(subjects), tuple(named)

    def _learn_genders(self) -> None:
        """Learn the gender of people the text names without a title from the pronoun that
        follows them as subject ("Doe said she would"), by majority over the document."""
        votes: dict[str, Counter[str]] = {}
        for said in self.sentences:
            for k, t in enumerate(said.tokens):
                if t.dep not in ("nsubj", "nsubjpass") or not t.text[:1].isupper():
                    continue
                person = self.person_at(t, said)  # "O'Neill-Ross" is several tokens
                if person is None or self.cast.gender(person.name):
                    continue
                later = next((x for x in said.tokens[k + 1:] if PRONOUNS.get(x.lower)), None)
                if later is not None:
                    votes.setdefault(person.name, Counter())[PRONOUNS[later.lower] or ""] += 1
        for name, counts in votes.items():
            self.cast.genders[name] = counts.most_common(1)[0][0] or None

    # decisions

    def voice(self, i: int) -> Voice | None:
        return self.voices[i] if 0 <= i < len(self.voices) else None

    def in_block(self, said: Said) -> range:
        return self.by_block[said.block.index]

    def previous_block(self, said: Said) -> Block | None:
        """Return the block before the sentence's, skipping stage directions; text set apart
        (a box, a caption) goes on from nothing in the body, nor the body from it."""
        n = said.block.index - 1
        while n >= 0 and self.layout.blocks[n].stage:
            n -= 1
        if n < 0 or self.layout.blocks[n].aside != said.block.aside:
            return None
        return self.layout.blocks[n]

    def last_voice_of(self, block: Block) -> Voice | None:
        span = self.by_block[block.index]
        return self.voices[span[-1]] if len(span) else None

    def recent(self, said: Said, before: int | None = None) -> Iterator[Person | Voice | None]:
        """Yield who was spoken of or speaking before a point, most recent first.

        A person is yielded for each subject and each decided speaker; an unnamed voice (a
        caller, the chair) is yielded as a Voice where it spoke; None for a named subject the
        cast does not know ("Jo Street argued ..." when the reader missed him): whoever comes
        before is no longer the likeliest referent. `before` is a position in the sentence's
        block text: subjects before it in the sentence itself count too.
        """
        if before is not None:
            at = [t for t in said.tokens if t.start < before and t.dep in ("nsubj", "nsubjpass")]
            for t in reversed(at):
                person = self.person_at(t, said) if t.text[:1].isupper() else None
                if person is None:  # "The PPC candidate, Jane Doe, was cut off when she ..."
                    span = [x for x in said.parsed.subtree(t) if x.start < before]
                    person = next((p for x in span if x.text[:1].isupper()
                                   and (p := self.person_at(x, said))), None)
                if person:
                    yield person
        seen = 0
        for j in range(said.index - 1, -1, -1):
            voice = self.voices[j]
            if voice is not None and voice.person is not None:
                yield voice.person
                seen += 1
            elif voice is not None and voice.cue == "verb-of-saying" and voice.role in (
                    Role.AUDIENCE, Role.CHAIR):
                yield voice
            for person in reversed(self.sentences[j].subjects):
                yield person
                seen += 1
            if not self.sentences[j].subjects and self._stranger_subject(self.sentences[j]):
                yield None
            if seen >= _RECENT:
                return

    def _stranger_subject(self, said: Said) -> bool:
        """Tell whether a sentence's subject is a name the cast does not know, a person's or
        one that speaks ("Oscar Street argued")."""
        tokens = said.parsed.tokens
        return any(t.dep in ("nsubj", "nsubjpass") and t.pos == "PROPN" and (
            t.ent == "PERSON" or tokens[t.head].lower in SPEECH_FORMS)
            and self.person_at(t, said) is None for t in said.tokens)

    def gender_fits(self, person: Person, pronoun: str) -> bool:
        gender = PRONOUNS.get(pronoun)
        return gender is None or self.cast.gender(person.name) in (None, gender)
