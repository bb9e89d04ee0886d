"""Read one loaded document into a Reading: units -> spaCy -> people -> attributed sentences."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import LoadedText, load_file
from ingest.understand.attribution import Attributor
from ingest.understand.cast import build_cast
from ingest.understand.event import describe_event
from ingest.understand.model import Reading
from ingest.understand.nlp import parse
from ingest.understand.people import gather
from ingest.understand.units import cut_units


def read_file(path: Path, source: str) -> Reading:
    """Load and read one file; raise SkipFile with a reason when it cannot be used."""
    return read_loaded(load_file(path, source))


def read_loaded(loaded: LoadedText) -> Reading:
    """Read a loaded document: its people, roster and attributed sentences."""
    units = cut_units(loaded.text)
    parses = parse(u.text for u in units)
    cast = build_cast(gather(units, parses))
    sentences = Attributor(cast).attribute(units, parses)
    people = tuple(cast.people)
    event = describe_event(loaded, units, people)
    return Reading(source=loaded.source, text=loaded.text, title=event.title, date=event.date,
                   place=event.place, organiser=event.organiser, people=people,
                   sentences=tuple(sentences))
