"""Read a PDF as paragraphs in reading order: columns, tables, running heads and wraps undone.

A PDF has words at places on pages, not paragraphs. `ingest.read.pdf_layout` (pdfplumber) puts
a page's words into lines in reading order, columns one after another and tables whole. This
module rebuilds the text from the lines: lines repeated at the top or bottom of most pages
(running headers and footers) and page numbers are dropped; a line that runs to its column's
right margin goes on in the next one, across a column or page break too; a word hyphenated at
a line end is joined when both halves are lowercase; a line that starts with a label ("JD: ...")
after a line that ended a sentence starts a paragraph; bullets start list items; larger or bold
short lines are headings; tables become Markdown pipe tables, and "Key:  value" rows (a
programme's details) "Key: value" lines. The text records where each page starts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ingest.read.meta import (
    DocumentMeta,
    ReadText,
    SkipFile,
    clean_field,
    iso_date,
    pipe_table,
    printable_ratio,
    quiet,
)
from ingest.read.pdf_layout import Line, page_lines

# "3", "Page 3", "3 of 12", "- 3 -"; a bare number of four digits is a year, not a page
_PAGE_NUMBER = re.compile(r"^(?:page\s+\d{1,4}|\d{1,3})(?:\s*(?:of|/)\s*\d{1,4})?$"
                          r"|^[-–—]\s*\d{1,4}\s*[-–—]$", re.I)
_BULLET = re.compile(r"^([•●▪◦‣∙·*\-–])\s+")  # not "—": it signs a quote
# "JD:", "Ada Quill:", "Cllr Ada Quill (Lab):" at a line's start: a turn's label
_LABEL = re.compile(r"^[A-Z][^\s:]{0,24}(?:\s+[^\s:.!?]{1,24}){0,4}:\s")
_TERMINAL = ".!?:;”\"’)"
_EDGE_LINES = 3  # lines at the top and at the bottom of a page that may be running heads
_MAX_HEADING_WORDS = 12
_FUNCTION_WORDS = frozenset("and or but the a an of to for with in on by at from as".split())
MIN_PRINTABLE = 0.9


def read_pdf(path: Path) -> ReadText:
    """Extract a PDF's lines page by page and rebuild its paragraphs; metadata from its info."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with quiet("pdfminer"), pdfplumber.open(str(path)) as pdf:
            pages = [page_lines(page) for page in pdf.pages]
            info = pdf.metadata
    except Exception as exc:  # pdfminer raises many kinds of error on a broken file
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect):
            # Many PDFs are encrypted only against editing: they open with no password.
            raise SkipFile("encrypted PDF that needs a password; save an unprotected "
                           "copy") from None
        if isinstance(cause, PDFEncryptionError):
            raise SkipFile("encrypted PDF that cannot be opened here; save an unprotected "
                           "copy") from None
        raise SkipFile(f"corrupt or unreadable PDF ({type(cause).__name__})") from None
    text, starts = compose(pages)
    if printable_ratio(text) < MIN_PRINTABLE:
        raise SkipFile("PDF has no usable text layer")
    return ReadText(text, _meta(info), starts)


def _meta(info) -> DocumentMeta:
    if not info:
        return DocumentMeta()
    return DocumentMeta(title=clean_field(_decoded(info.get("Title"))),
                        author=clean_field(_decoded(info.get("Author"))),
                        description=clean_field(_decoded(info.get("Subject"))),
                        # the date a title names is the event's; the file's may be much later
                        date=iso_date(_decoded(info.get("Title")))
                        or _pdf_date(_decoded(info.get("CreationDate"))))


def _decoded(value: object) -> str | None:
    if isinstance(value, bytes):
        encoding = "utf-16" if value.startswith((b"\xfe\xff", b"\xff\xfe")) else "latin-1"
        return value.decode(encoding, errors="replace")
    return None if value is None else str(value)


def _pdf_date(value: object) -> str | None:
    """Read a PDF date ("D:20260224193000+00'00'") as yyyy-mm-dd."""
    match = re.match(r"D?:?(\d{4})(\d{2})(\d{2})", str(value or ""))
    return iso_date("-".join(match.groups())) if match else None


@dataclass
class _Block:
    """A heading, paragraph, list item or table being built, and the pages that start in it."""

    kind: str  # "heading", "para", "item", "table" (ruled), "cells" (rows without rules)
    lines: list[str]
    last: Line
    level: int = 0
    page_marks: list[tuple[int, int]] = field(default_factory=list)  # (page, line index)


