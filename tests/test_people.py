"""Unit tests for finding speakers, parties, moderators and absentees in sentences."""

import pytest

from ingest.affiliations import absentee_names, parenthetical_parties, parse_roster_line
from ingest.parties import normalise_party
from ingest.people import find_attribution, moderator_names, resolve_name


@pytest.mark.parametrize(("sentence", "who"), [
    ("Lee Dargue emphasised that buses come first.", "Lee Dargue"),
    ("Asked about housing, Mia Ford argued that rents must fall.", "Mia Ford"),
    ("Tom Hale (Labour) also pointed out that trams are late.", "Tom Hale"),
    ("Tom Hale, the Labour candidate, insisted on more trams.", "Tom Hale"),
    ("According to Mia Ford, rents must fall.", "Mia Ford"),
    ("Mia Ford: we will cap rents.", "Mia Ford"),
])
def test_attribution_finds_the_speaker(sentence, who):
    found = find_attribution(sentence, set())
    assert found is not None and found.name == who and not found.pronoun


def test_first_name_attribution_needs_a_known_person_for_unlisted_verbs():
    assert find_attribution("Mia highlighted the cost of rent.", {"Mia"}).name == "Mia"
    assert find_attribution("Mia also said rents are high.", set()).name == "Mia"


def test_pronoun_attribution_is_marked():
    found = find_attribution("She added that the plan was costed.", set())
    assert found is not None and found.pronoun


@pytest.mark.parametrize("sentence", [
    "The hustings started with an opening statement from each candidate.",
    "We were joined by Mia Ford (Green) and Tom Hale (Labour).",
    "Efforts are underway across Greater Manchester to retrain adults.",
    "The plan, which Mia Ford said was costed, was published.",
])
def test_no_attribution_without_an_opening_speaker(sentence):
    assert find_attribution(sentence, set()) is None


def test_parties_in_parentheses_and_phrases():
    text = ("We heard from Mia Ford (Green Party), Labour's Tom Hale and Conservative candidate "
            "Ann Brook; Raj Iyer, the Reform UK candidate, sent a statement.")
    pairs = dict(parenthetical_parties(text))
    assert pairs["Mia Ford"] == "Green"
    assert pairs["Tom Hale"] == "Labour"
    assert pairs["Ann Brook"] == "Conservative"
    assert pairs["Raj Iyer"] == "Reform UK"


@pytest.mark.parametrize(("line", "expected"), [
    ("Liberal Democrats Jo Swale", ("Jo Swale", "Liberal Democrats")),
    ("Reform UK Raj Iyer", ("Raj Iyer", "Reform UK")),
    ("Jo Swale (Liberal Democrat Party)", ("Jo Swale", "Liberal Democrats")),
    ("Ann Brook – Conservative", ("Ann Brook", "Conservative")),
    ("Labour Co-op Tom Hale", ("Tom Hale", "Labour Co-op")),
    ("Upcoming events", None),
])
def test_roster_lines(line, expected):
    assert parse_roster_line(line, set()) == expected


def test_party_names_are_normalised():
    assert normalise_party("Liberal Democrats Party") == normalise_party("Lib Dems") \
        == "Liberal Democrats"
    assert normalise_party("The Green Party") == "Green"
    assert normalise_party("Conservatives") == "Conservative"


def test_moderators_and_absentees():
    assert moderator_names("The debate was moderated by the BBC's political editor, Kay Burley.") \
        == ["Kay Burley"]
    assert moderator_names("Our chair, Kay Burley, opened the evening.") == ["Kay Burley"]
    assert moderator_names("On 10 May we will host a Tech Hustings for Leeds.") == []
    assert absentee_names("Ann Brook (Conservative) was invited but unwell.") == ["Ann Brook"]


def test_resolving_short_names_prefers_the_latest_mention():
    people = ["Sam Carter", "Sam Okafor", "Mia Ford"]
    assert resolve_name("Ford", people, []) == "Mia Ford"
    assert resolve_name("Sam", people, []) is None  # ambiguous without context
    assert resolve_name("Sam", people, ["Sam Carter", "Mia Ford", "Sam Okafor"]) == "Sam Okafor"


@pytest.mark.parametrize(("sentence", "who"), [
    ("“We will cap rents,” said Mia Ford.", "Mia Ford"),
    ("“Trams first,” Tom Hale argued.", "Tom Hale"),
    ("Mr Hale said trams come first.", "Hale"),
    ("Conservative candidate Ann Brook warned of higher taxes.", "Ann Brook"),
    ("The Labour candidate Tom Hale said trams come first.", "Tom Hale"),
])
def test_attribution_in_journalistic_forms(sentence, who):
    found = find_attribution(sentence, set())
    assert found is not None and found.name == who


def test_transcript_capitals_resolve_to_the_person():
    assert resolve_name("MIA FORD", ["Mia Ford", "Tom Hale"], []) == "Mia Ford"


KNOWN = {"Tom Hale", "Tom", "Hale", "Mia Ford", "Mia", "Ford"}


@pytest.mark.parametrize(("sentence", "who"), [
    ("Tom Hale was keen to stress that buses matter.", "Tom Hale"),
    ("Tom Hale's view was that buses matter.", "Tom Hale"),
    ("For Tom Hale, the priority is buses.", "Tom Hale"),
    ("Mia Ford went further, calling for free buses.", "Mia Ford"),
    ("Mia Ford is committed to free buses.", "Mia Ford"),
    ("Mia Ford made the case for buses.", "Mia Ford"),
    ("Mia Ford took a different view.", "Mia Ford"),
    ("Mia Ford reckons buses matter.", "Mia Ford"),
    ("Mia Ford would introduce free buses.", "Mia Ford"),
    ("Mia Ford hit back, saying buses matter.", "Mia Ford"),
    ("The Green Party's Mia Ford said buses matter.", "Mia Ford"),
    ("Labour's Tom Hale said buses matter.", "Tom Hale"),
    ("Mia Ford plans to cut fares.", "Mia Ford"),
    ("Mia Ford was unable to attend.", None),
    ("Mia Ford would have attended but was unwell.", None),
    ("Mia Ford is the Green candidate.", None),
    ("Mia Ford and Tom Hale both spoke.", None),
    ("Tom Hale was elected in 2019.", None),
])
def test_stances_and_intentions_of_known_people_are_theirs(sentence, who):
    found = find_attribution(sentence, KNOWN)
    assert (found.name if found else None) == who


def test_a_stance_of_someone_unknown_is_not_speech():
    assert find_attribution("Greater Manchester would benefit from buses.", set()) is None
