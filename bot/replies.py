"""The bot's own sentences: roster answers and declines. Pure functions over the roster."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date as Date

from bot.roster import Entry, Roster
from ingest.model import NOT_RECORDED, Event

# What an event is: "the Leeds hustings", "the Millbrook meet the candidates night".
_EVENT_NOUN = re.compile(r"\b(?:meet[- ]the[- ]candidates?(?: (?:night|evening|forum|meeting))?|"
                         r"candidates['’]? (?:forum|night|evening|debate|meeting)|town hall|"
                         r"question time|hustings|debates?|forums?|q ?& ?a|panel|surveys?|"
                         r"questionnaires?|by-elections?|meetings?|interviews?|"
                         r"(?:public )?meeting)\b", re.IGNORECASE)
# Page furniture after a title: "Millbrook debate: As it happened", "... notes 20 June 2024".
_TITLE_TAIL = re.compile(r"\s*(?:[:|–—-]\s*)?(?:as it happened|live(?: updates| blog)?|recap|"
                         r"notes|minutes|report|transcript|\d{1,2}(?:st|nd|rd|th)? \w+ \d{4}|"
                         r"\w+ \d{1,2},? \d{4}|\d{4}|\([^)]*\))\s*[,.]?\s*$", re.IGNORECASE)
MAX_NAME_WORDS = 7  # longer titles are headlines: "X and Y dominate a packed Z hustings"
_MONTHS = ("January February March April May June July August September October November "
           "December").split()

def join_names(names: Sequence[str]) -> str:
    """Return "A", "A and B" or "A, B and C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def event_name(event: Event) -> str:
    """Name an event by what it is, with its date: "the Millbrook hustings, 3 May 2026".

    A headline ("Buses and bins dominate a packed Millbrook hustings") gives its
    place and kind; page furniture ("As it happened", "notes", a date) is left out.
    """
    title = " ".join(event.title.split())
    if "/" in title or re.search(r"\.[a-z]{2,4}$", title) or len(re.findall(r"[^\W\d_]",
                                                                           title)) < 3:
        # a file's name, or no title at all: the file's name, in words
        stem = (title if "/" in title else event.source).rsplit("/", 1)[-1].rsplit(".", 1)[0]
        title = " ".join(w.capitalize() for w in re.split(r"[\W_]+", stem) if w)
    if title.isupper():
        title = title.title()
    for _ in range(4):
        title = _TITLE_TAIL.sub("", title).strip(" -–—:,") or title
    segments = [x.strip() for x in re.split(r"\s+[-–—|:]\s+|:\s+", title) if x.strip()]
    named = [n for n, x in enumerate(segments) if _EVENT_NOUN.search(x)]
    if len(segments) > 1 and named:  # "Millbrook Hustings - Kestrel Vale": the event's part
        n = named[0]
        title = segments[n] if len(segments[n].split()) > 2 or not n else \
            f"{segments[n - 1]} {segments[n]}"
        title = _TITLE_TAIL.sub("", title).strip(" -–—:,") or title
    kind = _EVENT_NOUN.search(title)
    if len(title.split()) > MAX_NAME_WORDS and kind:
        # the place is the run of the event's own keywords just before what it is, never a
        # person's name ("... a packed Millbrook hustings": Millbrook)
        people = {w.lower() for c in event.candidates for w in c.name.split()}
        keys = {k.lower() for k in event.keywords} - people
        place: list[str] = []
        for word in reversed(title[:kind.start()].split()):
            if word.strip(",.:;").lower() not in keys:
                break
            place.insert(0, word.strip(",.:;"))
        title = " ".join([*place, kind.group(0).lower()])
    title = re.sub(r"^(?:a|an)\s+", "", title, flags=re.IGNORECASE)
    name = title if re.match(r"(?:the|The)\b", title) else f"the {title}"
    if not kind:
        name = f"the hustings for {title}"
    when = _long_date(event.date)
    return f"{name}, {when}" if when and when[-4:] not in name else name


