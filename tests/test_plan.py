"""The plan of a question, made once and without the search: kinds, people, events, filters,
follow-ups. Pure: rosters and passages built here, no index and no embedding model."""

from __future__ import annotations

import pytest

from bot.answer import Answer, Filters, Turn
from bot.asking.conversation import resolve
from bot.asking.corpus import Corpus
from bot.asking.plan import Kind, Plan, route
from bot.roster import Roster
from ingest.errors import QuestionError
from ingest.model import NOT_RECORDED, Event, Passage, PassageKind, Speaker
from ingest.text import search_terms

ASHGROVE = Event(id="e1", title="Ashgrove Hustings", source="ashgrove.md", date="2026-03-04",
                 keywords=("Ashgrove",), sections=("Housing", "Buses"), moderators=("Dee Fenn",),
                 candidates=(Speaker("Ada Quill", "Green Party", True),
                             Speaker("Ben Rook", "Labour", True),
                             Speaker("Cy Dunn", "Reform UK", False),
                             Speaker("Gil Ames", "Conservative", False)))
MILLBROOK = Event(id="e2", title="Millbrook Forum", source="millbrook.md", keywords=("Millbrook",),
                  sections=("Parking",),
                  candidates=(Speaker("Eve Marsh", "Green Party", True),
                              Speaker("Finn Hale", "Labour", True),
                              Speaker("Ivo Lamb", "Conservative", False, NOT_RECORDED)))
SAID = [  # (event, section, speaker, text)
    (ASHGROVE, "Housing", "Ada Quill", "Ada Quill wants 400 council homes on brownfield land."),
    (ASHGROVE, "Housing", "Ben Rook", "Ben Rook promised rent controls within a year."),
    (ASHGROVE, "Buses", "Ada Quill", "Ada Quill would franchise the buses across Ashgrove."),
    (ASHGROVE, "Buses", "Ben Rook", "Ben Rook wants a two pound fare cap on every route."),
    # read out for the absent Reform candidate: theirs
    (ASHGROVE, "Buses", "Cy Dunn", "In a statement read out, Cy Dunn called for free parking."),
    (MILLBROOK, "Parking", "Eve Marsh", "Eve Marsh wants residents' permits in the old town."),
    (MILLBROOK, "Parking", "Finn Hale", "Finn Hale would build a park and ride."),
]


def _passage(n: int, event: Event, section: str, speaker: str, text: str) -> Passage:
    return Passage(id=f"p{n}", text=text, source=event.source, event_id=event.id,
                   event=event.title, section=section, speaker=speaker, party=None,
                   kind=PassageKind.SPEECH, start=0, end=len(text), ordinal=n)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    passages = [_passage(n, *said) for n, said in enumerate(SAID)]
    vocabulary = {t for p in passages for t in search_terms(p.text)}
    return Corpus(Roster([ASHGROVE, MILLBROOK]), passages, vocabulary)


def plan_of(corpus: Corpus, question: str, history: list[Turn] | None = None,
            filters: Filters | None = None) -> Plan:
    resolved = resolve(question, history or [], corpus.roster)
    return route(question, resolved, filters or Filters(), corpus)


def earlier(question: str, kind: str, events: tuple[str, ...], speakers: tuple[str, ...] = (),
            compared: tuple[str, ...] = (), topic: str = "") -> Turn:
    """A turn of the conversation so far, as the Chatbot records it."""
    return Turn(question, Answer(question=question, text="…", answered=True, kind=kind,
                                 events=events, speakers=speakers, compared=compared,
                                 standalone=question, topic=topic))


@pytest.mark.parametrize("question", ["Who won the election?", "Who will win Ashgrove?",
                                      "Which party came first in the vote?"])
def test_the_result_of_the_vote_is_always_declined(corpus, question):
    plan = plan_of(corpus, question)
    assert plan.kind is Kind.DECLINE and "who won" in (plan.reply or "")


def test_a_claim_to_have_won_a_debate_is_not_a_question_about_the_result(corpus):
    assert plan_of(corpus, "Ada Quill claimed she won the argument on buses, didn't she?"
                   ).kind is not Kind.DECLINE


def test_voting_advice_is_declined(corpus):
    assert plan_of(corpus, "Who should I vote for?").kind is Kind.DECLINE
    assert plan_of(corpus, "Should I give Ada Quill my first preference vote?"
                   ).kind is Kind.DECLINE


def test_a_named_candidate_is_asked_about_where_they_stood_without_their_name(corpus):
    plan = plan_of(corpus, "What did Ada Quill say about buses?")
    assert plan.kind is Kind.PERSON and plan.people == ("Ada Quill",)
    assert plan.events == ("e1",) and "Ada" not in plan.query and "buses" in plan.query
    assert plan.topic == "buses"


def test_a_candidate_who_did_not_take_part_is_declined_citing_the_list(corpus):
    plan = plan_of(corpus, "What did Gil Ames say about housing?")
    assert plan.kind is Kind.DECLINE and [e.name for e in plan.cite] == ["Gil Ames"]
    assert "did not take part" in (plan.reply or "")


