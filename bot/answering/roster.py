"""Answers from the events' rosters: who stood, who spoke, who chaired, which party."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot import replies
from bot.answer import Answer, Citation, declined
from bot.answering.answerable import MIN_SIMILARITY, TOP
from bot.answering.base import Context
from bot.answering.invariants import quotable
from bot.asking.corpus import Corpus, listing_id
from bot.asking.intents import Intent
from bot.asking.plan import Kind, Plan, named_candidates
from bot.asking.question import Analysis
from bot.compose import Part, cite_passage, render
from bot.roster import Entry
from ingest.lexicon import ABSENCE, CHAIR_WORDS
from ingest.model import NOT_RECORDED, Event, Passage, Speaker
from ingest.parties import PARTY_WORDS

_ORGANISED = re.compile(r"\bwho (?:\w+ ){0,2}(?:organi[sz]ed|arranged|put on|ran)\b|"
                        r"\b(?:and|or) (?:who )?(?:organi[sz]ed|arranged)\b", re.IGNORECASE)
_NAMED_OCCASION = re.compile(r"\bthe\s+(?:[\w'’&-]+\s+){1,4}(?:debate|hustings|forum|"
                             r"meeting|town hall|event)\b", re.IGNORECASE)
_HOW_MANY = re.compile(r"\s*how many\b", re.IGNORECASE)
_COUNT = re.compile(r"\b(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                    r"a dozen|dozens?|all|both|none)\b(?!\s*(?:hours?|minutes?|seconds?|"
                    r"days?|weeks?|months?|years?|per ?cent|%|pounds?|dollars?|million))",
                    re.IGNORECASE)  # people, not "two hours" or "ten per cent"
# ... and "phoned to give his apologies", which the reader's list lacks
_ABSENT = re.compile("|".join([*(pattern.pattern for pattern, _ in ABSENCE),
                               r"\b(?:give|gives|giving)\s+(?:\w+\s+)?apologies\b"]),
                     re.IGNORECASE)
# Where a document says who chaired, best first: "chaired by X", then the presenter's own
# "I'm X", then "chair X" or "Presenter: X".
_CHAIR_CUES = (
    re.compile(r"\b(?:chaired|moderated|presented|hosted|compered|facilitated|led) by\b",
               re.IGNORECASE),
    re.compile(r"\bI(?:'|’)m\b|\bmy name is\b", re.IGNORECASE),
    re.compile(rf"\b(?:{'|'.join(sorted(CHAIR_WORDS))}|present\w*|host\w*)\b", re.IGNORECASE),
)
_RAN_IT = re.compile(r"\b(?:chaired|moderated|facilitated|compered|compèred|emceed|"
                     r"presided)\b|\b(?:chair|moderator|facilitator|compere|MC)\s*[:–—-]",
                     re.IGNORECASE)
# "Good night, I'm X": a presenter signing off, wherever a newest-first page puts it
_SIGN_OFF = re.compile(r"\b(?:good ?night|goodbye|good-bye|thanks for (?:watching|joining)|"
                       r"that'?s all)\b", re.IGNORECASE)
# A party's name, capitalised, in any form ("Roe's brand of Liberalism")
_NOT_A_NAME = frozenset({"party", "national", "nationals", "independent", "independents",
                         "christian", "alliance", "heritage", "monster", "loony", "raving",
                         "progressive", "progressives", "green", "greens", "reform", "liberal",
                         "liberals"})  # words a sentence may use of something else
_PARTY_NAMED = re.compile(r"\b(?:" + "|".join(sorted(
    re.escape(w.capitalize()) for w in PARTY_WORDS
    if len(w) > 3 and w.isalpha() and w not in _NOT_A_NAME)) + r")\w*")
_HOSTED = re.compile(r"\b(?:hosted|host)\b", re.IGNORECASE)  # often an organisation
_STANDING_AS = re.compile(r"\b(?:standing (?:as|for)|running (?:as|for)|candidate for|member of|"
                          r"campaigning as)\b", re.IGNORECASE)
# Where a document says what someone stands as, surest first: "standing as", a party's name
# ("Republicanism"; not "expelled from the Green Party", found by the first), the word "party"
_PARTY_CUES = (_STANDING_AS, _PARTY_NAMED, re.compile(r"\bparty\b", re.IGNORECASE))
MAX_LISTED = 6  # roster lines in one answer: short enough to read, and to stay in length
LIST_ROOM = 120  # characters kept for the closing "and N more" line
MAX_QUOTE = 320  # characters of the document's own words in one roster line
MAX_EVENTS = 4  # events in one answer about "the candidates" of a whole campaign


@dataclass(frozen=True)
class _Row:
    """A line of a roster answer, with the passage it cites and the names it is about."""

    text: str
    passage: Passage | None
    names: tuple[str, ...] = ()


class RosterAnswerer:
    """Answers roster questions, citing the passage that lists or introduces the candidates."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        corpus = self.corpus = ctx.corpus
        self.roster = corpus.roster
        self.events: list[Event] = corpus.events
        self.by_id = corpus.by_id
        self.by_event = corpus.by_event

    def answer(self, plan: Plan) -> Answer:
        """Answer who stood, spoke, chaired or was absent, and which party, from the rosters."""
        events = set(plan.events)
        a, question = plan.analysis, plan.question
        counted = self.counted(plan) if _HOW_MANY.match(question) and a.intent in (
            Intent.CANDIDATES, Intent.SPEAKERS) else None
        if counted is not None:
            answer = counted
        elif plan.silent:  # "Why wasn't X there?"
            answer = self.absence_of(question, plan.silent)
        elif a.intent is Intent.CANDIDATES:
            answer = self.candidates(question, events)
        elif a.intent is Intent.SPEAKERS:
            answer = self.speakers(question, events)
        elif a.intent is Intent.ABSENTEES:
            answer = self.absentees(question, events)
        elif a.intent is Intent.MODERATOR:
            answer = self.moderators(question, events, plan)
        elif a.intent is Intent.CANDIDATE_OF:
            answer = self.candidate_of(question, a, events)
        else:
            answer = self.party_of(question, a, events)
        return replace(answer, kind=Kind.ROSTER.value)

    def counted(self, plan: Plan) -> Answer | None:
        """Answer "How many candidates took part?" with the document's own count ("seven of
        the 14 hopefuls attended"), if it gives one: a list may be incomplete."""
        ctx = self.ctx
        ranked = quotable(ctx.ranked(plan, plan.question, speakers=()),
                          ctx.settings.min_speaker_confidence)
        counting = [s for s in ranked[:TOP] if _COUNT.search(s.text)
                    and s.similarity >= MIN_SIMILARITY]
        if not counting:
            return None
        text, citations = render([Part(None, None, (counting[0],))],
                                 intro="The sources count them:")
        return Answer(question=plan.question, text=text, answered=True, citations=citations)

    def candidates(self, question: str, events: set[str]) -> Answer:
        scoped = [e for e in self.events if (not events or e.id in events) and e.candidates]
        rows = [_Row(replies.candidate_list(e).rstrip(".") + ".",
                     self.corpus.listing_of(e, e.candidates), tuple(c.name for c in e.candidates))
                for e in scoped[:MAX_EVENTS]]
        return self._listed(question, rows, len(scoped))

    def speakers(self, question: str, events: set[str]) -> Answer:
        scoped = [e for e in self.events if (not events or e.id in events) and e.speakers]
        rows = []
        for event in scoped[:MAX_EVENTS]:
            text = f"{replies.join_names([c.label for c in event.speakers])} spoke at " \
                   f"{replies.event_name(event)}"
            if event.moderators:
                text += f", moderated by {replies.join_names(list(event.moderators))}"
            # listed as taking part with nothing recorded: there or not, the account doesn't say
            quiet = [c for c in event.candidates if c.note == NOT_RECORDED]
            if quiet:
                verb = "was" if len(quiet) == 1 else "were"
                text += (f"; {replies.join_names([c.label for c in quiet])} {verb} also listed, "
                         "with no statement recorded")
            rows.append(_Row(text + ".", self.corpus.listing_of(event, event.speakers),
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
                name = replies.event_name(event)
                said = self.corpus.sentence_matching(event, _ABSENT)
                if said:  # someone the list leaves out: where the document says so
                    rows.append(_Row(f"Every candidate on the list took part in {name}, but "
                                     f"the sources say: “{shorten(said[1])}”", said[0]))
                    continue
                rows.append(_Row(f"Every candidate the sources list took part in {name}.",
                                 self.by_id.get(listing_id(event) or "")))
            rows.extend(self._absence(event, c) for c in missing)
        return self._listed(question, rows, len(scoped))

    def absence_of(self, question: str, entries: Sequence[Entry]) -> Answer:
        """Say why these candidates did not take part, where the document says so."""
        rows = [self._absence(e.event, e.speaker) for e in entries[:MAX_LISTED]]
        return self._listed(question, rows, len(entries))

    def _absence(self, event: Event, c: Speaker) -> _Row:
        # Quote where the document says why, in its own words; else cite the list.
        said = self.corpus.statement(event, c.name, _ABSENT)
        name = replies.event_name(event)
        text = f"{c.label} was listed as standing but did not take part in {name}"
        return _Row(f"{text}: “{shorten(said[1])}”" if said else f"{text}.",
                    said[0] if said else self.by_id.get(listing_id(event) or ""), (c.name,))

    def organisers(self, plan: Plan) -> list[_Row]:
        """Return, for "... and who organised it?", the document's best sentence on it."""
        if not _ORGANISED.search(plan.question):
            return []
        ctx = self.ctx
        ranked = [s for s in quotable(ctx.ranked(plan, plan.question, speakers=()),
                                      ctx.settings.min_speaker_confidence)
                  if s.passage.speaker is None and s.similarity >= MIN_SIMILARITY]
        return [_Row(f"On who organised it, the sources say: “{shorten(ranked[0].text)}”",
                     ranked[0].passage)] if ranked else []

    def moderators(self, question: str, events: set[str], plan: Plan | None = None) -> Answer:
        scoped = [e for e in self.events if (not events or e.id in events) and e.moderators]
        if not events and _NAMED_OCCASION.search(question) and len(scoped) < len(self.events):
            # "the AD16 debate", which no title names: another event's chair would be a guess
            return declined(question, "The sources don't say who moderated that. "
                                      + replies.covered(self.roster))
        if not scoped:  # no chair on the roster: where the document says who ran it
            found = [(e, said) for e in self.events if not events or e.id in events
                     if (said := self.corpus.sentence_matching(e, _RAN_IT)
                         or self.corpus.sentence_matching(e, _HOSTED))]
            if not found or len(found) > MAX_EVENTS:
                return declined(question, "The sources don't say who moderated. "
                                     + replies.covered(self.roster))
            rows = [_Row(f"About {replies.event_name(e)}, the sources say: "
                         f"“{shorten(said[1])}”", said[0]) for e, said in found]
            return self._listed(question, self._with_organisers(rows, plan), len(found))
        rows = []
        for event in scoped[:MAX_EVENTS]:
            names = list(event.moderators)
            # "I'm X" introduces a presenter at the start; at the end it only signs off
            opening = sorted(p.ordinal for p in self.by_event.get(event.id, []))
            early = opening[len(opening) // 3] if opening else 0
            said = next((s for cue in _CHAIR_CUES for n in names
                         if (s := self.corpus.statement(event, n, cue))
                         and (cue is not _CHAIR_CUES[1] or (s[0].ordinal <= early
                                                             and not _SIGN_OFF.search(s[1])))),
                        None)
            source = said[0] if said else next((p for p in self.by_event.get(event.id, [])
                                                if any(n in p.text for n in names)), None)
            text = replies.capitalised(f"{replies.event_name(event)} was moderated by "
                                       f"{replies.join_names(names)}")
            quote = shorten(said[1]) if said else ""
            rows.append(_Row(f"{text}: “{quote}”" if len(quote) > len(text) // 2 else f"{text}.",
                             source, tuple(names)))
        return self._listed(question, self._with_organisers(rows, plan), len(scoped))

    def _with_organisers(self, rows: list[_Row], plan: Plan | None) -> list[_Row]:
        extra = self.organisers(plan) if plan is not None else []
        cited = {row.passage.id for row in rows if row.passage is not None}
        return rows + [r for r in extra if r.passage is not None and r.passage.id not in cited]

    def _listed(self, question: str, rows: list[_Row], total: int,
                more: str = "more hustings like these", joiner: str = "\n\n") -> Answer:
        """Answer with the rows, each citing its passage; say how many more there are."""
        if not rows:
            return declined(question, replies.not_covered(self.roster))
        room = self.ctx.budget - LIST_ROOM
        kept = []
        for row in rows:  # as many whole lines as fit
            room -= len(row.text) + len(joiner) + 5
            if room < 0 and kept:
                break
            kept.append(row)
        total += len(kept) - len(rows)
        rows = kept
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
            name = replies.event_name(entry.event)
            text = f"{entry.name} is the {entry.speaker.party} candidate at {name}"
            if not entry.speaker.spoke:
                text += f"; {entry.name} did not take part in the hustings"
            lines.append(text + ".")
        return self._answer(question, entries, lines)

    def party_of(self, question: str, a: Analysis, events: set[str]) -> Answer:
        entries = named_candidates(a, events, self.roster)
        rows = []
        for e in entries[:MAX_LISTED]:
            where = replies.event_name(e.event)
            if (e.speaker.party or "").lower() == "independent":
                rows.append(self._row(e, f"{e.name} is standing as an independent ({where})."))
            elif e.speaker.party:
                rows.append(self._row(e, f"{e.name} is standing for {e.speaker.party} "
                                         f"({where})."))
            elif said := self.corpus.sentence_matching(e.event, re.compile(
                    rf"\b{re.escape(e.name)}\s*\((?!\d)[^)]{{2,40}}\)")):  # "Jo Bloggs (Greens)"
                rows.append(_Row(f"The list of candidates gives no party for {e.name}; the "
                                 f"sources name them so: “{shorten(said[1])}”", said[0],
                                 (e.name,)))
            elif said := next(filter(None, (self.corpus.statement(e.event, e.name, cue)
                                            for cue in _PARTY_CUES)), None):
                # no party on the list: where the document says what they stand as
                rows.append(_Row(f"The list of candidates gives no party for {e.name}; the "
                                 f"sources say: “{shorten(said[1])}”", said[0], (e.name,)))
            else:
                rows.append(self._row(e, f"The sources don't give {e.name}'s party."))
        return self._listed(question, rows, len(entries), more="more at other hustings",
                            joiner=" ")

    def _answer(self, question: str, entries: list[Entry], lines: list[str]) -> Answer:
        """Answer with a line per entry, each citing its own event's list of candidates."""
        # A campaign may have a Green candidate at every hustings: list a few.
        return self._listed(question, [self._row(e, line) for e, line in
                                       zip(entries[:MAX_LISTED], lines)],
                            len(entries), more="more at other hustings", joiner=" ")

    def citations(self, entries: Sequence[Entry]) -> tuple[Citation, ...]:
        """Cite the passages that list or introduce the entries' events, names highlighted."""
        return listing_citations(self.corpus, entries)

    def _row(self, entry: Entry, text: str = "") -> _Row:
        return _row(self.corpus, entry, text)


def listing_citations(corpus: Corpus, entries: Sequence[Entry]) -> tuple[Citation, ...]:
    """Cite the passages that list or introduce the entries' events, names highlighted."""
    return _cite([_row(corpus, e) for e in entries])


def _row(corpus: Corpus, entry: Entry, text: str = "") -> _Row:
    # Cite where the document names them with their party, else its list of candidates.
    return _Row(text, corpus.listing_of(entry.event, [entry.speaker]), (entry.name,))


def shorten(quote: str, limit: int = MAX_QUOTE) -> str:
    """Return a quote cut at a word before limit characters, marked with an ellipsis."""
    if len(quote) <= limit:
        return quote
    return quote[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


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