def compose(pages: list[list[Line]]) -> tuple[str, tuple[int, ...]]:
    """Join the pages' lines into Markdown-flavoured text; return it and where pages start."""
    pages = strip_running_lines(pages)
    _widen_frames(pages)
    body = _body_size(pages)
    large = _large_headings(pages, body)
    levels = _heading_levels(pages, large)
    compounds = frozenset(re.findall(r"[a-z]+-[a-z]+", "\n".join(
        line.text for page in pages for line in page)))
    blocks: list[_Block] = []
    for number, page in enumerate(pages):
        for n, line in enumerate(page):
            prev = blocks[-1] if blocks else None
            kind = _kind(line, levels, large)
            more = _continuation(prev, line, kind) if prev is not None else None
            if prev is not None and more is not None:
                if kind == "table":
                    prev.lines[0] += more
                else:
                    prev.lines.append(more)
                prev.last = line
                if n == 0:
                    prev.page_marks.append((number, len(prev.lines) - 1))
                continue
            block = _Block(kind, _first_text(line, kind), line, levels.get(_size_key(line), 3))
            if n == 0:
                block.page_marks.append((number, 0))
            blocks.append(block)
    return _render(blocks, compounds, len(pages))


def _continuation(prev: _Block, line: Line, kind: str) -> str | None:
    """Return what a line adds to the block before it, or None when it starts a new block."""
    if prev.kind == "para" and (kind == "para" or (
            kind == "heading" and abs(line.size - prev.last.size) < 0.5)) and \
            _goes_on(prev, line):
        return line.text  # a bold line of the body's size may end a wrapped paragraph
    if prev.kind == "item" and kind == "para" and _item_goes_on(prev, line):
        return line.text
    if prev.kind == "para" and kind == "item" and _BULLET.sub("", line.text)[:1].islower() and \
            not prev.last.text.rstrip().endswith(":") and _goes_on(prev, line):
        return line.text  # a dash the text wrapped to a line's start: "... what - ultimately"
    if kind == prev.kind == "table" and line.table and \
            prev.lines[0].split("\x01")[0] == "\x00".join(line.table[0]):
        # a table broken over a column or a page, its header row repeated
        return "".join("\x01" + "\x00".join(row) for row in line.table[1:])
    if kind == prev.kind == "cells" and prev.last.frame == line.frame:
        return "\x00".join(line.cells)
    if prev.kind == "heading" and kind in ("heading", "para") and \
            _size_key(line) == _size_key(prev.last) and prev.last.frame == line.frame and \
            line.top - prev.last.bottom < 0.8 * line.size and _runs_on(prev.last, line):
        return line.text  # a heading wrapped over two lines
    return None


def _widen_frames(pages: list[list[Line]]) -> None:
    """Give the frames of one column layout one right margin, the widest any page shows.

    A page's own lines may all stop short of the margin (ragged text); the same column on
    another page tells where the margin is.
    """
    frames = {(round(line.left), round(line.right)) for page in pages for line in page}
    widest: dict[tuple[int, int], int] = {}
    for left, right in frames:
        slack = 0.1 * (right - left)
        widest[(left, right)] = max(r for lf, r in frames
                                    if abs(lf - left) <= 3 and right <= r <= right + slack)
    for page in pages:
        for line in page:
            line.right = max(line.right, widest[(round(line.left), round(line.right))])


def _runs_on(prev: Line, line: Line) -> bool:
    """Tell a heading's line that goes on in the next (a centred title's lines each stand)."""
    text = prev.text
    last = text.split()[-1].lower() if text.split() else ""
    return (line.text[:1].islower() or text[-1:] in ",–-&" or last in _FUNCTION_WORDS
            or text.count("(") > text.count(")") or _wrapped(prev, line))


def _kind(line: Line, levels: dict[float, int], large: set[int]) -> str:
    if line.table is not None:
        return "table"
    if line.cells:
        return "cells"
    if _BULLET.match(line.text):
        return "item"
    if _size_key(line) in levels and (id(line) in large or (
            line.bold and _heading_like(line.text, asked=True))):
        return "heading"
    return "para"


def _first_text(line: Line, kind: str) -> list[str]:
    if kind == "table":
        return ["\x01".join("\x00".join(row) for row in line.table or [])]
    if kind == "cells":
        return ["\x00".join(line.cells)]
    if kind == "item":
        return [_BULLET.sub("", line.text)]
    return [line.text]


