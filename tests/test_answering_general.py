"""Unit tests of general answering mechanisms: whole thoughts, the question put before an
answer, topic words, parties and intents (no embedding model needed)."""

import pytest

from bot.asking.intents import Intent, intent_of
from bot.asking.question import analyse, topic_terms
from bot.roster import Roster
from bot.search.retrieval import exchanges
from bot.search.sentences import thought_groups
from ingest.model import Event, Passage, PassageKind, Speaker


def _passage(n: int, text: str, speaker: str | None = None, role: str | None = None
             ) -> Passage:
    return Passage(id=f"p{n}", text=text, source="doc.txt", event_id="e", event="Forum",
                   section=None, speaker=speaker, party=None,
                   kind=PassageKind.SPEECH if speaker else PassageKind.NARRATION, start=n,
                   end=n + 1, ordinal=n, role=role)


@pytest.fixture(scope="module")
def roster() -> Roster:
    event = Event(id="e", title="Kestrel Vale hustings", source="doc.txt",
                  candidates=(Speaker("Orla Brenin", "Independent", spoke=True),
                              Speaker("Tam Ruddock", "Labour", spoke=True)),
                  keywords=("kestrel", "vale"))
    return Roster([event])


def test_a_short_turn_is_one_thought():
    texts = ["I'd just say, the campaigners have been saying this for years.",
             "Publish a timetable, month by month."]
    assert thought_groups(texts) == [[0, 1]]


def test_a_long_turn_keeps_its_thoughts_apart():
    texts = ["The council has spent two years and a great deal of money on consultants "
             "who told it what every driver on the ring road already knew about the junction.",
             "My first act would be to publish every contract online, so that residents can "
             "see for themselves where their money is going and hold the council to account."]
    assert thought_groups(texts) == [[0], [1]]


def test_a_sentence_opening_with_additionally_carries_on():
    texts = ["The proposed baccalaureate would make computer science compulsory for every "
             "pupil in the region from the age of fourteen, alongside the usual subjects.",
             "Additionally, engineering is highlighted as a component deserving inclusion "
             "within this framework, with placements in local firms for every sixth former."]
    assert thought_groups(texts) == [[0, 1]]


def test_a_rhetorical_question_answered_at_once_stays_in_its_thought():
    texts = ["I prepared for this debate, and I am proud that I did so with the whole team.",
             "And you know what else I prepared for?", "I prepared to be President.",
             "That is what the country deserves from whoever stands on this stage tonight."]
    assert [0, 1, 2] in thought_groups(texts)


def test_a_question_put_to_a_candidate_is_never_part_of_their_answer():
    texts = ["Q2. Allotments: I would double the number of plots in the ward by 2030.",
             "**Q3. What would you do about street lighting?**", "No answer given."]
    assert all(1 not in group for group in thought_groups(texts))


def test_a_bracketed_timestamp_does_not_end_the_exchange():
    passages = [_passage(0, "QUESTIONER: When will the mountain road reopen for good?",
                         role="audience"),
                _passage(1, "GRANT: I can't give you a date.", "Ann Grant"),
                _passage(2, "[00:21:12]", role="other"),
                _passage(3, "FERRIE: Publish a timetable, month by month.", "Dan Ferrie")]
    put = exchanges(passages)
    assert put["p3"].key == "p0" and "mountain road" in put["p3"].prompt


def test_a_live_pages_time_stamp_opens_a_new_exchange():
    passages = [_passage(0, "Buses. The chair asks about fares.", role="chair"),
                _passage(1, "Ruddock wants a flat fare.", "Tam Ruddock"),
                _passage(2, "7.58pm", role="other"),
                _passage(3, "Ruddock repeats his parking pledge.", "Tam Ruddock")]
    assert exchanges(passages)["p3"].key == "p2"


def test_a_party_named_before_an_office_names_its_candidate(roster):
    assert roster.find_parties("What would the independent mayoral candidate do?") == [
        "Independent"]
    assert roster.find_parties("Is there an independent review of the plan?") == []


def test_a_bare_first_name_that_names_the_place_is_no_person():
    event = Event(id="e", title="York mayoral debate", source="doc.txt",
                  candidates=(Speaker("York Bailey", "Green", spoke=True),),
                  keywords=("york",))
    assert Roster([event]).find_people("Where do the York candidates stand on buses?") == []


def test_how_long_asks_an_amount_not_a_topic(roster):
    assert "long" not in analyse("How long did each candidate get to speak?", roster).topic


def test_a_form_of_a_stopword_is_no_topic_word():
    assert topic_terms("letting asylum seekers work", set()) == ["asylum", "seeker", "work"]


@pytest.mark.parametrize(("question", "intent"), [
    ("Who took part in the town hall, and who hosted it?", Intent.SPEAKERS),
    ("Which party leaders took part in the debate?", Intent.SPEAKERS),
    ("Who hosted the town hall?", Intent.MODERATOR),
    ("How would the mayoral candidates help young families buy a home?", Intent.COMPARE),
])
def test_intents_of_questions_asking_two_things_or_about_everyone(question, intent):
    assert intent_of(question, (), ()) is intent