def test_a_candidate_listed_with_no_statement_is_not_said_to_have_stayed_away(corpus):
    plan = plan_of(corpus, "What did Ivo Lamb say about parking?")
    assert plan.kind is Kind.DECLINE and "record no statement" in (plan.reply or "")
    assert "did not take part" not in (plan.reply or "")  # the account does not say so


def test_a_statement_read_out_for_an_absent_candidate_counts_as_theirs(corpus):
    plan = plan_of(corpus, "What did Cy Dunn say about parking?")
    assert plan.kind is Kind.PERSON and plan.people == ("Cy Dunn",)


def test_a_name_owning_the_topic_is_not_who_is_asked_about(corpus):
    plan = plan_of(corpus, "What did Ada Quill say about Ben Rook's fare cap?")
    assert plan.kind is Kind.PERSON and plan.people == ("Ada Quill",)
    assert "Ben Rook" in plan.query


def test_comparing_the_candidates_covers_those_who_took_part_there(corpus):
    plan = plan_of(corpus, "How do the candidates at the Ashgrove hustings differ on housing?")
    assert plan.kind is Kind.COMPARE and plan.events == ("e1",)
    assert set(plan.people) == {"Ada Quill", "Ben Rook", "Cy Dunn"}


def test_a_fact_about_a_candidate_is_asked_of_the_sentences_naming_them(corpus):
    assert plan_of(corpus, "Does Ada Quill live in Ashgrove?").kind is Kind.PROFILE
    assert plan_of(corpus, "Does Ada Quill want more council homes?").kind is Kind.PERSON
    assert plan_of(corpus, "Who is Ben Rook?").kind is Kind.PROFILE


def test_a_follow_up_keeps_the_event_and_the_people_compared(corpus):
    first = earlier("How do the candidates differ on housing?", "compare", ("e1",),
                    ("Ada Quill", "Ben Rook"), ("Ada Quill", "Ben Rook"), "housing")
    plan = plan_of(corpus, "And what about buses?", [first])
    assert plan.kind is Kind.COMPARE and set(plan.people) == {"Ada Quill", "Ben Rook"}
    assert plan.events == ("e1",)


def test_a_follow_up_keeps_the_person_or_the_event_unless_it_names_others(corpus):
    first = earlier("What did Ada Quill say about housing?", "person", ("e1",), ("Ada Quill",),
                    topic="housing")
    same = plan_of(corpus, "And what about buses?", [first])
    assert same.people == ("Ada Quill",) and same.events == ("e1",)
    party = plan_of(corpus, "And the Labour candidate?", [first])
    assert party.people == ("Ben Rook",)  # Ashgrove's, not Millbrook's Finn Hale
    elsewhere = plan_of(corpus, "What did Eve Marsh say about parking?", [first])
    assert elsewhere.people == ("Eve Marsh",) and elsewhere.events == ("e2",)


def test_it_in_a_follow_up_is_what_the_conversation_was_about(corpus):
    first = earlier("What did Ada Quill say about the fare cap?", "person", ("e1",),
                    ("Ada Quill",), topic="fare cap")
    plan = plan_of(corpus, "Why does she think it matters?", [first])
    assert plan.people == ("Ada Quill",) and "fare cap" in plan.standalone


def test_a_speaker_filter_answers_from_that_candidate_and_says_so(corpus):
    plan = plan_of(corpus, "What was said about buses?", filters=Filters(speaker="Ben Rook"))
    assert plan.kind is Kind.PERSON and plan.people == ("Ben Rook",)
    assert plan.notice == "Showing only Ben Rook."


def test_a_question_about_someone_else_under_a_speaker_filter_says_so(corpus):
    plan = plan_of(corpus, "What did Ada Quill say about buses?",
                   filters=Filters(speaker="Ben Rook"))
    assert plan.kind is Kind.DECLINE
    assert "Ben Rook" in (plan.reply or "") and "Ada Quill" in (plan.reply or "")
    party = plan_of(corpus, "What did the Green candidate say about buses?",
                    filters=Filters(speaker="Ben Rook"))
    assert party.kind is Kind.DECLINE and "Ada Quill" in (party.reply or "")


def test_a_question_about_another_hustings_under_an_event_filter_says_so(corpus):
    plan = plan_of(corpus, "What did the candidates at the Ashgrove hustings say about buses?",
                   filters=Filters(event="Millbrook Forum"))
    assert plan.kind is Kind.DECLINE and "Millbrook Forum" in (plan.reply or "")


@pytest.mark.parametrize(("filters", "named"), [
    (Filters(speaker="Nobody Real"), "Nobody Real"),
    (Filters(event="The Moon Hustings"), "The Moon Hustings"),
    (Filters(section="Space travel"), "Space travel"),
    (Filters(speaker="Eve Marsh", event="Ashgrove Hustings"), "Eve Marsh"),
])
def test_an_unknown_filter_value_is_a_clear_error(corpus, filters, named):
    with pytest.raises(QuestionError, match=named) as raised:
        plan_of(corpus, "What was said about buses?", filters=filters)
    assert "choose" in str(raised.value)
