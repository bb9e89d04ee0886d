"""Sieves that read the document's structure: headings and lists, bylines of embedded posts,
turn labels, readers' comments, summaries, a candidate's own section, a table's rows."""

from __future__ import annotations

import re

from ingest.layout import Block
from ingest.layout.labels import ANSWER_LABELS, Label, field_of, names_someone, split_party
from ingest.layout.units import UnitKind
from ingest.lexicon import PRONOUNS, Role
from ingest.parties import is_party_phrase
from ingest.text import CAP
from ingest.understand.context import Context, Said
from ingest.understand.model import Person
from ingest.understand.sieves.saying import read_out_for, speech_subjects, subject_voice
from ingest.understand.voice import REPORTER, Voice, of

_STATED = 3  # words of a table cell that make its row a statement, not a roster line
_SAYS = 4  # words after a list item's label that make it a turn, not a roster line
_ECHO = 0.7  # share of a pull-quote's words a body sentence must hold to be what it repeats
_WORDS = re.compile(r"\w+")
_REPORTED = 2  # sentences with the owner as subject that make a section a report about them
_SIGNATURE = re.compile(r"^[—–-]\s*(?P<who>[^(@\n]{2,60}?)\s*\(@\w+\)")
# The header of an embedded post: "Jane Doe @janedoe · 19:38 · 16 Apr 2024".
_POST_HEADER = re.compile(rf"^[*_\s]*(?P<who>{CAP}[\w.'’\-]*(?:\s+{CAP}[\w.'’\-]*){{0,3}})[*_\s]+"
                          r"@\w{2,}\s*(?:[·•|]|$)")


class Structure:
    """Headings, lines of the list of candidates and lines that name whose section follows
    are the writer's, whatever they say."""

    name = "structure"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        block = said.block
        if block.heading:
            return REPORTER.by("heading", 1.0)
        if block.aside == "caption":
            return REPORTER.by("caption", 1.0)
        if _SIGNATURE.match(block.text) or _POST_HEADER.match(block.text):
            return REPORTER.by("byline", 1.0)
        if block.kind is UnitKind.ITEM and (block.listed or roster_row(block, said, ctx)) and not (
                says_something(block)):
            return REPORTER.by("roster", 1.0)
        if owner_line(block, ctx):
            return REPORTER.by("owner-line", 1.0)
        if field_of(block.label):
            return REPORTER.by("roster", 1.0)  # "Party: Green Party" in a header
        return None


class PullQuote:
    """A pull-quote repeats words of the body: it is said by whoever said them there."""

    name = "pull-quote"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        if said.block.aside != "pullquote":
            return None
        words = set(_WORDS.findall(said.text.lower()))
        best, overlap = None, 0.0
        for other in ctx.sentences:
            if other.block.aside or ctx.voices[other.index] is None:
                continue
            share = len(words & set(_WORDS.findall(other.text.lower()))) / max(len(words), 1)
            if share > overlap:
                best, overlap = ctx.voices[other.index], share
        if best is None or overlap < _ECHO:
            return None
        return best.by(self.name, min(best.confidence, 0.85))


class Signature:
    """An embedded post is its author's: "— Jane Doe (@janedoe) May 2, 2024" signs the text
    just before it; "Jane Doe @janedoe · 19:38" heads the text just after it."""

    name = "signature"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        blocks = ctx.layout.blocks
        n = said.block.index
        if said.block.heading:
            return None
        m = _SIGNATURE.match(blocks[n + 1].text) if n + 1 < len(blocks) else None
        by = n + 1
        if m is None and n > 0:
            m, by = _POST_HEADER.match(blocks[n - 1].text), n - 1
        if m is None:
            return None
        person = ctx.resolve(m.group("who"), said)
        if person:
            return of(person, self.name, 0.9)
        if any(e.label == "ORG" for e in ctx.parses[by].entities):
            return Voice(Role.OTHER, None, self.name, 0.9)
        return Voice(Role.AUDIENCE, None, self.name, 0.9)


