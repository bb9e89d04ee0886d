"""Pack sentences into passages that respect paragraphs, speakers and a size limit."""

from __future__ import annotations

from typing import Protocol, TypeVar

from ingest.text import SentenceSpan

MAX_CHARS = 700
OVERLAP_SENTENCES = 1


class _Located(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Located)


def pack_sentences(sentences: list[S], max_chars: int = MAX_CHARS,
                   overlap: int = OVERLAP_SENTENCES) -> list[list[S]]:
    """Group consecutive sentences into chunks of at most max_chars, overlapping slightly.

    A single sentence longer than max_chars forms a chunk of its own.
    """
    chunks: list[list[S]] = []
    current: list[S] = []
    for sentence in sentences:
        if current and sentence.end - current[0].start > max_chars:
            chunks.append(current)
            carried = current[-overlap:] if overlap else []
            # Carry the overlap only while it leaves room for the new sentence.
            while carried and sentence.end - carried[0].start > max_chars:
                carried = carried[1:]
            current = list(carried)
        current.append(sentence)
    if current:
        chunks.append(current)
    return chunks


def split_long_sentence(sentence: SentenceSpan, max_chars: int = MAX_CHARS * 2
                        ) -> list[SentenceSpan]:
    """Cut a runaway "sentence" (no punctuation for pages) at word boundaries."""
    if len(sentence.text) <= max_chars:
        return [sentence]
    pieces: list[SentenceSpan] = []
    text, base, pos = sentence.text, sentence.start, 0
    while pos < len(text):
        end = min(pos + max_chars, len(text))
        if end < len(text):
            cut = text.rfind(" ", pos + max_chars // 2, end)
            end = cut if cut > pos else end
        piece = text[pos:end].strip()
        if piece:
            lead = len(text[pos:end]) - len(text[pos:end].lstrip())
            pieces.append(SentenceSpan(piece, base + pos + lead, base + pos + lead + len(piece)))
        pos = end
    return pieces
