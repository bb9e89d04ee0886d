"""A naive tutorial RAG to measure retrieval against: 800-character chunks, the top 4 by meaning.

It knows no speakers and writes no answer: its "answer" is the four chunks, so the eval's facts
and support checks say how often plain retrieval finds what a question needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

CHUNK_CHARS = 800
CHUNK_OVERLAP = 100
TOP_K = 4
_CHUNKS: dict[Path, tuple[list[str], np.ndarray]] = {}  # file -> its chunks and their vectors


class NaiveRag:
    """Chunks of the documents under paths, searched by cosine similarity."""

    def __init__(self, paths: Sequence[Path], embeddings: Any) -> None:
        from ingest.loaders import SkipFile, find_files, load_file

        self.embeddings = embeddings
        files, _ = find_files(list(paths))
        texts: list[str] = []
        vectors: list[np.ndarray] = []
        for path in files:
            if path not in _CHUNKS:
                try:
                    text = load_file(path, path.name).text
                except SkipFile:
                    continue
                chunks = split(text)
                matrix = np.asarray(embeddings.embed_documents(chunks), dtype=np.float32)
                _CHUNKS[path] = (chunks, matrix.reshape(len(chunks), -1))
            chunks, matrix = _CHUNKS[path]
            texts.extend(chunks)
            vectors.append(matrix)
        self.chunks = texts
        self.matrix = np.vstack(vectors) if vectors else np.zeros((0, 1), dtype=np.float32)

    def answer(self, turns: Sequence[str]) -> dict[str, Any]:
        """Return an answer record holding the top chunks for the conversation's questions."""
        query = " ".join(turns)  # a condensing step would give it the conversation too
        vector = np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        top = np.argsort(-(self.matrix @ vector))[:TOP_K]
        chosen = [self.chunks[i] for i in top]
        return {"answer": "\n\n".join(chosen), "answered": True,
                "citations": [{"n": n, "text": t, "speaker": None}
                              for n, t in enumerate(chosen, 1)]}


def split(text: str) -> list[str]:
    """Split text as the tutorials do: paragraphs, then lines, then words, to 800 characters."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_CHARS, chunk_overlap=CHUNK_OVERLAP)
    return [c for c in splitter.split_text(text) if c.strip()] or [text[:CHUNK_CHARS]]
