"""Read one loaded document into a Reading: layout -> spaCy -> cast -> attributed sentences."""

from __future__ import annotations

from pathlib import Path

from ingest.layout import lay_out
from ingest.layout.units import cut_units
from ingest.loaders import LoadedText, load_file
from ingest.understand.attribution import attribute
from ingest.understand.cast import build_cast
from ingest.understand.event import describe_event
from ingest.understand.model import Reading
from ingest.understand.nlp import parse
from ingest.understand.people import gather


def read_file(path: Path, source: str) -> Reading:
    """Load and read one file; raise SkipFile with a reason when it cannot be used."""
    return read_loaded(load_file(path, source))


def read_loaded(loaded: LoadedText) -> Reading:
    """Read a loaded document: its people, roster and attributed sentences."""
    layout = lay_out(cut_units(loaded.text), loaded.text, turns=loaded.format == "captions")
    parses = parse(b.text for b in layout.blocks)
    cast = build_cast(gather(layout, parses))
    sentences = attribute(layout, parses, cast)
    people = tuple(cast.people)
    event = describe_event(loaded, layout.units, people)
    return Reading(source=loaded.source, text=loaded.text, title=event.title, date=event.date,
                   place=event.place, organiser=event.organiser, people=people,
                   sentences=tuple(sentences), pages=loaded.pages, url=loaded.meta.url)
