"""A campaign of many hustings: roster answers stay short and cite each line's own source."""

from __future__ import annotations

import re

import pytest

from .conftest import build_index
from .synthetic_roundups import TOWNS, candidates, write_roundups

CAMPAIGN = TOWNS[:7]  # more hustings than one answer lists


@pytest.fixture(scope="module")
def campaign_bot(tmp_path_factory: pytest.TempPathFactory, embeddings):
    from bot.chatbot import Chatbot

    root = tmp_path_factory.mktemp("campaign")
    write_roundups(root / "docs", CAMPAIGN, topics=dict.fromkeys(CAMPAIGN, 1))
    return Chatbot(build_index(root / "index", [root / "docs"]))


@pytest.mark.parametrize("question", ["Who are all the candidates standing?",
                                      "Who spoke at the hustings?",
                                      "Who is the Green Party candidate?"])
def test_campaign_wide_roster_answers_stay_short_and_say_there_is_more(campaign_bot,
                                                                       question):
    answer = campaign_bot.ask(question)
    assert answer.answered and len(answer.text) <= 1200, answer.text
    assert "more hustings" in answer.text or "more at other hustings" in answer.text
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert cited == {c.n for c in answer.citations} and len(cited) > 1
    for citation in answer.citations:  # each line cites the list of its own hustings
        assert any(h in citation.passage.text for h in citation.highlights)


def test_naming_the_hustings_narrows_a_roster_answer(campaign_bot):
    town = CAMPAIGN[-1]
    answer = campaign_bot.ask(f"Who are the candidates at the {town} hustings?")
    assert answer.answered and "more hustings" not in answer.text
    assert all(name in answer.text for name, _ in candidates(TOWNS.index(town)))