def _long_date(iso: str | None) -> str:
    """Return "2 July 2024" for "2024-07-02" (None or another form: "")."""
    try:
        day = Date.fromisoformat(iso or "")
    except ValueError:
        return ""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def lower_first(text: str) -> str:
    """Return a label to run inside a sentence: "From the audience" -> "from the audience"."""
    first = text.split()[0] if text.split() else ""
    return text[:1].lower() + text[1:] if first in {"From", "The", "Also", "What"} else text


def capitalised(text: str) -> str:
    """Return text with its first letter a capital: it starts a sentence."""
    return text[:1].upper() + text[1:]


def event_scope(roster: Roster, event_ids: set[str] | None = None) -> list[Event]:
    return [e for e in roster.events if not event_ids or e.id in event_ids]


def who_spoke(roster: Roster, event_ids: set[str] | None = None) -> str:
    """Describe who spoke at the events in scope."""
    parts = []
    for event in event_scope(roster, event_ids):
        speakers = [c.label for c in event.speakers]
        if speakers:
            parts.append(f"{join_names(speakers)} at {event_name(event)}")
    return "; ".join(parts)


def not_spoken(entries: Sequence[Entry], roster: Roster) -> str:
    """Decline for candidates who stood but did not speak at the event."""
    lines = []
    for entry in entries:
        party = f"the {entry.speaker.party} candidate" if entry.speaker.party else "a candidate"
        if entry.speaker.note == NOT_RECORDED:  # there, or not: the account does not say
            lines.append(f"{entry.name} is {party} at {event_name(entry.event)}, but the sources "
                         "record no statement from them.")
            continue
        why = f" ({entry.speaker.note})" if entry.speaker.note not in (None, "did not take part") \
            else ""
        lines.append(f"{entry.name} is {party} but did not take part in {event_name(entry.event)}"
                     f"{why}, so these sources have no statements from them.")
    spoke = who_spoke(roster, {e.event.id for e in entries})
    if spoke:
        lines.append(f"The statements here come from {spoke}.")
    return " ".join(lines)


def unknown_person(names: Sequence[str], roster: Roster) -> str:
    """Decline for a person the sources do not mention."""
    return (f"The sources don't mention {join_names(names)}. " + covered(roster))


def no_such_place(places: Sequence[str], roster: Roster) -> str:
    """Decline for a place no hustings in the sources was held in or named."""
    return f"The sources hold no hustings in {join_names(places)}. " + covered(roster)


def not_recorded_speaking(names: Sequence[str], roster: Roster, why: str = "") -> str:
    """Decline for people the sources mention but do not record speaking (why: the
    document's own sentence saying so)."""
    said = f" They say: “{why.strip()}”" if why else ""
    return (f"The sources mention {join_names(names)} but record no statement from "
            f"{'them' if len(names) > 1 else 'that person'} at these hustings.{said} "
            + covered(roster))


def covered(roster: Roster) -> str:
    """Say briefly what the bot can answer about."""
    events = roster.events
    if len(events) == 1:
        spoke = who_spoke(roster)
        text = f"I can answer questions about what was said at {event_name(events[0])}"
        text += f" by {spoke.rsplit(' at ', 1)[0]}." if spoke else "."
    else:
        titles = join_names([event_name(e) for e in events[:3]])
        more = f" and {len(events) - 3} more" if len(events) > 3 else ""
        text = f"I can answer questions about what candidates said at {titles}{more}."
    topics = roster.discussed
    if topics:
        text += f" Topics include {join_names([topic_phrase(t) for t in topics[:4]])}."
    return text


def not_covered(roster: Roster, names: Sequence[str] = (), topic: str = "") -> str:
    """Decline for a question the sources don't answer."""
    if names:
        about = f" on {topic}" if topic else ""
        return (f"The sources have no statement from {join_names(list(names))}{about}. "
                + covered(roster))
    return "The sources don't cover that. " + covered(roster)


