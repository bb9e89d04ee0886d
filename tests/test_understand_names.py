"""Names of every shape through the real reader: particles ("Ó", "Mac an"), letters that change
when capitalised ("ß"), middle initials, and the labels a transcript writes them in.

Every fixture is invented for these tests: people, places and parties.
"""

from __future__ import annotations

import pytest

from ingest.understand import Reading, Role

from .test_understand_labels import read
from .test_understand_labels import said as voice_of

TRANSCRIPT = """Following is a transcript of the Carrow Vale council debate.

NÍ FHEARGHAIL: Good evening, I'm Órla Ní Fhearghail, with my colleagues Tomás Ó Briain and
Greta Weißhaupt. Let's meet the candidates.

NÍ FHEARGHAIL: On the stage tonight are Ruadhán Mac an Bhreithimh, Ingrid Mhic Giolla Rua and
Dónal Brannock. First question to you, Mr Mac an Bhreithimh: will you cut the bus fares?

MAC AN BHREITHIMH: I will halve them in my first year.

Ó BRIAIN: Ms Mhic Giolla Rua, the same question to you?

MHIC GIOLLA RUA: Fares are not the problem; the timetable is. I am Ingrid K. Mhic Giolla Rua
and I approve this message.

WEISSHAUPT: Mr Brannock, what would you do about the timetable?

BRANNOCK: I would bring back the evening buses.

Ó BRIAIN: Mr Mac an Bhreithimh, how would you pay for the cut?

MAC AN BHREITHIMH: From the parking surplus, every penny of it.

WEISSHAUPT: And Ms Mhic Giolla Rua, would you keep the parking surplus for the buses?

MHIC GIOLLA RUA: I would keep it for the roads.
"""


@pytest.fixture(scope="module")
def transcript() -> Reading:
    return read(TRANSCRIPT)


@pytest.mark.parametrize("words, who", [
    ("halve them", "Ruadhán Mac an Bhreithimh"),
    ("parking surplus, every penny", "Ruadhán Mac an Bhreithimh"),
    ("the timetable is", "Ingrid Mhic Giolla Rua"),
    ("keep it for the roads", "Ingrid Mhic Giolla Rua"),
])
def test_a_label_in_capitals_is_the_full_name_with_its_particles(transcript, words, who):
    speaker, role = voice_of(transcript, words)
    assert (speaker, role) == (who, Role.CANDIDATE)


def test_a_surname_capitalised_with_other_letters_is_the_same_person(transcript):
    """"WEISSHAUPT" is how "Weißhaupt" is written in capitals."""
    assert voice_of(transcript, "what would you do about") == ("Greta Weißhaupt", Role.CHAIR)


def test_colleagues_the_host_names_with_particles_chair(transcript):
    assert voice_of(transcript, "the same question to you") == ("Tomás Ó Briain", Role.CHAIR)
    chairs = {p.name for p in transcript.people if p.role is Role.CHAIR}
    assert chairs == {"Órla Ní Fhearghail", "Tomás Ó Briain", "Greta Weißhaupt"}


def test_no_surname_alone_becomes_a_person_of_its_own(transcript):
    names = {p.name for p in transcript.people}
    assert not names & {"Mac An Bhreithimh", "Mhic Giolla Rua", "Weisshaupt", "Ó Briain"}


REPORT = """Meet the candidates at Lusk Bridge

Two candidates took part: Ailbhe Ó Duibhir for the Greens and the sitting councillor,
Marcus Penhale, for Labour. The forum was organised by the Lusk Bridge Residents' Society and
moderated by its secretary, Éimear Nic an Bhaird, who kept time strictly.

Ó Duibhir, getting her first chance to speak in a while, says the river path must be lit.
Penhale backs the new ferry "without hesitation". Ó Duibhir, Penhale and the audience all
agreed that the library should open on Sundays.
"""


@pytest.fixture(scope="module")
def report() -> Reading:
    return read(REPORT)


def test_a_party_written_for_after_a_name_makes_a_candidate(report):
    parties = {p.name: p.party for p in report.candidates}
    assert parties == {"Ailbhe Ó Duibhir": "Green", "Marcus Penhale": "Labour"}


def test_the_chair_named_after_her_post_is_the_chair(report):
    assert [p.name for p in report.people if p.role is Role.CHAIR] == ["Éimear Nic an Bhaird"]


def test_a_name_an_aside_and_a_verb_of_saying_is_the_speaker(report):
    assert voice_of(report, "river path must be lit")[0] == "Ailbhe Ó Duibhir"
    assert voice_of(report, "backs the new ferry")[0] == "Marcus Penhale"


def test_what_several_people_all_agreed_is_no_one_voice(report):
    assert voice_of(report, "library should open on Sundays")[0] is None
