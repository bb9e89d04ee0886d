"""The Gradio web chat: the only module that imports Gradio. It wires the page to the Chatbot."""

from __future__ import annotations

import html
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

from bot.chatbot import Chatbot
from bot.web import documents_tab, guide, log, mcp, palette
from bot.web.chat import Answers, choices
from bot.web.library import Library
from bot.web.theme import page_theme
from ingest.errors import ConfigError
from ingest.settings import Settings

STATIC = Path(__file__).resolve().parent / "static"
FAVICON = STATIC / "favicon.svg"
CSS = STATIC / "chat.css"
JS = STATIC / "page.js"  # citations, Copy, links into the Documents tab, cards, the grid
# Gradio scopes launch(css=...) inside its container; the page margins need a plain <style>.
HEAD = ('<meta name="description" content="Ask what election candidates said at hustings; '
        'every answer cites its sources.">'
        '<link rel="icon" type="image/svg+xml" href="favicon.ico">'
        "<style>@media (max-width: 500px) { .gradio-container .main.fillable "
        "{ padding-left: 8px !important; padding-right: 8px !important; } }</style>")
ANSWERING = 4  # questions answered at once, page and API together


def serve(settings: Settings) -> None:
    """Build the index if needed, then serve the chat on settings.host:settings.port."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bot.startup import open_chatbot
    from bot.web.memory import limit_arenas

    limit_arenas()  # before any thread: memory stays flat over many additions
    log.start()
    started = time.perf_counter()
    check_port(settings)  # before the slow part: bad settings should fail at once
    mcp.require(settings)
    auth = login(settings)
    warn_if_exposed(settings)
    say("Starting the hustings chat …")
    # Gradio takes seconds to import: do it while the model and the index load.
    importing = threading.Thread(target=_import_gradio, name="import-gradio", daemon=True)
    importing.start()
    bot = open_chatbot(settings, say=say)
    importing.join()
    from bot.web import guard, upload

    if not settings.read_only:
        upload.recover(settings)  # files a killed addition left behind
    gate = guard.Gate.for_settings(settings, auth)
    demo = build_app(bot, gate.uploads)
    launch(demo, settings, auth, gate)
    mcp.answer_in_json(demo)
    say(f"Hustings chat ready at http://{settings.host}:{settings.port}: open it in a browser "
        f"(started in {time.perf_counter() - started:.1f}s; Ctrl+C stops it)")
    if settings.mcp:
        guard.authenticate_mcp(demo, gate)
        say(f"MCP tools (chat, documents) at {mcp.address(settings)}"
            + (" (the same login, as HTTP Basic auth)" if auth else ""))
    demo.block_thread()


def _import_gradio() -> None:
    with suppress(Exception):  # the main thread imports it again and reports the problem
        import gradio  # noqa: F401


def check_port(settings: Settings) -> None:
    """Refuse to start when host:port cannot be listened on."""
    import socket

    try:
        with socket.create_server((settings.host, settings.port)):
            pass
    except OSError as exc:
        raise ConfigError(f"Cannot listen on {settings.host}:{settings.port}: "
                          f"{exc.strerror or exc}. Choose another port with --port or "
                          "HUSTINGS_PORT.") from None


def warn_if_exposed(settings: Settings) -> None:
    """Print a warning when the chat listens on more than this machine's loopback."""
    import ipaddress

    try:
        local = ipaddress.ip_address(settings.host).is_loopback
    except ValueError:
        local = settings.host == "localhost"
    if not local:
        say(f"Warning: listening on {settings.host}, so other machines can reach the chat"
            + ("." if settings.auth else "; set HUSTINGS_AUTH=user:password to require a login."))


def say(line: str) -> None:
    """Print a progress line for the console straight away (on stderr, like the log)."""
    print(line, file=sys.stderr, flush=True)


def login(settings: Settings) -> tuple[str, str] | None:
    """Return the (user, password) that HUSTINGS_AUTH asks the page to require, if any."""
    if not settings.auth:
        return None
    user, _, password = settings.auth.partition(":")
    if not user or not password:
        raise ConfigError("HUSTINGS_AUTH must look like user:password.")
    return user, password


