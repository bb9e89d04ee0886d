"""SIGKILL `hustings ingest` at 20 moments: the index always answers as before or as after.

The corpus of 230 passages flips between two states (A: 10 round-ups; B: a short one removed
with --prune, one edited) so every run has real work to do. Kill moments are spread over the
whole run: five while the process starts, loads the model and embeds, fifteen across the
writing of the new generation (copying vectors, writing new passages, switching the pointer,
dropping the old generation). After each kill, `hustings ask --batch --json` must print exactly
what it printed for the state before the run or, if the switch had already happened, for the
state after it; nothing else.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT
from .synthetic_roundups import TOWNS, candidates, write_roundups

pytestmark = pytest.mark.slow

KILLS = 20
EARLY = (0.1, 0.3, 0.5, 0.7, 0.9)  # of the time until the new generation's first write
LATE = 15  # kill moments spread over the writing of the new generation
TOWN_SET = [*TOWNS[:9], "Kendal"]
GONE, EDITED = "Kendal", "Ashford"
SHORT = {GONE: 1}  # topics of the removed round-up: re-adding it costs little embedding
STATES = {"A": (TOWN_SET, {}),
          "B": ([t for t in TOWN_SET if t != GONE], {EDITED: 1})}
STARTED: list[subprocess.Popen] = []  # every ingest the tests start


@pytest.fixture(autouse=True)
def _no_ingest_outlives_its_test() -> Iterator[None]:
    """Kill the ingests a failed test left running: they would load the CPU under later tests."""
    yield
    while STARTED:
        proc = STARTED.pop()
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=60)


def questions() -> list[str]:
    """A fixed question list touching the removed file, the edited file and the rest."""
    (first, _), (second, _) = candidates(TOWNS.index(EDITED))[:2]
    (gone_person, _) = candidates(TOWNS.index(GONE))[0]
    return [f"How many new schemes did {first} promise on climate?",
            f"What did {gone_person} say about climate?",
            "What was said about heat pumps in Kendal?",  # Kendal's one topic is climate
            "Who spoke at the Carlisle hustings?",
            "What did the candidates say about bus franchising?",
            f"Which party is {second} standing for?",
            f"What did {second} say about apprenticeships?",
            "Who should I vote for?"]


@dataclass(frozen=True)
class Observed:
    """What the index answers, and how many passages it holds."""

    answers: tuple[str, ...]
    passages: int


def write_state(docs: Path, state: str) -> None:
    for path in docs.glob("*.md"):
        path.unlink()
    towns, edits = STATES[state]
    write_roundups(docs, towns, edits, SHORT)


def start_ingest(docs: Path, index: Path) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "CI": "true"}
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "ingest", "--prune", str(docs),
                             "--index", str(index)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    STARTED.append(proc)
    return proc


def folders(index: Path) -> set[str]:
    """Return the folders in the index: one per vector segment of a Chroma collection."""
    return {p.name for p in index.iterdir() if p.is_dir()}


def wait_for_new_folder(proc: subprocess.Popen, index: Path, before: set[str]) -> float | None:
    """Wait until the run writes its first vectors (a new segment folder); return when."""
    while proc.poll() is None:
        if folders(index) - before:
            return time.monotonic()
        time.sleep(0.005)
    return None


def observe(index: Path, batch: Path, embeddings) -> Observed:
    """Ask the fixed questions through the CLI (in this process) and count the passages."""
    from bot.cli import main
    from ingest.index.store import IndexStore
    from ingest.settings import Settings

    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["ask", "--index", str(index), "--batch", str(batch), "--json"])
    assert code == 0, "the index stopped answering"
    count = IndexStore(Settings.from_env(env={}, index_dir=index), embeddings).count()
    return Observed(tuple(out.getvalue().split("\n")), count)


def test_sigkill_during_reingest_never_loses_the_index(tmp_path, monkeypatch, embeddings):
    docs, index = tmp_path / "docs", tmp_path / "index"
    monkeypatch.setenv("HUSTINGS_DATA", str(tmp_path / "no-data"))  # never rebuild silently
    batch = tmp_path / "questions.jsonl"
    batch.write_text("".join(json.dumps({"id": str(n), "turns": [q]}) + "\n"
                             for n, q in enumerate(questions())))

    expected: dict[str, Observed] = {}
    write_state(docs, "A")
    first = start_ingest(docs, index)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    expected["A"] = observe(index, batch, embeddings)

    # A complete A -> B run: the reference for "after", and the length of its writing phase.
    write_state(docs, "B")
    before = folders(index)
    started = time.monotonic()
    run = start_ingest(docs, index)
    new_folder = wait_for_new_folder(run, index, before)
    assert run.wait(timeout=300) == 0, run.stderr.read()
    finished = time.monotonic()
    assert new_folder is not None, "the run wrote no new generation"
    lead, writing = new_folder - started, finished - new_folder
    expected["B"] = observe(index, batch, embeddings)
    assert expected["A"].answers != expected["B"].answers
    assert expected["A"].passages - expected["B"].passages == 5  # the removed round-up

    moments = [("early", f * lead) for f in EARLY]
    moments += [("late", writing * n / LATE) for n in range(LATE)]
    state, kills, attempts = "B", 0, 0
    outcomes = {"before": 0, "after": 0, "completed": 0}
    while kills < KILLS and attempts < KILLS + 8:
        kind, delay = moments[attempts % len(moments)]
        attempts += 1
        target = "A" if state == "B" else "B"
        write_state(docs, target)
        before = folders(index)
        started = time.monotonic()
        proc = start_ingest(docs, index)
        if kind == "early":
            time.sleep(max(0.0, started + delay - time.monotonic()))
        elif wait_for_new_folder(proc, index, before) is not None:
            time.sleep(delay)
        proc.kill()  # SIGKILL
        proc.communicate(timeout=60)
        kills += proc.returncode == -9
        now = observe(index, batch, embeddings)
        assert now in (expected[state], expected[target]), (
            f"after a kill at {kind} +{delay:.2f}s the index answers neither as before nor "
            "as after the run")
        if now == expected[target]:
            outcomes["after" if proc.returncode == -9 else "completed"] += 1
            state = target
        else:
            outcomes["before"] += 1
    assert kills == KILLS, f"only {kills} of {attempts} runs were killed before finishing"

    # A following ingest completes, with the right count, and drops what killed runs left.
    target = "A" if state == "B" else "B"
    write_state(docs, target)
    final = start_ingest(docs, index)
    out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    assert f"; {expected[target].passages} in the index." in out
    assert observe(index, batch, embeddings) == expected[target]
    from ingest.index.store import IndexStore
    from ingest.settings import Settings

    store = IndexStore(Settings.from_env(env={}, index_dir=index), embeddings)
    names = {c.name for c in store.client.list_collections()}
    previous = {n for n in names if n.endswith("_passages")} - {store.names[0]}
    assert len(previous) <= 1  # the generation before stays until the next ingest
    stale = store.drop_stale()
    assert set(stale) == names - {*store.names, f"{store.prefix}_meta"}
    assert len(folders(index)) <= 4  # no vector files of dropped generations
    print(f"\nkills survived: {kills} of {attempts} runs; after a kill the index answered as "
          f"before {outcomes['before']}x, as after {outcomes['after']}x; runs that finished "
          f"first: {outcomes['completed']}; model+embed {lead:.1f}s, writing {writing:.1f}s")


def lock_held(path: Path) -> bool:
    """Tell from /proc/locks, without touching the lock, whether a process holds path's flock."""
    if not path.exists():
        return False
    inode = path.stat().st_ino
    with open("/proc/locks") as handle:
        return any(int(m.group(1)) == inode for m in
                   re.finditer(r"FLOCK\s+\S+\s+WRITE\s+\d+\s+[0-9a-f]+:[0-9a-f]+:(\d+)",
                               handle.read()))


def test_a_second_ingest_while_one_runs_is_refused_and_loses_nothing(tmp_path, embeddings):
    from ingest.errors import IngestError
    from ingest.parse import parse_document
    from ingest.pipeline import ingest_paths
    from ingest.settings import Settings

    docs, index = tmp_path / "docs", tmp_path / "index"
    write_roundups(docs, TOWNS[:3])
    expected = sum(len(parse_document(f.read_text(encoding="utf-8"), f.name).passages)
                   for f in sorted(docs.iterdir()))
    run = start_ingest(docs, index)
    held = False
    while run.poll() is None and not held:  # wait until the other process holds the lock
        held = lock_held(index / "ingest.lock")
        time.sleep(0.01)
    settings = Settings.from_env(env={}, index_dir=index)
    if held:
        with pytest.raises(IngestError, match="Another ingest is writing"):
            ingest_paths([docs], settings, progress=False)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert held, "the ingest finished before its lock could be seen"
    summary = ingest_paths([docs], settings, progress=False)
    assert (summary.added, summary.unchanged) == (0, summary.total_passages) == (0, expected)
    assert f"{expected} in the index" in out
