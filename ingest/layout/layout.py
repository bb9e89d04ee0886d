"""Lay a document out once: its units, their turn labels, lists, sections, tables and quotes.

Everything the cast and the attribution sieves need to know about the document's structure is
computed here, in one walk, and read by all of them; nothing below walks the text again with
state of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ingest.layout.blocks import looks_like_heading
from ingest.layout.labels import (
    Label,
    abbreviated_before,
    field_of,
    find_label,
    questions_spaced,
    role_word,
)
from ingest.layout.quotes import OPENING, Ranges, ends_open, quoted_ranges
from ingest.layout.units import Piece, Unit, UnitKind, is_roster_intro, sentences_of
from ingest.lexicon import COMMENTS_HEADING, NAME_PARTICLE, SUMMARY, Role
from ingest.text import CAP

# A line of stage direction in a transcript: "(APPLAUSE)", "[Laughter]", "(CROSSTALK)".
_DEFINED_INITIALS = re.compile(rf"\(\s*({CAP}{{2,4}})\s*[),]")
_FENCE = re.compile(r"^:::+\s*(\w*)\s*$")  # "::: pullquote" ... ":::" (loaders' convention)
_ANY_LABEL = re.compile(r"^(?P<label>[^:\n]{1,48}?)\s*:\s+(?=\S)")
_STAGE = re.compile(r"^(?:[(\[][A-Za-z ,.’'\-]{3,40}[)\]]\.?|\[?\d{1,2}:\d\d(?::\d\d)?\]?)$")
_AUTHOR_LINE = re.compile(r"\d{1,2}:\d\d|\b20\d\d\b|·|@")
# A label where a reflowed paragraph runs one turn into the next: "... a cost. JD: supported".
_INLINE = (r"(?:(?<=[.!?…”’\"')\]—–])|(?<=\.\.\.))[ \t]+(?={label}\s*:\s)|\n(?={label}\s*:\s)"
           r"|\n(?={label}[ \t]+[–—-][ \t])")  # minutes' lines: "RT – wants the library open"
# A role label that can start a turn inside a paragraph: "Follow-up from the floor (...):".
_ROLE_LABEL = rf"{CAP}[\w\-]*(?: [\w\-]+){{0,4}}(?: \([^()\n]{{1,80}}\))?"
_FULL_NAME = re.compile(rf"\b{CAP}[\w’'\-]+\s+(?:(?:{CAP}[\w’'\-]+|{NAME_PARTICLE})\s+)?"
                        rf"({CAP}[\w’'\-]+)\b")
# "Jane Doe", "Jane Ó Doe", not "RELATED NEWS"
_NAMED = re.compile(rf"\b{CAP}[a-zà-ÿ’'\-]+\s+(?:(?:{NAME_PARTICLE})\s+)?{CAP}[a-zà-ÿ’'\-]+")
_CAPITALS = 4  # words of a name in capitals that can label a turn inside a paragraph
_MISPRINT_MIN = 3  # uses elsewhere that make a label misprinted with a full stop still one
_TRANSCRIPT_SHARE = 0.3  # labelled turns among paragraphs that make a document a transcript
_LINE = 12  # words in a short line of a list
_FURNITURE = 3  # a short line repeated this often is page furniture


@dataclass(frozen=True)
class Block:
    """One unit of the document laid out: where it stands and what its structure says."""

    unit: Unit
    index: int
    label: Label | None = None  # the turn label it starts with
    heading: bool = False  # a heading (not a turn that looks like one)
    section: str | None = None  # the heading it falls under (the title is no section)
    heading_level: int = 0  # the level of that heading
    title: bool = False  # the document's title
    roster_intro: bool = False  # a line that introduces a list of the candidates ("Panel:")
    listed: bool = False  # an item of the list a roster intro introduces
    comments: bool = False  # under a heading of readers' comments
    aside: str | None = None  # set apart from the body: "pullquote", "box" or "caption"
    summary: bool = False  # the writer's summary ("Key points")
    stage: bool = False  # a stage direction: "(APPLAUSE)"
    cells: tuple[str, ...] = ()  # a table row's cells
    quoted: Ranges = ()  # ranges of the unit's text inside quotation marks
    open_end: bool = False  # a quotation still open at its end runs on into the next block
    pieces: tuple[Piece, ...] = ()  # its sentences

    @property
    def kind(self) -> UnitKind:
        return self.unit.kind

    @property
    def text(self) -> str:
        return self.unit.text

    @property
    def start(self) -> int:
        return self.unit.start

    @property
    def starts_quoted(self) -> bool:
        return self.unit.text.lstrip()[:1] in OPENING


@dataclass(frozen=True)
class Layout:
    """A document's blocks in order, and what holds for the whole document."""

    text: str
    blocks: tuple[Block, ...]
    transcript: bool  # most turns are labelled: an unlabelled paragraph goes on with its turn

    @property
    def units(self) -> tuple[Unit, ...]:
        return tuple(b.unit for b in self.blocks)