class TurnLabel:
    """A turn label names who speaks: "NAME:", "Name (Party):", "PRESENTER:", "• AB – ..."."""

    name = "turn-label"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        label = said.block.label
        if label is None or field_of(label):
            return None
        if label.written.lower() in ANSWER_LABELS:  # "A: ..." under a candidate's header
            owner = owner_of(said.block, ctx)
            return of(owner, self.name, 0.9) if owner else None
        # "Q from the floor: ...? Doe says she would ...": Doe's, in a report; minutes' dash
        # lines report too ("JR – ... The chair read out X's statement")
        if (not ctx.layout.transcript or label.dash) and said.index != ctx.in_block(said).start \
                and reports_another(said, label, ctx):
            return None
        read_out = read_out_for(said, ctx)
        if read_out is not None and read_out is not ctx.resolve(label.written, said):
            return None  # a statement the speaker reads out for someone else: theirs
        initials = label.written.isupper() and " " not in label.written
        person = ctx.resolve(label.written, said) if label.role is None or initials else None
        if person is not None:  # "MC:" where the roster defines MC as someone's initials
            return of(person, self.name, 0.95)
        if label.role is not None:
            held = ctx.resolve(label.party, said) if label.party else None  # "CHAIR (JANE DOE):"
            if held is not None and held.role is label.role:
                return of(held, self.name, 0.95)
            return Voice(label.role, None, self.name, 0.95)
        if ctx.layout.transcript and names_someone(label) and not label.dash and (
                label.written.lower() not in ctx.cast.lowercase):  # "Apologies:" is no one
            # Someone the document never introduces speaks: not any candidate it names.
            return Voice(Role.OTHER, None, self.name, 0.6)
        return None


class Comments:
    """Under a heading of readers' comments, the text is the audience's."""

    name = "comments"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        return Voice(Role.AUDIENCE, None, self.name, 0.8) if said.block.comments else None


class Summary:
    """The items of the writer's summary ("Key points") are the writer's."""

    name = "summary"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        block = said.block
        if block.summary and block.kind is UnitKind.ITEM and owner_of(block, ctx) is None:
            return REPORTER.by(self.name, 0.8)
        return None


class SectionOwner:
    """A section headed by a candidate's name and written in their voice (survey answers) is
    theirs."""

    name = "section-owner"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        owner = owner_of(said.block, ctx)
        if owner is None or reports_on(owner, said, ctx):
            return None
        return of(owner, self.name, 0.85)


class SectionReport:
    """In a section about a candidate written in the writer's voice ("Mr Doe declared ..."),
    a sentence no other sieve decided is theirs when it speaks of them, else the writer's."""

    name = "section-report"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        owner = owner_of(said.block, ctx)
        if owner is None or not reports_on(owner, said, ctx):
            return None
        if owner in said.subjects or (owner in said.named and not said.subjects):
            return of(owner, self.name, 0.6)
        return None


def reports_on(owner: Person, said: Said, ctx: Context) -> bool:
    """Tell whether the section a sentence is in names its owner as the subject of its
    sentences: a report about them, not their own answers."""
    key = ("reports", said.block.section)
    if key not in ctx.memo:
        sentences = [s for s in ctx.sentences if s.block.section == said.block.section
                     and not s.block.heading]
        ctx.memo[key] = sum(owner in s.subjects for s in sentences) >= _REPORTED
    return bool(ctx.memo[key])


class TableCell:
    """A table row whose first cell names a person is that person's."""

    name = "table-cell"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        cells = said.block.cells
        person = ctx.resolve(cells[0], said) if cells else None
        if person is None:
            return None
        if not any(len(c.split()) >= _STATED and not is_party_phrase(c) for c in cells[1:]):
            return REPORTER.by("roster", 1.0)  # "| Jane Doe | Labour | Yes |": the roster
        return of(person, self.name, 0.85)


def owner_of(block: Block, ctx: Context) -> Person | None:
    """Return the candidate whose section a block is in (see `section_owners`)."""
    if ctx.owners is None:
        ctx.owners = section_owners(ctx)
    return ctx.owners.get(block.index)


def section_owners(ctx: Context) -> dict[int, Person | None]:
    """Return the candidate whose answers each block is, topic by topic.

    Under a topic's heading, headings or lines naming a candidate ("#### Jane Doe (Labour)",
    "**Jane Doe, Labour**") head the answers that follow them; where the topic opens with an
    answer and ends with such a line, they sign the answers before them instead. Where neither
    reading holds, they own nothing.
    """
    if fields := _name_fields(ctx):
        return fields
    owners: dict[int, Person | None] = {}
    topic: list[Block] = []
    for block in [*ctx.layout.blocks, None]:
        if block is not None and not (block.heading and block.section == block.text
                                      and not _names_candidate(block, ctx)):
            topic.append(block)
            continue
        owners.update(_owned(topic, ctx))
        topic = [block] if block is not None else []
    return owners


# A heading that puts a question: "Will you ...?", "2. Housing", "Q3: Buses".
_QUESTION_HEADING = re.compile(r"^(?:.*\?$|Q?\d{1,2}[.:)]\s)")


def _name_fields(ctx: Context) -> dict[int, Person | None]:
    """Return the owners a questionnaire's header fields give ("Name: Jane Doe", "Party: ..."):
    a header heads everything up to the next one, its questions too; never what comes before."""
    owners: dict[int, Person | None] = {}
    person: Person | None = None
    for block in ctx.layout.blocks:
        if field_of(block.label) == "name" and block.label is not None:
            person = candidate_named(block.label.rest, block, ctx)
            if person is None:
                return {}  # a header naming no candidate: not this kind of document
        elif block.heading and not _QUESTION_HEADING.match(block.text.strip()):
            person = None  # "Notes on the survey": the writer's again
        elif person is not None:
            owners[block.index] = person
    return owners


