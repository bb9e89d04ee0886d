"""Who is who through the real reader: every way a document names a person, and what is no one.

Every fixture is invented for these tests: people, places and parties.
"""

from __future__ import annotations

import pytest

from ingest.loaders import DocumentMeta, LoadedText
from ingest.understand import Reading, Role, read_loaded


def read(text: str, source: str = "doc.txt") -> Reading:
    return read_loaded(LoadedText(source, text, "text", DocumentMeta()))


def speaker_of(reading: Reading, words: str) -> str | None:
    found = [s for s in reading.sentences if words in s.text]
    assert len(found) == 1, (words, [s.text for s in reading.sentences])
    return found[0].speaker


REPORT = """# Pellow Cross hustings on housing

The hustings at Pellow Cross village hall was chaired by Dr Anwen Gosset.
Taking part were Cllr Rhiannon Tregear (Labour), Maximilian Oyelaran (Conservative)
and Tansy Brightwell (Green Party).

## Affordable homes

Cllr Tregear said the council should build 200 homes on the old depot site.

Maximilian Oyelaran warned that the depot land is contaminated.
Oyelaran added that clean-up would cost millions.

Ms Brightwell argued that empty flats above shops should be brought back into use.

Tansy also promised a register of empty homes.

## Second homes

RHIANNON TREGEAR: A levy on second homes would pay for the scheme.

Mr Oyelaran said a levy would drive visitors away.

## Closing remarks

Dr Gosset thanked the candidates and the audience.
"""


@pytest.fixture(scope="module")
def report() -> Reading:
    return read(REPORT)


def test_the_roster_is_the_three_candidates_by_full_name(report):
    assert {c.name for c in report.candidates} == {
        "Rhiannon Tregear", "Maximilian Oyelaran", "Tansy Brightwell"}
    assert report.chairs == ("Anwen Gosset",)


@pytest.mark.parametrize(("words", "who"), [
    ("build 200 homes on the old depot site", "Rhiannon Tregear"),  # "Cllr Surname"
    ("clean-up would cost millions", "Maximilian Oyelaran"),  # surname
    ("empty flats above shops", "Tansy Brightwell"),  # "Ms Surname"
    ("a register of empty homes", "Tansy Brightwell"),  # first name
    ("A levy on second homes would pay", "Rhiannon Tregear"),  # uppercase label
    ("drive visitors away", "Maximilian Oyelaran"),  # "Mr Surname"
])
def test_every_form_of_a_name_resolves_to_the_person(report, words, who):
    assert speaker_of(report, words) == who


def test_aliases_hold_the_forms_the_text_uses(report):
    people = {p.name: p for p in report.people}
    assert {"Tregear", "RHIANNON TREGEAR"} <= set(people["Rhiannon Tregear"].aliases)
    assert {"Oyelaran", "Maximilian"} <= set(people["Maximilian Oyelaran"].aliases)
    assert "Brightwell" in people["Tansy Brightwell"].aliases


def test_titles_are_not_part_of_the_canonical_name(report):
    names = {p.name for p in report.people}
    assert not any(n.split()[0] in {"Cllr", "Dr", "Ms", "Mr"} for n in names), names


def test_headings_and_policies_are_never_people(report):
    names = {p.name.lower() for p in report.people}
    for phrase in ("affordable homes", "second homes", "closing remarks", "pellow cross",
                   "pellow cross hustings"):
        assert phrase not in names, names


def test_the_place_a_heading_names_is_not_a_person():
    reading = read("# Wrenfield hustings\n\nTaking part were Gareth Lusk (Labour) and Petroc Vane "
                   "(Green Party).\n\nGareth Lusk said the library must stay open.\n")
    assert "wrenfield" not in {p.name.lower() for p in reading.people}


def test_the_chairs_lines_are_the_chairs(report):
    s = next(s for s in report.sentences if "thanked the candidates" in s.text)
    assert s.role is not Role.CANDIDATE


def test_initials_defined_in_an_attendee_list_resolve():
    reading = read("""Minutes of the Tolgarrick hustings

Attending: Jessamy Penrose-Hart (Labour), referred to below as "JPH"; Ciaran Mulvey
(Conservative), referred to below as "CM".

Item 1, parking

JPH: charges in the town centre should be cut to one pound.
CM: the evening service must be restored before any fare cut.
""")
    assert speaker_of(reading, "charges in the town centre") == "Jessamy Penrose-Hart"
    assert speaker_of(reading, "the evening service must be restored") == "Ciaran Mulvey"
    roster = {c.name: c for c in reading.candidates}
    assert "JPH" in roster["Jessamy Penrose-Hart"].aliases


SHARED_SURNAME = """# Wrenfield hustings

Taking part were Gareth Lusk (Labour) and Moira Lusk (Independent), who are not related,
and Petroc Vane (Green Party).

Gareth Lusk said the library must stay open.

Moira Lusk said the library should move into the school.

Lusk said the building was unsafe.

Vane said both plans were too expensive.
"""


@pytest.fixture(scope="module")
def shared() -> Reading:
    return read(SHARED_SURNAME)


def test_two_people_sharing_a_surname_are_two_people(shared):
    assert {c.name for c in shared.candidates} == {"Gareth Lusk", "Moira Lusk", "Petroc Vane"}


def test_a_surname_two_people_share_stays_unresolved(shared):
    assert speaker_of(shared, "Lusk said the building was unsafe") is None


def test_full_names_of_people_sharing_a_surname_still_resolve(shared):
    assert speaker_of(shared, "the library must stay open") == "Gareth Lusk"
    assert speaker_of(shared, "move into the school") == "Moira Lusk"
    assert speaker_of(shared, "both plans were too expensive") == "Petroc Vane"


def test_parties_are_never_people():
    reading = read("""# Ostley hustings

The Liberal Democrats sent Nerys Faull. Reform UK did not send anyone.
Plaid Cymru's Emrys Tudur spoke first.

The Green Party said in a statement that it backed the bypass.

Emrys Tudur said the bypass would cut the valley in two.
""")
    names = {p.name.lower() for p in reading.people}
    for party in ("liberal democrats", "reform uk", "plaid cymru", "the green party",
                  "green party"):
        assert party not in names, names
    assert speaker_of(reading, "cut the valley in two") == "Emrys Tudur"


def test_a_name_read_in_one_document_does_not_carry_to_another():
    one = read("# Harrow Pike hustings\n\nTaking part were Edwina Colley (Labour) and Rufus "
               "Bain (Green).\n\nColley said fares must fall.\n", "one.txt")
    other = read("# Slade hustings\n\nTaking part were Ambrose Colley (Conservative) and Ida "
                 "Renn (Labour).\n\nColley said taxes must fall.\n", "two.txt")
    assert speaker_of(one, "fares must fall") == "Edwina Colley"
    assert speaker_of(other, "taxes must fall") == "Ambrose Colley"
