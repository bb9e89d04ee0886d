"""Read a PDF's text layer as paragraphs: running heads, page numbers and line wraps undone.

A PDF has lines, not paragraphs. pypdf's layout mode keeps each line's indentation and the
gaps between blocks, from which this module rebuilds the reading text: lines repeated at the
top or bottom of most pages (running headers and footers) and page numbers are dropped; a
line that runs to the right margin continues on the next one, across a page break too; a
word hyphenated at a line end is joined when both halves are lowercase; bullets start list
items; rows of cells separated by wide gaps become "- cell – cell" list lines.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ingest.read.meta import (
    DocumentMeta,
    ReadText,
    SkipFile,
    clean_field,
    iso_date,
    layout,
    printable_ratio,
    quiet,
)

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
                          r"|^[-–—]\s*\d{1,4}\s*[-–—]$", re.I)
_BULLET = re.compile(r"^([•●▪◦‣∙·*\-–—])\s+")
_CELL_GAP = re.compile(r"\S(\s{4,})\S")
_TERMINAL = ".!?:;”\"’)"
_EDGE_LINES = 4  # lines at the top and at the bottom of a page that may be running heads
_MIN_FULL = 0.75  # a line this share of the usual width or longer was wrapped at the margin
_MAX_HEADING_WORDS = 12
MIN_PRINTABLE = 0.9


def read_pdf(path: Path) -> ReadText:
    """Extract a PDF's text page by page and rebuild its paragraphs; metadata from its info."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        with quiet("pypdf"):
            reader = PdfReader(str(path))
            if reader.is_encrypted and not reader.decrypt(""):
                # Many PDFs are encrypted only against editing: they open with no password.
                raise SkipFile("encrypted PDF that needs a password; save an unprotected copy")
            pages = [_page_lines(page) for page in reader.pages]
            info = reader.metadata
    except SkipFile:
        raise
    except DependencyError:
        raise SkipFile("encrypted PDF (AES) that cannot be opened here; save an unprotected "
                       "copy") from None
    except Exception as exc:  # pypdf raises many kinds of error on a broken file
        raise SkipFile(f"corrupt or unreadable PDF ({type(exc).__name__})") from None
    text = pdf_lines_to_text(pages)
    if printable_ratio(text) < MIN_PRINTABLE:
        raise SkipFile("PDF has no usable text layer")
    return ReadText(text, _meta(info))


def _page_lines(page) -> list[str]:
    """Return a page's lines with their indentation; plain extraction if layout mode fails."""
    try:
        text = page.extract_text(extraction_mode="layout")
    except Exception:  # layout mode is newer and stricter about odd fonts
        text = page.extract_text()
    return [line.rstrip() for line in (text or "").split("\n")]


def _meta(info) -> DocumentMeta:
    if not info:
        return DocumentMeta()
    return DocumentMeta(title=clean_field(info.get("/Title")),
                        author=clean_field(info.get("/Author")),
                        description=clean_field(info.get("/Subject")),
                        # the date a title names is the event's; the file's may be much later
                        date=iso_date(info.get("/Title")) or _pdf_date(info.get("/CreationDate")))


def _pdf_date(value: object) -> str | None:
    """Read a PDF date ("D:20260224193000+00'00'") as yyyy-mm-dd."""
    match = re.match(r"D?:?(\d{4})(\d{2})(\d{2})", str(value or ""))
    return iso_date("-".join(match.groups())) if match else None


