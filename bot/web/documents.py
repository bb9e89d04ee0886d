"""Render how one document was read: its event, roster, and every sentence marked by who said it.

Pure functions over a stored Reading; nothing here knows about Gradio. Every sentence gets an
anchor id (sentence_anchor) that answers' citations link to.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.understand.model import Person, Reading, Role, Sentence, Status

COLOURS = 8  # candidate colours in chat.css (.hs-c0 … .hs-c7); more candidates reuse them
ROLE_TAGS = {Role.CHAIR: "chair", Role.AUDIENCE: "audience", Role.REPORTER: "reporter",
             Role.OTHER: "other"}
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Voice:
    """Who a sentence is marked with: a candidate (coloured), a role (tagged), or no one."""

    speaker: str | None
    role: Role | None

    @property
    def key(self) -> str:
        return self.speaker or (self.role.value if self.role else "")


def sentence_anchor(event_id: str, start: int) -> str:
    """Return the HTML id of the sentence of an event's document that starts at start."""
    return f"hs-s-{event_id}-{start}"


def colour_of(reading: Reading) -> dict[str, int]:
    """Return each candidate's colour number, in roster order (speakers not on it after)."""
    names = [p.name for p in reading.candidates]
    names += [s.speaker for s in reading.sentences if s.role is Role.CANDIDATE and s.speaker
              and s.speaker not in names]
    names = list(dict.fromkeys(names))
    return {name: i % COLOURS for i, name in enumerate(names)}


def document_html(reading: Reading, event_id: str) -> str:
    """Return the whole view of a document: event, roster, legend, then the marked text."""
    colours = colour_of(reading)
    return ('<div class="hs-doc">' + event_html(reading) + roster_html(reading.candidates)
            + legend_html(reading, colours) + text_html(reading, event_id, colours) + "</div>")


def event_html(reading: Reading) -> str:
    """Return the event's title and what is known of it: date, place, organiser, chairs."""
    facts = [("Date", reading.date), ("Place", reading.place),
             ("Organiser", reading.organiser),
             ("Chaired by", ", ".join(reading.chairs) or None)]
    rows = "".join(f"<dt>{label}</dt><dd>{_e(value)}</dd>" for label, value in facts if value)
    return (f'<div class="hs-doc-head"><h3 class="hs-doc-title">{_e(reading.title)}</h3>'
            f'<dl class="hs-doc-facts">{rows}</dl>'
            f'<div class="hs-doc-source">source: {_e(reading.source)}</div></div>')


def roster_html(candidates: Sequence[Person]) -> str:
    """Return the roster as a table: candidate, party, took part or absent and why."""
    if not candidates:
        return '<p class="hs-doc-empty">The document names no candidates.</p>'
    rows = "".join(
        f'<tr data-candidate="{_e(p.name)}"><td>{_e(p.name)}</td><td>{_e(p.party or "—")}</td>'
        f"<td>{_e(status_text(p))}</td></tr>" for p in candidates)
    return ('<table class="hs-roster"><caption>Candidates</caption><thead><tr><th>Candidate</th>'
            f"<th>Party</th><th>Took part</th></tr></thead><tbody>{rows}</tbody></table>")


def status_text(person: Person) -> str:
    """Return "took part", or "absent" with the reason when the document gives one."""
    if person.status is Status.TOOK_PART:
        return "took part"
    return f"absent: {person.reason}" if person.reason else "absent"


def legend_html(reading: Reading, colours: dict[str, int]) -> str:
    """Return the key to the marks: a swatch per candidate, then the role tags."""
    parties = {p.name: p.party for p in reading.candidates}
    items = [f'<span class="hs-legend-item"><span class="hs-swatch hs-c{n}"></span>'
             f'{_e(name)}{_e(f" ({parties[name]})") if parties.get(name) else ""}</span>'
             for name, n in colours.items()]
    items += [f'<span class="hs-legend-item">{_tag(role)}</span>' for role in ROLE_TAGS]
    items.append('<span class="hs-legend-item hs-plain">unmarked: no one in particular</span>')
    return f'<div class="hs-legend" aria-label="Key">{"".join(items)}</div>'


def text_html(reading: Reading, event_id: str, colours: dict[str, int]) -> str:
    """Return the document's text as paragraphs of sentences, each marked by who said it."""
    out: list[str] = []
    paragraph: list[str] = []
    previous: Sentence | None = None
    voice: Voice | None = None
    for s in sorted(reading.sentences, key=lambda s: s.start):
        if s.heading or (previous and _PARAGRAPH.search(reading.text[previous.end:s.start])):
            out.append(_paragraph(paragraph))
            paragraph, voice = [], None
        if s.heading:
            out.append(f'<h4 class="hs-doc-heading" id="{sentence_anchor(event_id, s.start)}">'
                       f"{_e(s.text)}</h4>")
        else:
            this = Voice(s.speaker, s.role)
            label = _label(this, colours) if this != voice else ""
            paragraph.append(label + _sentence(s, event_id, colours))
            voice = this
        previous = s
    out.append(_paragraph(paragraph))
    return f'<div class="hs-doc-text">{"".join(out)}</div>'


def _sentence(s: Sentence, event_id: str, colours: dict[str, int]) -> str:
    classes = ["hs-sent"]
    who = ""
    if s.role is Role.CANDIDATE and s.speaker:
        classes.append(f"hs-c{colours.get(s.speaker, 0)}")
        who = s.speaker
    elif s.role is not None:
        classes.append(f"hs-role-{s.role.value}")
        who = f"{s.speaker} ({s.role.value})" if s.speaker else s.role.value
    attrs = (f' id="{sentence_anchor(event_id, s.start)}" class="{" ".join(classes)}"'
             f' data-speaker="{_e(s.speaker or "")}" data-role="{s.role.value if s.role else ""}"')
    if who:
        attrs += f' title="{_e(who)}"'
    return f"<span{attrs}>{_e(' '.join(s.text.split()))}</span> "


def _label(voice: Voice, colours: dict[str, int]) -> str:
    """Return the mark that opens a run of one voice: the candidate's name, or a role tag."""
    if voice.role is Role.CANDIDATE and voice.speaker:
        n = colours.get(voice.speaker, 0)
        return f'<span class="hs-who hs-c{n}" aria-hidden="true">{_e(voice.speaker)}</span>'
    if voice.role in ROLE_TAGS:
        return _tag(voice.role, voice.speaker)
    return ""


def _tag(role: Role, name: str | None = None) -> str:
    text = ROLE_TAGS[role] + (f": {name}" if name else "")
    return f'<span class="hs-tag hs-tag-{role.value}" aria-hidden="true">{_e(text)}</span>'


def _paragraph(parts: list[str]) -> str:
    return f'<p class="hs-doc-p">{"".join(parts).rstrip()}</p>' if parts else ""


def _e(text: str | None) -> str:
    return html.escape(text or "")
