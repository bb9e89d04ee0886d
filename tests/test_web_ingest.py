"""Adding documents from the web: safe names, fetching pages, removing, and the /ingest API.

Fetching runs against a real HTTP server on 127.0.0.1; ingest, removal and the API use the real
model, spaCy, Chroma and the real app in a subprocess. The round-ups are invented here.
"""

from __future__ import annotations

import http.server
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import build_index, index_of
from tests.web_app import RunningApp, running_app

BASE = """# Wexcombe Town Hustings

The Wexcombe Town Hustings met at the Corn Exchange on 2 April 2026. The candidates were
Imogen Tarrant (Green Party) and Felix Ormsby (Labour).

## Allotments

Imogen Tarrant said every street in Wexcombe should be ten minutes' walk from an allotment, and
promised to double the number of plots by 2028.

Felix Ormsby argued that the waiting list for allotments was a scandal and pledged to turn two
empty car parks into community gardens.

## Buses

Felix Ormsby said the evening buses to the villages must come back, paid for by a levy on
out-of-town car parks.

Imogen Tarrant warned that cutting bus routes had left older residents stranded.
"""
NEW = """# Nettlefold Village Hustings

Held in Nettlefold Village Hall on 9 April 2026. The candidates were Bryony Quennell (Liberal
Democrats) and Caius Brindle (Conservative Party).

## The lido

Bryony Quennell promised to reopen the Nettlefold lido within a year, heated by solar panels on
the changing rooms.

Caius Brindle said the lido should be run by a charitable trust rather than the council.

## Beehives

Caius Brindle pledged to put beehives on the roof of every school in the district.

Bryony Quennell said the council should stop spraying weedkiller on verges to protect the bees.
"""
PAGE = """<html><head><title>Marbury hustings report</title></head><body><article>
<h1>Marbury Hustings Report</h1>
<p>The Marbury hustings took place at Marbury Library on 16 April 2026. The candidates were
Odile Farrant (Green Party) and Lucan Hartree (Labour).</p>
<h2>The skate park</h2>
<p>Odile Farrant promised a new skate park beside the river, designed with the young people who
will use it.</p>
<p>Lucan Hartree said the skate park should be lit until ten at night so that it is safe.</p>
<h2>The cemetery</h2>
<p>Lucan Hartree pledged to reopen the cemetery chapel as a quiet space for all faiths.</p>
</article></body></html>"""
JUNK = bytes(range(256)) * 64  # not a PDF, not text


# -- serving pages -------------------------------------------------------------------------------

