"""Client/server mode: ingest and ask through a real `chroma run` server, across processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMA = Path(sys.executable).parent / "chroma"

ROUND_UP = """# Hustings report: Millbrook Council Hustings

Held at Millbrook Town Hall on 3 May 2024, the hustings was chaired by Nora Fielding.

The panel featured Tobias Ashcombe (Green Party) and Rita Colville (Labour).

## Transport

Tobias Ashcombe said that the town needs a tram line to the hospital by 2030.

Rita Colville argued that bus fares should be capped at one pound for under-21s.
"""
LIBRARIES = """
## Libraries

Rita Colville pledged to keep every branch library open seven days a week.
"""
QUESTION = "What did Rita Colville say about libraries?"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Chroma server of this module's own on a free local port, its data in a temporary folder.

    Never one left running from an earlier run: the port is new, and the server is stopped (killed
    if need be) at the end.
    """
    if not CHROMA.exists():
        reason = f"the chroma CLI is not installed at {CHROMA} (pip install chromadb)"
        if os.environ.get("HUSTINGS_REQUIRE_CHROMA_SERVER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    path = tmp_path_factory.mktemp("chroma-server")
    log = path / "server.log"
    for _ in range(3):  # the free port can be taken by another process before the server binds it
        port = _free_port()
        with log.open("ab") as out:
            proc = subprocess.Popen([str(CHROMA), "run", "--path", str(path / "data"), "--host",
                                     "127.0.0.1", "--port", str(port)], stdout=out, stderr=out)
        url = f"http://127.0.0.1:{port}"
        if _wait_until_up(proc, url):
            break
        _stop(proc)
    else:
        pytest.fail(f"chroma run did not start: {log.read_text(errors='replace')}")
    try:
        yield url
    finally:
        _stop(proc)


def _wait_until_up(proc: subprocess.Popen, url: str, timeout: float = 60) -> bool:
    """Wait for the server's heartbeat; False if it exited or did not answer in time."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


@pytest.fixture
def server_settings(chroma_url: str, tmp_path: Path):
    """Settings that use the server, with a collection of their own and no local index."""
    from ingest.settings import Settings

    return Settings.from_env(env={}, chroma_url=chroma_url, index_dir=tmp_path / "no-index",
                             collection=f"t{uuid.uuid4().hex[:10]}")


def _ask_in_new_process(settings, question: str) -> dict:
    """Ask through `hustings ask --json` in a fresh process that only knows the server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUSTINGS_")}
    env.update(HUSTINGS_CHROMA_URL=settings.chroma_url, HUSTINGS_COLLECTION=settings.collection,
               HUSTINGS_INDEX=str(settings.index_dir), HF_HUB_OFFLINE="1")
    done = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", question], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_ingest_and_ask_through_the_server(server_settings, corpus_dir: Path):
    from bot.chatbot import Chatbot
    from ingest.pipeline import ingest_paths

    (corpus_dir / "millbrook.md").write_text(ROUND_UP, encoding="utf-8")
    summary = ingest_paths([corpus_dir], server_settings, progress=False)

    assert summary.total_passages >= 3
    assert not server_settings.index_dir.exists()  # everything went to the server
    answer = Chatbot(server_settings).ask("What did Tobias Ashcombe say about transport?")
    assert answer.answered
    assert "tram line" in answer.text
    assert {c.passage.speaker for c in answer.citations if c.passage.speaker} == {"Tobias Ashcombe"}


@pytest.mark.slow
def test_reingest_is_seen_by_other_processes_without_restart(server_settings,
                                                             corpus_dir: Path):
    from bot.chatbot import Chatbot
    from ingest.pipeline import ingest_paths

    doc = corpus_dir / "millbrook.md"
    doc.write_text(ROUND_UP, encoding="utf-8")
    ingest_paths([corpus_dir], server_settings, progress=False)
    serving = Chatbot(server_settings)  # a running app replica
    assert "seven days" not in serving.ask(QUESTION).text

    doc.write_text(ROUND_UP + LIBRARIES, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUSTINGS_")}
    env.update(HUSTINGS_CHROMA_URL=server_settings.chroma_url,
               HUSTINGS_COLLECTION=server_settings.collection, HF_HUB_OFFLINE="1")
    ingested = subprocess.run([sys.executable, "-m", "bot.cli", "ingest", str(corpus_dir)],
                              env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert ingested.returncode == 0, ingested.stderr

    fresh = _ask_in_new_process(server_settings, QUESTION)  # a second replica, started now
    assert fresh["answered"]
    assert "seven days a week" in fresh["answer"]
    serving.reload()  # the replica that was already running picks up the new index
    answer = serving.ask(QUESTION)
    assert answer.answered
    assert "seven days a week" in answer.text
    assert {c.passage.speaker for c in answer.citations if c.passage.speaker} == {"Rita Colville"}
