"""The web chat's log: a user's mistake is one line, a bug keeps its traceback (issue 19).

A real app on an index of the test round-ups is sent the routine mistakes of users through its
APIs: a bad question, files it cannot use, an address it refuses, an unknown document.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROUNDUPS, build_index
from tests.web_app import RunningApp, running_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Iterator[RunningApp]:
    index = tmp_path_factory.mktemp("log") / "index"
    build_index(index, [ROUNDUPS / "leeds-mayoral-hustings.md"])
    with running_app({"HUSTINGS_INDEX": str(index)}) as app:
        yield app


def refused(call) -> str:
    """Return the message of the error a call to the app ends in."""
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as error:
        call()
    return str(error.value)


def log_lines(app: RunningApp, text: str) -> list[str]:
    time.sleep(0.5)  # the app writes its line as it answers; let the reader catch it
    return [line for line in app.lines if text in line]


def test_routine_mistakes_are_one_log_line_each_and_no_traceback(app: RunningApp, tmp_path):
    from gradio_client import Client, handle_file

    client = Client(app.url, verbose=False)
    empty = refused(lambda: client.predict("  ", api_name="/chat"))
    too_long = refused(lambda: client.predict("why " * 600, api_name="/chat"))
    unknown = refused(lambda: client.predict("No such hustings", api_name="/documents"))
    nothing = refused(lambda: client.predict(files=[], urls=[], api_name="/ingest"))
    bad_pdf = tmp_path / "minutes.pdf"
    bad_pdf.write_bytes(b"%PDF-1.4 but nothing after it")
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ\x90\x00")
    results = client.predict(files=[handle_file(str(bad_pdf)), handle_file(str(program))],
                             urls=["http://127.0.0.1:9/hustings"], api_name="/ingest")
    assert [r["added"] for r in results] == [False, False, False]

    for message in (empty, too_long, unknown, nothing):
        assert len(log_lines(app, message)) == 1, (message, app.output)
    for name in ("minutes.pdf", "setup.exe", "http://127.0.0.1:9/hustings"):
        lines = log_lines(app, f"skipped {name}:")
        assert len(lines) == 1, (name, app.output)
    assert "Traceback" not in app.output


def test_a_bug_keeps_its_traceback_and_the_page_gets_a_plain_message(caplog):
    from bot.web import log

    caplog.set_level(logging.INFO, logger="hustings")
    try:
        raise KeyError("a bug")
    except KeyError:
        shown = log.failed("Something went wrong. Please try again.")
    assert shown.message == "Something went wrong. Please try again."
    assert shown.print_exception is False  # Gradio must not print it a second time
    (record,) = caplog.records
    assert record.exc_info is not None and record.exc_info[0] is KeyError

    caplog.clear()
    message = log.refused("Choose a file first.", "Cannot add these documents")
    assert message.print_exception is False and message.title == "Cannot add these documents"
    (record,) = caplog.records
    assert record.exc_info is None and record.getMessage() == "refused: Choose a file first."


def test_the_log_is_dated_lines_on_stderr(tmp_path: Path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = ("import logging\nfrom bot.web import log\nlog.start()\nlog.start()\n"
              "log.skipped('a.pdf', 'corrupt or unreadable PDF')\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()  # started twice, still one handler
    date, clock, rest = line.split(" ", 2)
    assert len(date) == 10 and len(clock) == 8
    assert rest == "skipped a.pdf: corrupt or unreadable PDF"
