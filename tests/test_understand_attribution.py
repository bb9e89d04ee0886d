"""Who said each sentence, through the real reader: one test per rule of the Attributor.

Every fixture is invented for these tests: people, places and parties.
"""

from __future__ import annotations

import pytest

from ingest.loaders import DocumentMeta, LoadedText
from ingest.understand import Reading, Role, read_loaded

# A list, so that these tests exercise attribution whatever the tagger makes of the names in
# prose (tests/test_understand_roster.py covers rosters written as sentences).
ROSTER = ("The evening was chaired by Lowenna Carne. Taking part were:\n\n"
          "- Ottilie Marsden (Labour)\n- Ruaridh Penkevil (Conservative)\n"
          "- Sabine Trethowan (Green Party)")


def read(body: str, title: str = "# Perranwell hustings", source: str = "doc.txt") -> Reading:
    text = f"{title}\n\n{ROSTER}\n\n{body}"
    return read_loaded(LoadedText(source, text, "text", DocumentMeta()))


def voice(reading: Reading, words: str) -> tuple[str | None, Role | None]:
    """Return (speaker, role) of the one sentence holding words."""
    found = [s for s in reading.sentences if words in s.text]
    assert len(found) == 1, (words, [s.text for s in reading.sentences])
    return found[0].speaker, found[0].role


def candidate(name: str) -> tuple[str, Role]:
    return name, Role.CANDIDATE


def not_a_candidate(got: tuple[str | None, Role | None]) -> bool:
    """Tell whether a sentence was given a role other than candidate (the chair may be named)."""
    return got[1] is not None and got[1] is not Role.CANDIDATE


@pytest.mark.parametrize("sentence", [
    "Ottilie Marsden said the harbour car park should be free after six.",
    "Ottilie Marsden says the harbour car park should be free after six.",
    "Ottilie Marsden has said the harbour car park should be free after six.",
    "Ottilie Marsden will argue that the harbour car park should be free after six.",
    "Marsden told the audience that the harbour car park should be free after six.",
    "According to Ottilie Marsden, the harbour car park should be free after six.",
    "The harbour car park should be free after six, according to Marsden.",
])
def test_reported_speech_in_any_tense_and_according_to(sentence):
    assert voice(read(sentence), "harbour car park") == candidate("Ottilie Marsden")


@pytest.mark.parametrize("paragraph", [
    "Ruaridh Penkevil said: “The lifeboat station must be funded properly.”",
    "“The lifeboat station must be funded properly,” said Ruaridh Penkevil.",
    "“The lifeboat station must be funded properly,” Penkevil said.",
    "“The lifeboat station,” Penkevil said, “must be funded properly.”",
])
def test_a_quote_with_its_tag_before_after_or_inside(paragraph):
    assert voice(read(paragraph), "must be funded properly") == candidate("Ruaridh Penkevil")


def test_the_sentences_of_a_quote_all_belong_to_its_tag():
    reading = read("“We cannot wait another decade for the bypass. The lorries shake the houses. "
                   "Families are scared,” said Sabine Trethowan.")
    for words in ("another decade", "lorries shake", "Families are scared"):
        assert voice(reading, words) == candidate("Sabine Trethowan")


def test_a_quote_running_over_two_paragraphs_keeps_its_speaker():
    reading = read("Ruaridh Penkevil said: “The lifeboat station must be funded properly. "
                   "Volunteers cannot keep paying for fuel.\n\n"
                   "“And the harbour wall is crumbling as we speak.”\n\n"
                   "The audience applauded.")
    assert voice(reading, "harbour wall is crumbling") == candidate("Ruaridh Penkevil")
    assert not_a_candidate(voice(reading, "The audience applauded"))


def test_a_pronoun_continues_the_person_of_its_gender():
    reading = read("Ottilie Marsden said she would reopen the library. Ruaridh Penkevil said he "
                   "would sell it.\n\n"
                   "She added that the library was the heart of the village.\n\n"
                   "He added that the roof alone would cost a fortune.")
    assert voice(reading, "heart of the village") == candidate("Ottilie Marsden")
    assert voice(reading, "roof alone would cost") == candidate("Ruaridh Penkevil")


def test_a_paragraph_goes_on_with_its_speaker_while_it_still_reports_them():
    reading = read("Sabine Trethowan argued that the bus to the hospital must run hourly. She "
                   "would fund it from the parking budget. “Patients are stranded,” she added.")
    assert voice(reading, "fund it from the parking budget") == candidate("Sabine Trethowan")


def test_a_paragraph_goes_on_with_its_speaker():
    reading = read("Sabine Trethowan argued that the bus to the hospital must run hourly. The "
                   "current timetable leaves patients stranded for most of the afternoon.")
    assert voice(reading, "leaves patients stranded") == candidate("Sabine Trethowan")


