"""Embed passages and their sentences in batches, as documents arrive from the reader."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ingest.model import Passage

if TYPE_CHECKING:
    import numpy as np
    from langchain_core.embeddings import Embeddings

_PROGRESS_MIN = 200  # show a progress bar from this many texts to embed


class PassageEmbedder:
    """Collect passages, embed them (and each sentence once) whenever a batch has filled.

    Embedding while the reader works on the next documents keeps both cores busy: spaCy and
    the model's runtime release the GIL, so the reader runs in a thread beside this.
    """

    def __init__(self, embeddings: Embeddings, chunk: int, progress: bool = False):
        self.embeddings = embeddings
        self.chunk = chunk
        self.passages: list[Passage] = []
        self._rows: dict[str, int] = {}  # passage id or sentence text -> row of _parts
        self._parts: list[np.ndarray] = []
        self._pending: list[str] = []
        self._embedded = 0
        self._bar = None
        self._progress = progress

    def add(self, passages: Sequence[Passage]) -> None:
        """Queue passages; embed a batch once enough texts wait."""
        for p in passages:
            self.passages.append(p)
            self._queue(("passage", p.id), p.embed_text)
            for s in p.sentences:  # a sentence shared by two chunks is embedded once
                self._queue(("sentence", s.text), s.text)
        if len(self._pending) >= self.chunk:
            self._flush()

    def finish(self) -> tuple[np.ndarray, list[list[np.ndarray]]]:
        """Embed what is left; return the passages' rows and, per passage, its sentences' rows."""
        import numpy as np

        self._flush()
        if self._bar is not None:
            self._bar.close()
        matrix = (np.concatenate(self._parts) if self._parts
                  else np.zeros((0, 0), dtype=np.float32))
        return (matrix[[self._rows[("passage", p.id)] for p in self.passages]]
                if self.passages else matrix[:0],
                [[matrix[self._rows[("sentence", s.text)]] for s in p.sentences]
                 for p in self.passages])

    def _queue(self, key: tuple[str, str], text: str) -> None:
        if key not in self._rows:
            self._rows[key] = self._embedded + len(self._pending)
            self._pending.append(text)

    def _flush(self) -> None:
        if not self._pending:
            return
        self._parts.append(_embed_all(self._pending, self.embeddings, self.chunk))
        self._embedded += len(self._pending)
        self._show(len(self._pending))
        self._pending = []

    def _show(self, done: int) -> None:
        if not self._progress or os.environ.get("CI") == "true":
            return
        if self._bar is None:
            if self._embedded < _PROGRESS_MIN:
                return
            from tqdm import tqdm

            self._bar = tqdm(desc="Embedding", unit="text", file=sys.stderr,
                             initial=self._embedded - done)
        self._bar.update(done)


def embed_passages(passages: Sequence[Passage], embeddings: Embeddings, batch_size: int,
                   progress: bool = False) -> tuple[np.ndarray, list[list[np.ndarray]]]:
    """Embed passages (with their section) and each of their sentences, in batches."""
    embedder = PassageEmbedder(embeddings, batch_size * 4, progress)
    embedder.add(passages)
    return embedder.finish()


def _embed_all(texts: list[str], embeddings: Embeddings, chunk: int) -> np.ndarray:
    """Embed texts into the rows of a float32 matrix (a tenth of the memory of lists)."""
    import numpy as np

    # Sorting by length keeps each batch's padding small; the rows keep the texts' order.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    matrix = np.zeros((len(texts), 0), dtype=np.float32)
    for lo in range(0, len(order), chunk):
        idx = order[lo:lo + chunk]
        got = np.asarray(embeddings.embed_documents([texts[i] for i in idx]), dtype=np.float32)
        if matrix.shape[1] != got.shape[1]:
            matrix = np.zeros((len(texts), got.shape[1]), dtype=np.float32)
        matrix[idx] = got
    return matrix
