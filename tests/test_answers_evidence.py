"""Answers over documents of several styles: evidence for rosters, people, events, topics."""

from __future__ import annotations

import shutil

import pytest

from .conftest import FIXTURES, build_index

DOCS = FIXTURES / "understand" / "docs"
ANSWERS = FIXTURES / "answers"


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, embeddings):
    from bot.chatbot import Chatbot

    root = tmp_path_factory.mktemp("evidence")
    shutil.copytree(DOCS, root / "corpus")
    for path in ANSWERS.iterdir():
        shutil.copy(path, root / "corpus")
    return Chatbot(build_index(root / "index", [root / "corpus"]))


def test_an_absence_is_answered_with_the_documents_own_reason(bot):
    answer = bot.ask("Which candidate didn't take part in the Kestrel Valley questionnaire, "
                     "and why?")
    assert answer.answered and "Trevor Gault" in answer.text
    assert "did not respond" in answer.text  # quoted from the document, not a category
    cited = " ".join(c.passage.text for c in answer.citations)
    assert "Trevor Gault, did not respond" in cited


def test_the_chair_is_cited_where_the_document_names_them(bot):
    answer = bot.ask("Who moderated the Marlow County Commission debate?")
    assert answer.answered and "Denise Albright" in answer.text
    assert any("Moderator: Denise Albright" in c.passage.text for c in answer.citations)


def test_the_speakers_cite_the_passage_that_lists_them(bot):
    answer = bot.ask("Which candidates took part in the Marlow County Commission debate?")
    assert answer.answered
    assert {"Raymond Kessler", "Luisa Ortega-Baines"} <= set(answer.people)
    assert any("Raymond Kessler (Republican)" in c.passage.text for c in answer.citations)


def test_a_result_is_declined_when_no_source_reports_one(bot):
    answer = bot.ask("Who won the Marlow County Commission District 3 election?")
    assert not answer.answered


def test_a_party_in_a_campaign_is_the_candidate_whose_words_answer(bot):
    # Labour stood at three of these events; "Scottish Labour" is asked about as "Labour".
    answer = bot.ask("What did the Labour candidate say about cancelled ferry sailings?")
    assert answer.answered
    assert {c.passage.speaker for c in answer.citations} == {"Kirsty Lamont"}


def test_a_follow_up_after_a_decline_stays_at_the_hustings_it_named(bot):
    from bot.answer import Turn

    first = bot.ask("What did Kirsty Lamont say about broadband in the Kilmoran hustings?")
    follow = bot.ask("And the Conservative candidate?", [Turn(first.question, first)])
    assert {c.passage.speaker for c in follow.citations} <= {"Alasdair Grant"}


def test_the_person_asked_about_wins_over_a_word_that_names_another_event(bot):
    # "Kilmoran" names another hustings; Raymond Kessler stood only at Marlow.
    answer = bot.ask("Kilmoran readers ask: what did Raymond Kessler say about taxes?")
    assert answer.answered
    assert {c.passage.speaker for c in answer.citations} == {"Raymond Kessler"}


@pytest.mark.parametrize("question", [
    "Did Ewan Drummond defend the delays to the new vessels?",
    "Would Ewan Drummond make the operator publish its freight booking rules?",
])
def test_a_named_candidates_own_words_on_part_of_the_topic_answer(bot, question):
    answer = bot.ask(question)
    assert answer.answered
    assert {c.passage.speaker for c in answer.citations} == {"Ewan Drummond"}


def test_a_named_candidate_with_nothing_on_the_topic_is_declined(bot):
    assert not bot.ask("What did Ewan Drummond say about wind farms?").answered


def test_a_refusal_is_answered_with_the_reason_that_follows_it(bot):
    answer = bot.ask("Which Dunmere candidate refused to take part, and why?")
    assert answer.answered and "Nell Corrigan" in answer.text
    assert "lobby groups" in answer.text  # the next sentence gives the reason


def test_candidates_running_together_are_listed_with_their_ticket(bot):
    answer = bot.ask("Which Dunmere candidates are running together on a ticket?")
    assert answer.answered
    assert "Dunmere First" in answer.text and {"Fen Harrow", "Gil Tamsworth"} <= set(
        answer.people)


def test_standing_as_an_independent_names_the_independent(bot):
    answer = bot.ask("Who is standing as an independent in Dunmere?")
    assert answer.answered and "Oswin Hale" in answer.text
    assert "Marta Lisle" not in answer.text


def test_a_questioner_introduced_by_name_speaks_the_next_sentence(bot):
    from ingest.understand import Role, read_file

    reading = read_file(ANSWERS / "dunmere-ward-candidates-evening.txt", "dunmere.txt")
    said = next(s for s in reading.sentences if "cut twice" in s.text)
    assert said.speaker == "Rosa Kemp" and said.role is Role.AUDIENCE


def test_words_from_the_floor_are_answered_by_role_never_as_a_candidates(bot):
    answer = bot.ask("Which Dunmere candidate said the hospital bus had been cut twice?")
    assert answer.answered and "From the audience" in answer.text
    cut = [c for c in answer.citations if "cut twice" in c.passage.text]
    assert cut and all(c.passage.speaker is None for c in cut)


def test_the_mayoral_candidates_are_those_the_list_says_stand_for_mayor(bot):
    answer = bot.ask("How did the mayoral candidates at the Corran Point forum differ on rates?")
    assert answer.answered
    cited = {c.passage.speaker for c in answer.citations}
    assert cited == {"Ruth Penhale", "Ivo Trask"}  # not the deputy mayor's, nor the others'


def test_a_party_at_several_hustings_without_a_telling_topic_asks_which(bot):
    answer = bot.ask("What did the Labour candidate say?")
    assert not answer.answered and answer.text.startswith("Which Labour candidate do you mean")
    for name in ("Kirsty Lamont", "Marion Fairclough", "Priyanka Sahota"):
        assert name in answer.text  # each with the hustings they stood at
    assert not answer.citations
