"""No way in: the login guards uploads and MCP too and slows guessing down; read-only means no
uploads; an index that cannot be written says why; a killed addition leaves nothing behind.

Real servers (app.py) in subprocesses. A read-only folder only stops a user other than root,
so when the tests run as root the server runs as another user of a user namespace
(`unshare --user`), which is refused the folder like anyone but its owner.
"""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, index_of
from tests.hostile import MemoryWatch, peak_rss_mb
from tests.test_web_ingest import BASE, NEW
from tests.web_app import RunningApp, running_app

pytestmark = pytest.mark.slow

USER, PASSWORD = "editor", "pa55-word"
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, embeddings) -> Path:
    return index_of(tmp_path_factory, "hostile-access", {"wexcombe.md": BASE})


@pytest.fixture(scope="module")
def gradio_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("access-gradio")


@pytest.fixture(scope="module")
def watched(index_dir: Path, gradio_tmp: Path) -> Iterator[tuple[RunningApp, MemoryWatch]]:
    """Read-only, behind a login, with MCP on; its memory watched."""
    with running_app({"HUSTINGS_INDEX": str(index_dir), "HUSTINGS_READ_ONLY": "1",
                      "HUSTINGS_AUTH": f"{USER}:{PASSWORD}",
                      "GRADIO_TEMP_DIR": str(gradio_tmp)}, args=("--mcp",)) as app, \
            MemoryWatch(app.process.pid) as watch:
        yield app, watch


@pytest.fixture(scope="module")
def locked(watched) -> RunningApp:
    return watched[0]


def login(app: RunningApp, password: str, client: str) -> httpx.Response:
    return httpx.post(f"{app.url}/login", data={"username": USER, "password": password},
                      headers={"X-Forwarded-For": client}, timeout=30)


