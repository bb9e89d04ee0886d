"""A transcript's turns: who introduces the programme (the host) and who takes each turn."""

from __future__ import annotations

import re

from ingest.layout import Layout
from ingest.layout.labels import field_of, names_someone
from ingest.text import split_sentences
from ingest.understand.evidence import Turn
from ingest.understand.names import FULL_NAME, clean_name, key

_NAMED = FULL_NAME
_SELF_INTRO = re.compile(rf"\b(?:I[’']m|I am|my name is|this is)\s+(?P<name>{_NAMED})")
_UNNAMED = re.compile(r"\d{3}|^\W*(?:i?phone|ipad|android|galaxy|pixel|guest|participant|user|"
                      r"unknown|speaker|attendee|zoom user|dial-in)\b", re.I)
_COLLEAGUES = re.compile(r"\b(?:colleagues?|co-?hosts?|co-?moderators?|co-?presenters?|"
                         r"joined by|alongside)\b", re.I)


def host_introduction(layout: Layout, note) -> None:
    """Read the host's introduction in a transcript's first turn: who introduces themself
    ("Good evening, I'm Jane Doe") chairs, and so do the colleagues they name with them."""
    blocks = layout.blocks
    first = next((b for b in blocks if b.label and names_someone(b.label)), None)
    if first is None:
        return
    speaker = clean_name(first.label.written) if first.label else None
    turn = [first]
    for block in blocks[first.index + 1:]:
        if block.label or block.heading:
            break
        turn.append(block)
    for block in turn:
        for sentence in split_sentences(block.text):
            m = _SELF_INTRO.search(sentence.text)
            named = clean_name(m.group("name")) if m else None
            if not (named and speaker and key(named).endswith(key(speaker).split()[-1])):
                continue
            if e := note(named):
                e.roles["chair"] += 3
            colleagues = _COLLEAGUES.search(sentence.text, m.end()) if m else None
            if colleagues:
                for other in re.finditer(_NAMED, sentence.text[colleagues.end():]):
                    if e := note(clean_name(other.group())):
                        e.roles["chair"] += 3


def unnamed(label: str) -> bool:
    """Tell whether a turn label names no one: a telephone number, a device or a numbered guest
    ("+44 7700 900123", "iPhone (2)", "Guest 3") until the host says who it is."""
    return bool(_UNNAMED.search(label))


def turns_of(layout: Layout) -> list[Turn]:
    """Return the document's labelled turns (a turn goes on over unlabelled paragraphs in a
    transcript), for telling who asks the questions."""
    turns: list[Turn] = []
    label, words, last = "", 0, ""
    for block in [*layout.blocks, None]:
        if block is not None and not block.label and layout.transcript and label and not (
                block.heading or block.stage):
            words += len(block.text.split())
            last = block.text
            continue
        if block is not None and block.stage:
            continue
        if label:
            turns.append(Turn(label, words, last.rstrip(" \"'”’)").endswith("?"), last))
        label = ""
        if block is not None and block.label and not field_of(block.label):
            label = block.label.written
            words, last = len(block.text.split()), block.text
    return turns
