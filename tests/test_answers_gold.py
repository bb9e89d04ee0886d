"""The answers against the eval sets of ../shared/eval: the thresholds of issue 12.

styles.jsonl over data/ and docs/: at least 112 of 132 pass and no answer cites a wrong speaker;
dev.jsonl over data/: every conversation passes.
"""

from __future__ import annotations

import pytest

from bot.evals.answers import evaluate, failure_lines, load_cases, summary_lines

from .conftest import ROOT, build_index

SHARED_EVAL = ROOT.parent / "shared" / "eval"
DATA = ROOT / "data"


def _bot(index_dir, paths):
    from bot.chatbot import Chatbot

    return Chatbot(build_index(index_dir, paths))


def _report(results) -> str:
    return "\n".join([*failure_lines(results), *summary_lines(results)])


@pytest.fixture(scope="module")
def styles(tmp_path_factory: pytest.TempPathFactory, embeddings):
    if not (SHARED_EVAL / "styles.jsonl").exists():
        pytest.skip("../shared/eval is not checked out here")
    bot = _bot(tmp_path_factory.mktemp("styles-gold"), [DATA, SHARED_EVAL / "docs"])
    return evaluate(bot, load_cases(SHARED_EVAL / "styles.jsonl"))


def test_styles_pass_at_least_112_of_132(styles):
    assert sum(r.passed for r in styles) >= 112, _report(styles)


def test_no_styles_answer_cites_a_wrong_speaker(styles):
    wrong = [r.case.id for r in styles if r.wrong_speaker]
    assert not wrong, _report(styles)


def test_dev_passes_every_conversation(shipped_settings):
    from bot.chatbot import Chatbot

    if not (SHARED_EVAL / "dev.jsonl").exists():
        pytest.skip("../shared/eval is not checked out here")
    results = evaluate(Chatbot(shipped_settings), load_cases(SHARED_EVAL / "dev.jsonl"))
    assert all(r.passed for r in results), _report(results)
