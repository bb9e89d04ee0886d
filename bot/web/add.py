"""The page's Add documents tab and the /ingest API, and keeping the page's lists current.

Imported only when the page is built (it imports Gradio at once: the API's type hints need it).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.data_classes import FileData

from bot.chatbot import Chatbot
from bot.web import guide, log, upload
from bot.web.upload import AddResult, Upload
from ingest.errors import HustingsError
from ingest.loaders import formats_phrase
from ingest.settings import Settings

READ_ONLY = ("This chat is read-only: documents cannot be added or removed here "
             "(HUSTINGS_READ_ONLY=1).")


@dataclass(frozen=True)
class PageParts:
    """The parts of the page that show what is indexed, refreshed when it changes."""

    header: Any
    speaker: Any
    event: Any
    section: Any
    about: Any
    examples: tuple[Any, ...]

    def outputs(self) -> list[Any]:
        """Return the components in the order page_updates() fills them."""
        return [self.header, self.speaker, self.event, self.section, self.about,
                *self.examples]


class Adding:
    """The panel's and the API's event handlers around one Chatbot."""

    def __init__(self, bot: Chatbot, parts: PageParts) -> None:
        self.bot = bot
        self.parts = parts

    @property
    def settings(self) -> Settings:
        return self.bot.settings

    def add(self, files: list[str] | None, urls: str,
            progress: gr.Progress = gr.Progress()) -> tuple[str, None, str]:  # noqa: B008
        """Add the chosen files and web addresses; show a result line for each."""
        uploads = [Upload(Path(f), Path(f).name) for f in files or []]
        results = self._added(uploads, urls.split(), lambda share, text: progress(share, text))
        return results_html(results), None, ""

    def ingest(self, files: list[FileData] | None = None,
               urls: list[str] | None = None) -> list[dict]:
        """Add documents to the index; return what became of each file and web address.

        files: documents sent with gradio_client.handle_file (.txt .md .html .pdf .docx .vtt .srt);
        urls: web pages to fetch. Each record has name, source, added, passages, speakers
        (the candidates found) and reason (why it was skipped, else null).
        """
        if self.settings.read_only:
            raise log.refused(READ_ONLY, "Read-only")
        uploads, refused = received(files or [])
        for r in refused:
            log.skipped(r.given, r.skipped or "")
        results = self._added(uploads, urls or [], None, len(refused))
        return [r.to_record() for r in (*results, *refused)]

    def _added(self, uploads: list[Upload], urls: Sequence[str], progress,
               refused: int = 0) -> tuple[AddResult, ...]:
        try:
            upload.check_batch(len(uploads) + len(urls) + refused, self.settings)
            results = upload.add_documents(uploads, urls, self.settings, progress)
        except HustingsError as exc:
            raise log.refused(exc, "Cannot add these documents") from None
        except Exception:
            raise log.failed("Something went wrong adding these documents; the index is as it "
                             "was. Please try again.") from None
        finally:
            for u in uploads:  # none may stay downloadable, whatever happened
                upload.forget_upload(u.path)
        for r in results:
            if r.skipped is not None:
                log.skipped(r.given, r.skipped)
        self.bot.refresh()  # answer from the new index at once
        return results

    def remove(self, event_id: str | None) -> str:
        """Remove the chosen document from the index."""
        if self.settings.read_only:
            raise log.refused(READ_ONLY, "Read-only")
        try:
            said = upload.remove_documents([event_id] if event_id else [], self.bot.events,
                                           self.settings)
        except HustingsError as exc:
            raise log.refused(exc, "Cannot remove it") from None
        self.bot.refresh()
        return f'<p class="hs-removed">{html.escape(said)}</p>'

    def page_updates(self, speaker: str = "", event: str = "", section: str = "") -> list:
        """Return the page's lists for the index as it is now (another process may have
        changed it), keeping the filters' choices where they still exist."""
        self.bot.refresh()
        events = self.bot.events
        speakers = guide.speaker_choices(self.bot.roster, event or None)
        event_list = guide.event_choices(events)
        event = event if event in {c.value for c in event_list} else ""
        sections = guide.section_choices(events, event or None)
        examples = guide.example_questions(self.bot.roster, self.bot.passages)
        header = f"# {html.escape(guide.title(events))}\n{guide.description(events)}"
        return [gr.update(value=header),
                _choice_update(speakers, "All candidates", speaker),
                _choice_update(event_list, "All events", event),
                _choice_update(sections, "All topics", section, visible=bool(sections)),
                gr.update(value=guide.about_markdown(events)),
                *(gr.update(value=examples[i], visible=True) if i < len(examples)
                  else gr.update(visible=False) for i in range(len(self.parts.examples)))]

    def all_updates(self, speaker: str = "", event: str = "", section: str = "") -> list:
        """Return the page's lists and the remove list, in one step (they change together)."""
        return [*self.page_updates(speaker, event, section), self.document_choices()]

    def document_choices(self) -> Any:
        """Return the remove list for the documents indexed now."""
        self.bot.refresh()
        return gr.update(choices=[(d.label, d.event_id)
                                  for d in upload.documents(self.bot.events)], value=None)


