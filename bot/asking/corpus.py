"""What the index holds, for planning and answering: rosters, passages by event, words used."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property

from bot.roster import Roster
from ingest.model import Event, Passage, Speaker
from ingest.text import search_terms

_CARRIES_ON = re.compile(r"(?:He|She|They|His|Her|Their|No|Nothing|It)\b")
_SAID = ("said|says|asked|asks|told|tells|argued|argues|added|adds|replied|replies|answered|"
         "answers|claimed|claims|insisted|insists|warned|warns|wanted to know|wants to know")
MAX_REASON = 2  # sentences after the one naming someone absent that may say why
# Words a description and a document may use for the same thing ("sitting" / "incumbent").
_SAME = {term: "sitt" for term in search_terms("incumbent current serving sitting")}


class Corpus:
    """The events' rosters and passages, looked up by event, person and listing."""

    def __init__(self, roster: Roster, passages: Sequence[Passage], vocabulary: set[str]
                 ) -> None:
        self.roster = roster
        self.events: list[Event] = roster.events
        self.passages = list(passages)
        self.vocabulary = vocabulary
        self.by_id = {p.id: p for p in self.passages}
        self._speaking: dict[str, bool] = {}
        self.by_event: dict[str, list[Passage]] = {}
        for passage in self.passages:
            self.by_event.setdefault(passage.event_id, []).append(passage)
        for event_passages in self.by_event.values():
            event_passages.sort(key=lambda p: p.ordinal)

    @cached_property
    def _said(self) -> set[tuple[str, str]]:
        return {(p.speaker, p.event_id) for p in self.passages if p.speaker}

    def has_statements(self, name: str, event_id: str) -> bool:
        """Tell whether any passage of an event is attributed to a person (a read-out too)."""
        return (name, event_id) in self._said

    def records_speaking(self, name: str) -> bool:
        """Tell whether the passages show someone not on any roster speaking ("Roe asked",
        "ROE:"), rather than only mentioning them."""
        if name not in self._speaking:
            last = re.escape(name.split()[-1])
            said = re.compile(rf"\b{last}\b[’']?s?\W{{0,3}}(?:{_SAID})\b|"
                              rf"\b(?:{_SAID})\s+(?:\w+\s+)?{last}\b|^\W*{last}\W*:",
                              re.IGNORECASE | re.MULTILINE)
            self._speaking[name] = any(said.search(p.text) for p in self.passages)
        return self._speaking[name]

    def described(self, description: str, event_ids: set[str]) -> str | None:
        """Return the one candidate the sources describe so ("the former police sergeant"): a
        sentence naming them alone holds every word of the description."""
        wanted = {_SAME.get(t, t) for t in search_terms(description)}
        if not wanted:
            return None
        found: set[str] = set()
        for e in self.roster.entries:
            if event_ids and e.event.id not in event_ids:
                continue
            named = naming(e.name)
            for p in self.by_event.get(e.event.id, []):
                for span in p.sentences:
                    if not named.search(span.text):
                        continue
                    terms = {_SAME.get(t, t) for t in search_terms(span.text)}
                    others = [o for o in e.event.candidates
                              if o.name != e.name and naming(o.name).search(span.text)]
                    if wanted <= terms and not others:
                        found.add(e.name)
        return found.pop() if len(found) == 1 else None

    def event(self, value: str) -> Event | None:
        """Return the event with this id or title."""
        return next((e for e in self.events if value in (e.id, e.title)), None)

    def listing_of(self, event: Event, people: Sequence[Speaker]) -> Passage | None:
        """Return the passage that names most of these people with their parties: the list."""
        marks = [naming(c.name) for c in people] + [
            re.compile(rf"\b{re.escape(c.party)}\b", re.IGNORECASE) for c in people if c.party]
        # "independent candidate Jane Doe": the party beside the name counts once more
        marks += [re.compile(rf"\b{re.escape(c.party)}\b.{{0,40}}\b{re.escape(c.name)}\b|"
                             rf"\b{re.escape(c.name)}\b.{{0,40}}\b{re.escape(c.party)}\b",
                             re.IGNORECASE) for c in people if c.party]
        best = max(self.by_event.get(event.id, []), default=None,
                   key=lambda p: (sum(bool(m.search(p.text)) for m in marks), -p.ordinal))
        return best or self.by_id.get(listing_id(event) or "")

    def standing_for(self, event: Event, office: re.Pattern[str]) -> set[str] | None:
        """Return who the event's list of candidates says stands for an office, if it says.

        "Jane Doe, who is running for mayor; Sam Roe, standing for deputy mayor": the clause
        of the list that names each candidate.
        """
        listing = self.listing_of(event, event.candidates)
        if listing is None:
            return None
        clauses = re.split(r"[;\n]|(?<=[.!?])\s", listing.text)
        found = {c.name for c in event.candidates for clause in clauses
                 if naming(c.name).search(clause) and office.search(clause)}
        return found if 0 < len(found) < len(event.candidates) else None

    def statement(self, event: Event, name: str, cue: re.Pattern[str]
                  ) -> tuple[Passage, str] | None:
        """Return the first sentence of an event naming a person beside a cue, and its passage."""
        first = name.split()[0]
        alone = len(name.split()) > 1 and sum(c.name.split()[0] == first
                                              for c in event.candidates) == 1
        named = naming(name, first=alone)  # "Jane phoned to give her apologies"
        ordered = [(p, x.text.strip()) for p in self.by_event.get(event.id, [])
                   for x in p.sentences]
        for n, (passage, text) in enumerate(ordered):
            if named.search(text) and cue.search(text):
                # "She said she could not make the date ...", "No statement was received.": why
                for after_passage, after in ordered[n + 1:n + 1 + MAX_REASON]:
                    if not (_CARRIES_ON.match(after) or (after_passage is passage
                                                          and named.search(after))):
                        break
                    text = f"{text} {after}"
                return passage, text
        return None


    def sentence_matching(self, event: Event, pattern: re.Pattern[str]
                          ) -> tuple[Passage, str] | None:
        """Return an event's first sentence that matches a pattern, and its passage."""
        for passage in self.by_event.get(event.id, []):
            for span in passage.sentences:
                if pattern.search(span.text):
                    return passage, span.text.strip()
        return None


def naming(name: str, first: bool = False) -> re.Pattern[str]:
    """Match a person's full name or surname as a word (first: their first name too)."""
    forms = [name, name.split()[-1]] + ([name.split()[0]] if first else [])
    return re.compile(rf"\b(?:{'|'.join(re.escape(f) for f in forms)})\b")


def listing_id(event: Event) -> str | None:
    """Return the id of the passage that lists or introduces an event's candidates."""
    return event.roster_passage or event.intro_passage