@pytest.mark.parametrize("after", [
    "This drew loud applause from the audience.",
    "I did not hear anyone disagree with her.",
])
def test_the_room_and_the_writer_after_reported_speech_are_no_candidates(after):
    reading = read("Sabine Trethowan argued that the bus to the hospital must run hourly. "
                   + after)
    speaker, role = voice(reading, after[:20])
    assert speaker is None and role is not Role.CANDIDATE


def test_survey_answers_under_a_name_heading_are_that_candidates():
    text = """# Perranwell river survey

Three candidates answered our questions:

- Ottilie Marsden (Labour)
- Ruaridh Penkevil (Conservative)
- Sabine Trethowan (Green Party)

## Ottilie Marsden (Labour)

Q1. Will you support a ban on sewage discharges?

Yes. The water company has had long enough to fix its pipes.

## Ruaridh Penkevil (Conservative)

Q1. Will you support a ban on sewage discharges?

Not a ban, but much bigger fines for every spill.
"""
    reading = read_loaded(LoadedText("survey.md", text, "text", DocumentMeta()))
    assert voice(reading, "long enough to fix its pipes") == candidate("Ottilie Marsden")
    assert voice(reading, "much bigger fines") == candidate("Ruaridh Penkevil")


def test_readers_comments_are_the_audience():
    reading = read("Ottilie Marsden said the harbour car park should be free after six.\n\n"
                   "## Comments\n\n"
                   "### Jago1958\n\n"
                   "Free parking will only fill the harbour with tourists.\n\n"
                   "### MaryP\n\n"
                   "I agree with Ottilie Marsden that it should be free.")
    assert voice(reading, "fill the harbour with tourists") == (None, Role.AUDIENCE)
    assert voice(reading, "I agree with Ottilie Marsden") == (None, Role.AUDIENCE)


def test_an_embedded_post_is_its_authors():
    reading = read("Sabine Trethowan posted during the debate:\n\n"
                   "The bypass route would flatten the oldest woodland in the parish.\n\n"
                   "— Sabine Trethowan (@sabinegreen) 4 May 2025\n\n"
                   "A resident replied online:\n\n"
                   "Nobody asked the farmers what they think about the woodland.\n\n"
                   "— Tamsin Bray (@tbray) 4 May 2025")
    assert voice(reading, "flatten the oldest woodland") == candidate("Sabine Trethowan")
    assert not_a_candidate(voice(reading, "Nobody asked the farmers"))


def test_a_candidate_describing_a_rivals_policy_is_the_describers():
    reading = read("Ruaridh Penkevil said Ottilie Marsden's plan to close the harbour road "
                   "would ruin the fishermen.\n\n"
                   "Sabine Trethowan claimed Marsden wants the road closed all summer.")
    assert voice(reading, "would ruin the fishermen") == candidate("Ruaridh Penkevil")
    assert voice(reading, "wants the road closed all summer") == candidate("Sabine Trethowan")


def test_the_chairs_lines_are_never_a_candidates():
    reading = read("Lowenna Carne opened the meeting and asked the candidates about parking.\n\n"
                   "Carne said each candidate would have two minutes.\n\n"
                   "The chair asked Ottilie Marsden to answer first.\n\n"
                   "Ottilie Marsden said the harbour car park should be free after six.")
    assert not_a_candidate(voice(reading, "each candidate would have two minutes"))
    assert not_a_candidate(voice(reading, "asked Ottilie Marsden to answer first"))
    assert voice(reading, "harbour car park") == candidate("Ottilie Marsden")


def test_an_audience_members_lines_are_never_a_candidates():
    reading = read("One fisherman asked Ruaridh Penkevil why the harbour dues had doubled.\n\n"
                   "A resident said the buses never come on Sundays.\n\n"
                   "Ruaridh Penkevil replied that the dues paid for the new pontoon.")
    assert not_a_candidate(voice(reading, "why the harbour dues had doubled"))
    assert not_a_candidate(voice(reading, "buses never come on Sundays"))
    assert voice(reading, "paid for the new pontoon") == candidate("Ruaridh Penkevil")


def test_the_reporters_narration_is_the_reporters():
    reading = read("About eighty people filled the chapel hall on a wet Thursday evening.\n\n"
                   "The meeting ran twenty minutes over time.\n\n"
                   "Ottilie Marsden said the harbour car park should be free after six.")
    for words in ("About eighty people", "twenty minutes over time", "chaired by Lowenna Carne"):
        assert voice(reading, words) == (None, Role.REPORTER)


def test_a_pronoun_after_an_audience_member_is_the_audience_members():
    reading = read("Mr Penkevil said he would ask the council to cut parking charges.\n\n"
                   "A crofter told the candidates that young people were leaving the village. "
                   "“My two sons have both moved away,” he said.")
    assert not_a_candidate(voice(reading, "young people were leaving the village"))
    assert not_a_candidate(voice(reading, "My two sons have both moved away"))