def pdf_lines_to_text(pages: list[list[str]]) -> str:
    """Join the pages' lines into Markdown-flavoured paragraphs, list items and rows."""
    pages = strip_running_lines(pages)
    lines = [line for page in pages for line in _trim_blank(page)]
    compounds = frozenset(re.findall(r"[a-z]+-[a-z]+", "\n".join(lines)))
    widths = sorted(len(line.strip()) for line in lines if line.strip() and not _cells(line))
    width = widths[round(0.9 * (len(widths) - 1))] if widths else 0
    blocks: list[str] = []
    current: list[str] = []  # the lines of the block being read
    kind = ""  # "para", "item", "row", or "" when no block is open
    indent = 0  # where an item's text starts, so that its continuation lines can be told
    prev, prev_lead = "", 0
    for line in lines:
        text = line.strip()
        if not text:
            # an item goes on over a gap only from a line cut mid-sentence at the margin
            if kind == "para" or (kind == "item" and not (
                    len(prev) >= _MIN_FULL * width and prev[-1] not in ".!?:")):
                blocks.append(_join(current, compounds))
                current, kind = [], ""
            continue
        cells = _cells(line)
        lead = len(line) - len(line.lstrip())
        bullet = _BULLET.match(text)
        if cells or bullet or kind in ("", "row"):
            new_block = True
        elif kind == "item":
            new_block = lead < indent - 1 or not (wraps(prev, text, width) or lead > 1)
        else:  # a paragraph goes on at its own indentation (a first line may be indented more)
            new_block = not wraps(prev, text, width) or lead > prev_lead or (
                lead < prev_lead and len(current) > 1)
        if new_block and current:
            blocks.append(_join(current, compounds) if kind != "row" else current[0])
            current = []
        if cells:
            current, kind = ["- " + " – ".join(cells)], "row"
        elif bullet:
            current, kind = ["- " + text[bullet.end():]], "item"
            indent = lead + bullet.end()
        elif new_block:
            current, kind = [text], "para"
        else:
            current.append(text)
        prev, prev_lead = text, lead
    if current:
        blocks.append(_join(current, compounds) if kind != "row" else current[0])
    return layout(blocks)


def wraps(prev: str, text: str, width: int) -> bool:
    """Tell whether a line goes on from the line before: that one ran to the right margin.

    A full line ending a sentence still wraps, unless the next line reads as a heading.
    """
    if not prev:
        return False
    if prev.endswith("-") and not prev.endswith(" -"):
        return True
    if len(prev) < _MIN_FULL * width:
        return False
    return prev[-1] not in ".!?:" or not _heading_like(text, width)


def _heading_like(text: str, width: int) -> bool:
    """Tell a short line with no final punctuation that starts with a capital or a number."""
    return (bool(text) and len(text) < _MIN_FULL * width and text[-1] not in _TERMINAL + ",;"
            and len(text.split()) <= _MAX_HEADING_WORDS
            and (text[0].isupper() or text[0].isdigit()))


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers, and lines repeated at the top or bottom of most pages."""
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split())).lower()

    edges = [_edge_indexes(page) for page in pages]
    counts = Counter(key(page[i]) for page, found in zip(pages, edges) for i in set(found))
    repeated = {k for k, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    out = []
    for page, found in zip(pages, edges):
        drop = {i for i in found if key(page[i]) in repeated or
                _PAGE_NUMBER.match(" ".join(page[i].split()))}
        out.append([line for i, line in enumerate(page) if i not in drop])
    return out


def _edge_indexes(page: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(page) if line.strip()]
    return filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]


def _trim_blank(page: list[str]) -> list[str]:
    """Drop a page's leading and trailing blank lines, so a page break is no paragraph break."""
    start, end = 0, len(page)
    while start < end and not page[start].strip():
        start += 1
    while end > start and not page[end - 1].strip():
        end -= 1
    return page[start:end]


def _cells(line: str) -> list[str]:
    """Split a table row at its wide gaps; return [] for a line of running text."""
    text = line.strip()
    if not _CELL_GAP.search(text) or _BULLET.match(text):
        return []
    cells = [cell.strip() for cell in re.split(r"\s{4,}", text) if cell.strip()]
    return cells if len(cells) >= 2 else []


def _join(lines: list[str], compounds: frozenset[str] = frozenset()) -> str:
    """Join wrapped lines with spaces; join a word hyphenated at a line end when lowercase.

    A compound the document writes with its hyphen elsewhere ("two-minute") keeps it.
    """
    out = lines[0]
    for line in lines[1:]:
        hyphen = re.search(r"([a-z]+)-$", out)
        if hyphen and line[:1].islower():
            right = re.match(r"[a-z]+", line)
            whole = f"{hyphen.group(1)}-{right.group(0) if right else ''}"
            out = out + line if whole in compounds else out[:-1] + line  # "commu-" + "nity"
        elif out.endswith("-") and not out.endswith(" -"):
            out += line  # "Lee-" + "Hart": the hyphen is the name's own
        else:
            out += " " + line
    return out
