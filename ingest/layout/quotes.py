"""Quotation marks: which parts of a text are quoted speech."""

from __future__ import annotations

import re

Ranges = list[tuple[int, int]]
OPENING = "“‘\""
_MARK = re.compile(r"[“”\"]|(?<!\w)[‘']|[’'](?!\w)")  # an apostrophe inside a word is no quote


def quoted_ranges(text: str) -> Ranges:
    """Return the character ranges of text inside quotation marks (an open one runs to the end)."""
    ranges: Ranges = []
    start: int | None = None
    for m in _MARK.finditer(text):
        ch = m.group()
        if ch in "“‘" or (ch in "\"'" and start is None):
            if start is None:
                start = m.start()
        elif start is not None:
            ranges.append((start, m.end()))
            start = None
    if start is not None:
        ranges.append((start, len(text)))
    return [(a, b) for a, b in ranges if b - a > 2]


def inside(pos: int, ranges: Ranges) -> bool:
    """Tell whether a position lies inside one of the ranges."""
    return any(a <= pos < b for a, b in ranges)


def share(lo: int, hi: int, ranges: Ranges) -> float:
    """Return how much of [lo, hi) lies inside the ranges, from 0 to 1."""
    covered = sum(max(0, min(b, hi) - max(a, lo)) for a, b in ranges)
    return covered / max(1, hi - lo)


def ends_open(text: str) -> bool:
    """Tell whether a quotation is still open at the end of text (it runs on)."""
    ranges = quoted_ranges(text)
    return bool(ranges) and ranges[-1][1] == len(text) and text.rstrip()[-1:] not in "”\""