REFRESH: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}


def build_api(demo: Any, adding: Adding) -> None:
    """Add the /ingest API, and refresh the page's lists whenever a page opens.

    Apart from the tab: the API's components must not sit between the page's tabs.
    """
    parts = adding.parts
    demo.load(adding.page_updates, [parts.speaker, parts.event, parts.section],
              parts.outputs(), **REFRESH)
    # Adding documents is for people and scripts, not for an assistant over MCP: with MCP on,
    # the endpoint stays callable but out of the API listing that MCP serves as tools.
    visibility = "undocumented" if adding.settings.mcp else "public"
    gr.api(adding.ingest, api_name="ingest", concurrency_limit=1, concurrency_id="ingest",
           api_visibility=visibility)


def build_tab(demo: Any, bot: Chatbot, parts: PageParts) -> Adding:
    """Add the Add documents tab, unless read-only; return its handlers for build_api()."""
    adding = Adding(bot, parts)
    if bot.settings.read_only:
        return adding
    filters = [parts.speaker, parts.event, parts.section]
    refresh = REFRESH
    s = bot.settings
    with gr.Tab("Add documents", id="add", elem_id="hs-add") as tab:
        gr.Markdown(f"Add hustings round-ups ({formats_phrase()}; up to "
                    f"{s.max_upload_mb} MB each, {s.max_upload_files} at once), or paste "
                    "web addresses of round-ups, one a line. Answers use them straight away.",
                    elem_classes=["hs-add-help"])
        files = gr.File(file_count="multiple", file_types=list(upload.TYPES), type="filepath",
                        label="Round-up files", elem_id="hs-add-files", height=140)
        urls = gr.Textbox(label="Web addresses", placeholder="https://…", lines=2,
                          max_lines=6, elem_id="hs-add-urls")
        add = gr.Button("Add documents", variant="primary", elem_id="hs-add-go")
        results = gr.HTML(elem_id="hs-add-results")
        documents = gr.Dropdown(choices=[], value=None, label="Remove a document",
                                elem_id="hs-remove-doc")
        remove = gr.Button("Remove", variant="stop", size="sm", elem_id="hs-remove-button")
        removed = gr.HTML(elem_id="hs-remove-result")
    once: dict[str, Any] = {"api_visibility": "private", "concurrency_limit": 1,
                            "concurrency_id": "ingest"}
    everything = [*parts.outputs(), documents]
    add.click(adding.add, [files, urls], [results, files, urls], show_progress="full",
              **once).success(adding.all_updates, filters, everything, **refresh)
    remove.click(adding.remove, documents, removed, show_progress="full", **once).success(
        adding.all_updates, filters, everything, **refresh)
    demo.load(adding.document_choices, None, documents, **refresh)
    tab.select(adding.document_choices, None, documents, **refresh)  # another process's ingest
    return adding


def received(files: Sequence[Any]) -> tuple[list[Upload], list[AddResult]]:
    """Return the API's files that Gradio received as uploads; refuse any other path."""
    import gradio.utils

    folder = Path(gradio.utils.get_upload_folder()).resolve()
    uploads, refused = [], []
    for item in files:
        path = item.get("path") if isinstance(item, dict) else None
        name = str((item.get("orig_name") if isinstance(item, dict) else None)
                   or Path(str(path or "file")).name)
        real = Path(str(path)).resolve() if path else None
        if real is None or folder not in real.parents or not real.is_file():
            refused.append(AddResult(name, None, skipped="not an uploaded file; send files "
                                     "with gradio_client.handle_file"))
        else:
            uploads.append(Upload(real, name))
    return uploads, refused


def results_html(results: Sequence[AddResult]) -> str:
    """Return the result lines as an HTML list, every line escaped."""
    items = "".join(f'<li class="{"hs-skipped" if r.skipped else "hs-added"}">'
                    f"{html.escape(r.line())}</li>" for r in results)
    return f'<ul class="hs-add-lines">{items}</ul>' if items else ""


def _choice_update(choices: list[guide.Choice], everything: str, value: str,
                   visible: bool | None = None) -> Any:
    values = {c.value for c in choices}
    shown = {} if visible is None else {"visible": visible}
    return gr.update(choices=[(everything, ""), *((c.label, c.value) for c in choices)],
                     value=value if value in values else "", **shown)
