"""What the web page tells a visitor: title, About panel, example questions, filter choices.

Pure functions over the indexed events, rosters and passages; nothing here knows about Gradio.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from bot.answer import Filters
from bot.replies import join_names, topic_phrase
from bot.roster import Roster
from ingest.model import Event, Passage, PassageKind, Speaker

# A roster note that only repeats "did not speak" adds nothing next to that heading.
_ABSENT = re.compile(r"\b(?:did not|didn't|not) (?:take part|speak|attend)", re.IGNORECASE)
# Headings that name a time, a role or a part of the evening are no topic to ask about.
_NOT_A_TOPIC = re.compile(r"\d|\b(?:chair(?:s|ed|ing|man|woman|person)?|moderat(?:or|ors|ed|ing)|"
                          r"host(?:s|ed|ing)?|present(?:er|ers|ed by)|panel(?:lists?)?|"
                          r"organi[sz](?:er|ers|ed by)|reporter|speakers?|part|session|break|"
                          r"interval|hustings|am|pm|morning|afternoon|evening)\b", re.IGNORECASE)
ABOUT_LISTED = 5  # events the About panel lists one by one; more are in the Documents tab
MAX_TOPIC_WORDS = 6


@dataclass(frozen=True)
class Choice:
    """One option of a filter: what the visitor reads, and the value the bot filters on."""

    label: str
    value: str


def title(events: Sequence[Event]) -> str:
    """Return the page title."""
    if len(events) == 1:
        return f"Hustings chat: {events[0].title}"
    return "Hustings chat"


def description(events: Sequence[Event]) -> str:
    """Return the one-paragraph introduction under the title (Markdown)."""
    if len(events) == 1:
        where = f"at *{_md(events[0].title)}*"
    else:
        where = f"at {len(events)} hustings" if events else "at the indexed hustings"
    return (f"Ask what the candidates said {where}. Answers quote the event round-ups, name who "
            "said what, and number their sources [1], [2] … so you can check them. "
            "It never tells you how to vote.")


def placeholder_markdown(events: Sequence[Event]) -> str:
    """Return what the empty conversation shows: how to start, or that nothing is indexed."""
    if not events:
        return ("**Nothing is indexed yet.**  \nAdd round-ups of hustings in the **Add documents** "
                "tab, then ask about them here.")
    return ("**Ask a question about the hustings.**  \nEvery answer lists its sources underneath: "
            "point at a number like [1] to see the words it quotes.")


def about_markdown(events: Sequence[Event]) -> str:
    """Return the About panel: which documents are indexed, who spoke, and the ground rules."""
    lines = ["Answers come **only** from these round-ups; when they don't cover a question, "
             "the chat says so instead of guessing.", ""]
    if len(events) > ABOUT_LISTED:  # a campaign: the Documents tab lists them, searchable
        standing = len({c.name for e in events for c in e.candidates})
        return "\n".join([*lines, f"{len(events)} hustings are indexed, with {standing} "
                           "candidates. Pick one in the **Documents** tab to see who stood, "
                           "who took part and who said what."])
    for event in events:
        head = f"**{_md(event.title)}**"
        if event.date:
            head += f", {_md(event.date)}"
        lines.append(f"- {head}  \n  <small>source: {_md(PurePath(event.source).name)}</small>")
        spoke = [c.label for c in event.speakers]
        silent = [c.label + (f" ({reason})" if (reason := absence_reason(c)) else "")
                  for c in event.candidates if not c.spoke]
        if spoke:
            lines.append(f"  - Took part: {_md(join_names(spoke))}")
        if silent:
            lines.append(f"  - Did not take part: {_md(join_names(silent))}")
        if event.moderators:
            lines.append(f"  - Chaired by {_md(join_names(list(event.moderators)))}")
    if not events:
        lines.append("- Nothing is indexed yet.")
    return "\n".join(lines)


def status_text(candidate: Speaker) -> str:
    """Return whether a candidate took part, and why not: the one wording every view uses.

    It comes from the event's roster in the index, the record the chat answers from, so the
    Documents tab, the About panel and the chat's answers always agree.
    """
    if candidate.spoke:
        return "took part"
    reason = absence_reason(candidate)
    if reason:
        return f"did not take part: {reason}"
    return candidate.note.strip() if candidate.note else "did not take part"


def absence_reason(candidate: Speaker) -> str | None:
    """Return why a candidate did not take part, when the document says more than that."""
    note = (candidate.note or "").strip()
    return note if note and not candidate.spoke and not _ABSENT.search(note) else None


def speaker_choices(roster: Roster, event_title: str | None = None) -> list[Choice]:
    """Return the candidates who spoke (at one event, if given), labelled with their party."""
    ids = {e.id for e in roster.events if e.title == event_title} if event_title else None
    return [Choice(roster.label(e.name), e.name) for e in roster.speakers(ids)]


def event_choices(events: Sequence[Event]) -> list[Choice]:
    """Return the events, labelled with their date when known."""
    return [Choice(f"{e.title} ({e.date})" if e.date else e.title, e.title) for e in events]


def section_choices(events: Sequence[Event], event_title: str | None = None) -> list[Choice]:
    """Return the sections (topics) of the events, or of one event, without repeats."""
    seen: list[str] = []
    for event in events:
        if event_title and event.title != event_title:
            continue
        seen += [s for s in event.sections if s not in seen]
    return [Choice(s, s) for s in seen]


def filter_problem(filters: Filters, roster: Roster, events: Sequence[Event]) -> str | None:
    """Return why the filters cannot be used (a value no list offers), or None when they can."""
    if filters.event and filters.event not in {c.value for c in event_choices(events)}:
        return (f"No indexed hustings is called “{filters.event}”. Pick one from the Event "
                "list, or choose All events.")
    at = f" at {filters.event}" if filters.event else ""
    if filters.speaker and filters.speaker not in {
            c.value for c in speaker_choices(roster, filters.event)}:
        return (f"No candidate called “{filters.speaker}” spoke{at}. Pick one from the "
                "Candidate list, or choose All candidates.")
    if filters.section and filters.section not in {
            c.value for c in section_choices(events, filters.event)}:
        return (f"No round-up{at} has a topic called “{filters.section}”. Pick one from the "
                "Topic list, or choose All topics.")
    return None


def example_questions(roster: Roster, passages: Sequence[Passage]) -> list[str]:
    """Return example questions: one candidate on a topic, a comparison, a roster question."""
    topics = policy_topics(passages, roster)
    compare = next(((s, n) for s, n in topics if len(n) > 1), None)
    single = next(((s, n) for s, n in topics if not compare or s != compare[0]), compare)
    examples: list[str] = []
    if single:
        examples.append(f"What did {single[1][0]} say about {topic_phrase(single[0])}?")
    if compare:
        examples.append(f"How do {join_names(compare[1][:2])} differ on "
                        f"{topic_phrase(compare[0])}?")
    if roster.entries:
        examples.append("Who are the candidates standing?")
    return examples


def policy_topics(passages: Sequence[Passage], roster: Roster) -> list[tuple[str, list[str]]]:
    """Return (section, speakers) for policy sections, most speakers and shortest name first."""
    speakers: dict[str, list[str]] = {}
    topics = {(e.id, s) for e in roster.events for s in roster.topics.get(e.id, ())
              if example_topic(s, e.moderators)}
    for p in passages:
        if p.kind is PassageKind.SPEECH and p.section and p.speaker \
                and (p.event_id, p.section) in topics:
            names = speakers.setdefault(p.section, [])
            if p.speaker not in names:
                names.append(p.speaker)
    ordered = {s: sorted(n, key=lambda name: (name.split()[-1].lower(), name)) for s, n in
               speakers.items()}  # a fixed, neutral order: by surname
    return sorted(ordered.items(), key=lambda kv: (-len(kv[1]), len(kv[0])))


def example_topic(heading: str, chairs: Sequence[str] = ()) -> bool:
    """Tell whether a topic heading reads well in a question: no time, role, part or chair."""
    return (len(heading.split()) <= MAX_TOPIC_WORDS and not _NOT_A_TOPIC.search(heading)
            and not any(name in heading for name in chairs))


def _md(text: str) -> str:
    """Escape text for Markdown and HTML."""
    return re.sub(r"([\\`*_\[\]#|~])", r"\\\1", html.escape(text, quote=False))
