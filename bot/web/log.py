"""The server's log, and the page's error messages: a user's mistake is one line, a bug keeps
its traceback.

Gradio prints a full traceback for every gr.Error it is handed unless told not to; the
messages built here tell it not to and write the one line themselves.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from ingest.errors import HustingsError

if TYPE_CHECKING:
    import gradio as gr

log = logging.getLogger("hustings.web")


def start() -> None:
    """Send the log to stderr, one dated line a record (once a process)."""
    root = logging.getLogger("hustings")
    if root.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False  # Gradio's and the libraries' logging setup stays theirs


def noted(problem: HustingsError | str) -> None:
    """Log something a user asked that cannot be done (a bad question, a filter), in one line."""
    log.info("refused: %s", problem)


def bug(exc: BaseException) -> None:
    """Log a bug with its traceback."""
    log.error("%s: %s", type(exc).__name__, exc, exc_info=exc)


def refused(problem: HustingsError | str, title: str) -> gr.Error:
    """Return the page's message for something a user asked that cannot be done; log a line."""
    import gradio as gr

    noted(problem)
    return gr.Error(str(problem), title=title, print_exception=False)


def failed(message: str) -> gr.Error:
    """Return the page's message for a bug; log the traceback of the error being handled."""
    import gradio as gr

    log.exception("%s", message)
    return gr.Error(message, print_exception=False)


def skipped(given: str, reason: str) -> None:
    """Log a file or web address that could not be added, in one line."""
    log.info("skipped %s: %s", given, reason)
