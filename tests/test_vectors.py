"""Embedding passages in batches as documents arrive: same rows however the batches fall."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.index.vectors import PassageEmbedder, embed_passages
from ingest.parse import parse_document

ROUNDUP = """# Riverside hustings on housing

Candidates Mara Quell (Green Party) and Tomas Birk (Labour Party) took part, chaired by Ivo Lund.

## Housing

Mara Quell said the council should build five hundred homes for social rent. She added that
empty shops could become flats. Tomas Birk argued that the town needs a new planning office.
He promised to cut waiting times for repairs.

## Transport

Mara Quell wants a bus route to the hospital. Tomas Birk said cycle lanes must be safer.
"""


class Counting:
    """The real model, counting the texts it is given."""

    def __init__(self, embeddings):
        self.inner = embeddings
        self.texts: list[str] = []

    def embed_documents(self, texts):
        self.texts.extend(texts)
        return self.inner.embed_documents(texts)


@pytest.fixture(scope="module")
def passages():
    found = parse_document(ROUNDUP, "riverside.md").passages
    assert len(found) >= 2
    return found


def test_batches_as_documents_arrive_give_the_rows_of_one_batch(embeddings, passages):
    whole, whole_sentences = embed_passages(passages, embeddings, batch_size=64)
    embedder = PassageEmbedder(embeddings, chunk=3)
    for p in passages:  # one passage at a time, as the reader hands them over
        embedder.add([p])
    rows, sentence_rows = embedder.finish()
    assert rows.shape == whole.shape == (len(passages), whole.shape[1])
    assert np.allclose(rows, whole, atol=1e-5)
    for got, want in zip(sentence_rows, whole_sentences):
        assert len(got) == len(want)
        assert all(np.allclose(a, b, atol=1e-5) for a, b in zip(got, want))


def test_each_sentence_is_embedded_once(embeddings, passages):
    counting = Counting(embeddings)
    embedder = PassageEmbedder(counting, chunk=2)
    embedder.add(passages)
    embedder.add(passages[:1])  # the same passage again: nothing new to embed
    embedder.finish()
    sentences = {s.text for p in passages for s in p.sentences}
    assert sorted(counting.texts) == sorted([p.embed_text for p in passages] + list(sentences))


def test_nothing_to_embed_gives_empty_rows(embeddings):
    rows, sentence_rows = PassageEmbedder(embeddings, chunk=8).finish()
    assert rows.shape[0] == 0 and sentence_rows == []


def test_a_long_ingest_shows_its_progress_on_stderr(embeddings, capsys, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    paragraphs = "\n\n".join(f"Mara Quell said ward {n} needs {n} more crossings. She added that "
                             f"bus stop {n} should get a shelter." for n in range(120))
    many = parse_document(f"# Riverside hustings\n\n{paragraphs}\n", "long.md").passages
    embedder = PassageEmbedder(embeddings, chunk=64, progress=True)
    embedder.add(many)
    rows, _ = embedder.finish()
    assert rows.shape[0] == len(many)
    assert "Embedding" in capsys.readouterr().err


def test_passages_may_take_another_model_and_sentences_keep_theirs(embeddings, passages):
    full = Counting(embeddings)
    other = Counting(embeddings)
    embedder = PassageEmbedder(full, chunk=4, passage_embeddings=other)
    embedder.add(passages)
    rows, sentence_rows = embedder.finish()
    assert sorted(other.texts) == sorted(p.embed_text for p in passages)
    assert sorted(full.texts) == sorted({s.text for p in passages for s in p.sentences})
    whole, whole_sentences = embed_passages(passages, embeddings, batch_size=64)
    assert np.allclose(rows, whole, atol=1e-5)
    assert all(np.allclose(a, b, atol=1e-5) for got, want in zip(sentence_rows, whole_sentences)
               for a, b in zip(got, want))


@pytest.mark.slow
def test_the_default_backend_embeds_passages_in_8_bits_and_sentences_in_full(make_settings):
    from ingest.index.embeddings import embeddings_for, passage_embeddings_for

    settings = make_settings()
    full, eight = embeddings_for(settings), passage_embeddings_for(settings)
    assert eight is not None and eight is not full
    found = parse_document(ROUNDUP, "riverside.md").passages
    rows, sentence_rows = embed_passages(found, full, 64, passage_embeddings=eight)
    exact, exact_sentences = embed_passages(found, full, 64)
    cosines = (rows * exact).sum(axis=1)
    assert cosines.min() > 0.98 and np.abs(rows - exact).max() > 1e-4  # close, not the same
    assert all(np.allclose(a, b, atol=1e-6) for got, want in zip(sentence_rows, exact_sentences)
               for a, b in zip(got, want))
    assert passage_embeddings_for(make_settings(embed_backend="torch")) is None
    assert passage_embeddings_for(make_settings(embed_backend="int8")) is None
