"""The fast paths give the same results as the plain ones: ONNX vectors, cached and in-memory
indexes, and a query process that never imports torch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ["Who spoke at the hustings?", "broadband", "x " * 400,
         "The candidate pledged to bring buses back under public control by 2027, and to cap "
         "fares at two pounds across the whole region."]


@pytest.mark.slow
def test_onnx_backend_gives_the_torch_vectors(make_settings, embeddings):
    from ingest.index.embeddings import OnnxEmbeddings, embeddings_for

    onnx = embeddings_for(make_settings())
    assert isinstance(onnx, OnnxEmbeddings)
    assert np.abs(np.array(onnx.embed_documents(TEXTS))
                  - np.array(embeddings.embed_documents(TEXTS))).max() < 1e-4
    assert np.abs(np.array(onnx.embed_query(TEXTS[0]))
                  - np.array(embeddings.embed_query(TEXTS[0]))).max() < 1e-4
    assert abs(np.linalg.norm(onnx.embed_query(TEXTS[1])) - 1.0) < 1e-5


@pytest.mark.slow
def test_int8_backend_stays_close_to_the_torch_vectors(make_settings, embeddings,
                                                       tmp_path: Path):
    from ingest.index.embeddings import QUANTISED_MIN_COSINE, OnnxEmbeddings, embeddings_for

    # Quantised afresh in this test's own empty cache: the check must hold on any machine.
    int8 = embeddings_for(make_settings(embed_backend="int8", cache_dir=tmp_path / "cache"))
    assert isinstance(int8, OnnxEmbeddings)  # a failed check would have fallen back to torch
    got = np.array(int8.embed_documents(TEXTS))
    expected = np.array(embeddings.embed_documents(TEXTS))
    assert (got * expected).sum(axis=1).min() > QUANTISED_MIN_COSINE
    assert np.abs(got - expected).max() > 1e-4  # really the 8-bit model, not the full one
    assert abs(np.linalg.norm(int8.embed_query(TEXTS[1])) - 1.0) < 1e-5


def test_an_unknown_backend_is_refused():
    from ingest.errors import ConfigError
    from ingest.settings import Settings

    with pytest.raises(ConfigError, match="onnx, torch or int8"):
        Settings.from_env(env={"HUSTINGS_EMBED_BACKEND": "tensorflow"})


@pytest.mark.slow
def test_asking_never_imports_torch(shipped_settings):
    script = ("import sys\nfrom bot.cli import main\n"
              f"code = main(['ask', '--index', {str(shipped_settings.index_dir)!r}, "
              "'Who spoke at the hustings?'])\n"
              "print('TORCH' if 'torch' in sys.modules else 'NO TORCH', code)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUSTINGS_")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.stdout.strip().endswith("NO TORCH 0"), done.stderr


@pytest.mark.slow
def test_snapshot_is_saved_and_loaded_by_content(shipped_settings, multi_settings,
                                                  tmp_path: Path):
    from bot.search.retrieval import KeywordIndex, Scope
    from bot.search.snapshot import open_snapshot
    from ingest.index.embeddings import embeddings_for
    from ingest.index.store import IndexStore
    from ingest.text import query_terms

    store = IndexStore(shipped_settings, embeddings_for(shipped_settings))
    built = open_snapshot(store, tmp_path)
    saved = list(tmp_path.iterdir())
    loaded = open_snapshot(store, tmp_path)

    assert len(saved) == 1 and list(tmp_path.iterdir()) == saved
    assert [(p, p.sentences) for p in loaded.passages] == [(p, p.sentences)
                                                           for p in built.passages]
    assert [p.id for p in built.passages] == [p.id for p in store.load_passages()]
    assert np.array_equal(np.asarray(loaded.matrix), built.matrix)
    fresh = KeywordIndex(built.passages)
    for question in ("broadband connectivity", "cyber crime", "skills for adults"):
        expected = [(p.id, round(s, 6)) for p, s in fresh.search(query_terms(question),
                                                                 Scope(), 8)]
        assert expected
        for index in (built.keyword, loaded.keyword):
            assert [(p.id, round(s, 6)) for p, s in index.search(query_terms(question),
                                                                 Scope(), 8)] == expected
    other = IndexStore(multi_settings, embeddings_for(multi_settings))
    open_snapshot(other, tmp_path)  # other passages, another snapshot
    assert len(list(tmp_path.iterdir())) == 2


@pytest.mark.slow
def test_scoped_search_in_memory_matches_chroma(multi_bot):
    from bot.search.retrieval import Scope

    speakers = sorted({p.speaker for p in multi_bot.passages if p.speaker})
    events = sorted({p.event_id for p in multi_bot.passages})
    scopes = [Scope(speakers=(speakers[0],)), Scope(speakers=tuple(speakers[1:3])),
              Scope(event_ids=(events[0],)), Scope(speakers=(speakers[0],),
                                                   event_ids=tuple(events))]
    for question in ("What about broadband?", "buses and transport", "flooding"):
        vector = multi_bot.embed(question)
        for scope in scopes:
            memory = multi_bot.search.vectors.search(vector, scope, 5)
            chroma = multi_bot.store.search(vector, 5, scope.where())
            assert [p.id for p, _ in memory] == [p.id for p, _ in chroma]
            assert np.allclose([s for _, s in memory], [s for _, s in chroma], atol=1e-4)
