"""Turn labels through the real reader: "NAME:", "Name (Party):", "• AB – ...", role labels.

Every fixture is invented for these tests: people, places and parties.
"""

from __future__ import annotations

import pytest

from ingest.loaders import DocumentMeta, LoadedText
from ingest.understand import Reading, Role, read_loaded


def read(text: str, source: str = "doc.txt") -> Reading:
    return read_loaded(LoadedText(source, text, "text", DocumentMeta()))


def said(reading: Reading, words: str) -> tuple[str | None, Role | None]:
    """Return (speaker, role) of the one sentence holding words."""
    found = [s for s in reading.sentences if words in s.text]
    assert len(found) == 1, (words, [s.text for s in reading.sentences])
    return found[0].speaker, found[0].role


TRANSCRIPT = """# Felmore ward debate: transcript

Taking part were Greta Lindholm (Green) and Owen Threlfall (Labour).

MODERATOR: Good evening and welcome to the Felmore ward debate.

GRETA LINDHOLM (GREEN): Thank you. I want to talk about the canal towpath tonight.

Owen Threlfall (Labour): The canal towpath needs lighting before anything else.

LINDHOLM: Lighting is part of my plan too, and so are benches.

CALLER: What about the overflowing bins on Kestrel Road every Monday?

Q: Will either of you promise to freeze the parish precept next year?

THRELFALL: I will not promise that tonight, because the budget is not settled.

PRESENTER: We have to leave it there for this evening.
"""


@pytest.fixture(scope="module")
def transcript() -> Reading:
    return read(TRANSCRIPT)


def test_a_name_and_party_label_makes_the_turn_that_candidates(transcript):
    assert said(transcript, "needs lighting before anything else") == (
        "Owen Threlfall", Role.CANDIDATE)


def test_an_uppercase_label_with_party_is_the_title_case_person(transcript):
    assert said(transcript, "I want to talk about the canal towpath") == (
        "Greta Lindholm", Role.CANDIDATE)
    names = [p.name for p in transcript.people]
    assert "GRETA LINDHOLM" not in names  # one person, not counted twice


def test_an_uppercase_surname_label_resolves_to_the_full_name(transcript):
    assert said(transcript, "so are benches") == ("Greta Lindholm", Role.CANDIDATE)
    assert said(transcript, "the budget is not settled") == ("Owen Threlfall", Role.CANDIDATE)


def test_the_sentences_after_a_label_in_its_paragraph_are_that_speakers(transcript):
    first = next(s for s in transcript.sentences if s.text.startswith("GRETA LINDHOLM"))
    rest = next(s for s in transcript.sentences if s.text.startswith("I want to talk"))
    assert first.speaker == rest.speaker == "Greta Lindholm"


@pytest.mark.parametrize(("words", "role"), [
    ("welcome to the Felmore ward debate", Role.CHAIR),
    ("We have to leave it there", Role.CHAIR),
    ("overflowing bins on Kestrel Road", Role.AUDIENCE),
])
def test_role_labels_give_a_role_and_no_person(transcript, words, role):
    assert said(transcript, words) == (None, role)


def test_a_q_label_is_a_question_not_a_candidates_statement(transcript):
    speaker, role = said(transcript, "freeze the parish precept")
    assert speaker is None and role is not Role.CANDIDATE


def test_role_labels_are_never_people(transcript):
    names = {p.name.lower() for p in transcript.people}
    assert not names & {"moderator", "caller", "q", "presenter"}
    assert {c.name for c in transcript.candidates} == {"Greta Lindholm", "Owen Threlfall"}


NOTES = """Notes of the Upper Denby hustings

Candidates present: Harriet Quaile (HQ, Independent) and Bernard Oduya (BO, Labour).
Chair: Nell Pryce.

• HQ – supports a 20mph limit on the high street.
• BO – opposed the limit and wants more parking.
• HQ – said the school run is the real danger.
• NP – thanked everyone and closed the meeting.
"""


@pytest.fixture(scope="module")
def notes() -> Reading:
    return read(NOTES)


@pytest.mark.parametrize(("words", "who"), [
    ("supports a 20mph limit", "Harriet Quaile"),
    ("opposed the limit and wants more parking", "Bernard Oduya"),
    ("the school run is the real danger", "Harriet Quaile"),
])
def test_dash_labels_with_initials_from_the_attendee_list(notes, words, who):
    assert said(notes, words) == (who, Role.CANDIDATE)


def test_initials_defined_in_the_list_are_aliases_of_candidates(notes):
    roster = {c.name: c for c in notes.candidates}
    assert set(roster) == {"Harriet Quaile", "Bernard Oduya"}
    assert "HQ" in roster["Harriet Quaile"].aliases
    assert roster["Bernard Oduya"].party == "Labour"  # not "BO, Labour"
    assert roster["Harriet Quaile"].party == "Independent"


def test_initials_defined_in_a_list_of_attendees_are_not_part_of_the_name():
    reading = read("Notes of the Upper Denby hustings\n\nCandidates present:\n\n"
                   "- Harriet Quaile (HQ), Independent\n- Bernard Oduya (BO), Labour\n\n"
                   "• HQ – supports a 20mph limit on the high street.\n"
                   "• BO – opposed the limit and wants more parking.\n")
    assert [(c.name, c.party) for c in reading.candidates] == [
        ("Harriet Quaile", "Independent"), ("Bernard Oduya", "Labour")]
    assert said(reading, "supports a 20mph limit") == ("Harriet Quaile", Role.CANDIDATE)


def test_the_chairs_initials_are_not_a_candidate(notes):
    assert notes.chairs == ("Nell Pryce",)
    role = said(notes, "thanked everyone and closed")[1]
    assert role is not Role.CANDIDATE


def test_a_dash_in_running_prose_is_not_a_label():
    reading = read("# Corrie Vale hustings\n\nTaking part were Mabel Ostrander (Green) and "
                   "Silas Penwarden (Labour).\n\nMabel Ostrander said the quarry – a local eyesore "
                   "– should close.\n")
    assert said(reading, "the quarry") == ("Mabel Ostrander", Role.CANDIDATE)
    assert not {p.name for p in reading.people} & {"Mabel Ostrander said the quarry", "the quarry"}


def test_a_heading_with_a_colon_is_not_a_speaker():
    reading = read("Brindle Cross hustings: event report\n\nTaking part were Ivo Strand (Labour) "
                   "and Petronella Hask (Green).\n\nIvo Strand said the footbridge must reopen "
                   "by spring. He promised a survey.\n")
    names = {p.name for p in reading.people}
    assert not any("Brindle" in n or "Hustings" in n.title() for n in names), names
    assert said(reading, "He promised a survey") == ("Ivo Strand", Role.CANDIDATE)


def test_a_labelled_line_of_details_is_not_a_turn():
    reading = read("# Orrin Bay hustings\n\nVenue: St Wenna's Hall\nDate: 3 May 2025\n\n"
                   "Taking part were Cleo Marrack (Labour) and Jory Tregunna (Green).\n\n"
                   "Cleo Marrack said the harbour wall needs repair.\n")
    assert {c.name for c in reading.candidates} == {"Cleo Marrack", "Jory Tregunna"}
    for words in ("St Wenna's Hall", "3 May 2025"):
        assert said(reading, words)[1] is not Role.CANDIDATE
