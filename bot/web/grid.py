"""Who spoke on what at one event: candidates by topics, each cell the number of statements.

Pure functions over a stored Reading; nothing here knows about Gradio. A cell with statements
is a button whose question the page asks in the chat.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass

from bot.replies import topic_phrase
from bot.roster import is_topic
from bot.web.documents import colour_of, status_text
from bot.web.guide import example_topic
from ingest.understand.model import Person, Reading, Role, Status

WHOLE_EVENT = "The whole event"  # the one row when the document has no topic sections


@dataclass(frozen=True)
class Cell:
    """One candidate on one topic: how many sentences they said, and the question to ask."""

    candidate: str
    topic: str
    statements: int
    question: str


@dataclass(frozen=True)
class Grid:
    """Candidates who took part (columns) by topics (rows), and who did not take part."""

    candidates: tuple[Person, ...]
    topics: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]  # one row per topic, one cell per candidate
    absent: tuple[Person, ...]


def build_grid(reading: Reading) -> Grid:
    """Count each candidate's sentences per topic section (not times, roles or chairs)."""
    taking_part = tuple(p for p in reading.candidates if p.status is Status.TOOK_PART)
    absent = tuple(p for p in reading.candidates if p.status is Status.ABSENT)
    names = [p.name for p in reading.candidates]
    said = Counter((s.speaker, s.section) for s in reading.sentences
                   if s.role is Role.CANDIDATE and s.speaker and not s.heading)
    sections = [s for s in dict.fromkeys(s.section for s in reading.sentences if s.section)
                if is_topic(s, names) and example_topic(s, reading.chairs)
                and any(said[(p.name, s)] for p in taking_part)]
    if sections:
        rows = [[Cell(p.name, t, said[(p.name, t)], question(p.name, t)) for p in taking_part]
                for t in sections]
    else:  # no topic headings: one row of everything each said
        totals = Counter(name for name, _ in said.elements())
        sections = [WHOLE_EVENT]
        rows = [[Cell(p.name, WHOLE_EVENT, totals[p.name], question(p.name, None))
                 for p in taking_part]]
    return Grid(taking_part, tuple(sections), tuple(tuple(r) for r in rows), absent)


def question(candidate: str, topic: str | None) -> str:
    """Return the question a cell asks: what a candidate said on a topic (or at all)."""
    if topic is None:
        return f"What did {candidate} say?"
    return f"What did {candidate} say about {topic_phrase(topic)}?"


def grid_html(grid: Grid, reading: Reading) -> str:
    """Return the grid as a table of buttons ("no statement" when empty), then the absentees."""
    if not grid.candidates:
        body = '<p class="hs-doc-empty">No candidate took part in this event.</p>'
    else:
        colours = colour_of(reading)
        head = "".join(f'<th scope="col"><span class="hs-swatch hs-c{colours.get(p.name, 0)}">'
                       f"</span>{_e(p.name)}</th>" for p in grid.candidates)
        rows = "".join(f'<tr><th scope="row">{_e(topic)}</th>'
                       + "".join(_cell(c) for c in cells) + "</tr>"
                       for topic, cells in zip(grid.topics, grid.cells))
        body = (f'<div class="hs-grid-scroll"><table class="hs-grid"><thead><tr><th>Topic</th>'
                f"{head}</tr></thead><tbody>{rows}</tbody></table></div>")
    if grid.absent:
        items = "".join(f"<li>{_e(p.name)}{_e(f' ({p.party})') if p.party else ''}: "
                        f"{_e(status_text(p))}</li>" for p in grid.absent)
        body += f'<div class="hs-absent"><strong>Did not take part</strong><ul>{items}</ul></div>'
    return f'<div class="hs-grid-wrap">{body}</div>'


def _cell(c: Cell) -> str:
    if not c.statements:
        return '<td class="hs-cell-empty">no statement</td>'
    label = "1 statement" if c.statements == 1 else f"{c.statements} statements"
    return (f'<td><button type="button" class="hs-cell" data-question="{_e(c.question)}" '
            f'data-candidate="{_e(c.candidate)}" data-topic="{_e(c.topic)}" '
            f'title="{_e(c.question)}">{label}</button></td>')


def _e(text: str) -> str:
    return html.escape(text)
