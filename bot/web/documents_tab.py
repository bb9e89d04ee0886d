"""The Documents tab: pick an event, see how its document was read and who spoke on what.

Gradio wiring only; the HTML comes from documents.py and grid.py. A citation's link and a
grid cell talk to the server through two hidden controls (documents.js fills and clicks them).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.web import log
from bot.web.cards import cards_html
from bot.web.documents import document_html
from bot.web.grid import build_grid, grid_html
from bot.web.library import Library
from ingest.errors import HustingsError

STATIC = Path(__file__).resolve().parent / "static"
CSS = STATIC / "documents.css"
NOTHING = ('<p class="hs-doc-empty">Nothing is indexed yet. Add round-ups of hustings in the '
           "<strong>Add documents</strong> tab, and how each was read shows here.</p>")


@dataclass(frozen=True)
class DocumentsTab:
    """The tab's components that the page wires to the chat."""

    ask: Any  # hidden Textbox: the question a grid cell asks
    ask_button: Any  # hidden Button: clicked once ask holds the question
    views: tuple[Any, ...] = ()  # the event list, the view and the grid


def followed(library: Library, current: str | None) -> tuple[Any, str, str]:
    """Return the event list, the view and the grid for the index as it is now: after a
    document is added or removed elsewhere on the page, a removed one is shown no more."""
    import gradio as gr

    options = [(c.label, c.value) for c in library.choices()]
    values = [value for _, value in options]
    if current in values:
        return (gr.update(choices=options), gr.skip(), gr.skip())
    first = values[0] if values else None
    view, grid = _shown(library, first) if first else (NOTHING, "")
    return gr.update(choices=options, value=first), view, grid


def css() -> str:
    """Return the styles of the Documents view and the grid."""
    return CSS.read_text(encoding="utf-8")


def build_tab(library: Library) -> DocumentsTab:
    """Add the Documents tab (inside the page's Blocks) and return its hidden ask controls."""
    import gradio as gr

    choices = [(c.label, c.value) for c in library.choices()]
    first = choices[0][1] if choices else None
    try:
        view, grid = show(library, first) if first else (NOTHING, "")
    except HustingsError as exc:  # e.g. an index built before readings were stored
        view, grid = f'<p class="hs-doc-empty">{html.escape(str(exc))}</p>', ""
    with gr.Tab("Documents", id="documents", elem_id="hs-tab-documents") as tab:
        gr.Markdown("How each round-up was read: who said every sentence. Click a cell of the "
                    "grid to ask about it in the chat, or a candidate's name for their card.",
                    elem_id="hs-doc-intro")
        pick = gr.Dropdown(choices, value=first, label="Event", filterable=True,
                           elem_id="hs-doc-event", interactive=True)
        with gr.Accordion("Who spoke on what", open=True, elem_id="hs-grid-panel"):
            grid_view = gr.HTML(grid, elem_id="hs-grid-view")
        doc_view = gr.HTML(view, elem_id="hs-doc-view")
    # Outside the tabs, so that they are on the page whichever tab is open.
    with gr.Row(elem_classes=["hs-hidden"]):
        jump = gr.Textbox(elem_id="hs-doc-jump", show_label=False, container=False)
        jump_button = gr.Button("open", elem_id="hs-doc-jump-btn")
        ask = gr.Textbox(elem_id="hs-grid-ask", show_label=False, container=False)
        ask_button = gr.Button("ask", elem_id="hs-grid-ask-btn")

    def picked(source: str) -> tuple[str, str]:
        return _shown(library, source)

    def jumped(key: str, current: str) -> tuple[Any, ...]:
        try:
            source = library.event(key).source
        except HustingsError as exc:
            raise log.refused(exc, "Cannot show that document") from None
        if source == current:  # the view shows it already: only the scroll is needed
            return gr.skip(), gr.skip(), gr.skip()
        return (gr.update(value=source), *_shown(library, source))

    def listed(current: str) -> Any:  # documents added since the page opened show up
        options = [(c.label, c.value) for c in library.choices()]
        return gr.update(choices=options, value=current if current else None)

    private: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
    pick.input(picked, pick, [doc_view, grid_view], **private)
    tab.select(listed, pick, pick, queue=False, **private)
    jump_button.click(jumped, [jump, pick], [pick, doc_view, grid_view], **private)
    return DocumentsTab(ask=ask, ask_button=ask_button, views=(pick, doc_view, grid_view))


def show(library: Library, source: str) -> tuple[str, str]:
    """Return the document view and the grid of the event whose source is given."""
    event = library.event(source)
    reading = library.reading(event)
    said = library.statements(event)
    return document_html(reading, event, cards_html(said)), grid_html(build_grid(said))


def _shown(library: Library, source: str) -> tuple[str, str]:

    try:
        return show(library, source)
    except HustingsError as exc:
        raise log.refused(exc, "Cannot show that document") from None


class DocumentsApi:
    """The `/documents` endpoint (and MCP tool) over the indexed documents."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def documents(self, event: str = "") -> dict:
        """List the indexed hustings with their candidates, or show how one round-up was read.

        Without an event, returns {"events": [...]}: each event's title, date, source, id,
        chairs, sections and candidates (name, party, took_part, note: why they did not).
        With an event, returns that document's reading, the record `hustings inspect --json`
        prints: title, date, place, chairs, candidates (name, party, status, reason) and
        every sentence with its offsets and who said it (speaker, role).

        Args:
            event: an event's source, title or id, as the list gives them; empty for the list.
        """

        from bot.web.kept import public_source

        settings = self.library.bot.settings
        try:
            self.library.bot.refresh()
            if not (event or "").strip():
                return {"events": [{**e, "source": public_source(settings, e["source"])}
                                   for e in self.library.catalogue()]}
            record = self.library.record(event)
            return {**record, "source": public_source(settings, record["source"])}
        except HustingsError as exc:
            raise log.refused(exc, "Cannot show that document") from None
