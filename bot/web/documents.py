"""Render how one document was read: its event, roster, and every sentence marked by who said it.

Pure functions over a stored Reading and the event's roster in the index (who took part comes
from there, as in the chat); nothing here knows about Gradio. Every sentence gets an anchor id
(sentence_anchor) that answers' citations link to. Candidates are coloured by party (palette.py)
and always named, with their party, in text.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

from bot.web import palette
from bot.web.guide import status_text
from ingest.model import Event, Speaker
from ingest.understand.model import Reading, Role, Sentence

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


def card_id(event_id: str, name: str) -> str:
    """Return the HTML id of a candidate's card (cards.py) in an event's view."""
    return f"hs-card-{event_id}-{_slug(name)}"


def colour_of(event: Event, reading: Reading | None = None) -> dict[str, str]:
    """Return each candidate's colour key: the roster's, then speakers of the reading not on it."""
    names = [(c.name, c.party) for c in event.candidates]
    if reading is not None:
        parties = {p.name: p.party for p in reading.candidates}
        names += [(s.speaker, parties.get(s.speaker)) for s in reading.sentences
                  if s.role is Role.CANDIDATE and s.speaker]
    return palette.colour_keys(names)


def document_html(reading: Reading, event: Event, cards: str = "") -> str:
    """Return the whole view of a document: event, roster, key, the marked text, then cards."""
    colours = colour_of(event, reading)
    return ('<div class="hs-doc">' + event_html(reading) + roster_html(event, colours)
            + legend_html(event, reading, colours) + text_html(reading, event.id, colours)
            + cards + "</div>")


def event_html(reading: Reading) -> str:
    """Return the event's title and what is known of it: date, place, organiser, chairs."""
    facts = [("Date", reading.date), ("Place", reading.place),
             ("Organiser", reading.organiser),
             ("Chaired by", ", ".join(reading.chairs) or None)]
    rows = "".join(f"<dt>{label}</dt><dd>{_e(value)}</dd>" for label, value in facts if value)
    return (f'<div class="hs-doc-head"><h3 class="hs-doc-title">{_e(reading.title)}</h3>'
            f'<dl class="hs-doc-facts">{rows}</dl>'
            f'<div class="hs-doc-source">source: {_e(reading.source)}</div></div>')


