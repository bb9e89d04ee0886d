"""The reader on the kinds of account issue 17 names, each written here with invented people.

One small document per way real accounts broke the reader: who the cast is, and who said each
sentence. Every name, place and party line is invented for these tests.
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


def candidates(reading: Reading) -> set[str]:
    return {p.name for p in reading.candidates}


def role_of(reading: Reading, name: str) -> Role | None:
    return next((p.role for p in reading.people if p.name == name), None)


TV_DEBATE = """Transcript of the Vale of Orrin debate, as broadcast.

MARSH: Good evening, I'm Petra Marsh, with my colleague Idris Fenwick. Tonight the candidates for
Vale of Orrin face your questions. From left to right, Councillor Owain Treharne-Bligh.

(APPLAUSE)

Ms. Sinéad Ó Briain.

(APPLAUSE)

And Mr. Tomasz MacAulay.

(APPLAUSE)

MARSH: Councillor Treharne-Bligh, what would you do about the ferry?

TREHARNE-BLIGH: I would bring the ferry back into public hands within a year.

And I would freeze the fares while we do it.

FENWICK: Ms. Ó Briain, the same question to you?

Ó BRIAIN: The ferry needs a new pier before anything else, and I have costed it.

MACAULAY: I disagree with both of them. The ferry should be run by the islanders' own trust.

FENWICK: We will come back to that. Councillor, one word on the school?

TREHARNE-BLIGH: Open.

MARSH: Ms. Ó Briain?

Ó BRIAIN: Open, and properly staffed.

MARSH: Mr. MacAulay?

MACAULAY: Open, but merged with the one at Brack.
"""


@pytest.fixture(scope="module")
def tv() -> Reading:
    return read(TV_DEBATE)


def test_uppercase_surname_labels_with_candidates_introduced_in_speech(tv):
    assert candidates(tv) == {"Owain Treharne-Bligh", "Sinéad Ó Briain", "Tomasz MacAulay"}
    assert said(tv, "public hands") == ("Owain Treharne-Bligh", Role.CANDIDATE)
    assert said(tv, "new pier") == ("Sinéad Ó Briain", Role.CANDIDATE)
    assert said(tv, "islanders' own trust") == ("Tomasz MacAulay", Role.CANDIDATE)


def test_the_host_and_the_colleague_they_introduce_chair(tv):
    assert role_of(tv, "Petra Marsh") is Role.CHAIR
    assert role_of(tv, "Idris Fenwick") is Role.CHAIR
    assert said(tv, "same question to you")[1] is Role.CHAIR


def test_a_turn_goes_on_over_its_unlabelled_paragraph(tv):
    assert said(tv, "freeze the fares") == ("Owain Treharne-Bligh", Role.CANDIDATE)


def test_a_stage_direction_is_no_title_or_section(tv):
    assert "APPLAUSE" not in tv.title
    assert all("APPLAUSE" not in (s.section or "") for s in tv.sentences)


MINUTES = """Ardnish Community Council: hustings notes

Present (candidates, with the initials used in these notes):

Roisin Delacourt-Amos (RDA), Green Party
Hamish Ferrier (HF), Labour
Eilidh Carmody (EC), Independent

1. Questions

Q1 (from a crofter at Bayhead): What will you do about the ferry timetable?

{turns}

{follow_up}

2. Close

The chair thanked everyone. The meeting closed at 9pm.
""".format(  # each paragraph one line, as PDF reflow leaves them
    turns="RDA: wants an hourly summer service. Said HF's plan would cost the council its "
          "reserves. HF: disagreed; the council can borrow for the new pier. EC: would ask "
          "the islanders first.",
    follow_up="Follow-up from the floor (a teacher from Kyle): would anyone keep the school "
              "bus? RDA: yes, without question.")


@pytest.fixture(scope="module")
def minutes() -> Reading:
    return read(MINUTES, "notes.pdf")


def test_roster_lines_after_a_colon_are_the_list_not_headings(minutes):
    assert candidates(minutes) == {"Roisin Delacourt-Amos", "Hamish Ferrier", "Eilidh Carmody"}
    assert all(s.section != "Eilidh Carmody (EC), Independent" for s in minutes.sentences)


def test_initials_labels_inside_a_reflowed_paragraph(minutes):
    assert said(minutes, "hourly summer service") == ("Roisin Delacourt-Amos", Role.CANDIDATE)
    assert said(minutes, "can borrow for the new pier") == ("Hamish Ferrier", Role.CANDIDATE)
    assert said(minutes, "ask the islanders first") == ("Eilidh Carmody", Role.CANDIDATE)


def test_a_question_from_the_floor_inside_a_paragraph_is_the_audience(minutes):
    assert said(minutes, "keep the school bus")[1] is Role.AUDIENCE
    assert said(minutes, "without question") == ("Roisin Delacourt-Amos", Role.CANDIDATE)


def test_a_phrase_opening_with_a_verb_and_initials_is_no_person(minutes):
    assert not any("Said" in p.name for p in minutes.people)
    assert said(minutes, "cost the council its reserves") == ("Roisin Delacourt-Amos",
                                                              Role.CANDIDATE)


def test_the_close_of_the_minutes_is_no_candidates(minutes):
    assert said(minutes, "closed at 9pm")[0] is None


REPORT = """Candidates clash over Kelmscott bypass

Four candidates for Kelmscott West spoke at St. Barnabas Hall on Monday. Councillor Ruth
Okonedo, who chairs the council's audit committee, is standing for the Liberal Democrats; Dr
Martin Hale is Labour's candidate; Gwen Green is standing for the Conservatives; and Labour's
neighbour in the ward, the Green Party, was represented by Joss Perrin. The meeting was
chaired by the parish clerk, Anne Salter.

