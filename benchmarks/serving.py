"""Whole processes: cold `hustings ask`, `python app.py` until it answers, many users at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.measure import Figure, free_port, median, p95, peak_rss_mb

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def environment(index: Path, **extra: str) -> dict[str, str]:
    """Return the environment of a benchmarked process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUSTINGS_")}
    env.update(HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False", HUSTINGS_INDEX=str(index),
               **extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=600)
    return time.perf_counter() - started


def cold_ask(index: Path, question: str, repeat: int) -> tuple[list[Figure], dict]:
    """Time whole `hustings ask` processes against a bare LangChain search process."""
    env = environment(index)
    asks, bares = [], []
    for _ in range(repeat):
        asks.append(_run([str(BIN / "hustings"), "ask", question], env))
        bares.append(_run([sys.executable, "-m", "benchmarks.phases", "bare", str(index),
                           question], env))
    found = subprocess.run([sys.executable, "-m", "benchmarks.phases", "phases", str(index),
                            question], env=env, cwd=ROOT, check=True, capture_output=True,
                           text=True, timeout=600)
    steps = json.loads(found.stdout.strip().splitlines()[-1])
    slowest = max((k for k in steps if k not in ("total", "torch imported")), key=steps.get)
    figure = Figure("cold `hustings ask`", median(asks), "s", median(bares),
                    "bare torch + Chroma search process",
                    note=f"slowest step: {slowest} ({steps[slowest]:.1f} s); torch imported: "
                         f"{bool(steps['torch imported'])}")
    return [figure], {"cold_ask_s": asks, "cold_bare_s": bares, "cold_phases_s": steps}


@contextmanager
def app_server(index: Path) -> Iterator[tuple[str, subprocess.Popen, float]]:
    """Start `python app.py` on a free port; yield its URL, process and seconds to first answer."""
    from gradio_client import Client

    port = free_port()
    env = environment(index, HUSTINGS_PORT=str(port))
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "app.py"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"app.py exited with {proc.returncode}")
            if time.perf_counter() - started > 600:
                raise RuntimeError("app.py did not answer within 10 minutes")
            try:
                Client(url, verbose=False).predict("Who spoke?", api_name="/chat")
                break
            except Exception:
                time.sleep(0.2)
        yield url, proc, time.perf_counter() - started
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _ask_all(url: str, jobs: list[tuple[str, tuple[str, ...]]], latencies: list[float],
             errors: list[str]) -> None:
    from gradio_client import Client

    client = Client(url, verbose=False)
    for question, history in jobs:
        started = time.perf_counter()
        try:
            record = client.predict(question=question, history=list(history),
                                    api_name="/chat")
            if not isinstance(record, dict) or "answer" not in record:
                raise ValueError(f"not an answer record: {str(record)[:80]}")
            latencies.append(time.perf_counter() - started)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}"[:200])


def load_test(url: str, conversations: list[tuple[str, ...]], users: int, total: int
              ) -> tuple[list[Figure], dict]:
    """Ask `total` questions through the /chat API from `users` threads; one user first."""
    jobs = [(turns[-1], turns[:-1]) for turns in conversations]
    single: list[float] = []
    errors: list[str] = []
    _ask_all(url, jobs[:20], single, errors)
    work = [jobs[n % len(jobs)] for n in range(total)]
    shares = [work[n::users] for n in range(users)]
    latencies: list[float] = []
    threads = [threading.Thread(target=_ask_all, args=(url, share, latencies, errors))
               for share in shares]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    qps, single_qps = len(latencies) / seconds, 1 / median(single) if single else 0.0
    figures = [
        Figure(f"{users} users: errors", len(errors), f"of {total}", target="0",
               met=not errors, note=errors[0] if errors else ""),
        Figure(f"{users} users: latency p50", median(latencies) * 1000, "ms",
               median(single) * 1000, "one user p50"),
        Figure(f"{users} users: latency p95", p95(latencies) * 1000, "ms", p95(single) * 1000,
               "one user p95"),
        Figure(f"{users} users: throughput", qps, "questions/s", single_qps, "one user"),
    ]
    return figures, {"concurrent_ms": [x * 1000 for x in latencies],
                     "single_ms": [x * 1000 for x in single], "errors": errors,
                     "wall_s": seconds}


def serving(index: Path, conversations: list[tuple[str, ...]], cold_ask_s: float,
            users: int, total: int, starts: int) -> tuple[list[Figure], dict]:
    """Start the app (several times for its start-up time), then load-test the last one."""
    times: list[float] = []
    figures: list[Figure] = []
    details: dict = {}
    for n in range(starts):
        with app_server(index) as (url, proc, seconds):
            times.append(seconds)
            if n == starts - 1:
                figures, details = load_test(url, conversations, users, total)
                rss = peak_rss_mb(proc.pid)
    start = Figure("app start until it answers", median(times), "s", cold_ask_s,
                   "cold `hustings ask`", target="< 30 s", met=median(times) < 30)
    memory = Figure("serving process peak RSS", rss, "MB", target="< 2048 MB",
                    met=rss < 2048, note=f"after {total} questions from {users} users")
    return [start, memory, *figures], {"app_start_s": times, **details}