def roster_html(event: Event, colours: dict[str, str]) -> str:
    """Return the roster as a table: candidate (opens their card), party, took part or why not."""
    if not event.candidates:
        return '<p class="hs-doc-empty">The document names no candidates.</p>'
    rows = "".join(
        f'<tr data-candidate="{_e(c.name)}"><th scope="row">{card_button(event, c)}</th>'
        f"<td>{swatch(colours.get(c.name))}{_e(c.party or '—')}</td>"
        f'<td class="hs-status">{_e(status_text(c))}</td></tr>' for c in event.candidates)
    return ('<table class="hs-roster"><caption>Candidates</caption><thead><tr><th scope="col">'
            'Candidate</th><th scope="col">Party</th><th scope="col">Took part</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def card_button(event: Event, candidate: Speaker) -> str:
    """Return the button that opens a candidate's card, named by the candidate."""
    return (f'<button type="button" class="hs-card-open" aria-haspopup="dialog" '
            f'data-card="{card_id(event.id, candidate.name)}">{_e(candidate.name)}'
            '<span class="hs-sr">: open their card</span></button>')


def swatch(key: str | None) -> str:
    """Return a candidate's colour swatch (decorative: the name and party are in text)."""
    return f'<span class="hs-swatch hs-k-{key}" aria-hidden="true"></span>' if key else ""


def legend_html(event: Event, reading: Reading, colours: dict[str, str]) -> str:
    """Return the key to the marks: a swatch per candidate with their party, then the role tags."""
    parties = {p.name: p.party for p in reading.candidates} | {
        c.name: c.party for c in event.candidates}
    items = [f'<li class="hs-legend-item">{swatch(key)}{_e(name)}'
             f'{_e(f" ({parties[name]})") if parties.get(name) else ""}</li>'
             for name, key in colours.items()]
    items += [f'<li class="hs-legend-item">{_tag(role)}</li>' for role in ROLE_TAGS]
    items.append('<li class="hs-legend-item hs-plain">unmarked: no one in particular</li>')
    return ('<div class="hs-legend-box"><span class="hs-legend-title">Key:</span>'
            f'<ul class="hs-legend">{"".join(items)}</ul></div>')


def text_html(reading: Reading, event_id: str, colours: dict[str, str]) -> str:
    """Return the document's text as paragraphs of sentences, each marked by who said it."""
    parties = {p.name: p.party for p in reading.candidates}
    out: list[str] = []
    paragraph: list[str] = []
    previous: Sentence | None = None
    voice: Voice | None = None
    for s in sorted(reading.sentences, key=lambda s: s.start):
        if s.heading or (previous and _PARAGRAPH.search(reading.text[previous.end:s.start])):
            out.append(_paragraph(paragraph))
            paragraph, voice = [], None
        if s.heading:
            out.append(f'<h4 class="hs-doc-heading" id="{sentence_anchor(event_id, s.start)}" '
                       f'tabindex="-1">{_e(s.text)}</h4>')
        else:
            this = Voice(s.speaker, s.role)
            label = _label(this, colours, parties) if this != voice else ""
            paragraph.append(label + _sentence(s, event_id, colours))
            voice = this
        previous = s
    out.append(_paragraph(paragraph))
    return f'<div class="hs-doc-text">{"".join(out)}</div>'


def _sentence(s: Sentence, event_id: str, colours: dict[str, str]) -> str:
    classes = ["hs-sent"]
    who = ""
    if s.role is Role.CANDIDATE and s.speaker:
        classes.append(f"hs-k-{colours.get(s.speaker, 'n0')}")
        who = s.speaker
    elif s.role is not None:
        classes.append(f"hs-role-{s.role.value}")
        who = f"{s.speaker} ({s.role.value})" if s.speaker else s.role.value
    attrs = (f' id="{sentence_anchor(event_id, s.start)}" class="{" ".join(classes)}"'
             f' data-speaker="{_e(s.speaker or "")}" data-role="{s.role.value if s.role else ""}"'
             ' tabindex="-1"')  # a citation's jump moves the focus here
    if who:
        attrs += f' title="{_e(who)}"'
    return f"<span{attrs}>{_e(' '.join(s.text.split()))}</span> "


def _label(voice: Voice, colours: dict[str, str], parties: dict[str, str | None]) -> str:
    """Return the mark that opens a run of one voice: the candidate and party, or a role tag."""
    if voice.role is Role.CANDIDATE and voice.speaker:
        party = parties.get(voice.speaker)
        text = f"{voice.speaker} · {party}" if party else voice.speaker
        return (f'<span class="hs-who hs-chip hs-k-{colours.get(voice.speaker, "n0")}">'
                f"{_e(text)}</span> ")
    if voice.role in ROLE_TAGS:
        return _tag(voice.role, voice.speaker) + " "
    return ""


def _tag(role: Role, name: str | None = None) -> str:
    text = ROLE_TAGS[role] + (f": {name}" if name else "")
    return f'<span class="hs-tag hs-tag-{role.value}">{_e(text)}</span>'


def _paragraph(parts: list[str]) -> str:
    return f'<p class="hs-doc-p">{"".join(parts).rstrip()}</p>' if parts else ""


def _slug(text: str) -> str:
    """Return a readable id part for text, unique for it (names that differ by accents too)."""
    readable = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]
    return f"{readable}-{hashlib.sha1(text.encode()).hexdigest()[:6]}"


def _e(text: str | None) -> str:
    return html.escape(text or "")
