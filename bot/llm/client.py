"""Talk to the configured chat model: the only module that imports LLM client libraries.

The model rewrites an extractive answer from the same passages (prompts: bot/llm/prompts.py), and
bot/llm/verify.py checks what it wrote. Any failure (timeout, connection, a text that fails the
checks) gives back the extractive answer with a note saying why.
"""

from __future__ import annotations

import importlib
import logging
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot.answer import Answer, Turn
from bot.asking.conversation import Resolved
from bot.asking.question import analyse
from bot.llm.prompts import (
    Prompt,
    answer_prompt,
    condense_prompt,
    needs_condensing,
    pick_sources,
    read_condensed,
)
from bot.llm.verify import bot_notes, verify
from bot.roster import Roster
from bot.search.sentences import Sentence
from ingest.errors import ConfigError, HustingsError
from ingest.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger("hustings.llm")

PROVIDERS = {"ollama": ("langchain_ollama", "ollama"), "openai": ("langchain_openai", "openai")}
MAX_RETRIES = 1
OLLAMA_MAX_TOKENS = 600

# Where the model's text goes as it arrives: set by stream_answer() in its worker thread.
_SINK: ContextVar[Callable[[str], None] | None] = ContextVar("hustings_llm_sink", default=None)


class LLMFailure(HustingsError):
    """The chat model did not give a usable reply."""


def parse_llm(value: str) -> tuple[str, str] | None:
    """Split HUSTINGS_LLM into (provider, model); None for "none"."""
    value = value.strip()
    if value.lower() in {"", "none", "off", "false", "0"}:
        return None
    provider, _, model = value.partition(":")
    provider = provider.strip().lower()
    if provider not in PROVIDERS or not model.strip():
        raise ConfigError(f"HUSTINGS_LLM must be none, ollama:<model> or openai:<model>, "
                          f"not {value!r}.")
    return provider, model.strip()


def open_chat_model(settings: Settings) -> BaseChatModel | None:
    """Build the chat model HUSTINGS_LLM names, or return None when there is none."""
    parsed = parse_llm(settings.llm)
    if parsed is None:
        return None
    provider, model = parsed
    module, extra = PROVIDERS[provider]
    try:
        client = importlib.import_module(module)
    except ImportError:
        raise ConfigError(f"HUSTINGS_LLM={settings.llm} needs the {extra} extra: run "
                          f".venv/bin/pip install -e '.[{extra}]'.") from None
    try:
        if provider == "ollama":
            return _ollama(client, model, settings)
        return _openai(client, model, settings)
    except Exception as exc:  # the client's own message could echo settings: name the type only
        raise ConfigError(f"Cannot set up {provider} model {model!r} ({type(exc).__name__}); "
                          "check HUSTINGS_LLM_BASE_URL and HUSTINGS_LLM_API_KEY.") from None


def _ollama(client: Any, model: str, settings: Settings) -> BaseChatModel:
    kwargs: dict[str, Any] = {"timeout": settings.llm_timeout}
    if settings.llm_api_key:  # an Ollama behind an authenticating proxy
        kwargs["headers"] = {"Authorization": f"Bearer {settings.llm_api_key}"}
    return client.ChatOllama(model=model, temperature=0, num_predict=OLLAMA_MAX_TOKENS,
                             base_url=settings.llm_base_url or "http://localhost:11434",
                             client_kwargs=kwargs)


def _openai(client: Any, model: str, settings: Settings) -> BaseChatModel:
    from pydantic import SecretStr

    key = settings.llm_api_key or ("unused" if settings.llm_base_url else None)
    return client.ChatOpenAI(model=model, temperature=0, base_url=settings.llm_base_url,
                             api_key=SecretStr(key) if key else None,
                             timeout=settings.llm_timeout, max_retries=MAX_RETRIES)


def open_writer(settings: Settings) -> Writer | None:
    """Return a Writer for the configured model, or None when HUSTINGS_LLM is none."""
    model = open_chat_model(settings)
    if model is None:
        return None
    return Writer(model, settings.llm_timeout, settings.max_answer_chars,
                  settings.max_question_chars)


