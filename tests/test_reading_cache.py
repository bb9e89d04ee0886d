"""Readings cached by file content: served while nothing changed, read afresh when anything did."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ingest.loaders import load_file
from ingest.reading_cache import STALE_AFTER, ReadingCache, reader_version, source_version
from ingest.understand import read_loaded

ROUNDUP = """# Riverside hustings on housing

Candidates Mara Quell (Green Party) and Tomas Birk (Labour Party) took part, chaired by Ivo Lund.

## Housing

Mara Quell said the council should build five hundred homes for social rent. Tomas Birk argued
that the town needs a new planning office.
"""


class Reader:
    """The real reader, counting the files it reads."""

    def __init__(self, path: Path, source: str) -> None:
        self.path, self.source, self.calls = path, source, 0

    def __call__(self):
        self.calls += 1
        return read_loaded(load_file(self.path, self.source))


@pytest.fixture
def roundup(tmp_path: Path) -> Path:
    path = tmp_path / "docs" / "riverside.md"
    path.parent.mkdir()
    path.write_text(ROUNDUP, encoding="utf-8")
    return path


def test_an_unchanged_file_is_served_from_the_cache(tmp_path, roundup):
    reader = Reader(roundup, "docs/riverside.md")
    first = ReadingCache(tmp_path / "cache", "v1").reading(roundup, reader.source, reader)
    again = ReadingCache(tmp_path / "cache", "v1")  # another run of the same code
    second = again.reading(roundup, reader.source, reader)
    assert reader.calls == 1 and (again.hits, again.misses) == (1, 0)
    assert second == first  # every sentence, speaker, cue and confidence
    assert any(s.speaker == "Mara Quell" for s in second.sentences)


def test_a_changed_file_is_read_again(tmp_path, roundup):
    reader = Reader(roundup, "docs/riverside.md")
    cache = ReadingCache(tmp_path / "cache", "v1")
    cache.reading(roundup, reader.source, reader)
    roundup.write_text(ROUNDUP.replace("five hundred", "six hundred"), encoding="utf-8")
    changed = cache.reading(roundup, reader.source, reader)
    assert reader.calls == 2
    assert any("six hundred" in s.text for s in changed.sentences)


def test_the_same_bytes_under_another_name_are_read_under_that_name(tmp_path, roundup):
    cache = ReadingCache(tmp_path / "cache", "v1")
    cache.reading(roundup, "docs/riverside.md", Reader(roundup, "docs/riverside.md"))
    other = Reader(roundup, "elsewhere/riverside.md")
    assert cache.reading(roundup, other.source, other).source == "elsewhere/riverside.md"
    assert other.calls == 1


def test_another_reader_version_reads_every_file_afresh(tmp_path, roundup):
    reader = Reader(roundup, "docs/riverside.md")
    ReadingCache(tmp_path / "cache", "v1").reading(roundup, reader.source, reader)
    ReadingCache(tmp_path / "cache", "v2").reading(roundup, reader.source, reader)
    assert reader.calls == 2


def test_the_reader_version_follows_every_source_file(tmp_path):
    package = tmp_path / "ingest"
    (package / "understand").mkdir(parents=True)
    (package / "understand" / "cast.py").write_text("RULES = 1\n")
    (package / "text.py").write_text("WORDS = 1\n")
    before = source_version(package)
    (package / "understand" / "cast.py").write_text("RULES = 2\n")
    changed = source_version(package)
    (package / "layout.py").write_text("")  # a new module counts too
    assert len({before, changed, source_version(package)}) == 3
    assert len(reader_version()) == 16 and reader_version() == reader_version()


def test_a_damaged_entry_is_read_afresh(tmp_path, roundup):
    reader = Reader(roundup, "docs/riverside.md")
    cache = ReadingCache(tmp_path / "cache", "v1")
    cache.reading(roundup, reader.source, reader)
    for entry in (tmp_path / "cache" / "v1").glob("*.json"):
        entry.write_text('{"format": 2, "sour', encoding="utf-8")
    assert cache.reading(roundup, reader.source, reader).sentences
    assert reader.calls == 2


def test_other_versions_are_removed_once_unused_for_a_week(tmp_path, roundup):
    old, recent = tmp_path / "cache" / "old", tmp_path / "cache" / "recent"
    for folder, age in ((old, STALE_AFTER + 60), (recent, 60)):
        folder.mkdir(parents=True)
        os.utime(folder, (time.time() - age, time.time() - age))
    cache = ReadingCache(tmp_path / "cache", "v1")
    cache.reading(roundup, "docs/riverside.md", Reader(roundup, "docs/riverside.md"))
    assert not old.exists() and recent.exists()


def test_a_reingest_after_the_index_is_gone_takes_the_cached_readings(tmp_path, roundup,
                                                                       make_settings):
    import json

    from ingest.index.store import IndexStore
    from ingest.pipeline import ingest_paths, source_name
    from ingest.reading_cache import content_key

    settings = make_settings()
    ingest_paths([roundup.parent], settings, progress=False)
    entry = (settings.cache_dir / "readings" / reader_version()
             / f"{content_key(roundup, source_name(roundup))}.json")
    stored = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps({**stored, "title": "Marked in the cache"}), encoding="utf-8")
    again = settings.with_(index_dir=tmp_path / "index-2")
    ingest_paths([roundup.parent], again, progress=False)
    from ingest.index.embeddings import embeddings_for

    events = IndexStore(again, embeddings_for(again)).load_events()
    assert [e.title for e in events] == ["Marked in the cache"]


def test_a_cached_pdf_keeps_its_pages_without_being_opened_again(tmp_path):
    from .pdfs import write_pdf

    lines = [f"Mara Quell said point {n} of her housing plan matters most." for n in range(70)]
    path = write_pdf(tmp_path / "notes.pdf", ["Riverside hustings notes", *lines], per_page=40)
    reader = Reader(path, "notes.pdf")
    first = ReadingCache(tmp_path / "cache", "v1").reading(path, reader.source, reader)
    again = ReadingCache(tmp_path / "cache", "v1").reading(path, reader.source, reader)
    assert reader.calls == 1  # the PDF was read once: its pages came with the reading
    assert len(first.pages) == 2 and again.pages == first.pages