class PagesHandler(http.server.BaseHTTPRequestHandler):
    """/page.html: PAGE; /big: more than 1 MB; /slow: trickles for seconds; /missing: 404."""

    def do_GET(self) -> None:
        if self.path == "/page.html":
            self._send(PAGE.encode(), "text/html; charset=utf-8")
        elif self.path == "/big":
            self._send(b"<p>" + b"x" * (2 * 1024 * 1024) + b"</p>", "text/html")
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>slow</p>")
                self.wfile.flush()
                time.sleep(0.25)
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/page.html")
            self.end_headers()
        else:
            self.send_error(404)

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving_pages() -> Iterator[str]:
    """Run a real HTTP server on 127.0.0.1 serving the test pages; yield its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PagesHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serving_pages() as url:
        yield url


# -- units ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "expected"), [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\x\\Round up (final).TXT", "Round-up-final.txt"),
    ("<img src=x onerror=alert(1)>.md", "img-src-x-onerror-alert-1.md"),
    (".hidden.md", "hidden.md"), ("Ünïcödé café.html", "Unicode-cafe.html"), ("", "document"),
    ("a" * 300 + ".pdf", "a" * 76 + ".pdf"),
])
def test_safe_name_keeps_uploads_in_their_folder(given: str, expected: str):
    from bot.web.upload import safe_name

    assert safe_name(given) == expected


def test_settings_read_the_upload_limits_and_read_only():
    from ingest.errors import ConfigError
    from ingest.settings import Settings

    default = Settings.from_env(env={})
    assert (default.read_only, default.max_upload_mb, default.max_upload_files) == (False, 20, 20)
    assert default.upload_folder == default.index_dir / "uploads"
    set_ = Settings.from_env(env={"HUSTINGS_READ_ONLY": "1", "HUSTINGS_MAX_UPLOAD_MB": "3",
                                  "HUSTINGS_MAX_UPLOAD_FILES": "4", "HUSTINGS_UPLOADS": "/tmp/u"})
    assert (set_.read_only, set_.max_upload_bytes, set_.max_upload_files) == (True, 3 * 2**20, 4)
    assert set_.upload_folder == Path("/tmp/u")
    with pytest.raises(ConfigError, match="HUSTINGS_READ_ONLY"):
        Settings.from_env(env={"HUSTINGS_READ_ONLY": "maybe"})
    from bot.cli import build_parser, settings_from

    assert settings_from(build_parser().parse_args(["serve", "--read-only"])).read_only


def test_fetch_reads_a_page_and_follows_a_redirect(site: str):
    from ingest.read.url import fetch_url

    page = fetch_url(f"{site}/redirect", timeout=10, max_bytes=2**20, allow_local=True)
    assert page.final_url == f"{site}/page.html"
    assert page.suffix == ".html"
    assert page.content.decode() == PAGE


@pytest.mark.parametrize(("path", "reason"), [
    ("/big", "larger than 1 MB"), ("/slow", "longer than 2 seconds"), ("/missing", "404")])
def test_fetch_refuses_too_big_too_slow_and_missing_pages(site: str, path: str, reason: str):
    from ingest.read.url import SkipFile, fetch_url

    started = time.monotonic()
    with pytest.raises(SkipFile, match=reason):
        fetch_url(site + path, timeout=2, max_bytes=2**20, allow_local=True)
    assert time.monotonic() - started < 6


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)",
                                 "http://user:pw@example.org/"])
def test_fetch_takes_only_plain_web_addresses(url: str):
    from ingest.read.url import SkipFile, fetch_url

    with pytest.raises(SkipFile):
        fetch_url(url, timeout=2, max_bytes=2**20, allow_local=True)


def test_fetch_refuses_local_addresses_unless_allowed(site: str):
    from ingest.read.url import SkipFile, fetch_url

    with pytest.raises(SkipFile, match="local or private address"):
        fetch_url(f"{site}/page.html", timeout=5, max_bytes=2**20)


# -- adding and removing, on a real index --------------------------------------------------------

@pytest.fixture
def base_settings(tmp_path: Path, embeddings):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wexcombe.md").write_text(BASE)
    return build_index(tmp_path / "index", [corpus])


def test_add_documents_saves_ingests_and_reports_each_file(base_settings, tmp_path: Path, site):
    from bot.chatbot import Chatbot
    from bot.web.upload import Upload, add_documents

    received = tmp_path / "received"
    received.mkdir()
    good, bad = received / "nettlefold.md", received / "broken.pdf"
    good.write_text(NEW)
    bad.write_bytes(JUNK)
    settings = base_settings.with_(allow_local_urls=True)
    seen: list[str] = []
    results = add_documents([Upload(good, "../Nettlefold hustings.md"), Upload(bad, "broken.pdf")],
                            [f"{site}/page.html"], settings,
                            lambda share, text, *more: seen.append(text))
    by_name = {r.given: r for r in results}
    added = by_name["../Nettlefold hustings.md"]
    assert added.skipped is None and added.passages > 0
    assert {"Bryony Quennell", "Caius Brindle"} <= set(added.speakers)
    fetched = by_name[f"{site}/page.html"]
    assert {"Odile Farrant", "Lucan Hartree"} <= set(fetched.speakers)
    assert by_name["broken.pdf"].skipped and by_name["broken.pdf"].source is None
    assert "skipped" in by_name["broken.pdf"].line()
    assert not good.exists() and not bad.exists()  # received files are not kept there
    kept = sorted(p.name for p in settings.upload_folder.iterdir() if p.name[0] != ".")
    assert "Nettlefold-hustings.md" in kept and len(kept) == 2  # the bad one is not kept
    assert any("Fetching" in s for s in seen) and "Done" in seen
    answer = Chatbot(settings).ask("What did Bryony Quennell say about the lido?")
    assert answer.answered and "[1]" in answer.text
    assert answer.citations[0].passage.speaker == "Bryony Quennell"


def test_a_batch_of_only_bad_files_leaves_the_index_answering(base_settings, tmp_path: Path):
    from bot.chatbot import Chatbot
    from bot.web.upload import Upload, add_documents

    bad = tmp_path / "junk.txt"
    bad.write_bytes(JUNK)
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ" + JUNK)
    results = add_documents([Upload(bad, "junk.txt"), Upload(exe, "tool.exe")], [],
                            base_settings)
    reasons = {r.given: r.skipped for r in results}
    assert "binary" in (reasons["junk.txt"] or "")
    assert "unsupported format .exe" in (reasons["tool.exe"] or "")
    answer = Chatbot(base_settings).ask("What did Imogen Tarrant say about allotments?")
    assert answer.answered and answer.citations[0].passage.speaker == "Imogen Tarrant"


def test_too_many_files_at_once_is_refused_whole(base_settings, tmp_path: Path):
    from bot.web.upload import Upload, add_documents
    from ingest.errors import IngestError

    settings = base_settings.with_(max_upload_files=2)
    paths = [tmp_path / f"d{i}.md" for i in range(3)]
    for p in paths:
        p.write_text(NEW)
    with pytest.raises(IngestError, match="more than 2"):
        add_documents([Upload(p, p.name) for p in paths], [], settings)
    with pytest.raises(IngestError, match="Choose a file"):
        add_documents([], ["  "], settings)


def test_remove_rebuilds_the_index_without_the_document(base_settings, tmp_path: Path):
    from bot.chatbot import Chatbot
    from bot.web.upload import Upload, add_documents, remove_documents
    from ingest.errors import IngestError
    from ingest.pipeline import remove_sources

    received = tmp_path / "nettlefold.md"
    received.write_text(NEW)
    add_documents([Upload(received, "nettlefold.md")], [], base_settings)
    bot = Chatbot(base_settings)
    assert len(bot.events) == 2
    before = bot.store.count()
    new = next(e for e in bot.events if "Nettlefold" in e.title)
    said = remove_documents([new.id], bot.events, base_settings).message
    assert "Removed" in said
    assert not (base_settings.upload_folder / "nettlefold.md").exists()
    assert bot.refresh()
    assert [e.title for e in bot.events] == ["Wexcombe Town Hustings"]
    assert bot.store.count() < before
    assert not bot.ask("What did Bryony Quennell say about the lido?").answered
    assert bot.ask("What did Felix Ormsby say about buses?").answered
    with pytest.raises(IngestError, match="Not in the index"):
        remove_sources(["nowhere.md"], base_settings)
    with pytest.raises(IngestError, match="empty"):
        remove_sources([bot.events[0].source], base_settings)
    assert bot.ask("What did Felix Ormsby say about buses?").answered


TRANSCRIPT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
Chair: Welcome to the Ferncliff ward hustings. Our candidates are Idris Mallory of the Green
Party and Rowena Castell of the Labour Party.

2
00:00:04.000 --> 00:00:09.000
Idris Mallory: I will reopen the Ferncliff library on Saturdays and extend its hours.

3
00:00:09.000 --> 00:00:14.000
Rowena Castell: The library needs a new roof before anything else, and I will fund it.
"""


