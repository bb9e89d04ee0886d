"""An answer as plain text that reads as Markdown too: what the page's Copy button copies.

The question, the answer with its [n] markers, then the numbered sources: who, the event, the
section, the page or the web address, and the sentences quoted. Pure functions.
"""

from __future__ import annotations

from bot.answer import Answer, Citation


def source_words(c: Citation) -> str:
    """Return who a source is and where it is from: "Name (Party), section, event"."""
    p = c.passage
    who = f"{p.speaker} ({p.party})" if p.speaker and p.party else p.speaker or "The round-up"
    return ", ".join(part for part in (who, p.section, p.event) if part)


def source_line(c: Citation) -> str:
    """Return one numbered source: [n] who, section, event, page: “the quoted sentences” <url>."""
    p = c.passage
    head = source_words(c) + (f", page {p.page}" if p.page else "")
    quoted = " … ".join(" ".join(s.split()) for s in c.highlights if s.strip()) \
        or " ".join(p.text.split())
    line = f"[{c.n}] {head}: “{quoted}”"
    return line + (f" <{p.url}>" if p.url else "")


def answer_markdown(answer: Answer) -> str:
    """Return the question, the answer and its numbered sources as Markdown / plain text."""
    paragraphs = [" ".join(p.split()) for p in answer.text.split("\n\n") if p.strip()]
    parts = [f"**{' '.join(answer.question.split())}**"]
    if answer.notice:
        parts.append(f"_{answer.notice}_")
    parts += paragraphs
    if answer.citations:
        parts.append("Sources:\n" + "\n".join(source_line(c) for c in answer.citations))
    return "\n\n".join(parts) + "\n"
