"""Open the chatbot, building the index from the data folder first when there is none."""

from __future__ import annotations

from collections.abc import Callable

from bot.chatbot import Chatbot
from ingest.settings import Settings


def open_chatbot(settings: Settings, say: Callable[[str], None] = print) -> Chatbot:
    """Return a ready Chatbot; ingest settings.data_paths if the index is empty."""
    from ingest.index.embeddings import embeddings_for
    from ingest.index.store import IndexStore
    from ingest.pipeline import ingest_paths

    store = IndexStore(settings, embeddings_for(settings))
    if store.count() == 0:
        where = ", ".join(str(p) for p in settings.data_paths)
        say(f"No index yet: building it from {where} ...")
        summary = ingest_paths(list(settings.data_paths), settings, progress=False)
        for line in summary.lines():
            say(line)
    return Chatbot(settings, store)