def test_meeting_transcripts_are_accepted_as_the_loaders_read_them(base_settings, tmp_path):
    from bot.web.upload import TYPES, Upload, add_documents
    from ingest.loaders import SUPPORTED

    assert set(TYPES) == set(SUPPORTED) and {".vtt", ".srt"} <= set(TYPES)
    received = tmp_path / "got" / "ferncliff.vtt"
    received.parent.mkdir()
    received.write_text(TRANSCRIPT)
    result = add_documents([Upload(received, "ferncliff.vtt")], [], base_settings)[0]
    assert result.skipped is None and result.passages > 0, result
    assert {"Idris Mallory", "Rowena Castell"} <= set(result.speakers)


def test_a_removal_can_be_undone_until_the_next_change(base_settings, tmp_path: Path):
    from bot.chatbot import Chatbot
    from bot.web.upload import Upload, add_documents, documents, remove_documents, undo_removal
    from ingest.errors import IngestError

    received = tmp_path / "got" / "nettlefold.md"
    received.parent.mkdir()
    received.write_text(NEW)
    add_documents([Upload(received, "Nettlefold (final).md")], [], base_settings)
    bot = Chatbot(base_settings)
    new = next(e for e in bot.events if "Nettlefold" in e.title)
    kept = base_settings.upload_folder / Path(new.source).name
    labels = [d.label for d in documents(bot.events, base_settings)]
    assert "Nettlefold Village Hustings (Nettlefold (final).md)" in labels  # as it was sent
    removal = remove_documents([new.id], bot.events, base_settings)
    assert bot.refresh() and not kept.exists()
    assert "Restored Nettlefold Village Hustings" in undo_removal(removal, base_settings)
    assert bot.refresh() and kept.exists()
    assert bot.ask("What did Bryony Quennell say about the lido?").answered
    removal = remove_documents([new.id], bot.events, base_settings)
    other = tmp_path / "later" / "larkspur.md"  # as Gradio receives it: a folder a file
    other.parent.mkdir()
    other.write_text(NEW.replace("Nettlefold", "Larkspur"))
    add_documents([Upload(other, "larkspur.md")], [], base_settings)  # a change since
    with pytest.raises(IngestError, match="cannot be undone"):
        undo_removal(removal, base_settings)
    assert bot.refresh() and "Nettlefold Village Hustings" not in {e.title for e in bot.events}


