"""The page's Add documents tab, the /ingest and /remove APIs, and keeping the page current.

Imported only when the page is built (it imports Gradio at once: the API's type hints need it).

In the page, nothing here raises gr.Error: Gradio would mark every output with a red "Error"
badge and stack a toast per attempt. Problems are said in the tab's own status line instead
(one, replaced each time, read out by screen readers), and progress shows on it alone.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.data_classes import FileData

from bot.chatbot import Chatbot
from bot.web import guide, kept, log, upload
from bot.web.guard import UploadLedger, owner_of
from bot.web.memory import release_memory
from bot.web.progress import Ticker
from bot.web.upload import AddResult, Removal, Upload
from ingest.errors import HustingsError
from ingest.loaders import formats_phrase
from ingest.settings import Settings

READ_ONLY = ("This chat is read-only: documents cannot be added or removed here "
             "(HUSTINGS_READ_ONLY=1).")
NOT_YOURS = "not an uploaded file of yours; send files with gradio_client.handle_file"
FAILED = ("Something went wrong, and the index is as it was. The server's log says what; "
          "if it happens again, tell whoever runs this chat.")


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


@dataclass
class Adding:
    """The panel's and the APIs' event handlers around one Chatbot."""

    bot: Chatbot
    parts: PageParts
    ledger: UploadLedger = field(default_factory=UploadLedger)
    changes: list[Any] = field(default_factory=list)  # page events that change the index

    @property
    def settings(self) -> Settings:
        return self.bot.settings

    # -- the page ----------------------------------------------------------------------------

    def add(self, files: list[str] | None, urls: str, request: gr.Request,
            progress: gr.Progress = gr.Progress()) -> tuple[str, Any, Any]:  # noqa: B008
        """Add the chosen files and web addresses; show a result line for each."""
        paths = [Path(f) for f in files or []]
        addresses = (urls or "").split()
        if not paths and not addresses:
            return status_html("Choose a file or paste a web address first.", "hint"), \
                gr.skip(), gr.skip()
        uploads, refused = self._claimed([(str(p), p.name) for p in paths], request)
        ticker = Ticker(lambda share, text: progress(share, desc=text))
        try:
            with ticker:
                results = self._added(uploads, addresses, ticker.say, len(refused))
        except HustingsError as exc:
            log.noted(exc)
            return status_html(str(exc), "error"), gr.skip(), gr.skip()
        except Exception as exc:
            log.bug(exc)
            return status_html(FAILED, "error"), gr.skip(), gr.skip()
        return results_html((*results, *refused)), None, ""

    def confirm_remove(self, event_id: str | None) -> tuple[Any, Any]:
        """Ask before removing: show what would go, with Remove and Cancel."""
        chosen = [d for d in upload.documents(self.bot.events, self.settings)
                  if d.event_id == event_id]
        if not chosen:
            return gr.update(visible=False), status_html("Choose a document to remove first.",
                                                         "hint")
        question = (f"Remove {chosen[0].label} from the index? Answers will no longer use "
                    "it. You can undo this until the next change.")
        return gr.update(visible=True), status_html(question, "confirm")

    def remove_chosen(self, event_id: str | None) -> tuple[str, Removal | None, Any, Any]:
        """Remove the chosen document; offer to undo it."""
        hide = gr.update(visible=False)
        if self.settings.read_only:
            return status_html(READ_ONLY, "error"), None, hide, hide
        try:
            removal = upload.remove_documents([event_id] if event_id else [],
                                              self.bot.events, self.settings)
        except HustingsError as exc:
            log.noted(exc)
            return status_html(str(exc), "error"), None, hide, hide
        except Exception as exc:
            log.bug(exc)
            return status_html(FAILED, "error"), None, hide, hide
        finally:
            self.bot.refresh()
            release_memory()
        return status_html(removal.message, "done"), removal, gr.update(visible=True), hide

    def undo(self, removal: Removal | None) -> tuple[str, None, Any]:
        """Undo the last removal, if the index has not changed since."""
        hide = gr.update(visible=False)
        if removal is None:
            return status_html("There is nothing to undo.", "hint"), None, hide
        try:
            said = upload.undo_removal(removal, self.settings)
        except HustingsError as exc:
            log.noted(exc)
            return status_html(str(exc), "error"), None, hide
        finally:
            self.bot.refresh()
        return status_html(said, "done"), None, hide

    # -- the APIs ----------------------------------------------------------------------------

    def ingest(self, request: gr.Request, files: list[FileData] | None = None,
               urls: list[str] | None = None) -> list[dict]:
        """Add documents to the index; return what became of each file and web address.

        files: documents sent with gradio_client.handle_file (.txt .md .html .pdf .docx .vtt .srt);
        urls: web pages to fetch. Each record has name, source, added, passages, speakers
        (the candidates found) and reason (why it was skipped, else null).
        """
        if self.settings.read_only:
            raise log.refused(READ_ONLY, "Read-only")
        given = [(str(item.get("path") or ""), str(item.get("orig_name") or ""))
                 if isinstance(item, dict) else ("", "") for item in files or []]
        uploads, refused = self._claimed(given, request)
        try:
            results = self._added(uploads, urls or [], None, len(refused))
        except HustingsError as exc:
            raise log.refused(exc, "Cannot add these documents") from None
        except Exception:
            raise log.failed(FAILED) from None
        return [r.to_record(self.settings) for r in (*results, *refused)]

    def remove_api(self, document: str) -> dict:
        """Remove a document from the index; return what was removed.

        document: the document's source (as /ingest or /documents give it), title or id.
        Returns {"removed": [titles], "message": "..."}.
        """
        if self.settings.read_only:
            raise log.refused(READ_ONLY, "Read-only")
        self.bot.refresh()
        wanted = (document or "").strip()
        chosen = [e.id for e in self.bot.events
                  if wanted in (e.id, e.title, e.source,
                                kept.public_source(self.settings, e.source))]
        try:
            removal = upload.remove_documents(chosen[:1], self.bot.events, self.settings)
        except HustingsError as exc:
            raise log.refused(exc, "Cannot remove it") from None
        finally:
            self.bot.refresh()
            release_memory()
        return {"removed": list(removal.titles), "message": removal.message}

    # -- shared --------------------------------------------------------------------------------

    def _claimed(self, given: Sequence[tuple[str, str]], request: gr.Request | None
                 ) -> tuple[list[Upload], list[AddResult]]:
        """Return the files this caller uploaded; refuse any other path (another's upload,
        a file the server has, one already used)."""
        owner = owner_of(getattr(request, "client", None),
                         dict(getattr(request, "cookies", None) or {}).items())
        uploads, refused = [], []
        for path, name in given:
            shown = name or Path(path).name or "file"
            if path and self.ledger.claim(path, owner) and Path(path).is_file():
                uploads.append(Upload(Path(path), shown))
            else:
                refused.append(AddResult(shown, None, skipped=NOT_YOURS))
                log.skipped(shown, NOT_YOURS)
        return uploads, refused

    def _added(self, uploads: list[Upload], urls: Sequence[str],
               progress: Callable[[float, str], None] | None,
               refused: int = 0) -> tuple[AddResult, ...]:
        try:
            wanted = len(uploads) + len([u for u in urls if u.strip()])
            upload.check_batch(wanted + refused, self.settings)
            if not wanted:  # only refused files: nothing to add, each says why
                return ()
            results = upload.add_documents(uploads, urls, self.settings, progress)
            for r in results:
                if r.skipped is not None:
                    log.skipped(r.given, r.skipped)
            return results
        finally:
            for u in uploads:  # none may stay downloadable, whatever happened
                upload.forget_upload(u.path)
            self.bot.refresh()  # answer from the new index at once
            release_memory()

    # -- keeping the page current ----------------------------------------------------------------

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
        return [*self.page_updates(speaker, event, section), *self.document_choices()]

    def document_choices(self) -> tuple[Any, str]:
        """Return the remove list for the documents indexed now, and the note on files kept
        but not indexed."""
        self.bot.refresh()
        listed = [(d.label, d.event_id) for d in upload.documents(self.bot.events,
                                                                  self.settings)]
        stray = kept.orphans(self.settings, {e.source for e in self.bot.events})
        note = ("" if not stray else status_html(
            f"Kept but not in the index: {', '.join(stray)} (in {self.settings.upload_folder}; "
            "`hustings ingest --prune` adds them back).", "hint"))
        return gr.update(choices=listed, value=None,
                         interactive=bool(listed),
                         info=None if listed else "Nothing that can be removed yet."), note

    def follow(self, outputs: list[Any], fn: Callable[..., Any],
               inputs: list[Any] | None = None) -> None:
        """Also refresh other parts of the page (another tab) after every change made here."""
        for change in self.changes:
            change.success(fn, inputs, outputs, api_visibility="private",
                           show_progress="hidden")


REFRESH: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}


def build_api(demo: Any, adding: Adding) -> None:
    """Add the /ingest and /remove APIs, and refresh the page's lists whenever a page opens.

    Apart from the tab: the API's components must not sit between the page's tabs.
    """
    parts = adding.parts
    demo.load(adding.page_updates, [parts.speaker, parts.event, parts.section],
              parts.outputs(), **REFRESH)
    # Adding documents is for people and scripts, not for an assistant over MCP: with MCP on,
    # the endpoints stay callable but out of the API listing that MCP serves as tools.
    visibility = "undocumented" if adding.settings.mcp else "public"
    once = {"concurrency_limit": 1, "concurrency_id": "ingest", "api_visibility": visibility}
    gr.api(adding.ingest, api_name="ingest", **once)
    gr.api(adding.remove_api, api_name="remove", **once)


def build_tab(demo: Any, bot: Chatbot, parts: PageParts,
              ledger: UploadLedger | None = None) -> Adding:
    """Add the Add documents tab, unless read-only; return its handlers for build_api()."""
    adding = Adding(bot, parts, ledger or UploadLedger())
    if bot.settings.read_only:
        return adding
    filters = [parts.speaker, parts.event, parts.section]
    s = bot.settings
    with gr.Tab("Add documents", id="add", elem_id="hs-add"):
        gr.Markdown(f"Add hustings round-ups ({formats_phrase()}; up to {s.max_upload_mb} MB "
                    f"each, {s.max_upload_files} at once), or paste web addresses of "
                    "round-ups, one a line. Answers use them straight away.",
                    elem_classes=["hs-add-help"])
        files = gr.File(file_count="multiple", file_types=list(upload.TYPES), type="filepath",
                        label="Round-up files", elem_id="hs-add-files", height=140)
        urls = gr.Textbox(label="Web addresses", placeholder="https://…", lines=2,
                          max_lines=6, elem_id="hs-add-urls")
        add = gr.Button("Add documents", variant="primary", elem_id="hs-add-go")
        results = gr.HTML(elem_id="hs-add-results", padding=False)
        gr.Markdown("### Remove a document", elem_classes=["hs-remove-title"])
        documents = gr.Dropdown(choices=[], value=None, label="Document",
                                elem_id="hs-remove-doc")
        remove = gr.Button("Remove…", variant="stop", size="sm", elem_id="hs-remove-button")
        with gr.Row(visible=False, elem_id="hs-remove-confirm") as confirm:
            sure = gr.Button("Yes, remove it", variant="stop", size="sm",
                             elem_id="hs-remove-yes")
            cancel = gr.Button("Cancel", size="sm", elem_id="hs-remove-cancel")
        removed = gr.HTML(elem_id="hs-remove-result", padding=False)
        undo = gr.Button("Undo", size="sm", visible=False, elem_id="hs-remove-undo")
        stray = gr.HTML(elem_id="hs-add-stray", padding=False)
        last_removal = gr.State(None)
    once: dict[str, Any] = {"api_visibility": "private", "concurrency_limit": 1,
                            "concurrency_id": "ingest"}
    everything = [*parts.outputs(), documents, stray]
    adding.changes.append(add.click(
        adding.add, [files, urls], [results, files, urls], show_progress="full",
        show_progress_on=[results], **once))
    remove.click(adding.confirm_remove, documents, [confirm, removed], **REFRESH)
    cancel.click(lambda: (gr.update(visible=False), ""), None, [confirm, removed], **REFRESH)
    adding.changes.append(sure.click(
        adding.remove_chosen, documents, [removed, last_removal, undo, confirm],
        show_progress="full", show_progress_on=[removed], **once))
    adding.changes.append(undo.click(
        adding.undo, last_removal, [removed, last_removal, undo], show_progress="full",
        show_progress_on=[removed], **once))
    for change in adding.changes:
        change.success(adding.all_updates, filters, everything, **REFRESH)
    demo.load(adding.document_choices, None, [documents, stray], **REFRESH)
    return adding


def status_html(text: str, kind: str) -> str:
    """Return one status line of the tab: hint, confirm, done or error (escaped)."""
    role = "alert" if kind == "error" else "status"
    return (f'<p class="hs-add-status hs-{kind}" role="{role}">'
            f"{html.escape(text)}</p>")


def results_html(results: Sequence[AddResult]) -> str:
    """Return the result lines as an HTML list, every line escaped."""
    items = "".join(f'<li class="{"hs-skipped" if r.skipped else "hs-added"}">'
                    f"{html.escape(r.line())}</li>" for r in results)
    added = sum(1 for r in results if not r.skipped)
    head = status_html(f"Added {added} of {len(results)}." if added else
                       "Nothing was added: see why below.", "done" if added else "error")
    return f'{head}<ul class="hs-add-lines">{items}</ul>' if items else ""


def _choice_update(choices: list[guide.Choice], everything: str, value: str,
                   visible: bool | None = None) -> Any:
    values = {c.value for c in choices}
    shown = {} if visible is None else {"visible": visible}
    return gr.update(choices=[(everything, ""), *((c.label, c.value) for c in choices)],
                     value=value if value in values else "", **shown)
