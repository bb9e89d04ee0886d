"""Answers from the events' rosters: who stood, who spoke, who chaired, which party."""

from __future__ import annotations

from bot import replies
from bot.answer import Answer, Citation, declined
from bot.compose import cite_passage
from bot.question import Analysis
from bot.roster import Entry, Roster
from ingest.model import Event, Passage


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
        if not scoped:
            return declined(question, replies.not_covered(self.roster))
        lines, cites = [], []
        for event in scoped:
            pid = event.roster_passage or event.intro_passage
            marker = ""
            if pid and pid in self.by_id:
                cites.append(cite_passage(self.by_id[pid], len(cites) + 1))
                marker = f" [{len(cites)}]"
            lines.append(replies.candidate_list(event).rstrip(".") + "." + marker)
        return Answer(question=question, text="\n\n".join(lines), answered=True,
                      citations=tuple(cites),
                      people=tuple(c.name for e in scoped for c in e.candidates))

    def speakers(self, question: str, events: set[str]) -> Answer:
        lines, cites = [], []
        for event in self.events:
            if (events and event.id not in events) or not event.speakers:
                continue
            pid = event.intro_passage or event.roster_passage
            marker = ""
            if pid and pid in self.by_id:
                cites.append(cite_passage(self.by_id[pid], len(cites) + 1))
                marker = f" [{len(cites)}]"
            text = f"{replies.join_names([c.label for c in event.speakers])} spoke at " \
                   f"{event.title}"
            if event.moderators:
                text += f", moderated by {replies.join_names(list(event.moderators))}"
            lines.append(text + "." + marker)
        if not lines:
            return declined(question, replies.not_covered(self.roster))
        return Answer(question=question, text="\n\n".join(lines), answered=True,
                      citations=tuple(cites),
                      speakers=tuple(c.name for e in self.events for c in e.speakers))

    def absentees(self, question: str, events: set[str]) -> Answer:
        """Say who was on each event's roster but did not take part."""
        scoped = [e for e in self.events if (not events or e.id in events) and e.candidates]
        if not scoped:
            return declined(question, replies.not_covered(self.roster))
        lines: list[str] = []
        cites: list[Citation] = []
        for event in scoped:
            missing = [c for c in event.candidates if not c.spoke]
            if not missing and len(scoped) > 1:
                continue  # in a campaign, only the events someone missed
            # Cite where the document says so, else the list of candidates.
            said = next((p for p in self.by_event.get(event.id, [])
                         if any(c.name in p.text for c in missing)
                         and p.id != event.roster_passage), None)
            pid = event.roster_passage or event.intro_passage
            passage = said or (self.by_id.get(pid) if pid else None)
            marker = ""
            if passage is not None:
                cites.append(cite_passage(passage, len(cites) + 1))
                marker = f" [{len(cites)}]"
            if missing:
                verb = "was" if len(missing) == 1 else "were"
                lines.append(f"{replies.join_names([c.label for c in missing])} {verb} listed "
                             f"as standing but did not take part in {event.title}." + marker)
            else:
                lines.append(f"Every candidate the sources list took part in {event.title}."
                             + marker)
        if not lines:
            lines = ["Every candidate the sources list took part in their hustings."]
        return Answer(question=question, text="\n\n".join(lines), answered=True,
                      citations=tuple(cites),
                      people=tuple(c.name for e in scoped for c in e.candidates if not c.spoke))

    def moderators(self, question: str, events: set[str]) -> Answer:
        lines, cites, people = [], [], []
        for event in self.events:
            if (events and event.id not in events) or not event.moderators:
                continue
            names = list(event.moderators)
            people += names
            source = next((p for p in self.by_event.get(event.id, [])
                           if any(n in p.text for n in names)), None)
            marker = ""
            if source is not None:
                lines_used = [s.text for s in source.sentences if any(n in s.text for n in names)]
                cites.append(cite_passage(source, len(cites) + 1, highlights=lines_used))
                marker = f" [{len(cites)}]"
            lines.append(f"{event.title} was moderated by {replies.join_names(names)}.{marker}")
        if not lines:
            return declined(question, "The sources don't say who moderated. "
                                 + replies.covered(self.roster))
        return Answer(question=question, text="\n\n".join(lines), answered=True,
                      citations=tuple(cites), people=tuple(people))

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
        lines = [f"{e.name} is standing for {e.speaker.party} ({e.event.title})." if
                 e.speaker.party else f"The sources don't give {e.name}'s party."
                 for e in entries]
        return self._answer(question, entries, lines)

    def _answer(self, question: str, entries: list[Entry], lines: list[str]) -> Answer:
        if not entries:
            return declined(question, replies.not_covered(self.roster))
        citations = self.citations(entries)
        if citations:
            lines = [f"{line} [{citations[0].n}]" for line in lines]
        return Answer(question=question, text=" ".join(lines), answered=True,
                      citations=citations, people=tuple(e.name for e in entries))

    def citations(self, entries: list[Entry]) -> tuple[Citation, ...]:
        pids = []
        for entry in entries:
            pid = entry.event.roster_passage or entry.event.intro_passage
            if pid and pid in self.by_id and pid not in pids:
                pids.append(pid)
        out = []
        for n, pid in enumerate(pids, 1):
            passage = self.by_id[pid]
            lines = [s.text for s in passage.sentences if any(e.name in s.text for e in entries)]
            out.append(cite_passage(passage, n, highlights=lines))
        return tuple(out)