def received(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


# -- uploads -------------------------------------------------------------------------------------

def test_gradios_upload_route_takes_nothing_without_a_login_or_in_read_only_mode(
        locked, gradio_tmp, tmp_path):
    doc = tmp_path / "flyer.md"
    doc.write_text(NEW)
    anonymous = httpx.post(f"{locked.url}/gradio_api/upload",
                           files={"files": (doc.name, doc.read_bytes())}, timeout=30)
    assert anonymous.status_code == 401
    cookies = login(locked, PASSWORD, "10.3.0.1").cookies
    logged_in = httpx.post(f"{locked.url}/gradio_api/upload", cookies=cookies,
                           files={"files": (doc.name, doc.read_bytes())}, timeout=30)
    assert logged_in.status_code == 403 and "read-only" in logged_in.text
    assert received(gradio_tmp) == []


# -- logins ---------------------------------------------------------------------------------------

def test_wrong_passwords_are_slowed_down_and_the_right_one_still_works(locked):
    client = "10.3.0.2"  # one client (behind the proxy header); others are not slowed
    took = []
    for n in range(6):
        started = time.monotonic()
        assert login(locked, f"guess-{n}", client).status_code == 400
        took.append(time.monotonic() - started)
    assert max(took[:3]) < 1 and took[3] >= 0.9 and took[4] >= 1.9 and took[5] >= 3.9, took
    started = time.monotonic()
    assert login(locked, PASSWORD, "10.3.0.3").status_code == 200  # another client: at once
    assert time.monotonic() - started < 2
    started = time.monotonic()
    assert login(locked, PASSWORD, client).status_code == 200  # the right one, in its turn
    assert time.monotonic() - started >= 7.5
    started = time.monotonic()
    assert login(locked, "wrong again", client).status_code == 400  # a success resets it
    assert time.monotonic() - started < 2


def test_a_client_that_books_too_many_turns_is_told_to_come_back():
    from bot.web.guard import LoginThrottle

    throttle = LoginThrottle(free=0, longest=3)
    assert throttle.turn("a") == 0
    throttle.failed("a")  # from now on two seconds between attempts
    assert 1.5 < (throttle.turn("a") or 0) <= 2
    assert throttle.turn("a") is None  # its turn would be four seconds away
    assert throttle.turn("b") == 0  # another client is not slowed
    throttle.succeeded("a")
    assert throttle.turn("a") == 0


# -- MCP -----------------------------------------------------------------------------------------

def test_mcp_needs_the_same_login_and_says_how(locked):
    for path in ("/gradio_api/mcp/schema", "/gradio_api/mcp/sse"):
        refused = httpx.get(f"{locked.url}{path}", timeout=30)
        assert refused.status_code == 401, path
        assert "Basic" in refused.json()["detail"] and "www-authenticate" in refused.headers
    wrong = "Basic " + base64.b64encode(f"{USER}:nope".encode()).decode()
    assert httpx.get(f"{locked.url}/gradio_api/mcp/schema", timeout=30,
                     headers={"Authorization": wrong}).status_code == 401
    forged = httpx.get(f"{locked.url}/gradio_api/mcp/schema", timeout=30,
                       cookies={"access-token-x": "made-up"})
    assert forged.status_code == 401  # only a login the server issued counts
    schema = httpx.get(f"{locked.url}/gradio_api/mcp/schema", timeout=30,
                       headers={"Authorization": BASIC})
    assert schema.status_code == 200
    cookies = login(locked, PASSWORD, "10.3.0.4").cookies  # or the page's login
    assert httpx.get(f"{locked.url}/gradio_api/mcp/schema", timeout=30,
                     cookies=cookies).status_code == 200
    assert "(the same login, as HTTP Basic auth)" in locked.output


def test_mcp_tools_answer_with_the_login(locked):
    from mcp import ClientSession
    from mcp.client.sse import sse_client

    async def run():
        async with sse_client(locked.url + "/gradio_api/mcp/sse",
                              headers={"Authorization": BASIC}) as (read, write), \
                ClientSession(read, write) as session:
            await session.initialize()
            tools = {t.name for t in (await session.list_tools()).tools}
            result = await session.call_tool(
                "chat", {"question": "What did Felix Ormsby say about buses?"})
            return tools, result

    tools, result = asyncio.run(asyncio.wait_for(run(), timeout=120))
    assert "chat" in tools
    assert not result.isError, result.content
    text = result.content[0].text
    assert "Felix Ormsby" in text and "buses" in text


# -- an index that cannot be written ------------------------------------------------------------

def as_another_user() -> tuple[str, ...]:
    """Return the command prefix that runs the server as a user other than root, if need be."""
    if os.geteuid() != 0:
        return ()
    prefix = ("unshare", "--user", "--map-user=1000", "--map-group=1000")
    try:
        ok = subprocess.run([*prefix, "true"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    if not ok:
        pytest.skip("running as root and no user namespace: a read-only folder stops nobody")
    return prefix


def read_only(folder: Path, writable: bool = False) -> None:
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | 0o200 if writable else mode & ~0o222)


def test_an_index_that_cannot_be_written_stops_the_start_with_its_cause(index_dir, tmp_path):
    prefix = as_another_user()
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    read_only(copy)
    try:
        run = subprocess.run([*prefix, sys.executable, "app.py", "--port", "0"], cwd=ROOT,
                             env={**os.environ, "HUSTINGS_INDEX": str(copy),
                                  "HF_HUB_OFFLINE": "1"},
                             capture_output=True, text=True, timeout=300)
    finally:
        read_only(copy, writable=True)
    said = run.stdout + run.stderr
    assert run.returncode == 1, said
    assert "Traceback" not in said
    assert f"The index at {copy} cannot be written" in said
    assert "give this user write access" in said


def test_an_index_made_read_only_while_serving_says_why_and_keeps_no_upload(
        index_dir, tmp_path):
    from gradio_client import Client, handle_file
    from gradio_client.exceptions import AppError

    prefix = as_another_user()
    copy, uploads = tmp_path / "index", tmp_path / "uploads"
    shutil.copytree(index_dir, copy)
    uploads.mkdir()
    env = {"HUSTINGS_INDEX": str(copy), "HUSTINGS_UPLOADS": str(uploads),
           "GRADIO_TEMP_DIR": str(tmp_path / "gradio")}
    doc = tmp_path / "nettlefold.md"
    doc.write_text(NEW)
    with running_app(env, prefix=prefix) as app:
        client = Client(app.url, verbose=False)
        read_only(copy)
        try:
            with pytest.raises(AppError) as error:
                client.predict(files=[handle_file(str(doc))], api_name="/ingest")
            message = str(error.value)
            assert f"The index at {copy} cannot be written" in message
            assert "try again" not in message.lower()
            assert [p.name for p in uploads.iterdir() if not p.name.startswith(".")] == []
            answer = client.predict("What did Felix Ormsby say about buses?", api_name="/chat")
            assert answer["answered"]  # the index keeps answering
        finally:
            read_only(copy, writable=True)
    assert "chromadb.errors" not in app.output  # the cause was said, not thrown raw


# -- a killed addition ----------------------------------------------------------------------------

def test_an_addition_killed_midway_leaves_no_file_for_the_next_prune(index_dir, tmp_path):
    from gradio_client import Client, handle_file

    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    uploads = copy / "uploads"
    doc = tmp_path / "long-hustings.md"  # long enough to be killed while it is read
    doc.write_text(NEW + "\n\n".join(
        f"Bryony Quennell said point {n} of her plan for the lido matters to every family."
        for n in range(1500)))
    with running_app({"HUSTINGS_INDEX": str(copy)}) as app:
        job = Client(app.url, verbose=False).submit(files=[handle_file(str(doc))],
                                                     api_name="/ingest")
        deadline = time.monotonic() + 120
        while not (uploads / doc.name).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (uploads / doc.name).exists(), "the upload was never saved"
        app.process.send_signal(signal.SIGKILL)
        app.process.wait(timeout=30)
        del job
    assert (uploads / doc.name).exists() and (uploads / ".pending.json").exists()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wexcombe.md").write_text(BASE)
    run = subprocess.run([sys.executable, "-m", "bot.cli", "ingest", "--prune",
                          "--index", str(copy), str(corpus)],
                         cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"},
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert not (uploads / doc.name).exists()
    assert "long-hustings" not in run.stdout
    assert "Read 1 file(s)" in run.stdout


def test_the_locked_servers_peak_memory_stayed_under_1_5_gb(watched):
    app, watch = watched
    peak = max(watch.peak, peak_rss_mb(app.process.pid))
    print(f"\nserver peak memory through tests/test_hostile_access.py: {peak:.0f} MB")
    assert peak < 1536, f"{peak:.0f} MB"
