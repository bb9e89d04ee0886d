"""Plan a question once: what kind of answer, about whom, where, on what, searched how.

route() is pure: it reads the question's analysis, the user's filters and what the index
holds, never the search. Every later step answers from the Plan and never reshapes the
question again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from bot import replies
from bot.answer import Filters
from bot.asking.conversation import Resolved
from bot.asking.corpus import Corpus
from bot.asking.intents import Intent
from bot.asking.question import (
    Analysis,
    asked_topic,
    person_like,
    strip_event_words,
    strip_people,
    topic_terms,
)
from bot.roster import Entry, Roster
from bot.search.retrieval import Scope
from ingest.errors import QuestionError
from ingest.text import STOPWORDS, search_terms

MAX_COMPARED = 8  # candidates compared in one answer; more would need the question's event
# Words that name the occasion, not a topic: "What did X say in the main debate?"
_OCCASION = frozenset(search_terms("main first second last final debate debates town hall "
                                   "meeting forum hustings interview event night evening leader "
                                   "leaders policy policies position views"))
_DESCRIBED = re.compile(r"\bthe\s+((?:[a-z][\w'’-]*\s+){0,4}[a-z][\w'’-]*)\s+(?:who|running|"
                        r"standing|candidate|hopeful|contender)\b")
_ONE_OF_PARTY = re.compile(r"\b(?:candidate|hopeful|nominee|contender|representative|"
                           r"spokes(?:person|man|woman))\b", re.IGNORECASE)
_WHO_WHERE = re.compile(
    r"\b(?:at|in|during|from)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,4}(?:hustings|debate|forum|"
    r"meeting|candidates'? night|meet the candidates)\b|"
    r"\b(?:the|a|an|its|their)\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:candidate|hopeful|contender|"
    r"nominee)s?\b")
_PARTY_PERSON = re.compile(r"\bthe ([A-Z][\w'’-]+) (?:candidate|hopeful|contender|nominee)\b")
_WHO_ASKED = re.compile(r"\s*(?:and\s+)?who (?:asked|questioned|put (?:the|a) question)\b",
                        re.IGNORECASE)
SPECIFIC = 3  # words of a topic that make it a claim to check, not just "what did X say"
ROSTER_INTENTS = frozenset({Intent.CANDIDATES, Intent.SPEAKERS, Intent.ABSENTEES,
                            Intent.MODERATOR, Intent.CANDIDATE_OF, Intent.PARTY_OF})


class Kind(str, Enum):
    """Which answerer answers a plan."""

    TOPIC = "topic"  # what was said on a topic, by anyone
    PERSON = "person"  # what one named candidate said
    COMPARE = "compare"  # what each of several candidates said, side by side
    ROSTER = "roster"  # who stood, spoke or chaired, parties, why someone was absent
    PROFILE = "profile"  # who someone is, what the sources say about them
    CLAIM = "claim"  # whether someone said what the question says they did, and who did
    DECLINE = "decline"  # the bot's own message: voting advice, results, unknown people


class Choice(str, Enum):
    """How an answer picks among candidates who stood at several hustings."""

    NONE = "none"  # the people are the answer's
    CLEAR = "clear"  # the hustings whose candidate answers clearly best, else ask which
    BEST = "best"  # the hustings whose candidates answer best


@dataclass(frozen=True)
class Plan:
    """A question, understood and planned: everything the answerer needs."""

    question: str  # as the user asked it
    standalone: str  # follow-ups resolved
    analysis: Analysis
    kind: Kind
    people: tuple[str, ...] = ()  # candidates whose own words answer (person, compare)
    silent: tuple[Entry, ...] = ()  # candidates asked about who did not take part
    events: tuple[str, ...] = ()  # event ids in scope; none: every event
    sections: tuple[str, ...] = ()  # the user's topic filter
    terms: tuple[str, ...] = ()  # the topic's search terms
    where: tuple[str, ...] = ()  # ... that name the events asked about ("leed" of "in Leeds")
    query: str = ""  # what to search for: the question without its people and places
    choice: Choice = Choice.NONE
    mentioned: tuple[str, ...] = ()  # people of no roster the question asks about
    party_asked: str = ""  # a party on no list the question asks about ("the Labor candidate")
    roles: tuple[str, ...] = ()  # only voices with these roles: "Who asked X about Y?"
    reply: str | None = None  # a decline's message
    cite: tuple[Entry, ...] = ()  # candidates whose listing a decline cites
    filters: Filters = field(default_factory=Filters)
    notice: str | None = None  # "Showing only ..."

    @property
    def intent(self) -> Intent:
        return self.analysis.intent

    @property
    def topic(self) -> str:
        """Return the topic as the user wrote it ("bus fares"), or "" when none is clear."""
        return asked_topic(self.analysis.question)

    def scope(self, people: Sequence[str] | None = None, **changes: object) -> Scope:
        """Return the search scope: these people (default: the plan's), its events, sections."""
        scope = Scope(speakers=tuple(self.people if people is None else people),
                      event_ids=self.events, sections=self.sections)
        return Scope(**{**scope.__dict__, **changes}) if changes else scope


def route(question: str, resolved: Resolved, filters: Filters, corpus: Corpus) -> Plan:
    """Plan the answer to a question, resolved against the conversation as resolved."""
    a = resolved.analysis
    roster = corpus.roster
    chosen_events = _filter_events(filters, corpus)
    sections = _filter_sections(filters, corpus, chosen_events)
    shown = [v for v in (filters.speaker, filters.event, filters.section) if v]
    notice = f"Showing only {', '.join(shown)}." if shown else None
    events = set(a.event_ids)
    base = dict(question=question, standalone=resolved.text, analysis=a, filters=filters,
                notice=notice, sections=sections,
                terms=tuple(topic_terms(" ".join([_without(a.topic, [
                    w for w in a.unlisted if person_like(a.question, [w])]), *a.owners]),
                    corpus.vocabulary)),
                where=tuple(search_terms(" ".join(_naming_events(a, roster)))))

    def plan(kind: Kind, **fields: object) -> Plan:
        merged = {**base, "events": tuple(sorted(events)), **fields}
        return Plan(kind=kind, **merged)  # type: ignore[arg-type]

    def decline(text: str, cite: Sequence[Entry] = ()) -> Plan:
        return plan(Kind.DECLINE, reply=text, cite=tuple(cite))

    if chosen_events:
        if events and not events & chosen_events:
            return decline(replies.outside_filter(
                [e.title for e in corpus.events if e.id in events], filters.event or ""))
        events = chosen_events
    if a.intent is Intent.VOTE_ADVICE:
        return decline(replies.vote_advice(roster))
    if a.intent is Intent.OUTCOME:
        return decline(replies.no_results(roster))
    if a.ambiguous and not a.names:
        mention = a.ambiguous[0]
        return decline(replies.ambiguous(mention.written, mention.names, roster))
    if a.intent in ROSTER_INTENTS:
        if not events and a.names:  # "Who moderated the Doe-Roe debate?": theirs
            events = {e.event.id for n in a.names for e in roster.entries_for(n)}
        return plan(Kind.ROSTER)
    if a.intent is Intent.PERSON and (a.names or a.parties):  # "Who is X?"
        names = list(a.names)
        if a.parties and _ONE_OF_PARTY.search(a.question):
            # "Who is the independent candidate for Millbrook?": the party's candidate, not a
            # chair whose name shares a word with the place
            party = [e.name for e in named_candidates(a, events, roster)]
            names = [n for n in names if n not in roster.moderators] or (
                party if len(party) == 1 else [])
        if names:
            return plan(Kind.PROFILE, people=tuple(names[:1]),
                        query=_query(a, corpus, events, ()))
    chairs = [p for p in a.people if len(p.names) == 1 and p.names[0] in roster.moderators]
    if _WHO_ASKED.match(a.question) or (chairs and len(chairs) == len(a.people) and all(
            len(p.written.split()) > 1 for p in chairs)):  # a moderator named in full
        # "Who asked X about Y?", "What did the moderator Z say?": the other voices
        if not events and a.names:
            events = {e.event.id for n in a.names for e in roster.entries_for(n)} | {
                roster.moderators[n].id for n in a.names if n in roster.moderators}
        return plan(Kind.TOPIC, query=_query(a, corpus, events, a.names),
                    roles=("chair", "audience", "other"))
    named = named_candidates(a, events, roster)
    described = _description(a)
    if not named and not a.people and described:  # "the former police sergeant"
        name = corpus.described(described, events)
        named = [e for e in roster.entries_for(name or "") if not events or e.event.id in events]
        if named and re.match(r"\s*who (?:is|was|'s)\b", a.question, re.IGNORECASE):
            return plan(Kind.PROFILE, people=(named[0].name,), query=a.question,
                        events=(named[0].event.id,))
    if events and named and not any(e.event.id in events for e in named) and not chosen_events:
        events = {e.event.id for e in named}  # where the person asked about stood
    choice = Choice.NONE
    if not a.names and not events and len({e.event.id for e in named}) > 1:
        choice = Choice.CLEAR  # "the Lib Dem candidate" in a campaign: whose words answer
    if filters.speaker:
        if (a.names or a.parties) and filters.speaker not in {e.name for e in named}:
            return decline(replies.other_speaker_filtered(
                [e.name for e in named] or list(a.names) or list(a.parties), filters.speaker))
        named = [e for e in roster.entries_for(filters.speaker)
                 if not events or e.event.id in events]
        choice = Choice.NONE
        if not named:
            raise QuestionError(f"{filters.speaker} did not stand at {filters.event}; choose "
                                "a candidate of that hustings or clear a filter.")
    unlisted_party = _unlisted_party(a, roster)
    partyless = any(not e.speaker.party for e in roster.entries
                    if not events or e.event.id in events)
    if (a.parties or (unlisted_party and not partyless)) and not named \
            and _ONE_OF_PARTY.search(a.question):
        # "the Conservative candidate" where none stood: never someone else's words
        return decline(replies.no_party_candidate(a.parties or (unlisted_party,),
                                                  [e for e in corpus.events if e.id in events]))
    base["party_asked"] = unlisted_party  # may be one of those whose party the list lacks
    unknown = [w for w in a.unknown_names if not set(search_terms(w)) & corpus.vocabulary]
    places = [w for w in unknown if re.search(rf"\b(?:in|at|for|from)\s+(?:the\s+)?"
                                              rf"{re.escape(w)}\b", a.question)]
    if places and named and not a.names:
        # "the Conservative candidate in Millbrook" with no hustings there: not another's
        return decline(replies.no_such_place(places, roster))
    if unknown and not named:
        return decline(replies.unknown_person(unknown, roster) if person_like(a.question, unknown)
                       else replies.not_covered(roster))
    # "What did X say?" of someone the sources mention but never record speaking
    silent_others = [w for w in a.unlisted if w not in unknown and len(w.split()) > 1
                     and person_like(a.question, [w]) and not corpus.records_speaking(w)]
    names = set(search_terms(" ".join(silent_others)))
    rest = [w for w in a.topic.split() if not set(search_terms(w)) <= names | _OCCASION
            and w.lower() not in roster.all_event_words]
    if silent_others and not named and len(rest) < SPECIFIC:  # a claim to check is answered
        return decline(replies.not_recorded_speaking(silent_others, roster))
    if named and not events and choice is Choice.NONE:
        events = {e.event.id for e in named}  # where the people asked about stood
    if named:
        absent = tuple(e for e in named if not e.speaker.spoke)
        if absent and a.asks_why_absent and not a.asks_claim:  # "Why wasn't X there?"
            return plan(Kind.ROSTER, silent=absent)
        if a.asks_claim:  # "Why did X call Y ...?", "Why did X say she needn't be there?":
            # the one said to have said it
            subject = named[0].name if len(named) == 1 or not a.names else a.names[0]
            people = tuple(n for n in (subject,) if any(e.name == n for e in named))
            return plan(Kind.CLAIM, people=people or (named[0].name,),
                        query=_query(a, corpus, events, tuple(e.name for e in named)))
        silent = tuple(e for e in named if not _took_part(e, corpus))
        spoke = [e for e in named if _took_part(e, corpus)]
        if not spoke:
            return decline(replies.not_spoken(silent, roster), silent)
        people = tuple(e.name for e in spoke)
        query = _query(a, corpus, events, people, resolved.about)
        if len(named) == 1 and a.asks_about_person:  # "Does X live locally?"
            return plan(Kind.PROFILE, people=people, query=query)
        if choice is Choice.NONE and (a.intent is Intent.COMPARE or len(spoke) > 1):
            return plan(Kind.COMPARE, people=people, silent=silent, query=query)
        return plan(Kind.PERSON, people=people, silent=silent, query=query, choice=choice)
    if a.intent is Intent.COMPARE:
        people, choice = _compared(a, events, corpus)
        return plan(Kind.COMPARE, people=people,
                    query=_query(a, corpus, events, people, resolved.about),
                    choice=choice)
    # "What did X say?" of someone on no roster whom the sources record speaking: their words
    mentioned = tuple(w for w in a.unlisted if w not in unknown and len(w.split()) > 1
                      and person_like(a.question, [w]))
    if mentioned and a.asks_claim:  # "Why did X say ...?" of someone on no roster
        return plan(Kind.CLAIM, people=mentioned[:1], query=_query(a, corpus, events, ()))
    return plan(Kind.TOPIC, query=_query(a, corpus, events, (), resolved.about),
                mentioned=mentioned)


def named_candidates(a: Analysis, events: set[str], roster: Roster) -> list[Entry]:
    """Return the candidates a question names or describes by party, one entry per person.

    "What did X say about Y's pledge?": Y's pledge is the topic, X the one asked about.
    """
    names = [n for n in a.names if n not in roster.moderators]
    if set(names) - set(a.owners):
        names = [n for n in names if n not in a.owners]
    entries = [e for n in names for e in roster.entries_for(n)
               if not events or e.event.id in events]
    if names and not entries:  # the person asked about wins over a word that fits an event
        entries = [e for n in names for e in roster.entries_for(n)]
    if not entries and a.parties:  # "the Green candidate"
        entries = [e for p in a.parties for e in roster.candidates_of(p, events)]
    seen: dict[str, Entry] = {}
    for entry in entries:  # one entry per person, preferring an event where they spoke
        if entry.name not in seen or (entry.speaker.spoke and not seen[entry.name].speaker
                                      .spoke):
            seen[entry.name] = entry
    return list(seen.values())


def _took_part(entry: Entry, corpus: Corpus) -> bool:
    """Tell whether a candidate has statements: spoke, or had one read out for them."""
    return entry.speaker.spoke or corpus.has_statements(entry.name, entry.event.id)


def _without(topic: str, names: Sequence[str]) -> str:
    """Return a topic without the words of people named in it: they say who, not what."""
    drop = {w.lower() for n in names for w in n.split()}
    return " ".join(w for w in topic.split() if re.sub(r"['’]s$", "", w.lower()) not in drop)


def _naming_events(a: Analysis, roster: Roster) -> list[str]:
    """Return the topic's words that name the events the question names ("in Leeds")."""
    named = set().union(*(roster.event_words.get(e, frozenset()) for e in a.event_ids))
    return [w for w in a.topic.split() if w.lower() in named]


def _unlisted_party(a: Analysis, roster: Roster) -> str:
    """Return a party the question names that no candidate stands for ("the Labor candidate"
    where the list gives no one that party), or ""."""
    for m in _PARTY_PERSON.finditer(a.question):
        word = m.group(1)
        known = roster.name_words | roster.all_title_words | roster.party_words | STOPWORDS
        if word.lower() not in known and not roster.find_parties(word):
            return word
    return ""


def _description(a: Analysis) -> str:
    """Return how a question describes one person it does not name ("the former police
    sergeant running for mayor"), or ""."""
    m = _DESCRIBED.search(a.question)
    if not m or a.parties:
        return ""
    words = [w for w in m.group(1).split() if w.lower() not in STOPWORDS]
    return " ".join(words)


def _compared(a: Analysis, events: set[str], corpus: Corpus) -> tuple[tuple[str, ...], Choice]:
    """Return who "the candidates" are: all who spoke at the events asked about ("the mayoral
    candidates": those standing for mayor); in a campaign of many, those of the hustings whose
    candidates answer best."""
    names = [e.name for e in corpus.roster.entries if (not events or e.event.id in events)
             and _took_part(e, corpus)]
    names = sorted(dict.fromkeys(names), key=lambda n: (n.split()[-1].lower(), n))
    if a.office_pattern is not None and events:
        standing = set().union(*(corpus.standing_for(e, a.office_pattern) or set()
                                 for e in corpus.events if e.id in events))
        names = [n for n in names if n in standing] or names
    return tuple(names), Choice.BEST if len(names) > MAX_COMPARED else Choice.NONE


def _query(a: Analysis, corpus: Corpus, events: set[str], people: Sequence[str],
           about: str | None = None) -> str:
    """Return the text to search: a scope's people and places would only skew its meaning;
    a reply is searched by what it replies to."""
    if about:
        return about
    query = strip_people(a.question, a, keep=[n for n in a.names if n not in people]) \
        if people else a.question
    if events:  # "at the Leeds hustings" adds nothing within that hustings; a candidate's
        # own words rarely name their place ("the North Millshire candidates")
        query = strip_event_words(query, corpus.roster, tuple(events), every=bool(people))
    if people:  # nor who they are: "the Conservative candidate at the Millbrook hustings"
        query = _WHO_WHERE.sub(" ", query)
    return " ".join(query.split()) or a.question


def _filter_events(filters: Filters, corpus: Corpus) -> set[str]:
    """Return the event ids the user's event filter names; refuse one the index lacks."""
    if not filters.event:
        return set()
    ids = {e.id for e in corpus.events if filters.event in (e.id, e.title)}
    if not ids:
        raise QuestionError(f"There is no hustings called “{filters.event}” in these sources; "
                            "choose one from the list or clear the filter.")
    if filters.speaker and not any(e.event.id in ids
                                   for e in corpus.roster.entries_for(filters.speaker)):
        if not corpus.roster.entries_for(filters.speaker):
            raise _unknown_speaker(filters.speaker)
        raise QuestionError(f"{filters.speaker} did not stand at {filters.event}; choose a "
                            "candidate of that hustings or clear a filter.")
    return ids


def _filter_sections(filters: Filters, corpus: Corpus, events: set[str]) -> tuple[str, ...]:
    """Return the user's section filter; refuse a speaker or section the index lacks."""
    if filters.speaker and not corpus.roster.entries_for(filters.speaker):
        raise _unknown_speaker(filters.speaker)
    if not filters.section:
        return ()
    if not any(filters.section in e.sections for e in corpus.events
               if not events or e.id in events):
        raise QuestionError(f"There is no topic “{filters.section}” in "
                            f"{filters.event or 'these sources'}; choose one from the list or "
                            "clear the filter.")
    return (filters.section,)


def _unknown_speaker(name: str) -> QuestionError:
    return QuestionError(f"There is no candidate called “{name}” in these sources; choose one "
                         "from the list or clear the filter.")
