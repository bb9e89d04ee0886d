"""The Gradio web chat: the only module that imports Gradio. It wires the page to the Chatbot."""

from __future__ import annotations

import html
import os
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from bot.answer import Answer, Filters, Turn
from bot.chatbot import Chatbot
from bot.question import clean_question
from bot.web import documents_tab, guide, mcp, render
from bot.web.library import Library
from ingest.errors import ConfigError, HustingsError, QuestionError
from ingest.settings import Settings

STATIC = Path(__file__).resolve().parent / "static"
FAVICON = STATIC / "favicon.svg"
CSS = STATIC / "chat.css"
# Gradio scopes launch(css=...) inside its container; the page margins need a plain <style>.
HEAD = ('<meta name="description" content="Ask what election candidates said at hustings; '
        'every answer cites its sources.">'
        '<link rel="icon" type="image/svg+xml" href="favicon.ico">'
        "<style>@media (max-width: 500px) { .gradio-container .main.fillable "
        "{ padding-left: 8px !important; padding-right: 8px !important; } }</style>")
ANSWERING = 4  # questions answered at once, page and API together
STREAM_SECONDS = 1.0  # the longest a whole answer takes to appear word by word
WORD_DELAY = 0.025  # the most a single word waits


def serve(settings: Settings) -> None:
    """Build the index if needed, then serve the chat on settings.host:settings.port."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bot.startup import open_chatbot
    from bot.web.memory import limit_arenas

    limit_arenas()  # before any thread: memory stays flat over many additions

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
    say(f"Hustings chat ready at http://{settings.host}:{settings.port} "
        f"(started in {time.perf_counter() - started:.1f}s; Ctrl+C to stop)")
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
    """Print a progress line for the console straight away."""
    print(line, flush=True)


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
    it received once they are settings.upload_ttl seconds old (added ones sooner).
    """
    import gradio as gr
    from starlette.middleware import Middleware

    from bot.web import guard

    theme = gr.themes.Soft(primary_hue="indigo", neutral_hue="slate",
                           font=["system-ui", "-apple-system", "Segoe UI", "Roboto",
                                 "sans-serif"],
                           font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"])
    gate = gate or guard.Gate.for_settings(settings, auth)
    ttl = max(1, int(settings.upload_ttl))
    demo.delete_cache = (max(1, ttl // 4), ttl)
    try:
        demo.queue(default_concurrency_limit=4).launch(
            server_name=settings.host, server_port=settings.port, share=False, quiet=True,
            prevent_thread_lock=True, favicon_path=str(FAVICON), auth=auth, theme=theme,
            css=CSS.read_text(encoding="utf-8") + documents_tab.css()
            + (STATIC / "add.css").read_text(encoding="utf-8"),
            head=HEAD + documents_tab.head(), footer_links=["api"], ssr_mode=False,
            mcp_server=settings.mcp, pwa=False, enable_monitoring=False, show_error=True,
            max_file_size=settings.max_upload_bytes,  # added documents are never served back
            blocked_paths=[str(settings.upload_folder.absolute())],
            app_kwargs={"middleware": [Middleware(guard.Guard, config=gate)]})
    except OSError:
        raise ConfigError(f"Cannot listen on {settings.host}:{settings.port}: it is in use. "
                          "Choose another port with --port or HUSTINGS_PORT.") from None


def build_app(bot: Chatbot, uploads: Any = None) -> Any:
    """Return the Gradio Blocks of the chat page for a ready Chatbot (uploads: the ledger of
    files received, which /ingest takes only from their sender)."""
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
                chatbot = gr.Chatbot(
                    label="Conversation", show_label=False, elem_id="hs-chat", height=None,
                    min_height=260, max_height="65vh", latex_delimiters=[], sanitize_html=True,
                    feedback_options=None, buttons=["copy"], layout="panel",
                    placeholder=("**Ask a question about the hustings.**  \nEvery answer lists "
                                 "its sources underneath."))
                question = gr.Textbox(
                    show_label=False, placeholder="Ask about a candidate, a topic, or who spoke…",
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
                speaker = gr.Dropdown(_choices(guide.speaker_choices(bot.roster), "All candidates"),
                                      value="", label="Candidate", elem_id="hs-speaker")
                event = gr.Dropdown(_choices(guide.event_choices(events), "All events"),
                                    value="", label="Event", elem_id="hs-event")
                section = gr.Dropdown(_choices(sections, "All topics"), value="", label="Topic",
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
        docs.ask_button.click(answers.respond, [docs.ask, *chat_inputs[1:]], chat_outputs,
                              **answering)  # a cell of the Documents tab's grid
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


class Answers:
    """The page's event handlers around one Chatbot."""

    def __init__(self, bot: Chatbot) -> None:
        self.bot = bot

    def ask(self, question: str, history: list[Turn], filters: Filters) -> Answer:
        """Answer one question, translating errors into messages the page shows."""
        with _shown_as_message():
            return self.bot.ask(question, history, filters)

    def respond(self, question: str, messages: list, history: list[Turn], speaker: str,
                event: str, section: str) -> Iterator[tuple]:
        """Stream the answer to a question into the chat, word by word, then its sources."""
        import gradio as gr

        try:
            question = clean_question(question, self.bot.settings.max_question_chars)
        except QuestionError as exc:
            raise gr.Error(str(exc), title="Please rephrase") from None
        messages = [*(messages or []), _user(question), _bot(render.pending_html())]
        yield messages, history, ""
        filters = Filters(speaker=speaker or None, event=event or None, section=section or None)
        draft = ""
        answer: Answer | None = None
        try:
            with _shown_as_message():
                for item in self.bot.stream(question, history, filters):
                    if isinstance(item, Answer):
                        answer = item
                    elif item:  # an LLM's text as it arrives, replaced by the checked answer
                        draft += item
                        messages[-1] = _bot(render.draft_html(draft))
                        yield messages, gr.skip(), gr.skip()
        except gr.Error:
            yield messages[:-2], history, question  # nothing lost: the question comes back
            raise
        assert answer is not None
        frames = render.stream_frames(answer) if not draft else [render.answer_html(answer)]
        delay = min(WORD_DELAY, STREAM_SECONDS / len(frames))
        for frame in frames[:-1]:
            messages[-1] = _bot(frame)
            yield messages, gr.skip(), gr.skip()
            time.sleep(delay)
        messages[-1] = _bot(frames[-1])
        history = [*history, Turn(question, answer)][-self.bot.settings.history_turns:]
        yield messages, history, gr.skip()

    def narrow(self, event: str, speaker: str, section: str) -> tuple:
        """Limit the candidate and topic choices to the chosen event."""
        import gradio as gr

        speakers = guide.speaker_choices(self.bot.roster, event or None)
        sections = guide.section_choices(self.bot.events, event or None)
        return (gr.update(choices=_choices(speakers, "All candidates"),
                          value=speaker if speaker in {c.value for c in speakers} else ""),
                gr.update(choices=_choices(sections, "All topics"),
                          value=section if section in {c.value for c in sections} else ""))

    def chat(self, question: str, speaker: str = "", event: str = "", section: str = "",
             history: list[str] | None = None) -> dict:
        """Answer a question about the hustings and return its answer record, with citations.

        The record is what `hustings ask --json` prints: answer (its statements cite [n]),
        answered (false for a decline), citations (n, text, speaker, party, event, section,
        source), standalone (the question as understood) and notice.

        Args:
            question: the question, e.g. "What did <candidate> say about housing?".
            speaker: only use what this candidate said (a name, as /documents lists them).
            event: only use this event's round-up (an event's title).
            section: only use this section (topic) of the round-ups.
            history: the conversation's earlier questions, oldest first, for follow-ups.
        """
        filters = Filters(speaker=speaker or None, event=event or None, section=section or None)
        turns: list[Turn] = []
        for earlier in (history or [])[-self.bot.settings.history_turns:]:
            turns.append(Turn(earlier, self.ask(earlier, turns, filters)))
        return public_sources(self.ask(question, turns, filters).to_record(),
                              self.bot.settings)


@contextmanager
def _shown_as_message() -> Iterator[None]:
    """Turn errors into gr.Error, whose message the page shows; log unexpected ones."""
    import gradio as gr

    try:
        yield
    except QuestionError as exc:
        raise gr.Error(str(exc), title="Please rephrase") from None
    except HustingsError as exc:
        raise gr.Error(str(exc), title="Cannot answer right now") from None
    except gr.Error:
        raise
    except Exception:
        traceback.print_exc(file=sys.stderr)
        raise gr.Error("Something went wrong answering that. Please try again.") from None


def _choices(choices: list[guide.Choice], everything: str) -> list[tuple[str, str]]:
    return [(everything, ""), *((c.label, c.value) for c in choices)]


def _user(question: str) -> dict[str, str]:
    return {"role": "user", "content": render.question_markdown(question)}


def _bot(content: str) -> dict[str, str]:
    return {"role": "assistant", "content": content}


def public_sources(record: dict, settings: Settings) -> dict:
    """Return an API record with its citations' sources as clients may see them (never a
    server's absolute path)."""
    from bot.web.kept import public_source

    for citation in record.get("citations", []):
        if citation.get("source"):
            citation["source"] = public_source(settings, citation["source"])
    return record
