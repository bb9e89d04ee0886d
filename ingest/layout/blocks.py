"""Split a document's text into headings, paragraphs and lists, keeping character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•+–]|\d{1,3}[.)])\s+")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*$")
_TERMINAL = ".!?:;,…"
_MAX_HEADING_CHARS = 90
# A question or exclamation that a capitalised sentence of three or more words follows.
_SENTENCES = re.compile(r"\w[?!]\s+[A-Z][^\s?!]*(?:\s+\S+){2,}")
_FUNCTION_WORDS = {"and", "or", "but", "the", "a", "an", "of", "to", "for", "with", "in", "on",
                   "by", "at", "from", "that", "as", "is", "was", "were", "are"}
_MAX_HEADING_WORDS = 12


class BlockKind(str, Enum):
    """The structural role of a block."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST = "list"


@dataclass(frozen=True)
class Line:
    """A line of the source, without its newline."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Block:
    """A heading, paragraph or list; items holds a list's entries (intro line excluded)."""

    kind: BlockKind
    text: str
    start: int
    end: int
    level: int = 0
    items: tuple[Line, ...] = ()
    marked: bool = False  # a heading the text marks as one ("## ...", "**...**", underlined)


def split_lines(text: str) -> list[Line]:
    """Return the lines of text with their start offsets."""
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append(Line(raw.rstrip(), pos))
        pos += len(raw) + 1
    return lines


def _strip_line(line: Line) -> Line:
    lead = len(line.text) - len(line.text.lstrip())
    return Line(line.text.strip(), line.start + lead)


def looks_like_heading(text: str) -> bool:
    """Tell whether a lone line reads like a heading: short, unpunctuated, not lowercase."""
    text = text.strip()
    if not text or len(text) > _MAX_HEADING_CHARS or text.rstrip("”’\"')]")[-1:] in _TERMINAL:
        return False  # a sentence, even one that ends in a closing quote
    if text.split()[-1].lower() in _FUNCTION_WORDS:  # "The debate was lively and" runs on
        return False
    if _SENTENCES.search(text):  # "You ready? I'm ready: pic.twitter.com/..." is two sentences
        return False
    first_word = text.split()[0]
    if len(text.split()) > _MAX_HEADING_WORDS or not (
            first_word[0].isdigit() or any(ch.isupper() for ch in first_word)):
        return False
    return any(ch.isalpha() for ch in text)


def _is_list_item(text: str) -> bool:
    return bool(text) and len(text) <= _MAX_HEADING_CHARS and text[-1] not in ".!?;:…"


def parse_blocks(text: str) -> list[Block]:
    """Parse text into blocks; the first line of a plain-text document becomes a heading."""
    lines = [_strip_line(line) for line in split_lines(text)]
    filled = [line for line in lines if line.text]
    blank = len(lines) - len(filled)
    # Blank-line separated documents may wrap paragraphs over several lines; documents without
    # blank lines put one paragraph on each line.
    joined = blank >= 0.2 * len(filled)
    width = _wrap_width([line.text for line in filled])
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.text:
            i += 1
            continue
        heading = _heading_of(lines, i)
        if heading is not None:
            block, i = heading
            blocks.append(block)
            continue
        if _BULLET.match(line.text) or (line.text.endswith(":") and _list_follows(lines, i + 1)):
            block, i = _read_list(lines, i)
            blocks.append(block)
            continue
        block, i = _read_paragraph(lines, i, joined, width)
        blocks.append(block)
    return _promote_headings(_attach_list_intros(blocks, text), text)


