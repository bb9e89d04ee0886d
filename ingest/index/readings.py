"""A document's Reading as stored beside its event, so pages can show it without reading files.

The stored form is JSON: every field of the Reading, its text and its attributed sentences, so
that what is shown is exactly what was indexed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from ingest.understand.model import Person, Reading, Role, Sentence, Status

FORMAT = 2  # bumped when the stored shape changes; an older record reads as missing


def reading_json(reading: Reading) -> str:
    """Return the stored JSON of a Reading."""
    data = asdict(reading)
    data["format"] = FORMAT
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def reading_digest(reading: Reading) -> str:
    """Return a short digest of a Reading's stored JSON, to tell whether it changed."""
    return hashlib.sha1(reading_json(reading).encode("utf-8")).hexdigest()[:16]


def reading_from_json(text: str) -> Reading | None:
    """Rebuild a Reading from its stored JSON; None when the text is not a stored reading."""
    try:
        data = json.loads(text)
    except ValueError:  # an index from before readings were stored keeps the title here
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    people = tuple(Person(name=p["name"], role=Role(p["role"]), party=p["party"],
                          status=Status(p["status"]), reason=p["reason"],
                          aliases=tuple(p["aliases"]), descriptors=tuple(p["descriptors"]))
                   for p in data["people"])
    sentences = tuple(Sentence(text=s["text"], start=s["start"], end=s["end"],
                               speaker=s["speaker"], role=Role(s["role"]) if s["role"] else None,
                               section=s["section"], heading=s["heading"], roster=s["roster"],
                               cue=s["cue"], confidence=s["confidence"])
                      for s in data["sentences"])
    return Reading(source=data["source"], text=data["text"], title=data["title"],
                   date=data["date"], place=data["place"], organiser=data["organiser"],
                   people=people, sentences=sentences, pages=tuple(data.get("pages", ())),
                   url=data.get("url"))  # readings stored before pages were kept have none