def no_statement_from(silent: Sequence[str], absent: Sequence[str] = ()) -> str:
    """Say who, of the candidates compared, said nothing on the topic or did not take part."""
    lines = []
    if silent:
        lines.append(f"The sources have no statement on this from {join_names(silent)}.")
    if absent:
        verb = "was" if len(absent) == 1 else "were"
        lines.append(f"{join_names(absent)} {verb} not at the hustings.")
    return " ".join(lines)


def no_results(roster: Roster) -> str:
    """Decline to report how a vote went: the sources report what was said before it."""
    return ("I can't tell you who won or how the vote went: these sources are accounts of "
            "what candidates said at hustings, and I don't report results or predictions "
            "from them. " + covered(roster))


def other_speaker_filtered(asked: Sequence[str], shown: str) -> str:
    """Decline a question about someone else while the answers show one candidate only."""
    return (f"The answers are showing only {shown}, but this question is about "
            f"{join_names(list(asked))}. Clear the candidate filter to see what "
            f"{join_names(list(asked))} said, or ask about {shown}.")


def outside_filter(asked: Sequence[str], shown: str) -> str:
    """Decline a question about another hustings while the answers show one only."""
    return (f"The answers are showing only {shown}, but this question is about "
            f"{join_names(list(asked))}. Clear the hustings filter to ask about it.")


def no_party_candidate(parties: Sequence[str], events: Sequence[Event]) -> str:
    """Decline for a party's candidate where the sources list none."""
    where = f" at {join_names([event_name(e) for e in events[:3]])}" if events else ""
    return (f"The sources list no {' or '.join(parties)} candidate{where}, so I can't say what "
            "one said. Ask who the candidates were, or about one of them by name.")


def not_said_about(name: str, topic: str = "") -> str:
    """Decline a question about a person that the sources don't answer."""
    about = f" about {topic}" if topic else " on that"
    return (f"The sources don't say anything about {name}{about}. Ask what {name} said at "
            "the hustings, or who they are.")


def vote_advice(roster: Roster) -> str:
    """Decline to advise on voting, neutrally, and offer summaries instead."""
    names = [e.name for e in roster.speakers()]
    topics = [topic_phrase(t) for t in roster.discussed]
    offer = ""
    if names and topics:
        offer = (f" For example, ask “How do the candidates differ on {topics[0]}?” or "
                 f"“What did {names[0]} say about {topics[min(1, len(topics) - 1)]}?”")
    elif names:
        offer = f" For example, ask “What did {names[0]} say?”"
    return ("I can't tell you who to vote for or rank the candidates: I stay neutral. "
            "I can summarise what each candidate said at the hustings, with sources, so you can "
            "compare them yourself." + offer)


MAX_OPTIONS = 6  # people offered when a question fits several


def ambiguous(written: str, names: Sequence[str], roster: Roster) -> str:
    """Ask which of several people sharing a name the question means."""
    options = []
    for name in names:
        events = {event_name(e.event) for e in roster.entries_for(name)}
        where = f" at {join_names(sorted(events))}" if events else ""
        options.append(f"{roster.label(name)}{where}")
    shown = options[:MAX_OPTIONS]
    if len(options) > len(shown):
        shown.append(f"{len(options) - len(shown)} more (name the hustings)")
    listed = shown[0] if len(shown) == 1 else f"{'; '.join(shown[:-1])} or {shown[-1]}"
    return f"Which {written} do you mean: {listed}?"


def candidate_list(event: Event) -> str:
    """List an event's candidates with parties, and who spoke."""
    labels = [c.label for c in event.candidates]
    spoke = [c.name for c in event.speakers]
    text = f"The candidates at {event_name(event)} are {join_names(labels)}"
    if spoke and len(spoke) < len(labels):
        text += f"; {join_names(spoke)} took part in the hustings"
    return text + "."


def topic_phrase(heading: str) -> str:
    """Lowercase a heading to run in a sentence, keeping acronyms: "AI", "GM schools"."""
    return " ".join(w if sum(c.isupper() for c in w) > 1 and (len(w) <= 4 or not w.isupper())
                    else w.lower() for w in heading.split())
