"""A running chatbot follows a re-ingest made by another process: at once, and never half-way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT
from .synthetic_roundups import TOWNS, candidates, write_roundups

pytestmark = pytest.mark.slow

TOWN_SET = TOWNS[:4]
STATES = {"A": (TOWN_SET, {}), "B": (TOWN_SET[:-1], {"Ashford": 3})}
STARTED: list[subprocess.Popen] = []  # every ingest the test starts


@pytest.fixture(autouse=True)
def _no_ingest_outlives_its_test() -> Iterator[None]:
    """Kill the ingests a failed test left running: they would load the CPU under later tests."""
    yield
    while STARTED:
        proc = STARTED.pop()
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=60)


def write_state(docs: Path, state: str) -> None:
    for path in docs.glob("*.md"):
        path.unlink()
    towns, edits = STATES[state]
    write_roundups(docs, towns, edits)


def ingest(docs: Path, index: Path) -> subprocess.Popen:
    """Start `hustings ingest --prune` in a process of its own."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "CI": "true"}
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "ingest", "--prune", str(docs),
                             "--index", str(index)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    STARTED.append(proc)
    return proc


def questions() -> list[str]:
    (first, _), (second, _) = candidates(TOWNS.index("Ashford"))[:2]
    gone = candidates(TOWNS.index(TOWN_SET[-1]))[0][0]
    return [f"How many new schemes did {first} promise on climate?",
            f"What did {gone} say about transport?",
            "What did the candidates say about rent controls?",
            f"Which party is {second} standing for?"]


def answers(bot, asked: list[str], log: list[tuple[int, str]]) -> tuple[str, ...]:
    """Ask each question once; log (question number, answer record) in order."""
    out = tuple(json.dumps(bot.ask(q).to_record(), sort_keys=True) for q in asked)
    log.extend(enumerate(out))
    return out


def test_a_running_bot_follows_reingests_by_another_process(tmp_path):
    from bot.chatbot import Chatbot
    from ingest.settings import Settings

    docs, index = tmp_path / "docs", tmp_path / "index"
    settings = Settings.from_env(env={}, index_dir=index)
    write_state(docs, "A")
    first = ingest(docs, index)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    asked, log = questions(), []
    live = Chatbot(settings)  # the running app: never restarted below
    expected = {"A": answers(live, asked, log)}
    for state in ("B", "A"):  # the second run also drops the generation the first replaced
        write_state(docs, state)
        run = ingest(docs, index)
        during = 0
        while run.poll() is None:  # keep asking while the other process builds and switches
            answers(live, asked, log)
            during += 1
        _, err = run.communicate()
        assert run.returncode == 0, err
        after = answers(live, asked, log)  # the next questions after the run see the new index
        fresh = Chatbot(settings)  # what a newly started app answers
        expected.setdefault(state, answers(fresh, asked, []))
        assert after == expected[state]
        assert fresh.generation == live.generation
        assert during > 0, "the bot was not asked while the index was being rebuilt"
    assert expected["A"] != expected["B"]
    # Every answer is wholly the old index's or the new one's, and the switch happens once.
    labels = []
    for n, record in log:
        matches = {s for s, records in expected.items() if records[n] == record}
        assert matches, f"answer {record[:200]} comes from neither index"
        if len(matches) == 1:
            labels.append(matches.pop())
    switches = sum(1 for a, b in zip(labels, labels[1:]) if a != b)
    assert switches == 2, labels
    print(f"\nlive reload: {len(log)} answers over two re-ingests, all whole, "
          f"{switches} switches")
