"""Open the chatbot, building the index from the data folder first when there is none.

What takes long on a first start (preparing the model, building the index, opening a large
index) is said, so that a start is never minutes of silence; a quick start says nothing.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bot.chatbot import Chatbot
from ingest.settings import Settings

SLOW = 3.0  # seconds a step may take before it is said


def open_chatbot(settings: Settings, say: Callable[[str], None] = print) -> Chatbot:
    """Return a ready Chatbot; ingest settings.data_paths if the index is empty."""
    from ingest.index.embeddings import embeddings_for
    from ingest.index.store import IndexStore
    from ingest.pipeline import ingest_paths

    with _said_if_slow(say, "Loading the embedding model: the first start on a computer "
                       "prepares it, about a minute …"):
        embeddings = embeddings_for(settings)
    store = IndexStore(settings, embeddings)
    count = store.count()
    if count == 0:
        where = ", ".join(str(p) for p in settings.data_paths)
        say(f"No index yet: building it from {where} (reading and embedding each document, "
            "once) …")
        summary = ingest_paths(list(settings.data_paths), settings,
                               progress=sys.stderr.isatty())
        for line in summary.lines():
            say(line)
        count = summary.total_passages
    with _said_if_slow(say, f"Opening the index ({count:,} passages; the first time, its "
                       "keyword index is built) …"):
        return Chatbot(settings, store)


@contextmanager
def _said_if_slow(say: Callable[[str], None], line: str) -> Iterator[None]:
    """Say line once the body has taken SLOW seconds: a quick step stays silent."""
    timer = threading.Timer(SLOW, say, args=(line,))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