def _goes_on(block: _Block, line: Line) -> bool:
    """Tell whether a line continues the paragraph before it."""
    prev = block.last
    if _LABEL.match(line.text) and _ends_sentence(prev.text):
        return False  # "JD: ..." after a full stop is the next speaker's turn
    if prev.text.endswith("-") and not prev.text.endswith(" -"):
        return True
    if not (_wrapped(prev, line) or _runs_into(prev, line)):
        return False
    if line.frame != prev.frame or line.top < prev.top:
        # a column or page break: goes on unless the line before ended a sentence and this
        # one reads as a heading (not one filled to the margin: a wrapped line of prose)
        return not (_ends_sentence(prev.text) and _heading_like(line.text) and not _full(line))
    if line.top - prev.bottom > 0.7 * max(prev.size, line.size):
        return False  # a blank line's space between them
    first_indent = line.x0 > prev.x0 + 0.8 * line.size
    hanging = line.x0 < prev.x0 - 0.8 * line.size and len(block.lines) > 1
    return not (first_indent or hanging)


def _item_goes_on(block: _Block, line: Line) -> bool:
    """Tell whether a line continues a list item: indented under its text, not a new item."""
    prev = block.last
    if line.frame != prev.frame or line.top < prev.top:
        return _full(prev) and not _ends_sentence(prev.text)
    if line.top - prev.bottom > 0.7 * line.size:
        return False
    return line.x0 > prev.left + 0.8 * line.size or (_full(prev) and not _ends_sentence(
        prev.text))


def _runs_into(prev: Line, line: Line) -> bool:
    """Tell a line that stops mid-sentence near the margin, the next going on in lowercase."""
    return (not _ends_sentence(prev.text) and prev.text[-1:] not in ":;" and
            line.text[:1].islower() and prev.x1 - prev.left >= 0.75 * (prev.right - prev.left))


def _full(line: Line) -> bool:
    """Tell a line that runs to its column's right margin (so it was wrapped there)."""
    width = line.right - line.left
    return line.x1 >= line.right - max(2.5 * line.size, 0.12 * width)


def _wrapped(prev: Line, line: Line) -> bool:
    """Tell a line cut at its column's margin: the next line's first word would not have fit
    after it (so ragged-right text too)."""
    return prev.x1 + 0.3 * prev.size + line.first_width > prev.right + 0.5


def _ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in ".!?”\"’)" and not text.rstrip().endswith(("Mr.", "Dr."))


def _heading_like(text: str, asked: bool = False) -> bool:
    """Tell a short line with no final punctuation that starts with a capital or a number.

    asked: a question set large or bold ("3. Will you fund more crossings?") heads too.
    """
    end = text.rstrip("”’\"')]")  # "Opening statements (two minutes each)" still heads
    question = asked and end.endswith("?")
    return (bool(end) and (question or end[-1] not in _TERMINAL + ",;") and
            len(text.split()) <= (2 * _MAX_HEADING_WORDS if question else _MAX_HEADING_WORDS)
            and (text[0].isupper() or text[0].isdigit()))


def _large_headings(pages: list[list[Line]], body: float) -> set[int]:
    """Return the ids of lines set larger than the body that make headings.

    A run of such lines of one size is a heading when, read whole, it is short and does not
    end a sentence with a full stop (a question may head); a standfirst set large is not.
    """
    found: set[int] = set()
    run: list[Line] = []
    for line in [*(line for page in pages for line in page), None]:
        if line is not None and line.table is None and not line.cells and \
                line.size >= body + 0.75 and (not run or (
                    _size_key(line) == _size_key(run[-1]) and line.frame == run[-1].frame)):
            run.append(line)
            continue
        if run:
            text = " ".join(item.text for item in run)
            end = text.rstrip("”’\"')]")
            if end and end[-1] not in ".;:," and len(text.split()) <= 2 * _MAX_HEADING_WORDS \
                    and (text[0].isupper() or text[0].isdigit()):
                found.update(id(item) for item in run)
        run = [line] if line is not None and line.size >= body + 0.75 and line.table is None \
            and not line.cells else []
    return found


def _size_key(line: Line) -> float:
    return round(line.size * 2) / 2 + (0.25 if line.bold else 0.0)


