"""The roster through the real reader: each candidate's party and status, and the chairs.

Every fixture is invented for these tests: people, places and parties.
"""

from __future__ import annotations

import pytest

from ingest.loaders import DocumentMeta, LoadedText
from ingest.understand import Person, Reading, Status, read_loaded


def read(text: str, source: str = "doc.txt") -> Reading:
    return read_loaded(LoadedText(source, text, "text", DocumentMeta()))


def roster(reading: Reading) -> dict[str, Person]:
    return {c.name: c for c in reading.candidates}


PARTIES = """# Ashcombe hustings

Taking part were Idris Penhale (Plaid Cymru) and Rosalind Achebe.

Labour's Rosalind Achebe said the surgery must stay open.

The Conservative candidate, Oliver Brack, said the surgery was safe.

Also on the panel was Winnie Sallow – Green Party – who spoke on buses.

Liberal Democrat Fergus Tamblyn said the buses were too slow.
"""


@pytest.fixture(scope="module")
def parties() -> Reading:
    return read(PARTIES)


@pytest.mark.parametrize(("name", "party"), [
    ("Idris Penhale", "Plaid Cymru"),  # "Name (Party)"
    ("Rosalind Achebe", "Labour"),  # "Party's Name"
    ("Oliver Brack", "Conservative"),  # "the Party candidate, Name"
    ("Winnie Sallow", "Green"),  # "Name – Party –"
    ("Fergus Tamblyn", "Liberal Democrats"),  # "Party-adjective Name"
])
def test_party_from_the_ways_a_report_writes_it(parties, name, party):
    assert name in roster(parties), [p.name for p in parties.people]
    assert roster(parties)[name].party == party


def test_a_table_of_candidates_gives_every_row_its_party():
    reading = read("""# Quenby forum

The candidates:

| Candidate | Party |
|---|---|
| Alma Fitch | Labour |
| Corin Dade | Conservative |
| Bryony Sallis | Green Party |

Fitch said the library must stay open.
""")
    assert {n: c.party for n, c in roster(reading).items()} == {
        "Alma Fitch": "Labour", "Corin Dade": "Conservative", "Bryony Sallis": "Green"}
    assert "candidate" not in {p.name.lower() for p in reading.people}


def test_a_list_of_candidates_gives_every_item_its_party():
    reading = read("""# Quenby forum

Taking part were:

- Alma Fitch (Labour)
- Corin Dade (Conservative)
- Bryony Sallis (Green Party)

Fitch said the library must stay open.
""")
    assert {n: c.party for n, c in roster(reading).items()} == {
        "Alma Fitch": "Labour", "Corin Dade": "Conservative", "Bryony Sallis": "Green"}


ABSENCES = """# Dunmere hustings

Taking part were Ada Lowther (Labour) and Bram Kitto (Conservative).

Cerys Annear (Green Party) sent her apologies.

Reform UK candidate Dewi Probert declined to take part.

Independent candidate Elowen Skewes did not respond to the invitation.

Fenwick Jago (Liberal Democrats) was not invited, the organisers said.

Ada Lowther arrived late because of a road closure but answered every question.

Bram Kitto said the ferry fares were too high.
"""


@pytest.fixture(scope="module")
def absences() -> Reading:
    return read(ABSENCES)


@pytest.mark.parametrize(("name", "reason"), [
    ("Cerys Annear", "sent apologies"),
    ("Dewi Probert", "declined"),
    ("Elowen Skewes", "did not respond"),
    ("Fenwick Jago", "not invited"),
])
def test_an_absent_candidate_is_on_the_roster_with_the_reason(absences, name, reason):
    people = roster(absences)
    assert name in people, [p.name for p in absences.people]
    assert (people[name].status, people[name].reason) == (Status.ABSENT, reason)


def test_arriving_late_is_still_taking_part(absences):
    ada = roster(absences)["Ada Lowther"]
    assert (ada.status, ada.reason) == (Status.TOOK_PART, None)
    assert roster(absences)["Bram Kitto"].status is Status.TOOK_PART


def test_a_sentence_saying_a_candidate_was_absent_is_not_their_speech(absences):
    for words in ("did not respond to the invitation", "declined to take part", "was not invited"):
        s = next(s for s in absences.sentences if words in s.text)
        assert s.speaker is None, (s.text, s.speaker)


def test_apologies_from_a_candidate_before_the_name():
    reading = read("# Tregony hustings\n\nApologies were received from Gwen Rosevear (Labour). "
                   "Taking part was Hedley Opie (Conservative).\n\nHedley Opie said the "
                   "post office must reopen.\n")
    gwen = roster(reading)["Gwen Rosevear"]
    assert (gwen.status, gwen.reason, gwen.party) == (Status.ABSENT, "sent apologies", "Labour")


@pytest.mark.parametrize(("line", "chair"), [
    ("The hustings was chaired by Marisol Quenby.", "Marisol Quenby"),
    ("Chair: Marisol Quenby, editor of the Tregony Packet.", "Marisol Quenby"),
    ("Presenter: Marisol Quenby", "Marisol Quenby"),
    ("The debate was moderated by its president, Marisol Quenby.", "Marisol Quenby"),
])
def test_the_chair_from_how_a_report_names_them(line, chair):
    reading = read(f"# Tregony hustings\n\n{line}\n\nTaking part were Hedley Opie "
                   "(Conservative) and Gwen Rosevear (Labour).\n\nHedley Opie said the post "
                   "office must reopen.\n")
    assert reading.chairs == (chair,)
    assert chair not in roster(reading)
    assert set(roster(reading)) == {"Hedley Opie", "Gwen Rosevear"}


def test_the_reporter_of_a_byline_is_not_a_candidate():
    reading = read("# Tregony hustings\n\nBy Loveday Pascoe, local democracy reporter\n\n"
                   "Taking part were Hedley Opie (Conservative) and Gwen Rosevear (Labour).\n\n"
                   "Hedley Opie said the post office must reopen.\n")
    assert set(roster(reading)) == {"Hedley Opie", "Gwen Rosevear"}
    assert "Loveday Pascoe" not in reading.chairs
