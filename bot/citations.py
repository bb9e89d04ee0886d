"""Format citations for a terminal and for Markdown; pure functions."""

from __future__ import annotations

import html
from collections.abc import Sequence

from bot.answer import Citation


def describe(c: Citation) -> str:
    """Return "speaker (party), section, source" for a citation."""
    p = c.passage
    who = f"{p.speaker} ({p.party})" if p.speaker and p.party else p.speaker or "Round-up"
    bits = [who]
    if p.section:
        bits.append(p.section)
    bits.append(p.source)
    return ", ".join(bits)


def plain_sources(citations: Sequence[Citation]) -> list[str]:
    """Return one line per citation: [n] speaker (party), section, source: "quoted text"."""
    return [f"[{c.n}] {describe(c)}: \"{' '.join(c.passage.text.split())}\"" for c in citations]


def highlight(text: str, highlights: Sequence[str]) -> str:
    """Return text as safe HTML with the highlighted sentences in <mark>."""
    out = html.escape(text)
    for sentence in sorted(set(highlights), key=len, reverse=True):
        escaped = html.escape(sentence)
        if escaped in out:
            out = out.replace(escaped, f"<mark>{escaped}</mark>", 1)
    return out.replace("\n", "<br>")
