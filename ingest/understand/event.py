"""The event a document describes: its title, date, place and organiser."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ingest.loaders import LoadedText
from ingest.understand.model import Person
from ingest.understand.units import Unit, UnitKind

_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), 1)}
_MONTH = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
          r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATES = (
    re.compile(r"\b(?P<year>20\d\d)-(?P<num>\d\d)-(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>20\d\d)\b",
               re.I),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>20\d\d)\b",
               re.I),
)
_ORGANISER = re.compile(r"\b(?:organi[sz]ed|hosted|run|arranged)\s+(?:jointly\s+)?by\s+"
                        r"(?P<who>(?:the\s+)?[A-Z][\w’'&\- ]{2,80}?)(?=[,.;]| and was| with)")
_PLACE = re.compile(r"\b(?:at|in)\s+(?P<where>(?:the\s+)?[A-Z][\w’'\-]+(?:\s+(?:[A-Z][\w’'\-]+|"
                    r"of|on|upon))*(?:\s+(?:Hall|Centre|Center|Church|Theatre|Pavilion|Library|"
                    r"School|Club|Studio|Institute|Room|Arms|Inn|House))?)")
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
             or next((u.text for u in units if len(u.text) < 150), loaded.source))
    opening = " ".join(u.text for u in units[:25])
    names = {w for p in people for w in p.name.split()}
    return EventFacts(title=" ".join(title.split()),
                      date=getattr(meta, "date", None) or find_date(f"{title} {opening}"),
                      place=_place(opening, names), organiser=_organiser(opening))


def find_date(text: str) -> str | None:
    """Return the first full date in text as yyyy-mm-dd."""
    for pattern in _DATES:
        m = pattern.search(text)
        if not m:
            continue
        month = int(m.group("num")) if "num" in m.groupdict() else _MONTHS.get(
            next(k for k in _MONTHS if k.startswith(m.group("month").lower()[:3])))
        try:
            return date(int(m.group("year")), int(month), int(m.group("day"))).isoformat()
        except ValueError:
            continue
    return None


def _place(text: str, names: set[str]) -> str | None:
    for m in _PLACE.finditer(text):
        where = m.group("where").strip()
        if not set(where.split()) & names and where.split()[-1] not in _MONTHS:
            return where
    return None


def _organiser(text: str) -> str | None:
    m = _ORGANISER.search(text)
    return " ".join(m.group("who").split()) if m else None
