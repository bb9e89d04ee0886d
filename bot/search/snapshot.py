"""A local copy of what the store holds, so that a restart is quick: the passages, their vectors
and the BM25 index, saved in the cache folder under a key made from the passages' ids.

Ids come from content and source, so the key names the store's exact content: every replica
builds its copy from the store (a Chroma folder or server) once, then loads it; nothing stale is
ever read, and a new index generation simply gets a new key.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.search import retrieval
from bot.search.retrieval import KeywordIndex
from ingest import model as model_module
from ingest import text as text_module
from ingest.index import store as store_module
from ingest.index.store import IndexStore
from ingest.model import Passage

KEEP = 3  # snapshots kept in the cache folder (one per version of the corpus)


@dataclass(frozen=True)
class Snapshot:
    """Everything a Chatbot holds in memory about the passages."""

    passages: list[Passage]
    matrix: np.ndarray  # row i is the vector of passages[i]
    keyword: KeywordIndex


def open_snapshot(store: IndexStore, cache: Path | None) -> Snapshot:
    """Return the store's passages, vectors and keyword index; from the cache when it has them."""
    folder = cache / content_key(store.passage_ids()) if cache is not None else None
    if folder is not None:
        try:
            return load(folder)
        except (OSError, ValueError, KeyError, EOFError, AttributeError, ImportError,
                pickle.UnpicklingError):  # none yet, or written by other code: rebuild
            pass
    passages, matrix = store.load_passages_and_vectors()
    snapshot = Snapshot(passages, matrix, KeywordIndex(passages))
    if cache is not None:  # keyed by what was read: a re-ingest may have happened meanwhile
        save(snapshot, cache / content_key([p.id for p in passages]))
    return snapshot


def content_key(ids: Sequence[str]) -> str:
    """Name a set of passages and the code that reads them."""
    key = hashlib.sha1()
    for module in (retrieval, model_module, store_module, text_module):
        key.update(Path(module.__file__ or "").read_bytes())
    key.update(Path(__file__).read_bytes())
    key.update("\n".join(sorted(ids)).encode())
    return key.hexdigest()[:20]


def load(folder: Path) -> Snapshot:
    """Read a snapshot that save() wrote."""
    with (folder / "passages.pickle").open("rb") as f:
        passages = pickle.load(f)
    matrix = np.load(folder / "vectors.npy", mmap_mode="r")
    return Snapshot(passages, matrix, KeywordIndex.load(passages, folder / "keyword"))


def save(snapshot: Snapshot, folder: Path) -> None:
    """Write a snapshot whole or not at all, and drop the oldest ones; never fail the caller."""
    partial = folder.with_name(f"{folder.name}.{os.getpid()}.partial")
    try:
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        with (partial / "passages.pickle").open("wb") as f:
            pickle.dump(snapshot.passages, f, protocol=pickle.HIGHEST_PROTOCOL)
        np.save(partial / "vectors.npy", np.asarray(snapshot.matrix, dtype=np.float32))
        snapshot.keyword.save(partial / "keyword")
        os.replace(partial, folder)
        kept = sorted((p for p in folder.parent.iterdir() if not p.name.endswith(".partial")),
                      key=lambda p: p.stat().st_mtime)
        for old in kept[:-KEEP]:
            shutil.rmtree(old, ignore_errors=True)
    except OSError:  # a read-only or full disk, or another process saved it first
        shutil.rmtree(partial, ignore_errors=True)