def _names_candidate(block: Block, ctx: Context) -> bool:
    return candidate_named(block.text, block, ctx) is not None


def _owned(topic: list[Block], ctx: Context) -> dict[int, Person | None]:
    lines = [b for b in topic if (b.heading and _names_candidate(b, ctx)) or owner_line(b, ctx)]
    content = [b for b in topic if b not in lines and not b.heading and not b.stage
               and not _speaker_label(b.label)]
    if not lines or not content:
        return {}
    at = {b.index: b for b in topic}
    answers = {b.index for b in content}
    # every line heads an answer right after it, or signs one right before it; else no one's
    leading = content[-1].index > lines[-1].index and all(
        _next_index(line.index, at, 1) in answers for line in lines)
    trailing = not leading and content[0].index < lines[0].index and all(
        _next_index(line.index, at, -1) in answers for line in lines)
    out: dict[int, Person | None] = {}
    for n, line in enumerate(lines):
        person = candidate_named(line.text, line, ctx)
        if leading:
            stop = lines[n + 1].index if n + 1 < len(lines) else None
            out.update({b.index: person for b in topic
                        if b.index > line.index and (stop is None or b.index < stop)})
        elif trailing:
            start = lines[n - 1].index if n else -1
            out.update({b.index: person for b in content if start < b.index < line.index})
    return out


def _speaker_label(label: Label | None) -> bool:
    """Tell whether a label names who speaks (a name, a role, a field), not an answer's own
    opening ("It is all three: ...") or an answer label ("A:")."""
    return label is not None and label.written.lower() not in ANSWER_LABELS and (
        names_someone(label) or label.role is not None or field_of(label) is not None)


def _next_index(index: int, at: dict[int, Block], step: int) -> int | None:
    """Return the index of the nearest block before or after one, skipping what stands
    between a name and its answer: stage directions, the question put, a header's fields."""
    n = index + step
    while n in at and (at[n].stage or field_of(at[n].label) or (
            at[n].label is not None and at[n].label.role is not None)):
        n += step
    return n if n in at else None


def reports_another(said: Said, label: Label, ctx: Context) -> bool:
    """Tell whether a sentence under a label names another speaker of its own ("Doe says")."""
    labelled = ctx.resolve(label.written, said)
    read_out = read_out_for(said, ctx)
    if read_out is not None and read_out is not labelled:
        return True  # "The chair read out X's statement: ..."
    for _verb, subject in speech_subjects(said):
        voice = subject_voice(said, subject, ctx) if subject.lower not in PRONOUNS else None
        return voice is not None and voice.person is not None and voice.person is not labelled
    return False


def says_something(block: Block) -> bool:
    """Tell whether a list item is a turn ("Jane Doe (Labour): would build ..."), not a roster
    line: its label is followed by what they said."""
    label = block.label
    return label is not None and not label.dash and len(label.rest.split()) >= _SAYS


def roster_row(block: Block, said: Said, ctx: Context) -> bool:
    """Tell whether a list item is a row of a table of candidates: "Jane Doe – Labour"."""
    label = block.label
    if label is None or not label.dash or ctx.resolve(label.written, said) is None:
        return False
    first = re.split(r"\s+[–—-]\s+", label.rest)[0]
    return is_party_phrase(first) and len(first.split()) <= 4


def owner_line(block: Block, ctx: Context) -> bool:
    """Tell whether a short line names the candidate whose answers follow: "**Name, Party**"."""
    key = ("owner-line", str(block.index))
    if key not in ctx.memo:
        ctx.memo[key] = _owner_line(block, ctx)
    return bool(ctx.memo[key])


def _owner_line(block: Block, ctx: Context) -> bool:
    if block.kind is not UnitKind.PARAGRAPH:
        return False
    if field_of(block.label) == "name" and block.label is not None:
        return candidate_named(block.label.rest, block, ctx) is not None
    text = block.text.strip("*_ ")
    if len(text.split()) > 8 or text[-1:] in ".!?:;,":
        return False
    return candidate_named(text, block, ctx) is not None


def candidate_named(text: str, block: Block, ctx: Context) -> Person | None:
    """Return the candidate a heading or line names ("Jane Doe (Labour)"), if any."""
    if field_of(block.label) == "name" and block.label is not None:
        text = block.label.rest
    name, _ = split_party(text.strip("*_ "))
    person = ctx.cast.resolve(name, near=ctx.near[block.index])
    return person if person is not None and person.role is Role.CANDIDATE else None
