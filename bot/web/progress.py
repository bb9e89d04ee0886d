"""Progress that keeps moving while a long step runs (reading and embedding a document).

The steps of an addition report milestones (saved, fetched, reading, done); between two of
them a thread moves the bar on, slower and slower, toward the next one, so that the bar never
sits still for a minute and then jumps. It runs in the handler's context (Gradio finds the
event to update through context variables).
"""

from __future__ import annotations

import contextvars
import math
import threading
import time
from collections.abc import Callable
from types import TracebackType

Report = Callable[[float, str], None]
TICK = 0.5  # seconds between moves
EXPECTED = 20.0  # seconds a step is expected to take when nobody says


class Ticker:
    """Report milestones, and move the bar between them while a step runs."""

    def __init__(self, report: Report, tick: float = TICK) -> None:
        self.report = report
        self.tick = tick
        self._floor, self._ceiling, self._text = 0.0, 0.0, ""
        self._since, self._seconds = time.monotonic(), EXPECTED
        self._shown = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def say(self, share: float, text: str, ceiling: float | None = None,
            seconds: float | None = None) -> None:
        """Report a milestone; until the next, move toward ceiling over about `seconds`."""
        with self._lock:
            self._floor = max(self._shown, min(share, 1.0))
            self._ceiling = max(self._floor, ceiling if ceiling is not None
                                else self._floor + (0.95 - self._floor) * 0.9)
            self._text, self._since = text, time.monotonic()
            self._seconds = seconds or EXPECTED
            self._shown = self._floor
        self.report(self._floor, text)

    def __enter__(self) -> Ticker:
        context = contextvars.copy_context()
        self._thread = threading.Thread(target=context.run, args=(self._run,),
                                        name="hustings-progress", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.tick):
            with self._lock:
                if self._ceiling <= self._floor:
                    continue
                elapsed = time.monotonic() - self._since
                # Two thirds of the way in the expected time, never quite at the ceiling.
                share = self._floor + (self._ceiling - self._floor) * (
                    1 - math.exp(-elapsed / self._seconds))
                self._shown = max(self._shown, share)
                shown, text = self._shown, self._text
            self.report(shown, text)
