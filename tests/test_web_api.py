"""The web chat's API (`/chat`) through gradio_client, on an app that builds its own index."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import ROOT, ROUNDUPS
from tests.web_app import RunningApp, running_app

pytestmark = pytest.mark.slow

FIXTURE_SPEAKER = "Daniel Frost"  # speaks in tests/fixtures/roundups/leeds-mayoral-hustings.md


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web-api") / "index"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Iterator[RunningApp]:
    """The app, started with no index: it must build one from HUSTINGS_DATA, then serve."""
    corpus = tmp_path_factory.mktemp("web-api-corpus")
    for path in ROUNDUPS.iterdir():
        shutil.copy(path, corpus / path.name)
    with running_app({"HUSTINGS_INDEX": str(index_dir), "HUSTINGS_DATA": str(corpus)}) as app:
        yield app


@pytest.fixture(scope="module")
def client(app: RunningApp):
    from gradio_client import Client

    return Client(app.url, verbose=False)


def ask(client, question: str, **options) -> dict:
    return client.predict(question, api_name="/chat", **options)


def test_first_start_builds_the_index_then_serves(app: RunningApp):
    out = app.output
    assert "No index yet: building it" in out
    assert out.index("No index yet") < out.index("ready at http://127.0.0.1:")
    assert "passages added" in out


def test_chat_takes_the_question_alone_and_returns_an_answer_record(client):
    record = ask(client, f"What did {FIXTURE_SPEAKER} say about flooding?")
    assert set(record) >= {"question", "answer", "answered", "citations", "standalone", "mode",
                           "notice"}
    assert record["answered"] is True
    assert "[1]" in record["answer"]
    assert record["citations"][0]["n"] == 1
    assert FIXTURE_SPEAKER in {c["speaker"] for c in record["citations"]}
    assert record["notice"] is None


def shown(record: dict) -> dict:
    """Return a CLI record as the web API gives it: sources without the server's folders."""
    for citation in record["citations"]:
        citation["source"] = Path(citation["source"]).name
    return record


def test_chat_returns_the_same_records_as_the_cli(client, index_dir: Path):
    first = f"What did {FIXTURE_SPEAKER} say about buses?"
    follow_up = "What did he say about flooding?"
    env = {**os.environ, "HUSTINGS_INDEX": str(index_dir), "HF_HUB_OFFLINE": "1"}
    run = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", first, follow_up],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    cli = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    assert ask(client, first) == shown(cli[0])
    assert ask(client, follow_up, history=[first]) == shown(cli[1])
    assert FIXTURE_SPEAKER in cli[1]["standalone"]  # the follow-up was resolved with the history


def test_speaker_filter_restricts_sources_and_says_so(client):
    record = ask(client, "What was said about transport?", speaker=FIXTURE_SPEAKER)
    assert FIXTURE_SPEAKER in (record["notice"] or "")
    speakers = {c["speaker"] for c in record["citations"]}
    assert speakers and speakers <= {FIXTURE_SPEAKER}


def test_event_and_topic_filters_restrict_sources(client):
    roster = ask(client, "Who are the candidates standing?")
    events = sorted({c["event"] for c in roster["citations"]})
    assert len(events) == 2  # one roster per fixture round-up
    only = ask(client, "Who are the candidates standing?", event=events[1])
    assert {c["event"] for c in only["citations"]} == {events[1]}
    assert events[1] in only["notice"]

    question = "What was said about money?"
    sections = list(dict.fromkeys(c["section"] for c in ask(client, question)["citations"]))
    assert len(sections) > 1, sections  # a question whose sources span several sections
    scoped = ask(client, question, section=sections[-1])
    assert scoped["citations"], scoped["answer"]
    assert {c["section"] for c in scoped["citations"]} == {sections[-1]}


def test_bad_question_is_a_clear_error(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="Ask a question"):
        ask(client, "   ")
    with pytest.raises(AppError, match="characters long"):
        ask(client, "why " * 1000)


def test_only_chat_is_public_and_its_options_have_defaults(client):
    api = client.view_api(return_format="dict", print_info=False)
    assert set(api["named_endpoints"]) == {"/chat", "/documents", "/ingest", "/remove"}
    params = {p["parameter_name"]: p for p in api["named_endpoints"]["/chat"]["parameters"]}
    assert not params["question"]["parameter_has_default"]
    for option in ("speaker", "event", "section", "history"):
        assert params[option]["parameter_has_default"], option


@pytest.mark.parametrize("env", [{}, {"HUSTINGS_AUTH": "no-password"}])
def test_bad_serve_settings_fail_at_once_with_a_clear_message(app: RunningApp, env):
    port = urlparse(app.url).port  # HUSTINGS_PORT names the port the test app already holds
    env = {**os.environ, "HUSTINGS_PORT": str(port), "HF_HUB_OFFLINE": "1", **env}
    if env.get("HUSTINGS_AUTH"):
        env["HUSTINGS_PORT"] = "0"  # any free port: only the password is wrong
    run = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 2
    expected = "user:password" if env.get("HUSTINGS_AUTH") else f"127.0.0.1:{port}"
    assert expected in run.stderr
    assert "Starting" not in run.stdout  # refused before loading anything
