"""A Reading as a plain JSON-ready record: the shape `hustings inspect --json` prints."""

from __future__ import annotations

from typing import Any

from ingest.understand.model import Person, Reading, Sentence


def reading_record(reading: Reading, source: str) -> dict[str, Any]:
    """Return the record of one document: its event, chairs, candidates and attributed sentences.

    `source` is the path as the user gave it, which may differ from the reading's own source.
    """
    return {
        "source": source,
        "title": reading.title,
        "date": reading.date,
        "place": reading.place,
        "chairs": list(reading.chairs),
        "candidates": [candidate_record(p) for p in reading.candidates],
        "sentences": [sentence_record(s) for s in reading.sentences],
    }


def candidate_record(person: Person) -> dict[str, Any]:
    """Return one roster entry: name, party, whether they took part and why not, other names."""
    return {
        "name": person.name,
        "party": person.party,
        "status": person.status.value,
        "reason": person.reason,
        "aliases": list(person.aliases),
        "descriptors": list(person.descriptors),
    }


def sentence_record(sentence: Sentence) -> dict[str, Any]:
    """Return one sentence with its offsets and who said it (null speaker and role: no one)."""
    return {
        "text": sentence.text,
        "start": sentence.start,
        "end": sentence.end,
        "speaker": sentence.speaker,
        "role": sentence.role.value if sentence.role is not None else None,
        "cue": sentence.cue,
        "confidence": round(sentence.confidence, 3),
    }
