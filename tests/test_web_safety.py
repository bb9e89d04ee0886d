"""Web safety: markup shows as text and runs nothing, loopback by default, login, no file paths,
and visitors (or API clients) at the same time never share a conversation.

The real app runs in a subprocess over an index of round-ups whose text carries <script>,
<img onerror>, javascript: links and HTML entities; Debian's Chromium drives the page.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import ROOT, ROUNDUPS, build_index
from tests.pages import shown
from tests.web_app import RunningApp, chat_api, running_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TIMEOUT_MS = 60_000
USER, PASSWORD = "tester", "s3cret-pass"
PAYLOAD = "window.__pwned=1;alert('{0}');console.log('PWNED {0}')"
QUILLBY = f"""# Quillby Mayoral Hustings

Zara Quill (Green Party) and Tom Vex (Labour) spoke at the Quillby hustings on 3 May 2026.

## Trams

Zara Quill said the tram plan <script>{PAYLOAD.format("doc-script")}</script> would link every
estate in Quillby.

Zara Quill added that <img src=x onerror="{PAYLOAD.format("doc-img")}"> tram stops need
step-free access.

## Leaflets

Tom Vex said residents should read [the leaflet](javascript:{PAYLOAD.format("doc-md-link")})
and <a href="javascript:{PAYLOAD.format("doc-a")}">the annex</a> before the vote on leaflets.

