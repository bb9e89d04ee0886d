"""Unit tests for understanding questions and resolving follow-ups against rosters."""

import pytest

from bot.answer import Answer, Turn
from bot.asking.conversation import resolve
from bot.asking.intents import Intent
from bot.asking.question import analyse
from bot.roster import Roster
from ingest.loaders import load_file
from ingest.parse import parse_document

from .conftest import ROUNDUPS


@pytest.fixture(scope="module")
def roster():
    events = []
    for path in sorted(ROUNDUPS.iterdir()):
        loaded = load_file(path, path.name)
        events.append(parse_document(loaded.text, path.name).event)
    return Roster(events)


@pytest.mark.parametrize(("question", "intent"), [
    ("Who should I vote for?", Intent.VOTE_ADVICE),
    ("Which candidate is best on transport?", Intent.VOTE_ADVICE),
    ("Who are all the candidates?", Intent.CANDIDATES),
    ("Who is the Green candidate?", Intent.CANDIDATE_OF),
    ("Which party is Daniel Frost standing for?", Intent.PARTY_OF),
    ("Who spoke at the Bristol hustings?", Intent.SPEAKERS),
    ("Who chaired the debate?", Intent.MODERATOR),
    ("How do the candidates differ on flooding?", Intent.COMPARE),
    ("Who is Raj Patel?", Intent.PERSON),
    ("What did Olivia Reyes say about buses?", Intent.TOPIC),
])
def test_intents(roster, question, intent):
    assert analyse(question, roster).intent is intent


def test_people_by_full_name_surname_and_party(roster):
    a = analyse("What did Frost and Olivia Reyes say about buses?", roster)
    assert a.names == ("Daniel Frost", "Olivia Reyes")
    assert a.topic == "buses"
    assert analyse("What did the Lib Dem candidate say?", roster).parties == ("Liberal Democrats",)
    assert analyse("what about green spaces?", roster).parties == ()


def test_a_shared_first_name_is_ambiguous(roster):
    a = analyse("What did Sam say about cycling?", roster)
    assert a.names == ()
    assert set(a.ambiguous[0].names) == {"Sam Carter", "Sam Okafor"}


def test_events_found_by_place(roster):
    a = analyse("Who is the Labour candidate at the Leeds hustings?", roster)
    assert [e.title for e in roster.events if e.id in a.event_ids] == [
        "West Yorkshire Mayoral Climate Hustings"]
    assert "Leeds" not in a.topic


def test_unknown_names_are_reported_whole(roster):
    assert analyse("What did Boris Johnson say about Leeds?", roster).unknown_names[0] \
        == "Boris Johnson"


def turn(question, roster, **fields):
    return Turn(question, Answer(question=question, text="…", answered=True, **fields))


def test_standalone_questions_are_not_rewritten(roster):
    history = [turn("What did Olivia Reyes say about buses?", roster,
                    speakers=("Olivia Reyes",), topic="buses")]
    resolved = resolve("What did Daniel Frost say about flooding?", history, roster)
    assert not resolved.rewritten


def test_and_what_about_reuses_the_topic(roster):
    history = [turn("What did Olivia Reyes say about buses?", roster,
                    speakers=("Olivia Reyes",), topic="buses")]
    resolved = resolve("And what about Daniel Frost?", history, roster)
    assert resolved.rewritten and resolved.analysis.names == ("Daniel Frost",)
    assert "buses" in resolved.text


def test_pronouns_resolve_to_the_last_candidate(roster):
    history = [turn("What did Raj Patel say about broadband?", roster, speakers=("Raj Patel",),
                    topic="broadband")]
    resolved = resolve("What did he say about villages?", history, roster)
    assert resolved.text == "What did Raj Patel say about villages?"
    assert resolve("What is her job?", [turn("Who chaired it?", roster,
                                             people=("Grace Lindqvist",))], roster).text \
        == "What is Grace Lindqvist's job?"


def test_opponent_means_the_other_speakers_of_that_event(roster):
    history = [turn("What did Helen Marsh say about skills?", roster, speakers=("Helen Marsh",),
                    topic="skills")]
    resolved = resolve("What does her opponent think?", history, roster)
    assert set(resolved.analysis.names) == {"Sam Okafor", "Raj Patel"}
    assert "skills" in resolved.text
