"""Answers from the events' rosters: who stood, who spoke, who chaired, which party."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot import replies
from bot.answer import Answer, Citation, declined
from bot.compose import cite_passage
from bot.question import Analysis
from bot.roster import Entry, Roster
from ingest.lexicon import ABSENCE, CHAIR_WORDS
from ingest.model import Event, Passage, Speaker

_ABSENT = re.compile("|".join(pattern.pattern for pattern, _ in ABSENCE), re.IGNORECASE)
# Where a document says who chaired, best first: "chaired by X", then the presenter's own
# "I'm X", then "chair X" or "Presenter: X".
_CHAIR_CUES = (
    re.compile(r"\b(?:chaired|moderated|presented|hosted|compered|facilitated|led) by\b",
               re.IGNORECASE),
    re.compile(r"\bI(?:'|’)m\b|\bmy name is\b", re.IGNORECASE),
    re.compile(rf"\b(?:{'|'.join(sorted(CHAIR_WORDS))}|present\w*|host\w*)\b", re.IGNORECASE),
)
_CARRIES_ON = re.compile(r"(?:He|She|They|His|Her|Their)\b")
MAX_LISTED = 6  # roster lines in one answer: short enough to read, and to stay in length
MAX_EVENTS = 4  # events in one answer about "the candidates" of a whole campaign


@dataclass(frozen=True)
class _Row:
    """A line of a roster answer, with the passage it cites and the names it is about."""

    text: str
    passage: Passage | None
    names: tuple[str, ...] = ()


class RosterAnswers:
    """Answer roster questions, citing the passage that lists or introduces the candidates."""

    def __init__(self, roster: Roster, passages: list[Passage]) -> None:
        self.roster = roster
        self.events: list[Event] = roster.events
        self.passages = passages
        self.by_id = {p.id: p for p in passages}
        self.by_event: dict[str, list[Passage]] = {}
        for passage in passages:
            self.by_event.setdefault(passage.event_id, []).append(passage)

    def named_candidates(self, a: Analysis, events: set[str]) -> list[Entry]:
        names = [n for n in a.names if n not in self.roster.moderators]
        entries = [e for n in names for e in self.roster.entries_for(n)
                   if not events or e.event.id in events]
        if names and not entries:  # the person asked about wins over a word that fits an event
            entries = [e for n in names for e in self.roster.entries_for(n)]
        if not entries and a.parties:  # "the Green candidate"
            entries = [e for p in a.parties for e in self.roster.candidates_of(p, events)]
        seen: dict[str, Entry] = {}
        for entry in entries:  # one entry per person, preferring an event where they spoke
            if entry.name not in seen or (entry.speaker.spoke and not seen[entry.name].speaker
                                          .spoke):
                seen[entry.name] = entry
        return list(seen.values())

    def candidates(self, question: str, events: set[str]) -> Answer:
        scoped = [e for e in self.events if (not events or e.id in events) and e.candidates]
        rows = [_Row(replies.candidate_list(e).rstrip(".") + ".",
                     self.listing_of(e, e.candidates), tuple(c.name for c in e.candidates))
                for e in scoped[:MAX_EVENTS]]
        return self._listed(question, rows, len(scoped))

    def speakers(self, question: str, events: set[str]) -> Answer:
        scoped = [e for e in self.events if (not events or e.id in events) and e.speakers]
        rows = []
        for event in scoped[:MAX_EVENTS]:
            text = f"{replies.join_names([c.label for c in event.speakers])} spoke at " \
                   f"{event.title}"
            if event.moderators:
                text += f", moderated by {replies.join_names(list(event.moderators))}"
            rows.append(_Row(text + ".", self.listing_of(event, event.speakers),
                             tuple(c.name for c in event.speakers)))
        answer = self._listed(question, rows, len(scoped))
        return replace(answer, speakers=answer.people) if answer.answered else answer

    def absentees(self, question: str, events: set[str]) -> Answer:
        """Say who was on each event's roster but did not take part."""
        scoped = [e for e in self.events if (not events or e.id in events) and e.candidates]
        if len(scoped) > 1:  # in a campaign, only the events someone missed
            scoped = [e for e in scoped if not all(c.spoke for c in e.candidates)]
            if not scoped:
                return Answer(question=question, answered=True, text="Every candidate the "
                              "sources list took part in their hustings.")
        rows = []
        for event in scoped[:MAX_EVENTS]:
            missing = [c for c in event.candidates if not c.spoke]
            if not missing:
                rows.append(_Row(f"Every candidate the sources list took part in {event.title}.",
                                 self.by_id.get(_listing(event) or "")))
            rows.extend(self._absence(event, c) for c in missing)
        return self._listed(question, rows, len(scoped))

    def absence_of(self, question: str, entries: Sequence[Entry]) -> Answer:
        """Say why these candidates did not take part, where the document says so."""
        rows = [self._absence(e.event, e.speaker) for e in entries[:MAX_LISTED]]
        return self._listed(question, rows, len(entries))

    def _absence(self, event: Event, c: Speaker) -> _Row:
        # Quote where the document says why, in its own words; else cite the list.
        said = self.statement(event, c.name, _ABSENT)
        text = f"{c.label} was listed as standing but did not take part in {event.title}"
        return _Row(f"{text}: “{said[1]}”" if said else f"{text}.",
                    said[0] if said else self.by_id.get(_listing(event) or ""), (c.name,))

    def listing_of(self, event: Event, people: Sequence[Speaker]) -> Passage | None:
        """Return the passage that names most of these people with their parties: the list."""
        marks = [_naming(c.name) for c in people] + [
            re.compile(rf"\b{re.escape(c.party)}\b", re.IGNORECASE) for c in people if c.party]
        # "independent candidate Keith Jory": the party beside the name counts once more
        marks += [re.compile(rf"\b{re.escape(c.party)}\b.{{0,40}}\b{re.escape(c.name)}\b|"
                             rf"\b{re.escape(c.name)}\b.{{0,40}}\b{re.escape(c.party)}\b",
                             re.IGNORECASE) for c in people if c.party]
        best = max(self.by_event.get(event.id, []), default=None,
                   key=lambda p: (sum(bool(m.search(p.text)) for m in marks), -p.ordinal))
        return best or self.by_id.get(_listing(event) or "")

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
                 if _naming(c.name).search(clause) and office.search(clause)}
        return found if 0 < len(found) < len(event.candidates) else None

    def statement(self, event: Event, name: str, cue: re.Pattern[str]
                  ) -> tuple[Passage, str] | None:
        """Return the first sentence of an event naming a person beside a cue, and its passage."""
        named = _naming(name)
        ordered = [(p, x.text.strip()) for p in sorted(self.by_event.get(event.id, []),
                                                       key=lambda p: p.ordinal)
                   for x in p.sentences]
        for n, (passage, text) in enumerate(ordered):
            if named.search(text) and cue.search(text):
                after = ordered[n + 1][1] if n + 1 < len(ordered) else ""
                if _CARRIES_ON.match(after):  # "He said he was not filling in ...": why
                    text = f"{text} {after}"
                return passage, text
        return None

    def moderators(self, question: str, events: set[str]) -> Answer:
        scoped = [e for e in self.events if (not events or e.id in events) and e.moderators]
        if not scoped:
            return declined(question, "The sources don't say who moderated. "
                                 + replies.covered(self.roster))
        rows = []
        for event in scoped[:MAX_EVENTS]:
            names = list(event.moderators)
            said = next((s for cue in _CHAIR_CUES for n in names
                         if (s := self.statement(event, n, cue))), None)
            source = said[0] if said else next((p for p in self.by_event.get(event.id, [])
                                                if any(n in p.text for n in names)), None)
            text = f"{event.title} was moderated by {replies.join_names(names)}"
            quote = said[1] if said else ""
            rows.append(_Row(f"{text}: “{quote}”" if len(quote) > len(text) // 2 else f"{text}.",
                             source, tuple(names)))
        return self._listed(question, rows, len(scoped))

    def _listed(self, question: str, rows: list[_Row], total: int,
                more: str = "more hustings like these", joiner: str = "\n\n") -> Answer:
        """Answer with the rows, each citing its passage; say how many more there are."""
        if not rows:
            return declined(question, replies.not_covered(self.roster))
        citations = _cite(rows)
        number = {c.passage.id: c.n for c in citations}
        lines = [f"{row.text} [{number[row.passage.id]}]" if row.passage is not None
                 else row.text for row in rows]
        if total > len(rows):
            lines.append(f"The sources hold {total - len(rows)} {more}; name the hustings to "
                         "narrow it down.")
        return Answer(question=question, text=joiner.join(lines), answered=True,
                      citations=citations,
                      people=tuple(dict.fromkeys(n for row in rows for n in row.names)))

    def candidate_of(self, question: str, a: Analysis, events: set[str]) -> Answer:
        entries = [e for p in a.parties for e in self.roster.candidates_of(p, events)]
        lines = []
        for entry in entries:
            text = f"{entry.name} is the {entry.speaker.party} candidate for {entry.event.title}"
            if not entry.speaker.spoke:
                text += f"; {entry.name} did not take part in the hustings"
            lines.append(text + ".")
        return self._answer(question, entries, lines)

    def party_of(self, question: str, a: Analysis, events: set[str]) -> Answer:
        entries = self.named_candidates(a, events)
        lines = [f"{e.name} is standing as an independent ({e.event.title})." if
                 (e.speaker.party or "").lower() == "independent" else
                 f"{e.name} is standing for {e.speaker.party} ({e.event.title})." if
                 e.speaker.party else f"The sources don't give {e.name}'s party."
                 for e in entries]
        return self._answer(question, entries, lines)

    def _answer(self, question: str, entries: list[Entry], lines: list[str]) -> Answer:
        """Answer with a line per entry, each citing its own event's list of candidates."""
        # A campaign may have a Green candidate at every hustings: list a few.
        return self._listed(question, [self._row(e, line) for e, line in
                                       zip(entries[:MAX_LISTED], lines)],
                            len(entries), more="more at other hustings", joiner=" ")

    def citations(self, entries: list[Entry]) -> tuple[Citation, ...]:
        """Cite the passages that list or introduce the entries' events, names highlighted."""
        return _cite([self._row(e) for e in entries])

    def _row(self, entry: Entry, text: str = "") -> _Row:
        # Cite where the document names them with their party, else its list of candidates.
        return _Row(text, self.listing_of(entry.event, [entry.speaker]), (entry.name,))


def _cite(rows: list[_Row]) -> tuple[Citation, ...]:
    """Number the rows' passages in order, highlighting the sentences that name their people."""
    names: dict[str, list[str]] = {}
    passages: dict[str, Passage] = {}
    for row in rows:
        if row.passage is not None:
            passages[row.passage.id] = row.passage
            names.setdefault(row.passage.id, []).extend(row.names)
    return tuple(cite_passage(passage, n, highlights=[
        s.text for s in passage.sentences if any(name in s.text for name in names[pid])])
        for n, (pid, passage) in enumerate(passages.items(), 1))


def _naming(name: str) -> re.Pattern[str]:
    """Match a person's full name or surname as a word."""
    surname = name.split()[-1]
    return re.compile(rf"\b(?:{re.escape(name)}|{re.escape(surname)})\b")


def _listing(event: Event) -> str | None:
    """Return the id of the passage that lists or introduces an event's candidates."""
    return event.roster_passage or event.intro_passage