Tom Vex argued that &lt;b&gt;bold promises&lt;/b&gt; &amp; glossy leaflets are not policy.
"""
RAVENSBY = f"""<html><head><title>Ravensby Hustings</title><script>{PAYLOAD.format("head")}
</script></head><body><h1>Ravensby Mayoral Hustings</h1>
<p>Ada Stone (Reform UK) spoke at the Ravensby hustings.</p><h2>Code</h2>
<p>Ada Stone said the council website showed &lt;script&gt;{PAYLOAD.format("html-entity")}
&lt;/script&gt; on its code page.</p></body></html>"""
DOCUMENT_QUESTIONS = ["What did Zara Quill say about trams?",
                      "What did Tom Vex say about leaflets?",
                      "What did Ada Stone say about the council website?"]
HOSTILE_QUESTIONS = [f"<script>{PAYLOAD.format('q-script')}</script> What did Zara Quill say?",
                     f"<img src=x onerror=\"{PAYLOAD.format('q-img')}\"> leaflets?",
                     f"[click](javascript:{PAYLOAD.format('q-link')}) &lt;b&gt;x&lt;/b&gt; &amp;"
                     " trams"]
# Candidates of tests/fixtures/roundups/leeds-mayoral-hustings.md and of QUILLBY.
VISITORS = ("Sam Carter", "Daniel Frost", "Olivia Reyes", "Zara Quill")
UNSAFE = ("#hs-chat script, #hs-chat [onerror], #hs-chat [onclick], #hs-chat [onload], "
          "#hs-chat a[href^='javascript:' i], #hs-chat iframe, #hs-chat object")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, embeddings) -> Path:
    corpus = tmp_path_factory.mktemp("web-safety-corpus")
    (corpus / "quillby.md").write_text(QUILLBY)
    (corpus / "ravensby.html").write_text(RAVENSBY)
    (corpus / "leeds.md").write_text((ROUNDUPS / "leeds-mayoral-hustings.md").read_text())
    index = tmp_path_factory.mktemp("web-safety") / "index"
    build_index(index, [corpus])
    return index


@pytest.fixture(scope="module")
def app(index_dir: Path) -> Iterator[RunningApp]:
    with running_app({"HUSTINGS_INDEX": str(index_dir)}) as app:
        yield app


@pytest.fixture(scope="module")
def exposed_app(index_dir: Path) -> Iterator[RunningApp]:
    """The app as one would expose it: on every interface, behind a login."""
    with running_app({"HUSTINGS_INDEX": str(index_dir), "HUSTINGS_HOST": "0.0.0.0",
                      "HUSTINGS_AUTH": f"{USER}:{PASSWORD}"}) as app:
        yield app


@pytest.fixture(scope="module")
def api(app: RunningApp):
    return chat_api(app)


@pytest.fixture
def visitor(browser) -> Iterator:
    """Return a function opening a page in a fresh context, recording dialogs and console."""
    contexts = []

    def open_(url: str, ready: str = "#hs-question textarea"):
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.dialogs, page.console = [], []
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: page.console.append(m.text))
        page.goto(url)
        page.locator(ready).wait_for()
        return page

    yield open_
    for context in contexts:
        context.close()


def submit(page, question: str) -> int:
    """Type a question and press Enter; return how many answers were finished before."""
    before = page.locator(".hs-answer.hs-final").count()
    page.locator("#hs-question textarea").fill(question)
    page.keyboard.press("Enter")
    return before


def finished(page, before: int):
    page.wait_for_function(f"document.querySelectorAll('.hs-answer.hs-final').length > {before}",
                           timeout=TIMEOUT_MS)
    return page.locator(".hs-answer.hs-final").nth(before)


def flat(text: str | None) -> str:
    """Drop all white space: line breaks in a passage become <br> and vanish from text."""
    return "".join((text or "").split())


def test_markup_in_documents_and_questions_shows_as_text_and_runs_nothing(visitor, app, api):
    page = visitor(app.url)
    asked: list[str] = []
    for question in DOCUMENT_QUESTIONS + HOSTILE_QUESTIONS:
        # the same conversation as the page's: a follow-up stays at the hustings before it
        record = api(question, history=list(asked))
        asked.append(question)
        message = finished(page, submit(page, question))
        shown = flat(message.text_content())
        for citation in record["citations"]:  # the sources, markup and all, as plain text
            assert flat(citation["text"]) in shown, citation["text"]
        assert flat(question) in flat(page.locator("#hs-chat").text_content())
    chat = flat(page.locator("#hs-chat").text_content())
    for literal in ("<script>window.__pwned=1;alert('doc-script')", "<img src=x onerror=",
                    "read the leaflet and",  # a Markdown link keeps its words, not its target
                    "[click](javascript:", "&lt;b&gt;bold promises&lt;/b&gt; &amp;",
                    "<script>window.__pwned=1;alert('html-entity')", "<script>window"):
        assert flat(literal) in chat
    page.wait_for_timeout(500)  # an onerror fires once the broken image would have loaded
    assert page.dialogs == []
    assert not [m for m in page.console if "PWNED" in m]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(UNSAFE).count() == 0
    assert page.locator("#hs-chat b", has_text="bold promises").count() == 0


def listening(port: int) -> set[str]:
    """Return the local addresses a TCP port listens on, from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as handle:
            for line in list(handle)[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


def test_the_app_listens_on_loopback_only_by_default(app: RunningApp):
    port = int(app.url.rsplit(":", 1)[1])
    assert listening(port) == {"0100007F"}  # 127.0.0.1, little-endian hex
    assert "Warning" not in app.output


def test_listening_on_every_interface_warns_and_the_login_guards_page_and_api(exposed_app):
    from gradio_client import Client
    from gradio_client.exceptions import AuthenticationError

    port = int(exposed_app.url.rsplit(":", 1)[1])
    assert listening(port) == {"00000000"}  # 0.0.0.0
    assert "Warning: listening on 0.0.0.0, so other machines can reach the chat" in \
        exposed_app.output
    with pytest.raises(AuthenticationError):
        Client(exposed_app.url, verbose=False)
    with pytest.raises(ValueError, match="Could not login"):
        Client(exposed_app.url, verbose=False, auth=(USER, "wrong"))
    for path in ("/config", "/gradio_api/info", "/gradio_api/call/chat"):
        assert status(exposed_app.url + path, post=path.endswith("chat")) == 401
    client = Client(exposed_app.url, verbose=False, auth=(USER, PASSWORD))
    record = client.predict(DOCUMENT_QUESTIONS[0], api_name="/chat")
    assert record["answered"] and record["citations"]


def test_the_login_page_lets_in_only_the_right_password(visitor, exposed_app):
    page = visitor(exposed_app.url, ready="input[type=password]")
    assert page.locator("#hs-question").count() == 0
    page.locator("input[type=text]").first.fill(USER)
    page.locator("input[type=password]").fill("wrong")
    page.keyboard.press("Enter")
    page.get_by_text("Incorrect", exact=False).first.wait_for()
    assert page.locator("#hs-question").count() == 0
    page.locator("input[type=text]").first.fill(USER)  # a failed login empties the form
    page.locator("input[type=password]").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.locator("#hs-question textarea").wait_for()
    assert finished(page, submit(page, DOCUMENT_QUESTIONS[0])).text_content()


def status(url: str, post: bool = False) -> int:
    data = b'{"data": ["Who spoke?"]}' if post else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type":
                                                              "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_no_file_outside_the_app_is_served(app: RunningApp, index_dir: Path):
    secrets = {"/etc/passwd": b"root:", str(index_dir / "chroma.sqlite3"): b"SQLite format",
               str(ROOT / "app.py"): b"from bot.cli import main",
               str(ROOT / "ingest" / "settings.py"): b"HUSTINGS_AUTH"}
    tried = 0
    for path, marker in secrets.items():
        relative = os.path.relpath(path, ROOT)
        for route in (f"/file={path}", f"/gradio_api/file={path}", f"/gradio_api/file={relative}",
                      f"/gradio_api/file=../../../../../..{path}", f"/static/{relative}",
                      f"/assets/../../{relative}", f"/gradio_api/file=%2F{path.lstrip('/')}",
                      f"/gradio_api/file=..%2F..%2F..%2F..%2F{relative}", f"/{relative}"):
            code, body = fetch(app.url + route)
            tried += 1
            assert marker not in body, (route, code)
    assert tried == 36


def test_parallel_api_clients_keep_their_own_conversations(app: RunningApp, api):
    from gradio_client import Client

    follow_up = "What did they say about buses?"
    expected = {name: api(follow_up, history=[f"What did {name} say about transport?"])
                for name in VISITORS}

    def conversation(name: str) -> dict:
        client = Client(app.url, verbose=False)  # each its own session
        first = f"What did {name} say about transport?"
        client.predict(first, api_name="/chat")
        return client.predict(follow_up, history=[first], api_name="/chat")

    names = list(VISITORS) * 3
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        got = list(pool.map(conversation, names))
    for name, record in zip(names, got):
        assert record == expected[name]
        assert name in record["standalone"]


def test_parallel_visitors_never_see_each_others_conversation(visitor, app: RunningApp, api):
    pages = {name: visitor(app.url) for name in VISITORS}
    firsts = {name: f"What did {name} say about transport?" for name in VISITORS}
    pending = {name: submit(page, firsts[name]) for name, page in pages.items()}  # all at once
    for name, page in pages.items():
        finished(page, pending[name])
    follow_up = "What did they say about buses?"
    pending = {name: submit(page, follow_up) for name, page in pages.items()}
    for name, page in pages.items():
        message = finished(page, pending[name])
        record = api(follow_up, history=[firsts[name]])
        assert flat(record["answer"]) == flat(shown(message.locator(".hs-body, .hs-decline").first))
        chat = page.locator("#hs-chat").text_content()
        for other, question in firsts.items():
            assert other == name or question not in chat
        assert page.locator(".hs-answer.hs-final").count() == 2
