"""Read plain text copied from a web page: drop the page's furniture, keep every content line.

Which lines are furniture is `ingest.read.boilerplate`'s judgement. The byline and date lines
of a news page move into the metadata, and the labels above its headline are dropped. A table
copied from a page (cells between tabs) or laid out in aligned columns becomes a Markdown pipe
table.
"""

from __future__ import annotations

import re

from ingest.read.boilerplate import (
    drop_runs,
    head_end,
    mark_boilerplate,
    sentence_like,
    squeeze_blanks,
    tail_start,
    words,
)
from ingest.read.markdown import plain_markdown
from ingest.read.meta import DocumentMeta, ReadText, parse_date, pipe_table

_BYLINE = re.compile(r"^[Bb]y\s+((?:[A-Z][\w'’.-]*\s*){1,4}?)"
                     r"(?:\s*(?:,|-|–|\|)\s*.*|\s+and\s+.*)?$")
_STAMP_WORDS = re.compile(r"\b(?:updated|published|posted|first|last|modified|am|pm|bst|gmt"
                          r"|aest|aedt|on|at|and)\b|\d{1,2}[:.]\d{2}(?:am|pm)?|[,\-–|]", re.I)
_HEAD_LINES = 80  # a byline further down than this is part of the story, not the page's head


def read_text(raw: str) -> ReadText:
    """Drop web-page boilerplate lines from plain text; put its byline and date in metadata."""
    lines = raw.split("\n")
    drop = mark_boilerplate(lines)
    drop_runs(lines, drop, head_end(lines), tail_start(lines))
    meta = _drop_head(lines, drop)
    kept = [line for line, gone in zip(lines, drop) if not gone]
    text = plain_markdown(squeeze_blanks(kept)) if any(drop) else plain_markdown(raw)
    text = "\n".join(tables_as_pipes(text.split("\n")))
    if meta.title is None:
        first = next((line.strip() for line in text.split("\n") if line.strip()), "")
        if first and not sentence_like(first) and len(first.split()) >= 2:
            meta = DocumentMeta(title=first.lstrip("# ").strip()).merged(meta)
    return ReadText(text, meta)


def tables_as_pipes(lines: list[str]) -> list[str]:
    """Rewrite runs of two or more lines of aligned cells (tabs, or three spaces or more
    between them) as Markdown pipe table rows."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        starts = _cell_starts(lines[i])
        while j < len(lines) and starts and _cell_starts(lines[j]) is not None and \
                _aligned(_cell_starts(lines[j]) or [], starts, "\t" in lines[j]):
            j += 1
        if j - i >= 2:
            rows = [[c.strip() for c in _CELL_GAP.split(lines[k].strip())] for k in range(i, j)]
            out.extend(pipe_table(rows))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


_CELL_GAP = re.compile(r"\t+|\s{3,}")


def _cell_starts(line: str) -> list[int] | None:
    """Return where each cell of a line of cells starts, or None for a line of prose."""
    text = line.rstrip()
    if not text.strip() or not _CELL_GAP.search(text.strip()) or text.lstrip().startswith(
            ("-", "*", "•", "#", "|")):
        return None
    starts = [0] + [m.end() for m in _CELL_GAP.finditer(text.strip())]
    return starts if len(starts) >= 2 else None


def _aligned(starts: list[int], first: list[int], tabs: bool) -> bool:
    """Tell rows of one table: as many cells, starting at the same columns (or tab-split)."""
    if len(starts) != len(first):
        return False
    return tabs or all(abs(a - b) <= 1 for a, b in zip(starts, first))


def _drop_head(lines: list[str], drop: list[bool]) -> DocumentMeta:
    """Move a news page's byline and date lines into metadata; drop the labels above the headline.

    With a byline the page is an article: the headline is the first one-line paragraph of the
    last two before the byline (headline, then standfirst), and short labels above it (a
    section name, a topic tag) are page furniture.
    """
    limit = min(len(lines), _HEAD_LINES)
    byline = next((i for i in range(limit) if not drop[i] and _BYLINE.match(lines[i].strip())
                   and len(words(lines[i])) <= 12), None)
    if byline is None:
        return DocumentMeta()
    author = _BYLINE.match(lines[byline].strip()).group(1).strip()
    drop[byline] = True
    dates: list[tuple[bool, str]] = []  # (is an update, date): the first publication wins
    for i in range(byline + 1, limit):
        text = lines[i].strip()
        if not text or drop[i]:
            continue
        if not _is_stamp(text):
            break
        stamp = parse_date(text)
        if stamp:
            dates.append((text.lower().startswith("updated"), stamp))
        drop[i] = True
    found_date = min(dates, key=lambda d: d[0])[1] if dates else None
    groups = _groups_before(lines, drop, byline)
    title = None
    if groups:
        headline = groups[-2] if len(groups) >= 2 and len(groups[-1]) == 1 and len(
            words(lines[groups[-1][0]])) >= 12 else groups[-1]
        if len(headline) == 1:
            title = lines[headline[0]].strip()
            for group in groups[:groups.index(headline)]:
                if not any(sentence_like(lines[i]) or ":" in lines[i] for i in group):
                    for i in group:
                        drop[i] = True
    return DocumentMeta(title=title, author=author or None, date=found_date)


def _is_stamp(text: str) -> bool:
    """Tell a date and time line such as "17:42, 18 APR 2024" or "Updated March 2 2025"."""
    if parse_date(text) is None and not re.search(r"\d{1,2}[:.]\d{2}", text):
        return False
    rest = re.sub(r"\d+(?:st|nd|rd|th)?", " ", _STAMP_WORDS.sub(" ", text))
    rest = re.sub(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", " ",
                  rest, flags=re.I)
    rest = re.sub(r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", " ", rest, flags=re.I)
    return len(words(rest)) <= 1


def _groups_before(lines: list[str], drop: list[bool], end: int) -> list[list[int]]:
    """Return the blank-line separated groups of kept lines before end."""
    groups: list[list[int]] = [[]]
    for i in range(end):
        if not lines[i].strip():
            if groups[-1]:
                groups.append([])
        elif not drop[i]:
            groups[-1].append(i)
    return [g for g in groups if g]