def lay_out(units: Sequence[Unit], text: str, *, turns: bool = False) -> Layout:
    """Return the layout of a document cut into units; `turns`: every paragraph is a turn
    "Label: text" whatever its label looks like (a meeting's transcript)."""
    used = used_labels(units)
    units = split_inline_labels(units, used)
    used = used_labels(units)  # a turn split out of a paragraph is as used as any other
    units, asides = _set_apart(units)
    repeated = _repeated_lines(units)
    spaced = questions_spaced((u.text for u in units if u.kind is UnitKind.PARAGRAPH),
                              _MISPRINT_MIN)
    blocks: list[Block] = []
    section: str | None = None
    level = 0
    titled = False
    comments = 0  # the level of the comments heading while in readers' comments
    summary = False
    roster_list = False
    colon_list = False  # the roster list follows a line that ends in a colon
    last_kind: UnitKind | None = None
    labelled = 0
    for n, unit in enumerate(units):
        item = unit.kind is UnitKind.ITEM
        label = find_label(unit.text, item=item, spaced=spaced) or _misprinted(unit.text, used) or (
            _any_label(unit.text) if turns else None)
        aside = asides[n]
        if unit.kind is UnitKind.HEADING and field_of(label):
            unit = replace(unit, kind=UnitKind.PARAGRAPH, level=0)  # "Name: Jane Doe"
        is_title = False
        furniture = unit.text.strip() in repeated
        if unit.kind is UnitKind.HEADING and (_STAGE.match(unit.text.strip()) or furniture):
            unit = replace(unit, kind=UnitKind.PARAGRAPH, level=0)  # "(APPLAUSE)" is no heading
        if colon_list and _list_line(unit) and (last_kind is UnitKind.ITEM or (
                n + 1 < len(units) and _list_line(units[n + 1]))):
            unit = replace(unit, kind=UnitKind.ITEM)  # under "Candidates:", a line is an item
            item = True
        if unit.kind is UnitKind.ITEM and unit.first_of_list and not roster_list and (
                unit.text.rstrip().endswith("?") or looks_like_heading(unit.text)) and (
                n + 1 == len(units) or units[n + 1].kind is not UnitKind.ITEM):
            unit = replace(unit, kind=UnitKind.HEADING, level=3)  # "7. Our pledges" alone
            item = False
        if unit.kind is UnitKind.HEADING and aside:
            unit = replace(unit, kind=UnitKind.PARAGRAPH, level=0)  # a box's own heading
        if unit.kind is UnitKind.HEADING and not _turn_like(label, unit, used):
            if comments and (unit.level > comments or _AUTHOR_LINE.search(unit.text)
                             or (unit.level == comments and len(unit.text.split()) <= 4)):
                pass  # a commenter's name and time: still the comments
            elif not titled and unit.level <= 1 and not labelled:
                titled = is_title = True  # the title names the event, not a section
            else:
                section, level = unit.text, unit.level
                comments = unit.level or 1 if COMMENTS_HEADING.search(unit.text) else 0
                summary = bool(SUMMARY.search(unit.text))
            roster_list, colon_list = is_roster_intro(unit), False
            blocks.append(Block(unit, n, None, True, section, level, title=is_title,
                                roster_intro=roster_list, comments=bool(comments),
                                summary=summary, pieces=tuple(sentences_of(unit))))
            last_kind = unit.kind
            continue
        intro = False
        if not item:
            roster_list = intro = is_roster_intro(unit)
            colon_list = intro and unit.text.rstrip("*_ ").endswith(":")
        elif unit.first_of_list and last_kind is UnitKind.ITEM:
            roster_list = False  # a second list after the roster: notes, not names
        last_kind = unit.kind
        if unit.kind is UnitKind.PARAGRAPH and SUMMARY.search(unit.text) and len(
                unit.text.split()) <= 12:
            summary = True  # "Here are the key points:" introduces the writer's summary
        labelled += bool(label and label.role is not Role.REPORTER)
        quoted = tuple(quoted_ranges(unit.text))
        blocks.append(Block(
            unit, n, label, False, section, level, roster_intro=intro, listed=item and roster_list,
            comments=bool(comments), summary=summary, aside=aside,
            stage=bool(_STAGE.match(unit.text.strip())) or furniture,
            cells=_cells(unit), quoted=quoted, open_end=ends_open(unit.text),
            pieces=tuple(sentences_of(unit))))
    paragraphs = sum(b.kind is not UnitKind.HEADING and not b.stage for b in blocks)
    transcript = turns or (labelled >= 4 and labelled >= _TRANSCRIPT_SHARE * max(paragraphs, 1))
    return Layout(text, tuple(blocks), transcript)


