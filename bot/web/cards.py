"""Candidate cards: who a candidate is, whether they took part, and what they said, by topic.

One card per candidate on an event's roster, rendered into the Documents view as a dialog that
the roster and the grid open (documents.js). Pure functions; nothing here knows about Gradio.
"""

from __future__ import annotations

import html
import json

from bot.web.documents import card_id, colour_of, swatch
from bot.web.guide import status_text
from bot.web.statements import Statements
from ingest.model import Speaker


def cards_html(said: Statements) -> str:
    """Return the cards of every candidate of the event (and anyone else who said something)."""
    event = said.event
    people = [*event.candidates, *said.off_roster()]
    colours = colour_of(event)
    return "".join(card_html(said, person, colours.get(person.name)) for person in people)


def card_html(said: Statements, person: Speaker, colour: str | None) -> str:
    """Return one candidate's card: name, party, took part or why not, statements by topic."""
    event = said.event
    ident = card_id(event.id, person.name)
    groups = said.by_topic(person.name)
    if groups:
        body = "".join(
            f'<h5 class="hs-card-topic">{_e(topic)}</h5><ul class="hs-card-said">'
            + "".join(f'<li><a class="hs-card-jump" href="#{s.anchor}">{_e(s.text)}</a></li>'
                      for s in items) + "</ul>" for topic, items in groups)
        ask = json.dumps({"question": said.question(person.name), "event": event.title,
                          "section": ""})
        body += (f'<button type="button" class="hs-card-ask" data-ask="{_e(ask)}">Ask in the '
                 f"chat what {_e(person.name)} said</button>")
    else:
        body = ('<p class="hs-doc-empty">No statement of theirs is recorded in this '
                "round-up.</p>")
    party = person.party or "not given"
    return (f'<dialog class="hs-card" id="{ident}" aria-labelledby="{ident}-name">'
            f'<div class="hs-card-head"><h4 class="hs-card-name" id="{ident}-name">'
            f"{swatch(colour)}{_e(person.name)}</h4>"
            f'<button type="button" class="hs-card-close">Close<span class="hs-sr"> the card of '
            f"{_e(person.name)}</span></button></div>"
            f'<dl class="hs-card-facts"><dt>Party</dt><dd>{_e(party)}</dd>'
            f"<dt>Event</dt><dd>{_e(event.title)}</dd>"
            f'<dt>Took part</dt><dd class="hs-status">{_e(status_text(person))}</dd></dl>'
            f'<div class="hs-card-body">{body}</div></dialog>')


def _e(text: str) -> str:
    return html.escape(text)
