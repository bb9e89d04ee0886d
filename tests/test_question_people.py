"""People and events in questions: descriptors, rivals by party, follow-ups kept at one event."""

from __future__ import annotations

import pytest

from bot.answer import Answer, Citation, Turn
from bot.asking.conversation import resolve
from bot.asking.intents import Intent
from bot.asking.question import analyse
from bot.roster import Roster
from ingest.model import Event, Passage, PassageKind, Speaker


def _event(eid: str, title: str, *candidates: Speaker) -> Event:
    return Event(id=eid, title=title, source=f"{eid}.md", candidates=candidates,
                 keywords=tuple(title.split()))


@pytest.fixture(scope="module")
def roster() -> Roster:
    return Roster([
        _event("e1", "Marlow Vale hustings",
               Speaker("Ruth Amberley", "Labour", True, descriptors=("retired midwife",)),
               Speaker("Colin Dray", "Green Party", True, descriptors=("sitting councillor",)),
               Speaker("Imran Voss", "Conservative", True,
                       descriptors=("24-year-old bus mechanic",))),
        _event("e2", "Kestrel Bay forum",
               Speaker("Nora Bellweather", "Green Party", True,
                       descriptors=("oyster farmer",)),
               Speaker("Pavel Quint", "Labour", True, descriptors=("sitting councillor",))),
    ])


def _turn(question: str, speaker: str, event: Event) -> Turn:
    passage = Passage(id=f"{event.id}-1", text="…", source=event.source, event_id=event.id,
                      event=event.title, section=None, speaker=speaker, party=None,
                      kind=PassageKind.SPEECH, start=0, end=1, ordinal=0)
    return Turn(question, Answer(question=question, text="…", answered=True,
                                 citations=(Citation(1, passage, 1.0),), speakers=(speaker,),
                                 topic="buses"))


def test_a_descriptor_names_the_person_it_describes(roster):
    a = analyse("What did the retired midwife say about buses?", roster)
    assert a.names == ("Ruth Amberley",)
    assert "midwife" not in a.topic and "buses" in a.topic
    assert analyse("What did the Oyster Farmer propose?", roster).names == ("Nora Bellweather",)


def test_a_descriptor_two_people_share_is_ambiguous(roster):
    a = analyse("What did the sitting councillor say about parking?", roster)
    assert a.names == ()
    assert set(a.ambiguous[0].names) == {"Colin Dray", "Pavel Quint"}


def test_a_rival_by_party_is_that_party_at_the_same_event(roster):
    first = _turn("What did Ruth Amberley say about buses?", "Ruth Amberley", roster.events[0])
    resolved = resolve("How did her Green rival answer the same question?", [first], roster)
    assert resolved.analysis.parties == ("Green Party",)
    assert resolved.analysis.event_ids == ("e1",)  # not the Green candidate at Kestrel Bay
    assert "buses" in resolved.analysis.topic  # "answer the same question" asks for a reply


def test_a_follow_up_stays_at_the_event_unless_it_names_someone_elsewhere(roster):
    first = _turn("What did Colin Dray say about buses?", "Colin Dray", roster.events[0])
    assert resolve("And the Labour candidate?", [first], roster).analysis.event_ids == ("e1",)
    elsewhere = resolve("What about Nora Bellweather?", [first], roster).analysis
    assert elsewhere.names == ("Nora Bellweather",) and elsewhere.event_ids == ()


@pytest.mark.parametrize("question", [
    "What did the candidates at the Marlow Vale hustings say about potholes?",
    "What do the Kestrel Bay candidates think about ferries?",
    "How would each of the candidates tackle flooding?",
])
def test_what_the_candidates_said_is_a_comparison(roster, question):
    assert analyse(question, roster).intent is Intent.COMPARE


@pytest.mark.parametrize("question", [
    "Which candidates answered the survey?", "Which candidates spoke at Marlow Vale?"])
def test_who_answered_is_who_took_part(roster, question):
    assert analyse(question, roster).intent is Intent.SPEAKERS


def test_and_what_about_a_topic_keeps_the_person(roster):
    first = _turn("What did Imran Voss say about buses?", "Imran Voss", roster.events[0])
    resolved = resolve("And what about parking?", [first], roster)
    assert resolved.analysis.names == ("Imran Voss",) and "parking" in resolved.analysis.topic



def test_the_head_of_a_long_descriptor_names_its_one_person(roster):
    a = analyse("What's the young bus mechanic saying about depots?", roster)
    assert a.names == ("Imran Voss",) and "depots" in a.topic


@pytest.mark.parametrize(("question", "why"), [
    ("Why wasn't Ruth Amberley on stage?", True),
    ("Why did Colin Dray miss the hustings?", True),
    ("Why does Ruth Amberley say she is running?", False),
])
def test_asking_why_someone_was_absent_needs_a_negative_or_an_absence(roster, question, why):
    assert analyse(question, roster).asks_why_absent is why
