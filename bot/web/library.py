"""The indexed documents as the page and the `/documents` API see them: events and readings.

Readings come from the index (stored at ingest), never from the source files, and are kept
per index generation, so a page shows exactly what was indexed and follows a re-ingest.
"""

from __future__ import annotations

import threading
from typing import Any

from bot.chatbot import Chatbot
from bot.web.guide import Choice
from bot.web.statements import Statements, statements
from ingest.errors import IndexMissingError, QuestionError
from ingest.model import Event, Passage
from ingest.understand.export import reading_record
from ingest.understand.model import Reading

KEEP = 16  # readings kept in memory: a page shows one at a time


class Library:
    """Look events up by source, id or title, and give their stored readings."""

    def __init__(self, bot: Chatbot) -> None:
        self.bot = bot
        self._readings: dict[tuple[str, str], Reading] = {}
        self._passages: tuple[str, dict[str, list[Passage]]] = ("", {})
        self._lock = threading.Lock()

    @property
    def events(self) -> list[Event]:
        """Return the indexed events, by title."""
        return self.bot.events

    def choices(self) -> list[Choice]:
        """Return the events as dropdown choices: "Title (date)" for the source."""
        return [Choice(f"{e.title} ({e.date})" if e.date else e.title, e.source)
                for e in self.events]

    def event(self, key: str) -> Event:
        """Return the event whose source, id or title is key."""
        key = (key or "").strip()
        from bot.web.kept import public_source

        settings = self.bot.settings
        for match in (lambda e: e.source == key,
                      lambda e: public_source(settings, e.source) == key,  # as the API shows it
                      lambda e: e.id == key,
                      lambda e: e.title == key, lambda e: e.title.lower() == key.lower()):
            found = [e for e in self.events if match(e)]
            if found:
                return found[0]
        raise QuestionError(f"No indexed event is {key!r}. Give an event's source or title, as "
                            "/documents without an argument lists them.")

    def reading(self, event: Event) -> Reading:
        """Return the stored Reading of an event's document."""
        generation = self.bot.generation
        with self._lock:
            cached = self._readings.get((generation, event.source))
        if cached is not None:
            return cached
        reading = self.bot.store.load_reading(event.source)
        if reading is None:
            raise IndexMissingError(f"The index holds no reading of {event.source}: it was built "
                                    "before readings were stored. Run `hustings ingest` again.")
        with self._lock:
            if len(self._readings) >= KEEP:
                self._readings.pop(next(iter(self._readings)))
            self._readings[(generation, event.source)] = reading
        return reading

    def statements(self, event: Event) -> Statements:
        """Return what each candidate said at an event, by topic, from the chat's passages."""
        generation = self.bot.generation
        with self._lock:
            if self._passages[0] != generation:
                by_event: dict[str, list[Passage]] = {}
                for p in self.bot.passages:
                    by_event.setdefault(p.event_id, []).append(p)
                self._passages = (generation, by_event)
            passages = self._passages[1].get(event.id, [])
        return statements(event, passages)

    def catalogue(self) -> list[dict[str, Any]]:
        """Return every event with its roster, as JSON-ready records."""
        return [event_record(e) for e in self.events]

    def record(self, key: str) -> dict[str, Any]:
        """Return the record of one event's document, as `hustings inspect --json` prints it."""
        event = self.event(key)
        return reading_record(self.reading(event), event.source)


def event_record(event: Event) -> dict[str, Any]:
    """Return an event and its roster: who stood, for which party, took part or absent, why."""
    return {"title": event.title, "date": event.date, "source": event.source, "id": event.id,
            "chairs": list(event.moderators), "sections": list(event.sections),
            "candidates": [{"name": c.name, "party": c.party, "took_part": c.spoke,
                            "note": c.note} for c in event.candidates]}