def _set_apart(units: Sequence[Unit]) -> tuple[list[Unit], list[str | None]]:
    """Drop the fence lines of text set apart from the body ("::: pullquote" ... ":::") and
    return, for each unit left, the kind of block it is set apart in (None: the body)."""
    kept: list[Unit] = []
    kinds: list[str | None] = []
    inside: str | None = None
    for unit in units:
        if m := _FENCE.match(unit.text.strip()):
            inside = m.group(1) or None
            continue
        kept.append(unit)
        kinds.append(inside)
    return kept, kinds


def _any_label(text: str) -> Label | None:
    """Return a turn's label in a meeting's transcript, written as the file has it."""
    m = _ANY_LABEL.match(text)
    if m is None:
        return None
    written = m.group("label").strip()
    return Label(written, None, role_word(written), m.end(), False, text[m.end():])


def _repeated_lines(units: Sequence[Unit]) -> frozenset[str]:
    """Return the short lines a page repeats word for word ("Continue reading the main story",
    "Advertisement"): page furniture that interrupts the text, not headings or speech."""
    counts = Counter(u.text.strip() for u in units if "\n" not in u.text and not u.marked
                     and len(u.text.split()) <= _LINE and not find_label(u.text, item=False)
                     and not _NAMED.search(u.text))  # "Jane Doe, Labour" heads each answer
    return frozenset(text for text, n in counts.items() if n >= _FURNITURE)


def _list_line(unit: Unit) -> bool:
    """Tell whether a paragraph is one short line with no sentence's end: a list's item."""
    text = unit.text.strip("*_ ")
    return (unit.kind is not UnitKind.ITEM and not unit.marked and "\n" not in text
            and len(text.split()) <= _LINE and text.rstrip("”’\"')]")[-1:] not in ".!?:;")


def _turn_like(label: Label | None, unit: Unit, used: Counter[str]) -> bool:
    """Tell whether a short line that looks like a heading is a turn ("DOE: — if I —")."""
    return label is not None and len(unit.text[label.end:].split()) >= 2 and (
        label.role is not None or label.party is not None or used[label.written] > 0)


