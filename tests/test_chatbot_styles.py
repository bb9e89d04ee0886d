"""Answers over round-ups in other styles: a Q&A transcript and a section per candidate."""

from __future__ import annotations

import shutil

import pytest

from .conftest import FIXTURES, build_index

STYLES = FIXTURES / "styles"


@pytest.fixture(scope="module")
def styles_bot(tmp_path_factory: pytest.TempPathFactory, embeddings):
    from bot.chatbot import Chatbot

    root = tmp_path_factory.mktemp("styles")
    corpus = root / "corpus"
    shutil.copytree(STYLES, corpus)
    return Chatbot(build_index(root / "index", [corpus]))


def cited_speakers(answer) -> set[str | None]:
    return {c.passage.speaker for c in answer.citations}


def test_answers_in_a_transcript_take_their_topic_from_the_question_asked(styles_bot):
    answer = styles_bot.ask("How do the candidates differ on renewable energy?")
    assert answer.answered
    assert {"Anna Penrose", "Derek Tregear", "Andrew Jory"} <= cited_speakers(answer)
    assert "Celtic Sea" in answer.text and "Tidal power" in answer.text
    assert answer.text.index("Andrew Jory") < answer.text.index("Anna Penrose")  # by surname


@pytest.mark.parametrize(("question", "speaker", "words"), [
    # a word form the question does not share ("coastal protection" / "protect the coast")
    ("What did Ruth Hollis say about coastal protection?", "Ruth Hollis", "erosion fund"),
    # what a candidate proposed needs no topic
    ("What did Carla Denton propose?", "Carla Denton", "broadband"),
])
def test_a_named_candidate_is_answered_from_their_statements(styles_bot, question, speaker,
                                                              words):
    answer = styles_bot.ask(question)
    assert answer.answered and cited_speakers(answer) == {speaker}
    assert words in answer.text


def test_a_place_named_only_in_the_title_is_not_an_unknown_person(styles_bot):
    answer = styles_bot.ask("How do the Penhallow candidates differ on protecting the coast?")
    assert answer.answered
    assert cited_speakers(answer) == {"Ruth Hollis", "Anna Penrose"}
    assert "Derek Tregear" in answer.text  # named as having no statement on it


def test_candidate_sections_give_the_roster(styles_bot):
    answer = styles_bot.ask("Who is the Labour candidate in Ashworth?")
    assert answer.answered and "Tom Ashcombe" in answer.text
    assert "Ruth Hollis" not in answer.text


def test_off_topic_is_still_declined(styles_bot):
    assert not styles_bot.ask("What is the capital of Peru?").answered


def test_what_the_bot_covers_lists_topics_not_candidates_or_questions(styles_bot):
    answer = styles_bot.ask("What is the capital of Peru?")
    assert not answer.answered and "Ashworth Central" in answer.text
    assert "denton" not in answer.text.lower() and "renewable energy?" not in answer.text


def test_a_party_follow_up_stays_at_the_hustings_just_discussed(styles_bot):
    from bot.answer import Turn

    first = styles_bot.ask("What did Ruth Hollis say about the coast?")
    follow = styles_bot.ask("What about the Green candidate?", [Turn(first.question, first)])
    assert follow.answered and cited_speakers(follow) == {"Anna Penrose"}
    assert "Carla Denton" not in follow.text  # the Green candidate at the other hustings


def test_declining_voting_advice_suggests_questions_about_these_sources(styles_bot):
    answer = styles_bot.ask("Who should I vote for?")
    assert not answer.answered
    assert "What did Tom Ashcombe say" in answer.text  # first by surname among those who spoke
    assert "skills" not in answer.text  # no topic these sources lack


def test_example_questions_use_topics_not_candidate_or_question_headings(styles_bot):
    from bot.web.guide import example_questions

    examples = example_questions(styles_bot.roster, styles_bot.passages)
    assert examples and not any("??" in q or "(Green)" in q for q in examples)
