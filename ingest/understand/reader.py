"""Read one loaded document into a Reading (STUB: sentences only, no attribution yet)."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import LoadedText, load_file
from ingest.text import split_sentences
from ingest.understand.model import Reading, Sentence


def read_file(path: Path, source: str) -> Reading:
    """Load and read one file; raise SkipFile with a reason when it cannot be used."""
    return read_loaded(load_file(path, source))


def read_loaded(loaded: LoadedText) -> Reading:
    """Read a loaded document: its people, roster and attributed sentences."""
    sentences = tuple(Sentence(s.text, s.start, s.end)
                      for s in split_sentences(loaded.text))
    return Reading(source=loaded.source, text=loaded.text, title=loaded.source,
                   sentences=sentences)
