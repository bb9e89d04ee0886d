"""What the `hustings` command prints: answers, readings and documents as text or JSON lines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.answer import Answer
    from ingest.model import Event, Speaker
    from ingest.understand import Person, Reading, Sentence


def json_line(record: dict[str, Any]) -> str:
    """Return a record as one line of JSON, even when its text holds Unicode line breaks."""
    text = json.dumps(record, ensure_ascii=False)
    # JSON leaves U+2028, U+2029 and U+0085 raw, yet line readers split on them.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace(
        "\x85", "\\u0085")


def format_plain(answer: Answer) -> str:
    """Format an answer for a terminal: the text, then its numbered sources."""
    from bot.citations import plain_sources

    lines = [answer.text]
    if answer.notice:
        lines.insert(0, answer.notice)
    sources = plain_sources(answer.citations)
    if sources:
        lines += ["", "Sources", *sources]
    return "\n".join(lines) + "\n"


def format_reading(reading: Reading, source: str) -> str:
    """Format a Reading for a terminal: the event, its chairs and roster, then each sentence
    prefixed by who said it."""
    lines = [f"# {reading.title}", f"source: {source}", f"date: {reading.date or '—'}",
             f"place: {reading.place or '—'}",
             f"chairs: {', '.join(reading.chairs) or '—'}", "candidates:"]
    lines += [f"  {_roster_line(p)}" for p in reading.candidates] or ["  (none found)"]
    lines.append("")
    lines += [f"[{_said_by(s)}] {' '.join(s.text.split())}" for s in reading.sentences]
    return "\n".join(lines) + "\n"


def format_document(event: Event, passages: int) -> str:
    """Format an indexed document for a terminal: its event and date, who stood, its size and
    the source that `hustings remove` takes."""
    took_part = [_candidate(c) for c in event.candidates if c.spoke]
    absent = [_candidate(c) for c in event.candidates if not c.spoke]
    lines = [f"{event.title} ({event.date or 'no date given'})",
             f"  candidates: {', '.join(took_part) or 'none found speaking'}"]
    if absent:
        lines.append(f"  did not speak: {', '.join(absent)}")
    lines += [f"  passages: {passages}", f"  source: {event.source}"]
    return "\n".join(lines) + "\n"


def documents_footer(counts: Sequence[int]) -> str:
    """Return the line under the list: how many documents and passages, and how to remove one."""
    documents = f"{len(counts)} document{'s' if len(counts) != 1 else ''}"
    return (f"{documents}, {sum(counts)} passages. Remove one with: hustings remove SOURCE")


def _candidate(speaker: Speaker) -> str:
    note = f": {speaker.note}" if speaker.note and not speaker.spoke else ""
    party = speaker.party or "no party given"
    return f"{speaker.name} ({party}{note})"


def _roster_line(person: Person) -> str:
    from ingest.understand import Status

    status = "took part" if person.status is Status.TOOK_PART else "absent"
    reason = f" ({person.reason})" if person.reason else ""
    return f"{person.name}, {person.party or 'no party given'}: {status}{reason}"


def _said_by(sentence: Sentence) -> str:
    if sentence.speaker:
        return sentence.speaker
    return sentence.role.value if sentence.role is not None else "—"