def test_an_upload_is_never_left_behind_when_the_index_refuses_it(base_settings, tmp_path,
                                                                  monkeypatch):
    from bot.web.upload import Upload, add_documents
    from ingest import pipeline
    from ingest.errors import IndexAccessError

    def refuse(*args, **kwargs):
        raise IndexAccessError("The index at X cannot be written (attempt to write a "
                               "readonly database).")

    monkeypatch.setattr(pipeline, "ingest_paths", refuse)
    received = tmp_path / "nettlefold.md"
    received.write_text(NEW)
    with pytest.raises(IndexAccessError, match="cannot be written"):
        add_documents([Upload(received, "nettlefold.md")], [], base_settings)
    assert not received.exists()
    assert [p.name for p in base_settings.upload_folder.iterdir()
            if not p.name.startswith(".")] == []
    assert not (base_settings.upload_folder / ".pending.json").exists()


# -- the /ingest API through gradio_client ------------------------------------------------------

@pytest.fixture(scope="module")
def api_index(tmp_path_factory, embeddings) -> Path:
    return index_of(tmp_path_factory, "web-ingest", {"wexcombe.md": BASE})


@pytest.fixture(scope="module")
def gradio_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("gradio-uploads")


@pytest.fixture(scope="module")
def app(api_index: Path, gradio_tmp: Path) -> Iterator[RunningApp]:
    with running_app({"HUSTINGS_INDEX": str(api_index), "HUSTINGS_ALLOW_LOCAL_URLS": "1",
                      "HUSTINGS_MAX_UPLOAD_FILES": "3", "HUSTINGS_MAX_UPLOAD_MB": "1",
                      "GRADIO_TEMP_DIR": str(gradio_tmp)}) as app:
        yield app