def _body_size(pages: list[list[Line]]) -> float:
    counts: Counter[float] = Counter()
    for page in pages:
        for line in page:
            if line.table is None:
                counts[round(line.size * 2) / 2] += len(line.text.split())
    return counts.most_common(1)[0][0] if counts else 10.0


def _heading_levels(pages: list[list[Line]], large: set[int]
                    ) -> dict[float, int]:
    """Rank the sizes of heading lines: larger than the body text, or bold at its size."""
    keys = {_size_key(line) for page in pages for line in page
            if id(line) in large or (line.table is None and not line.cells and line.bold
                                     and _heading_like(line.text, asked=True))}
    return {key: min(rank, 3) for rank, key in enumerate(sorted(keys, reverse=True), 1)}


def _render(blocks: list[_Block], compounds: frozenset[str], page_count: int
            ) -> tuple[str, tuple[int, ...]]:
    """Write the blocks as text, noting the offset where each page starts."""
    out: list[str] = []
    length = 0
    starts: dict[int, int] = {}
    prev_kind = ""
    for block in blocks:
        pieces, offsets = _block_text(block, compounds)
        if not pieces:
            continue
        sep = "" if not out else "\n" if block.kind == prev_kind == "item" else "\n\n"
        length += len(sep)
        for page, index in block.page_marks:
            starts.setdefault(page, length + offsets[min(index, len(offsets) - 1)])
        out.append(sep + pieces)
        length += len(pieces)
        prev_kind = block.kind
    text = "".join(out) + ("\n" if out else "")
    found = [starts.get(n) for n in range(page_count)]
    # a page with no text of its own starts where the next text does
    at, result = len(text), []
    for start in reversed(found):
        at = start if start is not None else at
        result.append(at)
    return text, tuple(sorted(result))


def _block_text(block: _Block, compounds: frozenset[str]) -> tuple[str, list[int]]:
    """Return a block's text and the offset in it of each of its lines."""
    if block.kind == "table":
        rows = [cells.split("\x00") for cells in block.lines[0].split("\x01")]
        return "\n".join(pipe_table(rows)), [0]
    if block.kind == "cells":
        rows = [line.split("\x00") for line in block.lines]
        if all(row[0].endswith(":") for row in rows):  # "Date:   Thursday": a programme
            return "\n".join(" ".join(c for c in row if c) for row in rows), [0] * len(rows)
        if len(rows) == 1:
            return " – ".join(c for c in rows[0] if c), [0]
        return "\n".join(pipe_table(rows)), [0] * len(rows)
    text, offsets = _join(block.lines, compounds)
    if block.kind == "heading":
        mark = "#" * block.level + " "
        return mark + text, [len(mark) + o for o in offsets]
    if block.kind == "item":
        return "- " + text, [2 + o for o in offsets]
    return text, offsets


def _join(lines: list[str], compounds: frozenset[str] = frozenset()) -> tuple[str, list[int]]:
    """Join wrapped lines with spaces; join a word hyphenated at a line end when lowercase.

    A compound the document writes with its hyphen elsewhere ("two-minute") keeps it.
    Returns the text and the offset of each line in it.
    """
    out, offsets = lines[0], [0]
    for line in lines[1:]:
        hyphen = re.search(r"([a-z]+)-$", out)
        if hyphen and line[:1].islower():
            right = re.match(r"[a-z]+", line)
            whole = f"{hyphen.group(1)}-{right.group(0) if right else ''}"
            out = out if whole in compounds else out[:-1]  # "commu-" + "nity"
        elif not (out.endswith("-") and not out.endswith(" -")):  # "Carew-" + "Hill" keeps it
            out += " "
        offsets.append(len(out))
        out += line
    return out, offsets


def strip_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop page numbers, and lines repeated at the top or bottom of most pages."""
    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", " ".join(line.text.split())).lower()

    edges = []
    for page in pages:
        order = sorted(range(len(page)), key=lambda i: page[i].top)
        texts = [i for i in order if page[i].table is None]
        edges.append(set(texts[:_EDGE_LINES] + texts[-_EDGE_LINES:]))
    counts = Counter(key(page[i]) for page, found in zip(pages, edges) for i in found)
    repeated = {k for k, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    out = []
    for page, found in zip(pages, edges):
        drop = {i for i in found if key(page[i]) in repeated or
                _PAGE_NUMBER.match(" ".join(page[i].text.split()))}
        out.append([line for i, line in enumerate(page) if i not in drop])
    return out