Okonedo said the bypass would cut through the Long Meadow. She would ask for a new route.

The Green candidate said the council had ignored the Warm Homes Plan. "We need insulation before
roads," Perrin said.

Hale and Green both said they backed the bypass, but for different reasons. Hale said it would
bring jobs. Green said the village needed relief from the lorries.

The party promises a vote on every new road, according to the Liberal Democrat leaflet.

Salter closed the meeting at nine. Long Meadow Residents' Association handed out leaflets.
"""


@pytest.fixture(scope="module")
def report() -> Reading:
    return read(REPORT)


def test_a_candidate_who_chairs_a_committee_is_no_chair(report):
    assert role_of(report, "Ruth Okonedo") is Role.CANDIDATE
    assert report.chairs == ("Anne Salter",)


def test_places_policies_and_organisations_are_no_people(report):
    names = {p.name for p in report.people}
    for thing in ("Long Meadow", "Warm Homes Plan", "Warm Homes", "St. Barnabas Hall",
                  "Barnabas Hall", "Kelmscott West"):
        assert thing not in names


def test_titles_and_possessives_stay_out_of_names_and_parties(report):
    assert "Martin Hale" in candidates(report)
    hale = next(p for p in report.candidates if p.name == "Martin Hale")
    assert hale.party == "Labour"


def test_the_green_candidate_is_the_green_partys_not_a_person_surnamed_green(report):
    assert said(report, "ignored the Warm Homes Plan") == ("Joss Perrin", Role.CANDIDATE)
    assert said(report, "relief from the lorries") == ("Gwen Green", Role.CANDIDATE)


def test_two_candidates_in_one_sentence_are_not_one_voice(report):
    speaker, role = said(report, "both said they backed the bypass")
    assert speaker is None and role is not Role.CANDIDATE


def test_reported_speech_goes_on_with_would(report):
    assert said(report, "ask for a new route") == ("Ruth Okonedo", Role.CANDIDATE)


QUESTIONNAIRE = """Riverside Cyclists: candidate questionnaire 2026

Name: Priya Venkataraman
Party: Green Party

Q: Will you fund the Quay Street cycle lane?

A: Yes. I would build it in my first year and I would light the towpath too.

Name: Colm Mac Giolla Phádraig
Party: Independent

Q: Will you fund the Quay Street cycle lane?

A: Only if the traders on Quay Street agree to it first.
"""


def test_name_and_party_headers_of_a_questionnaire(tmp_path):
    reading = read(QUESTIONNAIRE, "survey.md")
    assert candidates(reading) == {"Priya Venkataraman", "Colm Mac Giolla Phádraig"}
    assert said(reading, "light the towpath") == ("Priya Venkataraman", Role.CANDIDATE)
    assert said(reading, "traders on Quay Street") == ("Colm Mac Giolla Phádraig",
                                                       Role.CANDIDATE)


ABSENT = """Brackwater hustings: Reform candidate sends a deputy

Five candidates were invited. Neil Strand (Reform UK) could not attend; his agent, Carol Pike,
read out a statement on his behalf. In it, Strand said he would scrap the fuel levy.

Pike then answered questions herself, saying she could not speak for him on the hospital.
"""


def test_a_representative_is_not_the_candidate_and_the_statement_is_the_candidates():
    reading = read(ABSENT)
    assert "Carol Pike" not in candidates(reading)
    strand = next(p for p in reading.candidates if p.name == "Neil Strand")
    assert strand.status.value == "absent"
    assert said(reading, "scrap the fuel levy") == ("Neil Strand", Role.CANDIDATE)
    assert said(reading, "could not speak for him")[0] != "Neil Strand"


STUDENT = """Union elections: the candidates for VP Welfare and VP Education

The candidates for VP Welfare are Amara Osei and Lukas Brandt. The candidates for VP Education
are Mei Tanaka and Joaquín Herrera-Ruiz.

Osei said she would open the counselling service at weekends. Brandt said the union should
fund free sanitary products in every building.

Tanaka promised a review of lecture capture. Herrera-Ruiz said he wanted exams moved out of
the January weeks.
"""


def test_student_union_posts_instead_of_parties():
    reading = read(STUDENT)
    assert candidates(reading) == {"Amara Osei", "Lukas Brandt", "Mei Tanaka",
                                   "Joaquín Herrera-Ruiz"}
    assert said(reading, "counselling service") == ("Amara Osei", Role.CANDIDATE)
    assert said(reading, "exams moved out") == ("Joaquín Herrera-Ruiz", Role.CANDIDATE)


def test_a_multi_seat_contest_with_a_dozen_candidates():
    names = ["Ada Brennan", "Bashir Lowe", "Ciara Nolan", "Dev Ambrose", "Elin Foss",
             "Femi Adeyemi", "Greta Holm", "Hugh Varga", "Isla Munro", "Jorge Pires",
             "Kaito Mori", "Lena Duval"]
    parties = ["Labour", "Green Party", "Independent", "Conservative", "Liberal Democrats",
               "Labour", "Green Party", "Independent", "Conservative", "Liberal Democrats",
               "Labour", "Independent"]
    roster = "\n".join(f"- {n} ({p})" for n, p in zip(names, parties))
    speech = "\n\n".join(f"{n.split()[1]} said the ward needed {word}."
                         for n, word in zip(names, "abcdefghijkl"))
    reading = read(f"Eastfield ward, three seats: the hustings\n\nThe candidates were:\n\n"
                   f"{roster}\n\n{speech}\n")
    assert candidates(reading) == set(names)
    for n, word in zip(names, "abcdefghijkl"):
        assert said(reading, f"needed {word}.") == (n, Role.CANDIDATE)
