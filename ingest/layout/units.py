"""Cut a document's text into units (headings, paragraphs, list items) and their sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ingest.index.chunking import split_long_sentence
from ingest.layout.blocks import BlockKind, structure
from ingest.layout.outline import outline
from ingest.lexicon import SPEECH_FORMS, SURNAME_LINKS, SURNAME_PARTICLES
from ingest.text import CAP, split_sentences

_KEY = re.compile(rf"^\s*[*_]*{CAP}[\w ’'()\-]{{0,40}}:[*_]*\s")
_ROSTER_INTRO = re.compile(r"\b(?:candidates|panel|panellists|attendees|standing|responded|"
                           r"replied|taking part|line-up|ballot)\b", re.I)
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")
# "..., to which Roe replied, “The ...": a verb of saying, a comma or colon, a quotation.
_TAGGED_QUOTE = re.compile(r"(?<=\w)\s(?P<verb>[a-z]+)[,:]\s+(?P<quote>[“\"‘])")
_CLAUSE = 4
_ENTITY = re.compile(r"&#?\w{2,8}$")


class UnitKind(str, Enum):
    """What a unit is in the document's structure."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"  # a list item or a table row


@dataclass(frozen=True)
class Unit:
    """A heading, paragraph or list item, with its offset into the document's text."""

    text: str
    start: int
    kind: UnitKind
    level: int = 0  # a heading's level
    first_of_list: bool = False
    marked: bool = False  # a heading the text marks as one, not a short line read as one

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Piece:
    """A sentence of a unit, with offsets into the document's text."""

    text: str
    start: int
    end: int


def cut_units(text: str) -> list[Unit]:
    """Return the document's units in order."""
    units: list[Unit] = []
    for block in outline(structure(text)):
        if block.kind is BlockKind.HEADING:
            heading = block.text.strip()
            at = text.find(heading, block.start)
            units.append(Unit(heading, at if at >= 0 else block.start, UnitKind.HEADING,
                              block.level, marked=block.marked))
        elif block.kind is BlockKind.LIST and block.items:
            head = text[block.start:block.items[0].start].strip()
            head = re.sub(r"\s*(?:[-*•+–]|\d{1,3}[.)])\s*$", "", head)
            if head:
                units.append(Unit(head, text.index(head, block.start), UnitKind.PARAGRAPH))
            for n, item in enumerate(block.items):
                # a blank line between items starts another list ("names:", then notes)
                fresh = n == 0 or "\n\n" in text[block.items[n - 1].end:item.start]
                if not _TABLE_RULE.match(item.text):
                    units.append(Unit(item.text, item.start, UnitKind.ITEM, first_of_list=fresh))
        elif _is_table(block.text):
            pos = block.start
            for line in block.text.split("\n"):
                at = text.find(line.strip(), pos)
                pos = max(pos, at)
                if line.strip() and not _TABLE_RULE.match(line.strip()):
                    units.append(Unit(line.strip(), at, UnitKind.ITEM))
        elif _labelled_lines(block.text):
            pos = block.start
            for line in block.text.split("\n"):
                if line.strip():
                    at = text.find(line.strip(), pos)
                    pos = at + len(line.strip())
                    units.append(Unit(line.strip(), at, UnitKind.PARAGRAPH))
        else:
            body = block.text
            lead = len(body) - len(body.lstrip())
            units.append(Unit(body.strip(), block.start + lead, UnitKind.PARAGRAPH))
    return [u for u in units if u.text]


def _labelled_lines(text: str) -> bool:
    """Tell whether a paragraph is lines of "Key: value" (a programme's details, say)."""
    lines = [line for line in text.split("\n") if line.strip()]
    return len(lines) >= 2 and sum(bool(_KEY.match(line)) for line in lines) >= 2


def _is_table(text: str) -> bool:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return len(lines) >= 2 and all(line.startswith("|") for line in lines)


def is_roster_intro(unit: Unit) -> bool:
    """Tell whether a heading or line introduces a list of the candidates ("Panel:")."""
    if not _ROSTER_INTRO.search(unit.text):
        return False
    return unit.kind is UnitKind.HEADING or unit.text.rstrip("*_ ").endswith(
        (":", "candidates", "panel"))


def sentences_of(unit: Unit) -> list[Piece]:
    """Split a unit into sentences (a heading or list item of one line stays whole)."""
    if unit.kind is UnitKind.HEADING:
        return [Piece(unit.text, unit.start, unit.end)]
    pieces: list[Piece] = []
    for s in split_sentences(unit.text, unit.start):
        for part in split_long_sentence(s):  # a page with no full stops is cut at words
            for piece in _at_semicolons(Piece(part.text, part.start, part.end)):
                pieces.extend(_at_quote_tags(piece))
    return pieces


def _at_quote_tags(piece: Piece) -> list[Piece]:
    """Split a sentence before a quotation its own tag introduces mid-sentence, so the quote
    can have another speaker than the sentence's start: "Doe attacked X, to which Roe
    replied, “...”"."""
    m = _TAGGED_QUOTE.search(piece.text)
    if m is None or m.group("verb").lower() not in SPEECH_FORMS:
        return [piece]
    left, right = piece.text[:m.start("quote")].rstrip(), piece.text[m.start("quote"):]
    if len(left.split()) < _CLAUSE or len(right.split()) < _CLAUSE or _names_only(
            left.split()[:-1]):
        return [piece]  # "Mr Ó Doe replied: “...”": the tag's speaker says the whole sentence
    at = piece.start + m.start("quote")
    return [Piece(left, piece.start, piece.start + len(left)), Piece(right, at, piece.end)]


def _names_only(words: list[str]) -> bool:
    """Tell whether words are a name and its title alone: capitalised, or a surname's particle."""
    return all(w[:1].isupper() or w.lower() in SURNAME_PARTICLES | SURNAME_LINKS for w in words)


def _at_semicolons(piece: Piece) -> list[Piece]:
    """Split a sentence at semicolons between clauses: "X claimed ...; the accounts show ..."."""
    out, lo = [], 0
    for m in re.finditer(r";\s+", piece.text):
        if _ENTITY.search(piece.text, 0, m.start()):
            continue  # the semicolon of "&amp;" written out
        left, right = piece.text[lo:m.start() + 1], piece.text[m.end():]
        if len(left.split()) >= 5 and len(right.split()) >= 5:
            out.append(Piece(left, piece.start + lo, piece.start + m.start() + 1))
            lo = m.end()
    out.append(Piece(piece.text[lo:], piece.start + lo, piece.end))
    return out
