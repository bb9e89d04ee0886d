"""Roster answers over a real index: who took part, as far as the account says."""

from __future__ import annotations

import pytest

from .conftest import ROOT, build_index

RIVERSIDE = ROOT / "tests" / "fixtures" / "documents" / "riverside-hustings.md"

pytestmark = pytest.mark.slow


def test_who_took_part_names_the_listed_candidate_with_no_statement(tmp_path):
    from bot.chatbot import Chatbot

    bot = Chatbot(build_index(tmp_path / "index", [RIVERSIDE]))
    answer = bot.ask("Which candidates took part in the Riverside hustings?")
    assert answer.answered, answer.text
    assert "Ella Price" in answer.text and "spoke" in answer.text
    # listed, with nothing of theirs in the account: named, and never said to have spoken
    assert "Tara Quinn (Green) was also listed, with no statement recorded" in answer.text
