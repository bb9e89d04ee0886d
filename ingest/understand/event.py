"""The event a document describes: its title, date, place and organiser."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from ingest.layout.labels import find_label
from ingest.layout.units import Unit, UnitKind
from ingest.loaders import LoadedText
from ingest.read.meta import parse_date
from ingest.understand.model import Person

_ORGANISER = re.compile(r"\b(?:organi[sz]ed|hosted|run|arranged)\s+(?:jointly\s+)?by\s+"
                        r"(?P<who>(?:the\s+)?[A-Z][\w’'&\- ]{2,80}?)(?=[,.;]| and was| with)")
_PLACE = re.compile(r"\b(?:at|in)\s+(?P<where>(?:the\s+)?[A-Z][\w’'\-]+(?:\s+(?:[A-Z][\w’'\-]+|"
                    r"of|on|upon))*(?:\s+(?:Hall|Centre|Center|Church|Theatre|Pavilion|Library|"
                    r"School|Club|Studio|Institute|Room|Arms|Inn|House))?)")
_MONTH_NAMES = frozenset("""january february march april may june july august september october
november december""".split())
_FURNITURE = re.compile(r"\b(?:cookie|subscribe|newsletter|skip to|menu|sign up|live coverage)\b",
                        re.I)


@dataclass(frozen=True)
class EventFacts:
    """What a document says about its event."""

    title: str
    date: str | None = None
    place: str | None = None
    organiser: str | None = None


def describe_event(loaded: LoadedText, units: Sequence[Unit],
                   people: Sequence[Person]) -> EventFacts:
    """Return the event's title (metadata first, then the main heading), date, place, organiser."""
    meta = getattr(loaded, "meta", None)
    headings = [u for u in units if u.kind is UnitKind.HEADING and not _FURNITURE.search(u.text)]
    top = min(headings, key=lambda u: (u.level or 9, u.start)) if headings else None
    title = (getattr(meta, "title", None) or (top.text if top else None)
             or next((u.text for u in units if len(u.text) < 150
                      and not find_label(u.text, item=False)), None)
             or _from_file_name(loaded.source))  # a transcript's first turn is no title
    opening = " ".join(u.text for u in units[:25])
    names = {w for p in people for w in p.name.split()}
    return EventFacts(title=" ".join(title.split()),
                      date=getattr(meta, "date", None) or parse_date(f"{title} {opening}"),
                      place=_place(opening, names), organiser=_organiser(opening))


def _from_file_name(source: str) -> str:
    """Return a title made of a file's name: "oakridge-hustings_2026.vtt" -> "Oakridge
    hustings 2026"."""
    stem = re.sub(r"[-_.]+", " ", PurePath(source).stem).strip() or source
    return stem[:1].upper() + stem[1:]


def _place(text: str, names: set[str]) -> str | None:
    for m in _PLACE.finditer(text):
        where = m.group("where").strip()
        if not set(where.split()) & names and where.split()[-1].lower() not in _MONTH_NAMES:
            return where
    return None


def _organiser(text: str) -> str | None:
    m = _ORGANISER.search(text)
    return " ".join(m.group("who").split()) if m else None