@pytest.fixture(scope="module")
def client(app: RunningApp):
    from gradio_client import Client

    return Client(app.url, verbose=False)


@pytest.mark.slow
def test_ingest_then_chat_answers_about_the_new_document(client, tmp_path: Path, gradio_tmp,
                                                         app: RunningApp, api_index: Path):
    import httpx
    from gradio_client import handle_file

    doc = tmp_path / "nettlefold-upload.md"
    doc.write_text(NEW)
    before = client.predict("What did Bryony Quennell say about the lido?", api_name="/chat")
    assert not before["answered"]
    records = client.predict(files=[handle_file(str(doc))], api_name="/ingest")
    assert [r["name"] for r in records] == ["nettlefold-upload.md"]
    assert records[0]["added"] and records[0]["passages"] > 0 and records[0]["reason"] is None
    assert {"Bryony Quennell", "Caius Brindle"} <= set(records[0]["speakers"])
    answer = client.predict("What did Bryony Quennell say about the lido?", api_name="/chat")
    assert answer["answered"] and "[1]" in answer["answer"]
    assert answer["citations"][0]["speaker"] == "Bryony Quennell"
    assert "lido" in answer["citations"][0]["text"]
    # The upload is gone from Gradio's folder, and the kept copy is never served.
    assert not [p for p in gradio_tmp.rglob("*") if p.name == doc.name]
    kept = api_index / "uploads" / doc.name
    assert kept.exists()
    for path in (str(kept), os.path.relpath(kept, Path.cwd())):
        assert httpx.get(f"{app.url}/gradio_api/file={path}").status_code in (403, 404)


@pytest.mark.slow
def test_ingest_of_a_bad_file_gives_its_reason_and_the_old_index_answers(client, tmp_path):
    from gradio_client import handle_file

    bad = tmp_path / "scan.pdf"
    bad.write_bytes(JUNK)
    records = client.predict(files=[handle_file(str(bad))], api_name="/ingest")
    assert len(records) == 1 and not records[0]["added"]
    assert records[0]["reason"]
    answer = client.predict("What did Imogen Tarrant say about allotments?", api_name="/chat")
    assert answer["answered"] and answer["citations"][0]["speaker"] == "Imogen Tarrant"


@pytest.mark.slow
def test_ingest_fetches_a_web_address_then_chat_answers_from_it(client, site: str):
    records = client.predict(urls=[f"{site}/page.html", f"{site}/big"], api_name="/ingest")
    by_name = {r["name"]: r for r in records}
    assert by_name[f"{site}/page.html"]["added"]
    assert "larger than 1 MB" in by_name[f"{site}/big"]["reason"]
    answer = client.predict("What did Odile Farrant say about the skate park?", api_name="/chat")
    assert answer["answered"] and answer["citations"][0]["speaker"] == "Odile Farrant"


@pytest.mark.slow
def test_ingest_refuses_too_many_files_and_paths_it_did_not_receive(client, app, tmp_path):
    import httpx
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    docs = []
    for i in range(4):
        docs.append(tmp_path / f"d{i}.md")
        docs[-1].write_text(NEW)
    with pytest.raises(AppError, match="more than 3"):
        client.predict(files=[handle_file(str(d)) for d in docs], api_name="/ingest")
    # A client naming a file on the server instead of uploading it gets nothing read.
    secret = tmp_path / "secret.md"
    secret.write_text(NEW)
    fake = {"path": str(secret), "orig_name": "secret.md", "meta": {"_type": "gradio.FileData"}}
    call = httpx.post(f"{app.url}/gradio_api/call/ingest", json={"data": [[fake], None]})
    event = call.json()["event_id"]
    stream = httpx.get(f"{app.url}/gradio_api/call/ingest/{event}", timeout=120).text
    # Gradio itself refuses a path it did not receive; add.received() would refuse it next.
    assert "not uploaded by a user" in stream or "not an uploaded file" in stream
    assert secret.exists() and '"added": true' not in stream


