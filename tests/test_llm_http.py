"""The real OpenAI client path against a tiny OpenAI-compatible server on 127.0.0.1.

Needs the openai extra (make test installs it); without it the bot says how to install it.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.answer import Answer
from ingest.model import PassageKind

pytestmark = pytest.mark.slow

KEY = "sk-test-key-never-shown-0123456789"
SOURCE = re.compile(r'<source n="(\d+)" speaker="([^"]*)"[^>]*>\n(.*?)\n</source>', re.DOTALL)


def canned_answer(prompt: str) -> str:
    """Answer like a faithful model: the first candidate source's first sentence, cited."""
    for n, speaker, text in SOURCE.findall(prompt):
        if not speaker.startswith("none"):
            first = re.split(r"(?<=[.!?])\s+", text)[0].rstrip(".")
            if speaker not in first:
                first = f"{speaker} said that {first[0].lower()}{first[1:]}"
            return f"{first} [{n}]."
    return "The sources don't cover that."


class Handler(BaseHTTPRequestHandler):
    """POST /v1/chat/completions, plain or streamed as server-sent events."""

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        server: FakeOpenAI = self.server  # type: ignore[assignment]
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        server.requests.append({"path": self.path, "auth": self.headers.get("Authorization"),
                                "body": body})
        if self.path.rstrip("/") != "/v1/chat/completions":
            return self._json(404, {"error": {"message": "not found"}})
        if server.mode == "error":
            return self._json(500, {"error": {"message": "model crashed", "type": "server"}})
        if server.mode == "slow":
            time.sleep(server.delay)
        text = canned_answer(body["messages"][-1]["content"])
        if body.get("stream"):
            return self._stream(body["model"], text)
        self._json(200, {"id": "c1", "object": "chat.completion", "created": 0,
                         "model": body["model"],
                         "choices": [{"index": 0, "finish_reason": "stop",
                                      "message": {"role": "assistant", "content": text}}],
                         "usage": {"prompt_tokens": 1, "completion_tokens": 1,
                                   "total_tokens": 2}})

    def _json(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, model: str, text: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        pieces = re.findall(r"\S+\s*", text)
        for k, piece in enumerate(pieces):
            delta = {"role": "assistant", "content": piece} if k == 0 else {"content": piece}
            self._event({"id": "c1", "object": "chat.completion.chunk", "created": 0,
                         "model": model,
                         "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
        self._event({"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": model,
                     "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _event(self, payload: dict) -> None:
        self.wfile.write(f"data: {json.dumps(payload)}\n\n".encode())
        self.wfile.flush()


class FakeOpenAI(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.mode = "ok"
        self.delay = 0.0
        self.requests: list[dict] = []

    def handle_error(self, request, client_address) -> None:
        """Stay quiet when a client that gave up (the timeout test) closed the connection."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    srv = FakeOpenAI()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def fresh(server: FakeOpenAI) -> FakeOpenAI:
    server.mode, server.delay = "ok", 0.0
    server.requests.clear()
    return server


def llm_bot(settings, store, url: str, timeout: float = 20.0):
    from bot.chatbot import Chatbot

    return Chatbot(settings.with_(llm="openai:tiny-test-model", llm_base_url=url,
                                  llm_api_key=KEY, llm_timeout=timeout), store=store)


@pytest.fixture(scope="module")
def question(shipped_bot) -> str:
    speech = next(p for p in shipped_bot.passages if p.kind is PassageKind.SPEECH and p.section)
    return f"What did {speech.speaker} say about {speech.section.lower()}?"


@pytest.fixture(scope="module")
def extractive(shipped_bot, question) -> Answer:
    answer = shipped_bot.ask(question)
    assert answer.answered and answer.mode == "extractive"
    return answer


def test_answers_through_an_openai_compatible_server(shipped_settings, shipped_bot, fresh,
                                                     question, caplog):
    caplog.set_level(logging.DEBUG)
    bot = llm_bot(shipped_settings, shipped_bot.store, fresh.url)
    answer = bot.ask(question)
    assert answer.mode == "llm" and answer.answered and answer.notice is None
    assert answer.citations and answer.citations[0].n == 1
    assert answer.citations[0].passage.speaker in answer.text
    assert answer.text.endswith("[1].")
    [request] = fresh.requests
    assert request["auth"] == f"Bearer {KEY}"
    assert request["body"]["model"] == "tiny-test-model"
    assert not request["body"].get("stream")
    assert request["body"]["messages"][0]["role"] == "system"
    assert '<source n="1"' in request["body"]["messages"][1]["content"]
    shown = json.dumps(answer.to_record()) + caplog.text + repr(bot.settings) + repr(bot.writer)
    assert KEY not in shown


def test_streams_through_an_openai_compatible_server(shipped_settings, shipped_bot, fresh,
                                                     question):
    bot = llm_bot(shipped_settings, shipped_bot.store, fresh.url)
    items = list(bot.stream(question))
    chunks, final = items[:-1], items[-1]
    assert len(chunks) > 2 and all(isinstance(c, str) for c in chunks)
    assert isinstance(final, Answer) and final.mode == "llm"
    assert re.sub(r"\s+", " ", "".join(chunks)).strip() == final.text
    assert fresh.requests[-1]["body"]["stream"] is True


def test_a_server_error_falls_back_to_the_extractive_answer(shipped_settings, shipped_bot, fresh,
                                                            question, extractive):
    fresh.mode = "error"
    bot = llm_bot(shipped_settings, shipped_bot.store, fresh.url)
    answer = bot.ask(question)
    assert answer.mode == "extractive" and answer.text == extractive.text
    assert answer.citations == extractive.citations
    assert "HTTP 500" in answer.notice
    streamed = list(bot.stream(question))
    assert streamed[-1].text == extractive.text and streamed[-1].notice


def test_a_slow_server_times_out_and_falls_back(shipped_settings, shipped_bot, fresh, question,
                                                extractive):
    fresh.mode, fresh.delay = "slow", 5.0
    bot = llm_bot(shipped_settings, shipped_bot.store, fresh.url, timeout=1.0)
    started = time.monotonic()
    answer = bot.ask(question)
    assert time.monotonic() - started < fresh.delay  # gave up before the server answered
    assert answer.mode == "extractive" and answer.text == extractive.text
    assert "within 1 s" in answer.notice


def test_no_server_listening_falls_back(shipped_settings, shipped_bot, question, extractive):
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    bot = llm_bot(shipped_settings, shipped_bot.store, f"http://127.0.0.1:{port}/v1")
    answer = bot.ask(question)
    assert answer.mode == "extractive" and answer.text == extractive.text
    assert "Connection" in answer.notice