class Writer:
    """Writes answers with a chat model from retrieved passages, verified against them."""

    def __init__(self, model: BaseChatModel, timeout: float, max_chars: int,
                 max_question_chars: int = 2000) -> None:
        self.model = model
        self.timeout = timeout
        self.max_chars = max_chars
        self.max_question_chars = max_question_chars

    def write(self, extractive: Answer, question: str, pools: Sequence[Sequence[Sentence]],
              roster: Roster) -> Answer:
        """Rewrite an extractive answer from the same passages, or return it with a note."""
        sources = pick_sources(extractive.citations, pools)
        try:
            text = self.complete(answer_prompt(question, sources), _SINK.get())
        except LLMFailure as exc:
            return replace(extractive, notice=f"{exc} Showing the extractive answer.")
        verified = verify(text, sources, roster, self.max_chars)
        for d in verified.dropped:
            log.info("dropped a generated sentence (%s): %s", d.reason, d.text)
        if not verified.ok:
            return replace(extractive, notice="The language model's answer could not be checked "
                           "against its sources. Showing the extractive answer.")
        speakers = [c.passage.speaker for c in verified.citations]
        notes = bot_notes(extractive.text, speakers, roster)
        body = "\n\n".join([verified.text, *notes])
        if len(body) > self.max_chars:
            body = verified.text
        named = tuple(dict.fromkeys([*(s for s in speakers if s), *extractive.speakers]))
        return replace(extractive, text=body, citations=verified.citations, speakers=named,
                       mode="llm")

    def condense(self, question: str, history: Sequence[Turn], resolved: Resolved,
                 roster: Roster) -> Resolved:
        """Make an unresolved follow-up standalone with the model; keep it as is on failure."""
        if not needs_condensing(resolved, history):
            return resolved
        try:
            text = self.complete(condense_prompt(question, history), None)
        except LLMFailure as exc:
            log.warning("could not condense a follow-up: %s", exc)
            return resolved
        standalone = read_condensed(text, self.max_question_chars)
        if not standalone:
            return resolved
        return Resolved(standalone, analyse(standalone, roster), True)

    def complete(self, prompt: Prompt, sink: Callable[[str], None] | None = None) -> str:
        """Return the model's reply; stream it into sink if given. Raise LLMFailure on failure.

        The model runs in a worker thread: no reply (or, streaming, no next chunk) within the
        timeout is a failure, whatever the client library does.
        """
        from langchain_core.messages import HumanMessage, SystemMessage

        messages = [SystemMessage(prompt.system), HumanMessage(prompt.user)]
        chunks: queue.Queue[tuple[str, Any]] = queue.Queue()

        def work() -> None:
            try:
                if sink is None:
                    chunks.put(("text", self.model.invoke(messages).text))
                else:
                    for chunk in self.model.stream(messages):
                        chunks.put(("text", chunk.text))
                chunks.put(("end", None))
            except Exception as exc:
                chunks.put(("error", exc))

        threading.Thread(target=work, name="hustings-llm", daemon=True).start()
        parts: list[str] = []
        while True:
            try:
                kind, item = chunks.get(timeout=self.timeout)
            except queue.Empty:
                log.warning("the language model timed out after %gs", self.timeout)
                raise LLMFailure(f"The language model did not answer within "
                                 f"{self.timeout:g} s.") from None
            if kind == "end":
                return "".join(parts)
            if kind == "error":
                log.warning("the language model failed: %s", _describe(item))
                raise LLMFailure(f"The language model failed ({_describe(item)}).") from None
            if item:
                parts.append(item)
                if sink is not None:
                    sink(item)


def _describe(exc: BaseException) -> str:
    """Name a client error without its message (which could echo a URL or a header)."""
    status = getattr(exc, "status_code", None)
    return f"HTTP {status} {type(exc).__name__}" if isinstance(status, int) else \
        type(exc).__name__


def stream_answer(ask: Callable[[], Answer]) -> Iterator[str | Answer]:
    """Run ask() in a worker thread; yield the model's text as it arrives, then the Answer.

    The text chunks are the model's raw reply: the final Answer (verified, renumbered, or the
    extractive fallback with a notice) replaces them. Errors of ask() are raised here.
    """
    events: queue.Queue[tuple[str, Any]] = queue.Queue()

    def work() -> None:
        _SINK.set(lambda text: events.put(("text", text)))
        try:
            events.put(("answer", ask()))
        except BaseException as exc:
            events.put(("error", exc))

    threading.Thread(target=work, name="hustings-ask", daemon=True).start()
    while True:
        kind, item = events.get()
        if kind == "error":
            raise item
        yield item
        if kind == "answer":
            return