@pytest.fixture(scope="module")
def locked_app(api_index: Path) -> Iterator[RunningApp]:
    with running_app({"HUSTINGS_INDEX": str(api_index), "HUSTINGS_READ_ONLY": "1",
                      "HUSTINGS_AUTH": "editor:pa55-word"}) as app:
        yield app


@pytest.mark.slow
def test_read_only_refuses_and_auth_covers_ingest(locked_app: RunningApp, tmp_path: Path):
    import httpx
    from gradio_client import Client, handle_file
    from gradio_client.exceptions import AppError

    assert httpx.post(f"{locked_app.url}/gradio_api/call/ingest",
                      json={"data": [None, None]}).status_code == 401
    with pytest.raises(Exception):  # noqa: B017 (no login: the client cannot even connect)
        Client(locked_app.url, verbose=False)
    client = Client(locked_app.url, auth=("editor", "pa55-word"), verbose=False)
    doc = tmp_path / "more.md"
    doc.write_text(NEW)
    with pytest.raises(httpx.HTTPStatusError) as refused:  # the upload itself is refused
        client.predict(files=[handle_file(str(doc))], api_name="/ingest")
    assert refused.value.response.status_code == 403
    assert "read-only" in refused.value.response.text
    with pytest.raises(AppError, match="read-only"):  # and so is an address (never fetched)
        client.predict(urls=["https://example.org/hustings"], api_name="/ingest")
    assert client.predict("What did Felix Ormsby say about buses?", api_name="/chat")["answered"]


@pytest.mark.slow
def test_ingest_is_public_beside_chat_and_takes_files_or_urls(client):
    api = client.view_api(return_format="dict", print_info=False)
    assert {"/chat", "/ingest"} <= set(api["named_endpoints"])
    ingest = api["named_endpoints"]["/ingest"]
    params = {p["parameter_name"]: p for p in ingest["parameters"]}
    assert set(params) == {"files", "urls"}
    assert all(p["parameter_has_default"] for p in params.values())
    assert "handle_file" in ingest["description"]


@pytest.mark.slow
def test_a_remove_killed_at_any_moment_leaves_a_whole_index(base_settings, tmp_path: Path):
    import signal
    import subprocess
    import sys

    from bot.chatbot import Chatbot
    from ingest.pipeline import ingest_paths
    from tests.conftest import ROOT

    extra = tmp_path / "nettlefold.md"
    extra.write_text(NEW)
    ingest_paths([extra], base_settings, progress=False)
    whole = Chatbot(base_settings).store.count()
    source = next(e.source for e in Chatbot(base_settings).events if "Nettlefold" in e.title)
    index = str(base_settings.index_dir)
    script = ("from pathlib import Path; from ingest.pipeline import remove_sources; "
              "from ingest.settings import Settings; remove_sources("
              f"[{source!r}], Settings.from_env(index_dir=Path({index!r})))")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    outcomes = set()
    for delay in (1.0, 3.0, 5.0, 7.0, None):  # the last run is left to finish
        proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            _, err = proc.communicate(timeout=delay)
            assert proc.returncode == 0, err
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
        bot = Chatbot(base_settings)
        count = bot.store.count()
        remaining = {e.title for e in bot.events}
        assert bot.ask("What did Felix Ormsby say about buses?").answered
        if "Nettlefold Village Hustings" in remaining:
            assert count == whole  # not removed: all of it is there
            outcomes.add("kept")
        else:
            assert count < whole and remaining == {"Wexcombe Town Hustings"}
            outcomes.add("removed")
            ingest_paths([extra], base_settings, progress=False)
    assert outcomes == {"kept", "removed"}, outcomes
