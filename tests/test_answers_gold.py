"""The answers against the eval sets of ../shared/eval (skipped where they are not checked out).

Each set over the index its README names (bot/evals/run.py: real/ one index per document, with
data/); the thresholds are the lowest the answers may fall to, and no answer about a named
candidate may cite anyone else, nor break the speaker invariants.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.evals.answers import Result, check, failure_lines, summary_lines

from .conftest import ROOT, build_index

SHARED_EVAL = ROOT.parent / "shared" / "eval"
pytestmark = pytest.mark.slow

# The least each set must pass (issue 18's targets are dev 25, styles 118, more 145, real 120;
# these rise with the answers). Measured here: dev 25, styles 119, more 147, real 121; one
# below for the sets whose answers may move by one with the CPU's 8-bit kernels (passages'
# vectors come from the quantised model, whose rounding depends on the machine).
AT_LEAST = {"dev": 25, "styles": 118, "more": 146, "real": 120}


def _report(results: list[Result]) -> str:
    return "\n".join([*failure_lines(results), *summary_lines(results)])


def _answer_set(name: str, tmp_path_factory: pytest.TempPathFactory
                ) -> tuple[list[Result], list[str]]:
    """Answer every conversation of a set over its own indexes; return the results and the
    speaker-invariant violations of every last answer."""
    from bot.answer import Turn
    from bot.answering.invariants import violations
    from bot.chatbot import Chatbot
    from bot.evals.run import eval_sets

    sets = eval_sets(SHARED_EVAL)
    if name not in sets:
        pytest.skip("../shared/eval is not checked out here")
    results: list[Result] = []
    broken: list[str] = []
    for group in sets[name].groups:
        index = tmp_path_factory.mktemp(f"gold-{group.name}") / "index"
        bot = Chatbot(build_index(index, list(group.paths)))
        threshold = bot.settings.min_speaker_confidence
        for case in group.cases:
            history: list[Turn] = []
            for question in case.turns[:-1]:
                history.append(Turn(question, bot.ask(question, history)))
            last = bot.ask(case.turns[-1], history)
            results.append(check(case, last.to_record()))
            plan = bot.plan(case.turns[-1], history)
            broken += [f"{case.id}: {v}" for v in violations(plan, last, threshold)]
    return results, broken


@pytest.fixture(scope="module")
def answered(tmp_path_factory):
    """Return a set's results, answering it once for the module."""
    done: dict[str, tuple[list[Result], list[str]]] = {}

    def get(name: str) -> tuple[list[Result], list[str]]:
        if name not in done:
            done[name] = _answer_set(name, tmp_path_factory)
        return done[name]

    return get


@pytest.mark.parametrize("name", ["dev", "styles", "more", "real"])
def test_each_set_passes_its_threshold_with_no_wrong_speaker(name, answered):
    results, broken = answered(name)
    assert sum(r.passed for r in results) >= AT_LEAST[name], _report(results)
    wrong = [r.case.id for r in results if r.wrong_speaker]
    assert not wrong, _report(results)
    assert not broken, "\n".join(broken)


def test_our_scores_agree_with_the_reference_scorers(answered, tmp_path):
    results, _ = answered("dev")
    answers = tmp_path / "answers.jsonl"
    answers.write_text("".join(json.dumps({"id": r.case.id, **r.record}) + "\n"
                               for r in results))
    reference = SHARED_EVAL / "reference"
    got = subprocess.run([sys.executable, str(reference / "score.py"),
                          str(SHARED_EVAL / "dev.jsonl"), str(answers)],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert got[-1] == f"pass {sum(r.passed for r in results)}/{len(results)}"
    wrong = subprocess.run([sys.executable, str(reference / "misattr.py"),
                            str(SHARED_EVAL / "dev.jsonl"), str(answers)],
                           capture_output=True, text=True, check=True).stdout
    assert f"cited a wrong speaker {sum(r.wrong_speaker for r in results)};" in wrong
