"""Integration tests: ingest into a real Chroma store with the real embedding model."""

import shutil

import pytest

from ingest.errors import IngestError
from ingest.index.store import IndexStore
from ingest.pipeline import ingest_paths

from .conftest import ROUNDUPS, SHIPPED

pytestmark = pytest.mark.slow


@pytest.fixture
def docs(corpus_dir):
    shutil.copy(SHIPPED, corpus_dir / SHIPPED.name)
    shutil.copy(ROUNDUPS / "leeds-mayoral-hustings.md", corpus_dir / "leeds.md")
    return corpus_dir


def stored(settings, embeddings):
    store = IndexStore(settings, embeddings)
    return {p.id: p for p in store.load_passages()}, store.load_events()


def test_ingest_stores_passages_with_metadata_and_rosters(docs, make_settings, embeddings):
    settings = make_settings()
    summary = ingest_paths([docs], settings, progress=False)
    # consecutive sentences of one voice now share a passage, so there are fewer than before
    assert len(summary.files) == 2 and summary.added == summary.total_passages > 20
    passages, events = stored(settings, embeddings)
    assert len(passages) == summary.total_passages
    speakers = {p.speaker for p in passages.values() if p.speaker}
    assert {"Olivia Reyes", "Daniel Frost", "Sam Carter"} <= speakers
    assert len(speakers) == 5
    assert all(p.event and p.source for p in passages.values())
    assert sorted(len(e.candidates) for e in events) == [4, 6]
    store = IndexStore(settings, embeddings)
    vectors = store.sentence_vectors(list(passages)[:3])
    for pid, vecs in vectors.items():
        assert len(vecs) == len(passages[pid].sentences)


def test_reingest_is_idempotent(docs, make_settings, embeddings):
    settings = make_settings()
    first = ingest_paths([docs], settings, progress=False)
    ids_before = set(stored(settings, embeddings)[0])
    again = ingest_paths([docs], settings, progress=False)
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    assert again.unchanged == first.added
    assert set(stored(settings, embeddings)[0]) == ids_before


def test_a_changed_file_replaces_its_passages(docs, make_settings, embeddings):
    settings = make_settings()
    ingest_paths([docs], settings, progress=False)
    leeds = docs / "leeds.md"
    leeds.write_text(leeds.read_text().replace("flat £2 fare", "flat £1 fare"))
    summary = ingest_paths([docs], settings, progress=False)
    assert summary.updated == 1 and summary.added == 0 and summary.removed == 0
    texts = [p.text for p in stored(settings, embeddings)[0].values()]
    assert any("£1 fare" in t for t in texts) and not any("£2 fare" in t for t in texts)


def test_prune_removes_files_that_are_gone(docs, make_settings, embeddings):
    settings = make_settings()
    ingest_paths([docs], settings, progress=False)
    (docs / "leeds.md").unlink()
    kept = ingest_paths([docs], settings, progress=False)
    assert kept.removed == 0  # without --prune nothing is lost
    pruned = ingest_paths([docs], settings, prune=True, progress=False)
    assert pruned.removed > 0
    passages, events = stored(settings, embeddings)
    assert {p.source for p in passages.values()} == {f for f in {p.source for p in
                                                                  passages.values()}
                                                      if f.endswith(SHIPPED.name)}
    assert len(events) == 1


def test_bad_files_are_skipped_with_reasons(docs, make_settings):
    (docs / "empty.txt").write_text("")
    (docs / "junk.txt").write_bytes(b"\x00\x01\x02binary")
    (docs / "notes.docx").write_bytes(b"PK")  # .docx is read since issue 11: a corrupt one
    (docs / "notes.odt").write_bytes(b"PK")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    summary = ingest_paths([docs, docs / "notes.odt"], make_settings(), progress=False)
    reasons = {s.source.rsplit("/", 1)[-1]: s.reason for s in summary.skipped}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["junk.txt"]
    assert "unsupported" in reasons["notes.odt"]
    assert "corrupt" in reasons["notes.docx"]
    assert "PDF" in reasons["broken.pdf"]
    assert len(summary.files) == 2


def test_nothing_to_ingest_is_an_error(corpus_dir, make_settings):
    (corpus_dir / "empty.md").write_text("   ")
    with pytest.raises(IngestError, match="Nothing could be ingested"):
        ingest_paths([corpus_dir], make_settings(), progress=False)