def _attach_list_intros(blocks: list[Block], text: str) -> list[Block]:
    """Join "... are:" to the bulleted list that follows it, across a blank line."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (block.kind is BlockKind.LIST and prev is not None and prev.kind is BlockKind.PARAGRAPH
                and text[prev.start:prev.end].rstrip().endswith(":") and block.items
                and _BULLET.match(text[block.start:block.items[0].start] + " ")):
            out[-1] = Block(BlockKind.LIST, "", prev.start, block.end, items=block.items)
            continue
        out.append(block)
    return out


def _heading_of(lines: list[Line], i: int) -> tuple[Block, int] | None:
    line = lines[i]
    if m := _MD_HEADING.match(line.text):
        off = line.text.index(m.group(2)) if m.group(2) else 0
        return Block(BlockKind.HEADING, m.group(2), line.start + off,
                     line.start + off + len(m.group(2)), level=len(m.group(1)),
                     marked=True), i + 1
    if m := _BOLD_LINE.match(line.text):
        inner = m.group(2).strip()
        if looks_like_heading(inner):
            off = line.text.index(inner)
            return Block(BlockKind.HEADING, inner, line.start + off,
                         line.start + off + len(inner), level=3, marked=True), i + 1
    if i + 1 < len(lines) and _SETEXT.match(lines[i + 1].text) and looks_like_heading(line.text):
        level = 1 if lines[i + 1].text.strip().startswith("=") else 2
        return Block(BlockKind.HEADING, line.text, line.start, line.end, level=level,
                     marked=True), i + 2
    return None


def _list_follows(lines: list[Line], i: int) -> bool:
    while i < len(lines) and not lines[i].text:
        i += 1
    if i >= len(lines):
        return False
    nxt = lines[i].text
    if _BULLET.match(nxt):
        return True
    # Two short unpunctuated lines in a row after "...:" are a list, not a heading and its text.
    following = lines[i + 1].text if i + 1 < len(lines) else ""
    return _is_list_item(nxt) and _is_list_item(following)


def _read_list(lines: list[Line], i: int) -> tuple[Block, int]:
    start = lines[i].start
    items: list[Line] = []
    intro = not _BULLET.match(lines[i].text)
    if intro:
        i += 1
    end = lines[i - 1].end if intro else start
    while i < len(lines):
        line = lines[i]
        if not line.text:
            # A blank line ends a plain list; a bulleted list may carry on after one.
            j = i
            while j < len(lines) and not lines[j].text:
                j += 1
            if j < len(lines) and _BULLET.match(lines[j].text) and (items or intro):
                i = j
                continue
            break
        if m := _BULLET.match(line.text):
            item = Line(line.text[m.end():], line.start + m.end())
        elif _is_list_item(line.text) and not line.text.endswith(":") and not _MD_HEADING.match(
                line.text):
            item = line
        else:
            break
        items.append(item)
        end = item.end
        i += 1
    return Block(BlockKind.LIST, "", start, end, items=tuple(items)), i


def _wrap_width(texts: list[str]) -> int | None:
    """Return the line width of hard-wrapped text (PDF, e-mail), or None for unwrapped text."""
    if len(texts) < 5:
        return None
    # Wrapped prose breaks lines mid-sentence: many lines go on in lowercase.
    runs_on = sum(1 for a, b in zip(texts, texts[1:]) if b[:1].islower() and a[-1:] not in ".!?:")
    if runs_on < 0.2 * len(texts):
        return None
    lengths = sorted(len(t) for t in texts)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    return width if width <= 120 else None


def _read_paragraph(lines: list[Line], i: int, joined: bool, width: int | None
                    ) -> tuple[Block, int]:
    first = lines[i]
    end = first.end
    i += 1
    nxt = lines[i].text if i < len(lines) else ""
    full_width = bool(width) and len(first.text) >= 0.7 * (width or 0)
    if looks_like_heading(first.text) and not nxt[:1].islower() and not full_width:
        return Block(BlockKind.PARAGRAPH, "", first.start, end), i
    if not joined:
        # Hard-wrapped text without blank lines: a full-width line runs on into the next.
        while (width and i < len(lines) and lines[i].text and len(lines[i - 1].text) >= 0.7 * width
               and not _MD_HEADING.match(lines[i].text) and not _BULLET.match(lines[i].text)
               and not (looks_like_heading(lines[i].text) and len(lines[i].text) < 0.5 * width)):
            end = lines[i].end
            i += 1
        return Block(BlockKind.PARAGRAPH, "", first.start, end), i
    while i < len(lines) and lines[i].text:
        if _MD_HEADING.match(lines[i].text) or _BULLET.match(lines[i].text):
            break
        end = lines[i].end
        i += 1
    return Block(BlockKind.PARAGRAPH, "", first.start, end), i


def _promote_headings(blocks: list[Block], text: str) -> list[Block]:
    """Make the document's first block its title when it is a short paragraph, not a sentence."""
    if blocks and blocks[0].kind is BlockKind.PARAGRAPH and blocks[0].end - blocks[0].start <= 200 \
            and not _ends_sentence(text[blocks[0].start:blocks[0].end]):
        first = blocks[0]
        blocks = [Block(BlockKind.HEADING, "", first.start, first.end, level=1), *blocks[1:]]
    return blocks


def _ends_sentence(body: str) -> bool:
    return body.rstrip().rstrip("”’\"')]")[-1:] in (".", "!", "?")


def fill_text(blocks: list[Block], text: str) -> list[Block]:
    """Fill each block's text from the source, and promote heading-like paragraphs."""
    filled: list[Block] = []
    for n, block in enumerate(blocks):
        body = block.text or text[block.start:block.end]
        kind, level = block.kind, block.level
        if kind is BlockKind.PARAGRAPH and "\n" not in body and looks_like_heading(body) and (
                n + 1 < len(blocks)) and blocks[n + 1].kind is not BlockKind.HEADING:
            kind, level = BlockKind.HEADING, 2
        filled.append(Block(kind, body, block.start, block.end, level, block.items,
                            block.marked))
    return filled


def structure(text: str) -> list[Block]:
    """Return the blocks of text with their texts filled in."""
    return fill_text(parse_blocks(text), text)