def _cells(unit: Unit) -> tuple[str, ...]:
    if unit.kind is not UnitKind.ITEM or not unit.text.startswith("|"):
        return ()
    return tuple(c.strip() for c in unit.text.strip().strip("|").split("|"))


def used_labels(units: Sequence[Unit]) -> Counter[str]:
    """Return how often each turn label starts a paragraph or list item; initials the text
    defines for someone ("Jane Doe (JD), Labour") count once as a label too."""
    used = Counter(label.written for u in units if u.kind is not UnitKind.HEADING
                   and (label := find_label(u.text, item=u.kind is UnitKind.ITEM))
                   and not label.dash)
    for u in units:
        for initials in _DEFINED_INITIALS.findall(u.text):
            used[initials] += 0 if initials in used else 1
    return used


def split_inline_labels(units: Sequence[Unit], used: Counter[str]) -> list[Unit]:
    """Split paragraphs where a turn label the document uses elsewhere runs on mid-paragraph.

    PDF reflow and copied minutes join turns into one paragraph ("... a cost. JD: supported
    0.7%"). A label counts only when the document starts a unit with it at least once, so a
    colon in prose ("the reason: money") never splits.
    """
    known = sorted((w for w in used if _label_form(w)), key=len, reverse=True)
    surnames = _surnames(units)
    names = "|".join(map(re.escape, known))
    pattern = re.compile(_INLINE.format(label=f"(?:{names}|{_ROLE_LABEL})" if names
                                        else _ROLE_LABEL))
    out: list[Unit] = []
    for unit in units:
        if unit.kind is UnitKind.HEADING and not find_label(unit.text, item=False):
            out.append(unit)  # a heading, unless it is a short turn read as one
            continue
        cuts = [m.end() for m in pattern.finditer(unit.text) if m.end() > 0 and (
            _known_at(unit.text, m.end(), known, surnames))
            and not abbreviated_before(unit.text, m.end())]  # "MR. DOE:" is one label
        if not cuts:
            out.append(unit)
            continue
        bounds = [0, *cuts, len(unit.text)]
        for n, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
            piece = unit.text[lo:hi]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if piece:
                out.append(Unit(piece, unit.start + lo + lead, unit.kind, unit.level,
                                unit.first_of_list and n == 0))
    return out


def _misprinted(text: str, used: Counter[str]) -> Label | None:
    """Return a label the document uses elsewhere, written here with a full stop or a
    semicolon for its colon ("MR. DOE.  Thank you")."""
    for written in used:
        if used[written] >= _MISPRINT_MIN and text.startswith(written) and re.match(
                r"[.;]\s+(?=[A-Z“\"])", text[len(written):]):
            end = len(written) + re.match(r"[.;]\s+", text[len(written):]).end()
            return Label(written, None, None, end, False, text[end:])
    return None


def _known_at(text: str, at: int, known: list[str], surnames: frozenset[str]) -> bool:
    """Tell whether the label starting at a position is one the document uses, a role, a
    name in capitals ("YAR:", "MARISOL PRENDERGAST:"), a name with its party ("Jane Doe
    (Green):") or a surname the text writes after a first name elsewhere ("Doe:")."""
    label = find_label(text[at:], item=False)
    if label is None:
        return False
    words = label.written.split()
    return (label.written in known or label.role is not None or label.party is not None
            or (label.written.isupper() and len(words) <= _CAPITALS)
            or (1 <= len(words) <= 3 and words[-1] in surnames))


def _surnames(units: Sequence[Unit]) -> frozenset[str]:
    """Return the words the text writes last in a capitalised name of two or three words."""
    return frozenset(m.group(1) for u in units for m in _FULL_NAME.finditer(u.text))


def _label_form(written: str) -> bool:
    """Tell whether a label is written as labels are and prose is not: initials, capitals, or
    a short name ("Jane Doe"), not a word that could open a sentence."""
    words = written.split()
    return written.isupper() or (1 < len(words) <= 4 and all(w[:1].isupper() for w in words))
