"""Who spoke on what at one event: candidates by topics, each cell the number of statements.

Pure functions over the event's roster and its statements (statements.py); nothing here knows
about Gradio. A cell with statements is a button whose question the page asks in the chat,
limited to the event (and to the cell's section); a candidate's name opens their card.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from bot.web.documents import card_button, colour_of, swatch
from bot.web.guide import status_text
from bot.web.statements import Division, Statements
from ingest.model import Speaker

NO_HEADINGS = ("This round-up has no topic headings, so the rows are the questions put to the "
               "candidates.")
NOTHING_TO_DIVIDE = ("This round-up has no topic headings and puts no questions to the "
                     "candidates, so there is one row for the whole event. Open a candidate's "
                     "card to read what they said.")
SCROLLS = "Scroll sideways to see every candidate →"


@dataclass(frozen=True)
class Cell:
    """One candidate on one topic: how many sentences they said, and the question to ask."""

    candidate: str
    topic: str
    statements: int
    question: str
    event: str  # the filters the question is asked with: the event's title …
    section: str | None  # … and the cell's section, when the topic is a heading

    def ask(self) -> str:
        """Return what the page sends to ask this cell's question (JSON)."""
        return json.dumps({"question": self.question, "event": self.event,
                           "section": self.section or ""})


@dataclass(frozen=True)
class Grid:
    """Candidates who took part (columns) by topics (rows), and who did not take part."""

    statements: Statements
    candidates: tuple[Speaker, ...]
    topics: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]  # one row per topic, one cell per candidate
    absent: tuple[Speaker, ...]


def build_grid(said: Statements) -> Grid:
    """Count each candidate's sentences on every topic of the event (no topic is left out)."""
    event = said.event
    speakers = {s.speaker for s in said.items}
    taking_part = [c for c in event.candidates if c.spoke or c.name in speakers]
    taking_part += said.off_roster()
    rows = tuple(tuple(Cell(c.name, topic, said.count(c.name, topic), said.question(c.name, topic),
                            event.title, topic if said.is_heading(topic) else None)
                       for c in taking_part) for topic in said.topics)
    absent = tuple(c for c in event.candidates if c not in taking_part)
    return Grid(said, tuple(taking_part), said.topics, rows, absent)


def grid_html(grid: Grid) -> str:
    """Return the grid as a table of buttons ("no statement" when empty), then the absentees."""
    event = grid.statements.event
    if not grid.candidates:
        body = '<p class="hs-doc-empty">No candidate took part in this event.</p>'
    else:
        colours = colour_of(event)
        head = "".join(
            f'<th scope="col">{swatch(colours.get(c.name))}{card_button(event, c)}'
            f'{f"<span class=hs-party> ({_e(c.party)})</span>" if c.party else ""}</th>'
            for c in grid.candidates)
        rows = "".join(f'<tr><th scope="row">{_e(topic)}</th>'
                       + "".join(_cell(c) for c in cells) + "</tr>"
                       for topic, cells in zip(grid.topics, grid.cells))
        note = {Division.QUESTIONS: NO_HEADINGS, Division.NONE: NOTHING_TO_DIVIDE}.get(
            grid.statements.division)
        body = ((f'<p class="hs-grid-note">{_e(note)}</p>' if note else "")
                + f'<p class="hs-scroll-hint" hidden>{SCROLLS}</p>'
                '<div class="hs-grid-scroll" tabindex="0" role="region" '
                'aria-label="Who spoke on what (scrolls sideways)">'
                '<table class="hs-grid"><thead><tr><th scope="col">Topic</th>'
                f"{head}</tr></thead><tbody>{rows}</tbody></table></div>")
    if grid.absent:
        items = "".join(f"<li>{card_button(event, c)}{_e(f' ({c.party})') if c.party else ''}: "
                        f"{_e(status_text(c))}</li>" for c in grid.absent)
        body += f'<div class="hs-absent"><strong>Did not take part</strong><ul>{items}</ul></div>'
    return f'<div class="hs-grid-wrap">{body}</div>'


def _cell(c: Cell) -> str:
    if not c.statements:
        return '<td class="hs-cell-empty">no statement</td>'
    label = "1 statement" if c.statements == 1 else f"{c.statements} statements"
    return (f'<td><button type="button" class="hs-cell" data-ask="{_e(c.ask())}" '
            f'data-question="{_e(c.question)}" data-candidate="{_e(c.candidate)}" '
            f'data-topic="{_e(c.topic)}">{label}<span class="hs-sr"> by {_e(c.candidate)} on '
            f"{_e(c.topic)}: ask in the chat</span></button></td>")


def _e(text: str) -> str:
    return html.escape(text)