def launch(demo: Any, settings: Settings, auth: tuple[str, str] | None = None,
           gate: Any = None) -> None:
    """Start the server without blocking: local only, no share link, no analytics.

    The gate (bot/web/guard.py) stands in front of Gradio's routes; Gradio deletes the files
    it received once they are settings.upload_ttl seconds old (added ones at once).
    """
    from starlette.middleware import Middleware

    from bot.web import guard

    gate = gate or guard.Gate.for_settings(settings, auth)
    ttl = max(1, int(settings.upload_ttl))
    demo.delete_cache = (max(1, ttl // 4), ttl)
    try:
        demo.queue(default_concurrency_limit=4).launch(
            server_name=settings.host, server_port=settings.port, share=False, quiet=True,
            prevent_thread_lock=True, favicon_path=str(FAVICON), auth=auth, theme=page_theme(),
            css=CSS.read_text(encoding="utf-8") + documents_tab.css() + palette.css()
            + (STATIC / "add.css").read_text(encoding="utf-8"),
            head=HEAD + f"<script>{JS.read_text(encoding='utf-8')}</script>",
            footer_links=["api"], ssr_mode=False,
            mcp_server=settings.mcp, pwa=False, enable_monitoring=False, show_error=True,
            max_file_size=settings.max_upload_bytes,  # added documents are never served back
            blocked_paths=[str(settings.upload_folder.absolute())],
            app_kwargs={"middleware": [Middleware(guard.Guard, config=gate)]})
    except OSError:
        raise ConfigError(f"Cannot listen on {settings.host}:{settings.port}: it is in use. "
                          "Choose another port with --port or HUSTINGS_PORT.") from None


def build_app(bot: Chatbot, uploads: Any = None) -> Any:
    """Return the Gradio Blocks of the chat page for a ready Chatbot."""
    import gradio as gr

    answers = Answers(bot)
    events = bot.events
    sections = guide.section_choices(events)
    with gr.Blocks(title=guide.title(events), analytics_enabled=False) as demo:
        header = gr.Markdown(f"# {html.escape(guide.title(events))}\n"
                             f"{guide.description(events)}", elem_id="hs-header")
        turns = gr.State([])
        with gr.Tab("Chat", id="chat", elem_id="hs-tab-chat"), \
                gr.Row(equal_height=False, elem_id="hs-main"):
            with gr.Column(scale=3, min_width=320):
                # Our HTML escapes every text it shows (render.py), so Gradio's sanitiser, which
                # drops the ARIA and data attributes citations and Copy need, is not wanted.
                chatbot = gr.Chatbot(
                    label="Conversation", show_label=False, elem_id="hs-chat", height=None,
                    min_height=260, max_height="65vh", latex_delimiters=[], sanitize_html=False,
                    feedback_options=None, buttons=[], layout="panel",
                    placeholder=guide.placeholder_markdown(events))
                question = gr.Textbox(
                    label="Your question", show_label=False,
                    placeholder="Ask about a candidate, a topic, or who spoke…",
                    submit_btn="Ask", elem_id="hs-question", autofocus=True,
                    max_length=bot.settings.max_question_chars + 1000)
                examples = guide.example_questions(bot.roster, bot.passages)
                with gr.Row(elem_id="hs-examples"):
                    gr.Markdown("Try:", elem_classes=["hs-try"])
                    buttons = [gr.Button(q, size="sm", variant="secondary", min_width=120,
                                         elem_classes=["hs-example"]) for q in examples]
                clear = gr.Button("Clear the conversation", size="sm", variant="secondary",
                                  elem_id="hs-clear")
            with gr.Column(scale=1, min_width=260, elem_id="hs-side"):
                gr.Markdown("### Filters  \n<small>Answers use only the passages you pick.</small>")
                speaker = gr.Dropdown(choices(guide.speaker_choices(bot.roster), "All candidates"),
                                      value="", label="Candidate", elem_id="hs-speaker")
                event = gr.Dropdown(choices(guide.event_choices(events), "All events"),
                                    value="", label="Event", elem_id="hs-event")
                section = gr.Dropdown(choices(sections, "All topics"), value="", label="Topic",
                                      elem_id="hs-section", visible=bool(sections))
                with gr.Accordion("About these answers", open=True, elem_id="hs-about"):
                    about = gr.Markdown(guide.about_markdown(events))
        from bot.web import add  # the Add documents tab, /ingest, lists that follow the index

        adding = add.build_tab(demo, bot, add.PageParts(header, speaker, event, section, about,
                                                        tuple(buttons)), uploads)
        library = Library(bot)
        docs = documents_tab.build_tab(library)  # the Documents tab and its hidden controls
        adding.follow(list(docs.views), lambda current: documents_tab.followed(library, current),
                      [docs.views[0]])  # an addition or removal shows there too

        chat_inputs = [question, chatbot, turns, speaker, event, section]
        chat_outputs = [chatbot, turns, question]
        answering: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden",
                                     "concurrency_limit": ANSWERING, "concurrency_id": "answers"}
        question.submit(answers.respond, chat_inputs, chat_outputs, **answering)
        for button in buttons:
            button.click(answers.respond, [button, *chat_inputs[1:]], chat_outputs, **answering)
        docs.ask_button.click(answers.respond_to_cell, [docs.ask, chatbot, turns], chat_outputs,
                              **answering)  # a cell of the Documents tab's grid, or a card

        def opened(messages: list, history: list, request: gr.Request) -> Iterator[tuple]:
            yield from answers.opened(messages, history, request)

        opened.__annotations__["request"] = gr.Request  # Gradio passes the request by its type
        demo.load(opened, [chatbot, turns], [chatbot, turns, question, speaker, event, section],
                  **answering)  # a link to an answer: ?q=…&event=…
        clear.click(lambda: ([], [], ""), None, [chatbot, turns, question],
                    api_visibility="private", queue=False)
        chatbot.clear(lambda: [], None, [turns], api_visibility="private", queue=False)
        event.change(answers.narrow, [event, speaker, section], [speaker, section],
                     api_visibility="private", queue=False)
        gr.api(answers.chat, api_name="chat", concurrency_limit=ANSWERING,
               concurrency_id="answers")
        gr.api(documents_tab.DocumentsApi(library).documents, api_name="documents")
        add.build_api(demo, adding)
    return demo
