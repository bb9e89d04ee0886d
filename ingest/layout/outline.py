"""Adjust a document's outline: a dateline is text, an asked question heads its answers."""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.layout.blocks import Block, BlockKind

DATE = re.compile(
    r"\b(\d{1,2}(?:st|nd|rd|th)? (?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December) \d{4}|(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December) \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{4}-\d{2}-\d{2})\b")
_ASKED = re.compile(r"(?:Q(?:uestion)?\s*\d*|Chair(?:person)?|Moderator|Host|Audience(?: member| "
                    r"question)?|Question from the (?:floor|audience))\s*[:.)\-–]\s*"
                    r"(?P<q>[^\n:]{5,200}\?)\s*$", re.IGNORECASE)  # one question, no label in it


def outline(blocks: list[Block]) -> list[Block]:
    """Return the blocks with datelines read as text and asked questions as headings."""
    return _questions_as_sections(_datelines_as_text(blocks))


def _datelines_as_text(blocks: list[Block]) -> list[Block]:
    """Read a dated line between the title and the first section as text, not a heading.

    "Millbrook Digital Forum, 2 May 2026" looks like a heading but names no topic; as text it
    dates the event.
    """
    out: list[Block] = []
    headings = 0
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            if headings == 1 and DATE.search(block.text):
                block = replace(block, kind=BlockKind.PARAGRAPH, level=0)
            else:
                headings += 1
        out.append(block)
    return out


def _questions_as_sections(blocks: list[Block]) -> list[Block]:
    """Read a transcript's asked question ("Q: How will you protect the coast?") as a heading.

    The answers after it name the topic only by the question; as their section it gives them
    their topic. Right under a heading the question only restates it, so it stays text.
    """
    out: list[Block] = []
    for block in blocks:
        first, newline, rest = block.text.partition("\n")
        m = _ASKED.match(first) if block.kind is BlockKind.PARAGRAPH else None
        if not (m and out and out[-1].kind is not BlockKind.HEADING):
            out.append(block)
            continue
        out.append(Block(BlockKind.HEADING, m.group("q"), block.start + m.start("q"),
                         block.start + len(first), level=3))
        if rest.strip():  # the answers, when they follow on the next lines
            start = block.start + len(first) + len(newline)
            out.append(Block(BlockKind.PARAGRAPH, rest, start, block.end))
    return out
