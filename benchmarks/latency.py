"""Warm latency: `ask` against one bare similarity_search(k=4) on the same index, interleaved."""

from __future__ import annotations

from pathlib import Path

from benchmarks.measure import Figure, median, p95, timed
from ingest.settings import Settings


def dev_conversations(path: Path) -> list[tuple[str, ...]]:
    """Return the turns of each conversation of an eval set."""
    from bot.evals.answers import load_cases

    return [case.turns for case in load_cases(path)]


def warm_latency(settings: Settings, conversations: list[tuple[str, ...]], repeat: int
                 ) -> tuple[list[Figure], dict]:
    """Time ask (last turn, after its history) and the bare search on the same questions."""
    from bot.answer import Turn
    from bot.chatbot import Chatbot

    bot = Chatbot(settings)
    prepared = []
    for turns in conversations:  # earlier turns are context, answered once, untimed
        history: list[Turn] = []
        for question in turns[:-1]:
            history.append(Turn(question, bot.ask(question, history)))
        prepared.append((turns[-1], history))
    search = bot.store.vectorstore.similarity_search
    for question, history in prepared[:3]:  # warm caches, lazy imports and Chroma's segments
        bot.ask(question, history)
        search(question, k=4)
    asks: list[float] = []
    bares: list[float] = []
    forget = getattr(getattr(bot, "_embed_cached", None), "cache_clear", lambda: None)
    for _ in range(repeat):
        for question, history in prepared:
            forget()  # every ask embeds its question, as the bare search does
            asks.append(timed(lambda q=question, h=history: bot.ask(q, h)))
            bares.append(timed(lambda q=question: search(q, k=4)))
    ask_ms, bare_ms = median(asks) * 1000, median(bares) * 1000
    figures = [
        Figure("warm ask p50", ask_ms, "ms", bare_ms, "similarity_search k=4",
               target="<= 1.5x and <= 40 ms", met=ask_ms <= 1.5 * bare_ms and ask_ms <= 40,
               note=f"{len(prepared)} dev questions x {repeat} runs"),
        Figure("warm ask p95", p95(asks) * 1000, "ms", p95(bares) * 1000,
               "similarity_search k=4 p95"),
    ]
    return figures, {"ask_ms": [a * 1000 for a in asks], "bare_ms": [b * 1000 for b in bares],
                     "passages": len(bot.passages)}


def keyword_index(settings: Settings, repeat: int) -> tuple[list[Figure], dict]:
    """Time building the in-memory indexes from the store, and loading them from the cache."""
    import tempfile

    from bot.search.retrieval import KeywordIndex
    from bot.search.snapshot import open_snapshot
    from ingest.index.embeddings import embeddings_for
    from ingest.index.store import IndexStore

    store = IndexStore(settings, embeddings_for(settings))
    reads, builds, loads = [], [], []
    held: dict = {}
    with tempfile.TemporaryDirectory(prefix="hustings-snapshot-") as cache:
        for _ in range(repeat):
            reads.append(timed(lambda: held.update(read=store.load_passages_and_vectors())))
            builds.append(timed(lambda: KeywordIndex(held["read"][0])))
            open_snapshot(store, Path(cache))  # saves it
            loads.append(timed(lambda: open_snapshot(store, Path(cache))))
    count = len(held["read"][0])
    built = median(reads) + median(builds)
    figures = [
        Figure(f"keyword index: build from the store ({count:,} passages)", built, "s",
               target="< 5 s (build or load)", met=built < 5,
               note=f"read passages and vectors {median(reads):.2f} s, BM25 "
                    f"{median(builds):.2f} s; once per replica and corpus version"),
        Figure("keyword index: load from the cache", median(loads), "s", built,
               "build from the store", target="< 5 s (build or load)",
               met=median(loads) < 5, note="passages, vectors and BM25 (bot/snapshot.py)"),
    ]
    return figures, {"read_s": reads, "bm25_build_s": builds, "snapshot_load_s": loads}


def same_rankings(settings: Settings, questions: list[str], k: int = 8) -> tuple[list[Figure],
                                                                                  dict]:
    """Compare the dense top-k of the ONNX and torch query vectors on the same index."""
    import numpy as np

    from ingest.index.embeddings import load_embeddings
    from ingest.index.store import IndexStore

    store = IndexStore(settings, load_embeddings(settings.embed_batch_size, "onnx",
                                                 settings.cache_dir))
    torch_model = load_embeddings(settings.embed_batch_size)
    same, worst = 0, 0.0
    for question in questions:
        a = np.asarray(store.embeddings.embed_query(question))
        b = np.asarray(torch_model.embed_query(question))
        worst = max(worst, float(np.abs(a - b).max()))
        same += [p.id for p, _ in store.search(a, k)] == [p.id for p, _ in store.search(b, k)]
    figure = Figure(f"ONNX = torch top-{k} rankings", same, "questions", len(questions),
                    "questions", target="all", met=same == len(questions),
                    note=f"largest vector difference {worst:.1e}")
    return [figure], {"rankings_same": same, "max_vector_difference": worst}
