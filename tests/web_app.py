"""Start the real web chat (`python app.py --port N`) in a subprocess for the web tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY = "ready at http://"
START_TIMEOUT = 300.0  # seconds; building an index on a busy CI machine can be slow


@dataclass
class RunningApp:
    """A started app: its URL and everything it printed so far."""

    url: str
    process: subprocess.Popen
    lines: list[str] = field(default_factory=list)

    @property
    def output(self) -> str:
        return "".join(self.lines)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(env: Mapping[str, str], args: tuple[str, ...] = (), script: str = "app.py",
                prefix: tuple[str, ...] = ()) -> Iterator[RunningApp]:
    """Start app.py (or a script that runs it) on a free port with extra environment
    variables, under a prefix command if given (e.g. unshare); stop it afterwards."""
    port = free_port()
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
                "PYTHONUNBUFFERED": "1", **env}
    process = subprocess.Popen([*prefix, sys.executable, script, "--port", str(port), *args],
                               cwd=ROOT,
                               env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, encoding="utf-8", errors="replace")
    app = RunningApp(f"http://127.0.0.1:{port}", process)
    reader = threading.Thread(target=_collect, args=(process, app.lines), daemon=True)
    reader.start()
    try:
        _wait_ready(app)
        yield app
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _collect(process: subprocess.Popen, lines: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)


def _wait_ready(app: RunningApp) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if READY in app.output:
            return
        if app.process.poll() is not None:
            time.sleep(0.2)  # let the reader catch the last lines
            raise RuntimeError(f"app.py exited with {app.process.returncode}:\n{app.output}")
        time.sleep(0.2)
    raise RuntimeError(f"app.py did not start within {START_TIMEOUT:.0f}s:\n{app.output}")


def chat_api(app: RunningApp):
    """Return ask(question, **options) -> the /chat record, through gradio_client."""
    from gradio_client import Client

    client = Client(app.url, verbose=False)
    return lambda question, **options: client.predict(question, api_name="/chat", **options)
