"""What every reader returns: a document's clean text and its metadata, and shared helpers."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from datetime import date, datetime

_MONTHS = {name: n for n, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), 1) for name in names}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?" \
         r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")  # day first, as British and Australian


class SkipFile(Exception):
    """Raised by a loader when a file cannot be ingested."""


@dataclass(frozen=True)
class DocumentMeta:
    """What a document says about itself: title, ISO date, site or publisher, author, summary,
    and the address it was fetched from."""

    title: str | None = None
    date: str | None = None
    site: str | None = None
    author: str | None = None
    description: str | None = None
    url: str | None = None

    def merged(self, other: DocumentMeta) -> DocumentMeta:
        """Return this metadata with its gaps filled from other."""
        gaps = {f.name: getattr(other, f.name) for f in fields(self)
                if getattr(self, f.name) is None and getattr(other, f.name) is not None}
        return replace(self, **gaps) if gaps else self


@dataclass(frozen=True)
class ReadText:
    """A reader's result: Markdown-flavoured clean text, the document's metadata, and where
    each page starts in the text (paged formats only)."""

    text: str
    meta: DocumentMeta = DocumentMeta()
    pages: tuple[int, ...] = ()


def clean_field(value: object) -> str | None:
    """Return a metadata value as one line of text, or None when it is empty."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def parse_date(text: str | None) -> str | None:
    """Find the first calendar date in text and return it as yyyy-mm-dd, or None."""
    if not text:
        return None
    found: list[tuple[int, date]] = []
    for pattern, order in ((_ISO, "ymd"), (_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"),
                           (_NUMERIC, "dmy")):
        match = pattern.search(text)
        if match is None:
            continue
        parts = dict(zip(order, match.groups()))
        month = parts["m"]
        month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
        try:
            found.append((match.start(), date(int(parts["y"]), month_number or 0, int(parts["d"]))))
        except ValueError:
            continue
    return min(found)[1].isoformat() if found else None


def iso_date(value: object) -> str | None:
    """Return a date-like value (datetime, date, or text) as yyyy-mm-dd, or None."""
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return parse_date(clean_field(value))


def printable_ratio(text: str) -> float:
    """Return the share of characters that are printable or whitespace."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if ch.isprintable() or ch.isspace())
    return good / len(text)


@contextmanager
def quiet(logger_name: str) -> Iterator[None]:
    """Silence a library's warnings about a broken file: the skip reason says it once."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def layout(blocks: list[str]) -> str:
    """Join blocks with blank lines between them, keeping a list's items ("- " lines) and a
    table's rows ("| " lines) together."""
    out: list[str] = []
    for block in blocks:
        if out and not any(block.startswith(mark) and out[-1].startswith(mark)
                           for mark in ("- ", "| ")):
            out.append("")
        out.append(block)
    return "\n".join(out) + ("\n" if out else "")


def pipe_table(rows: list[list[str]], header: bool = False) -> list[str]:
    """Write a table as Markdown pipe table lines, a rule under its header row.

    Empty rows go; short rows are padded so the columns line up. A table of one row is not a
    table to a reader: its cells come back as paragraphs (a layout table around prose).
    """
    cells = [[_cell(c) for c in row] for row in rows]
    cells = [row for row in cells if any(row)]
    if len(cells) == 1:
        return [cell for cell in cells[0] if cell]
    width = max((len(row) for row in cells), default=0)
    lines = []
    for n, row in enumerate(cells):
        lines.append("| " + " | ".join(row + [""] * (width - len(row))) + " |")
        if n == 0 and header:
            lines.append("| " + " | ".join(["---"] * width) + " |")
    return lines


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


FENCE_KINDS = ("pullquote", "box", "caption")


def fence_lines(kind: str) -> tuple[str, str]:
    """Return the lines that open and close a block of set-apart text of a kind."""
    if kind not in FENCE_KINDS:
        raise ValueError(f"unknown kind of set-apart text {kind!r}")
    return f"::: {kind}", ":::"


def fenced(kind: str, blocks: list[str]) -> list[str]:
    """Set blocks apart from the body: "::: kind", the blocks, ":::" (see ingest.loaders)."""
    opening, closing = fence_lines(kind)
    blocks = [block for block in blocks if block.strip()]
    return [opening, *blocks, closing] if blocks else []
