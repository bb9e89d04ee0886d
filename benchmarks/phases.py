"""Run in a fresh process: where a cold `ask` spends its time, or the bare LangChain baseline.

    python -m benchmarks.phases phases INDEX QUESTION   # JSON of phase timings
    python -m benchmarks.phases bare INDEX QUESTION     # one similarity_search(k=4), torch model
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()


def phases(index: Path, question: str) -> dict[str, float]:
    """Time each step from interpreter start to the first answer."""
    out: dict[str, float] = {}
    mark = STARTED

    def step(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        out[name] = round(now - mark, 3)
        mark = now

    from bot.chatbot import Chatbot
    from ingest.settings import Settings

    step("import bot (langchain, numpy, bm25s)")
    import chromadb  # noqa: F401

    step("import chromadb")
    from ingest.index.embeddings import embeddings_for

    settings = Settings.from_env(index_dir=index)
    embeddings = embeddings_for(settings)
    step(f"load the embedding model ({settings.embed_backend})")
    from ingest.index.store import IndexStore

    store = IndexStore(settings, embeddings)
    store.count()
    step("open the store")
    bot = Chatbot(settings, store)
    step(f"read {len(bot.passages):,} passages, build the keyword index")
    bot.ask(question)
    step("first answer")
    out["total"] = round(time.perf_counter() - STARTED, 3)
    out["torch imported"] = float("torch" in sys.modules)
    return out


def bare(index: Path, question: str) -> None:
    """Answer with the plain default stack: the torch model and one similarity search."""
    from ingest.index.embeddings import load_embeddings
    from ingest.index.store import IndexStore
    from ingest.settings import Settings

    store = IndexStore(Settings.from_env(index_dir=index), load_embeddings())
    docs = store.vectorstore.similarity_search(question, k=4)
    print(docs[0].page_content[:80] if docs else "")


if __name__ == "__main__":
    mode, where, asked = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    if mode == "phases":
        print(json.dumps(phases(where, asked)))
    else:
        bare(where, asked)
