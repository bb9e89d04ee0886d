"""Embed passages and their sentences in batches, as documents arrive from the reader.

Two models may share the work: sentence vectors (which answers are built from, sentence by
sentence) always come from the full-precision model, and passage vectors (which only rank
passages, beside keyword search) may come from the 8-bit one, which does the same work in
about half the time. See README "Performance" for what each choice does to the answers.
"""

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


class _Queue:
    """Texts waiting for one model, and the rows of those already embedded."""

    def __init__(self, embeddings: Embeddings) -> None:
        self.embeddings = embeddings
        self.rows: dict[str, int] = {}  # key -> row of the concatenated parts
        self.parts: list[np.ndarray] = []
        self.pending: list[str] = []
        self.done = 0

    def put(self, key: str, text: str) -> None:
        if key not in self.rows:
            self.rows[key] = self.done + len(self.pending)
            self.pending.append(text)

    def flush(self, chunk: int) -> int:
        """Embed the pending texts; return how many there were."""
        count = len(self.pending)
        if count:
            self.parts.append(_embed_all(self.pending, self.embeddings, chunk))
            self.done += count
            self.pending = []
        return count

    def matrix(self) -> np.ndarray:
        import numpy as np

        return np.concatenate(self.parts) if self.parts else np.zeros((0, 0), dtype=np.float32)


class PassageEmbedder:
    """Collect passages, embed them (and each sentence once) whenever a batch has filled.

    Embedding while the reader works on the next documents keeps both cores busy: spaCy and
    the model's runtime release the GIL, so the reader runs in a thread beside this.
    `passage_embeddings`, when given, embeds the passages; `embeddings` embeds the sentences
    (and the passages too when no other model is given).
    """

    def __init__(self, embeddings: Embeddings, chunk: int, progress: bool = False,
                 passage_embeddings: Embeddings | None = None):
        self.chunk = chunk
        self.passages: list[Passage] = []
        self._passages = _Queue(passage_embeddings or embeddings)
        self._sentences = _Queue(embeddings)
        self._embedded = 0
        self._bar = None
        self._progress = progress

    def add(self, passages: Sequence[Passage]) -> None:
        """Queue passages; embed a batch once enough texts wait."""
        for p in passages:
            self.passages.append(p)
            self._passages.put(p.id, p.embed_text)
            for s in p.sentences:  # a sentence shared by two chunks is embedded once
                self._sentences.put(s.text, s.text)
        if len(self._passages.pending) + len(self._sentences.pending) >= self.chunk:
            self._flush()

    def finish(self) -> tuple[np.ndarray, list[list[np.ndarray]]]:
        """Embed what is left; return the passages' rows and, per passage, its sentences' rows."""
        self._flush()
        if self._bar is not None:
            self._bar.close()
        passages, sentences = self._passages.matrix(), self._sentences.matrix()
        return (passages[[self._passages.rows[p.id] for p in self.passages]]
                if self.passages else passages[:0],
                [[sentences[self._sentences.rows[s.text]] for s in p.sentences]
                 for p in self.passages])

    def _flush(self) -> None:
        done = self._passages.flush(self.chunk) + self._sentences.flush(self.chunk)
        self._embedded += done
        if done:
            self._show(done)

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
                   progress: bool = False, passage_embeddings: Embeddings | None = None
                   ) -> tuple[np.ndarray, list[list[np.ndarray]]]:
    """Embed passages (with their section) and each of their sentences, in batches."""
    embedder = PassageEmbedder(embeddings, batch_size * 4, progress, passage_embeddings)
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
        batch = [texts[i] for i in idx]
        # The ONNX model hands back a matrix: no detour through a list of Python floats.
        got = (embeddings.embed_matrix(batch) if hasattr(embeddings, "embed_matrix")
               else np.asarray(embeddings.embed_documents(batch), dtype=np.float32))
        if matrix.shape[1] != got.shape[1]:
            matrix = np.zeros((len(texts), got.shape[1]), dtype=np.float32)
        matrix[idx] = got
    return matrix
