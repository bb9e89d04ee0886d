"""Round-ups written in other styles: transcripts, candidate sections, news copy, blog rosters."""

from pathlib import Path

import pytest

from ingest.loaders import load_file
from ingest.model import PassageKind
from ingest.parse import parse_document
from ingest.read.markdown import plain_markdown


def parse(tmp_path: Path, text: str, name: str = "roundup.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_document(load_file(path, name).text, name)


def roster(doc) -> dict[str, tuple[str | None, bool]]:
    return {c.name: (c.party, c.spoke) for c in doc.event.candidates}


def speakers(doc) -> list[tuple[str | None, str]]:
    return [(p.speaker, p.text) for p in doc.passages]


TRANSCRIPT = """# Riverside ward hustings — transcript

Chaired by Dr Amira Shah. Taking part were Owen Pike (Labour), Lucy Dane (Green Party) and
Ravi Mehta (Conservative). The Reform UK candidate, Gail Moss, sent apologies.

## Question 1: Flooding

**Chair:** What will you do about flooding?

**Owen Pike:** We need new flood defences. I would fund them from the levelling-up pot.

**Lucy Dane (Green Party):** Restore the wetlands upstream first.

__Ravi Mehta__: Insurance costs are the real worry for residents.
"""


def test_a_transcript_with_bold_labels_attributes_each_answer(tmp_path):
    doc = parse(tmp_path, TRANSCRIPT)
    assert roster(doc) == {"Owen Pike": ("Labour", True), "Lucy Dane": ("Green", True),
                           "Ravi Mehta": ("Conservative", True), "Gail Moss": ("Reform UK", False)}
    said = {p.speaker: p.text for p in doc.passages if p.kind is PassageKind.SPEECH}
    assert said["Owen Pike"] == ("Owen Pike: We need new flood defences. I would fund them from "
                                 "the levelling-up pot.")
    assert said["Lucy Dane"].endswith("Restore the wetlands upstream first.")
    assert said["Ravi Mehta"].startswith("Ravi Mehta: Insurance")
    chair = next(p for p in doc.passages if "What will you do" in p.text)
    assert chair.speaker is None and "**" not in chair.text
    assert doc.event.moderators == ("Amira Shah",)
    assert next(c for c in doc.event.candidates if c.name == "Gail Moss").note


CANDIDATE_SECTIONS = """# Tech hustings summary: Hillfield

Date: 5 June 2024. Organised by the Hillfield Tech Network.

## Carla Dent (Green)

- Wants a publicly owned broadband network for social housing.
- Opposed facial recognition cameras in the city centre.

## Tom Ashe (Labour)

Committed to 1,000 new apprenticeships. He also backed the smart traffic pilot.

## Questions from the floor

Several people asked about parking.
"""


def test_a_section_per_candidate_makes_its_lines_their_statements(tmp_path):
    doc = parse(tmp_path, CANDIDATE_SECTIONS)
    assert roster(doc) == {"Carla Dent": ("Green", True), "Tom Ashe": ("Labour", True)}
    by_section = {p.section: p for p in doc.passages}
    assert by_section["Carla Dent (Green)"].speaker == "Carla Dent"
    assert by_section["Carla Dent (Green)"].kind is PassageKind.SPEECH
    assert by_section["Tom Ashe (Labour)"].speaker == "Tom Ashe"
    assert by_section["Questions from the floor"].speaker is None
    assert doc.event.date == "2024-06-05"  # dates are ISO 8601 now


NEWS = """# Candidates clash over trams at Dunmore hustings

By Sam Field, Dunmore Post — 21 June 2024

Around 200 people came to a hustings chaired by Radio Dunmore's Ollie Harte.

"We will bring the trams back under public control," said Labour's Steve Rance. He added
that fares would be capped.

Conservative candidate Rita Frost disagreed. "Franchising costs millions," she said.

Liberal Democrat Vera Newham did not attend the event.
"""


def test_news_copy_finds_possessive_and_party_first_names(tmp_path):
    doc = parse(tmp_path, NEWS)
    assert roster(doc) == {"Steve Rance": ("Labour", True), "Rita Frost": ("Conservative", True),
                           "Vera Newham": ("Liberal Democrats", False)}
    assert doc.event.moderators == ("Ollie Harte",)
    assert doc.event.date == "2024-06-21"
    assert not any(s.startswith("By ") for s in doc.event.sections)


BLOG = """# What the candidates told the Carrick tech forum

Carrick Digital Forum, 2 May 2024

Four candidates came. Jo Steyn represented Labour, Rod Berk the Liberal Democrats, Kiera Marr
Plaid Cymru, and Joel Wyn the Conservatives.

Skills

According to Jo Steyn, firms cannot find developers.

For Plaid Cymru, Kiera Marr called for Welsh-language coding courses.
"""


def test_a_roster_sentence_with_the_verb_left_out_gives_every_party(tmp_path):
    doc = parse(tmp_path, BLOG)
    assert roster(doc) == {"Jo Steyn": ("Labour", True), "Rod Berk": ("Liberal Democrats", False),
                           "Kiera Marr": ("Plaid Cymru", True), "Joel Wyn": ("Conservative", False)}
    intro = next(p for p in doc.passages if "represented" in p.text)
    assert intro.speaker is None and intro.kind is PassageKind.NARRATION
    assert doc.event.date == "2024-05-02"
    assert doc.event.sections == ("Skills",)


def test_event_keywords_leave_out_question_words_and_generic_words(tmp_path):
    doc = parse(tmp_path, BLOG)
    lowered = {k.lower() for k in doc.event.keywords}
    assert "carrick" in lowered
    assert not lowered & {"what", "the", "candidates"}


@pytest.mark.parametrize(("markdown", "plain"), [
    ("**Jo Steyn:** We will act.", "Jo Steyn: We will act."),
    ("She wants *free* buses and __more__ trams.", "She wants free buses and more trams."),
    ("See [the manifesto](https://example.org/m) and ![a chart](c.png).",
     "See the manifesto and a chart."),
    ("> Quoted line", "Quoted line"),
    ("[a link](javascript:alert('x');f(1)) after", "a link after"),
    ("Use `code` here.", "Use code here."),
    ("**A bold heading line**", "**A bold heading line**"),
    ("* a bullet, not emphasis", "* a bullet, not emphasis"),
    ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
])
def test_markdown_markup_is_reduced_to_its_words(markdown, plain):
    assert plain_markdown(markdown) == plain


PANEL = """<html><body><article><h1>Ashby hustings: housing</h1>
<p>The panel: <strong>Helen Drew</strong> (Labour) and <strong>Mark Till</strong>
(Conservative). Our chair was Ben Colt.</p>
<h2>Housing</h2>
<p><b>Helen Drew</b>: We will build 300 council homes.</p>
<p><strong>Mark Till:</strong> Homes must come with GP surgeries.</p>
<p>Mr Till's view was shared by many.</p></article></body></html>"""


def test_an_html_transcript_with_bold_names_attributes_each_answer(tmp_path):
    doc = parse(tmp_path, PANEL, "panel.html")
    assert roster(doc) == {"Helen Drew": ("Labour", True), "Mark Till": ("Conservative", True)}
    assert doc.event.moderators == ("Ben Colt",)
    said = {p.speaker: p.text for p in doc.passages if p.kind is PassageKind.SPEECH}
    assert said["Helen Drew"] == "Helen Drew: We will build 300 council homes."
    assert said["Mark Till"] == "Mark Till: Homes must come with GP surgeries."
    assert any(p.text == "Mr Till's view was shared by many." for p in doc.passages)


QA = """Hustings round-up: Tolvan climate evening

Candidates: Ann Peel (Green) and Derek Toms (Conservative).

Q: What is your plan for renewable energy?
Ann Peel: Community-owned wind and solar.
Derek Toms: Floating offshore wind.

## Transport

Chair: What about buses?
Ann Peel: Free buses for under-25s.
"""


def test_a_question_asked_heads_the_answers_after_it(tmp_path):
    doc = parse(tmp_path, QA, "qa.txt")
    by_speaker = {(p.speaker, p.section) for p in doc.passages if p.speaker}
    assert ("Ann Peel", "What is your plan for renewable energy?") in by_speaker
    assert ("Derek Toms", "What is your plan for renewable energy?") in by_speaker
    # right under a heading, the chair's question only restates it
    assert ("Ann Peel", "Transport") in by_speaker
    assert doc.event.sections == ("What is your plan for renewable energy?", "Transport")


TABLE = """<html><body><h1>Harbury hustings on the NHS</h1>
<table><tr><th>Candidate</th><th>Party</th></tr>
<tr><td>Alex Burr</td><td>Conservative</td></tr>
<tr><td>Chris Vane</td><td>Labour</td></tr>
<tr><td>Nick Tyler</td><td>Green Party</td></tr></table>
<h2>Waiting lists</h2>
<p>Cllr Chris Vane, the Labour candidate, said that waiting lists had doubled.</p>
<p>Nick was not convinced, calling the new hospital "a mirage".</p></body></html>"""


def test_a_table_of_candidates_is_the_roster(tmp_path):
    doc = parse(tmp_path, TABLE, "table.html")
    assert roster(doc) == {"Alex Burr": ("Conservative", False), "Chris Vane": ("Labour", True),
                           "Nick Tyler": ("Green", True)}
    assert doc.event.sections == ("Waiting lists",)
    listed = next(p for p in doc.passages if p.kind is PassageKind.ROSTER)
    assert "| Chris Vane | Labour |" in listed.text  # tables are read as pipe tables


PARTY_REFERENCE = """# Southmead hustings

Taking part were Dan Norr (Labour) and Kate Hall (Conservative).

## Housing

The Conservative candidate argued that affordability is about supply.

Dan Norr was asked about student housing and said blocks squeeze out families.
"""


def test_the_party_candidate_and_a_question_put_to_them_are_theirs(tmp_path):
    doc = parse(tmp_path, PARTY_REFERENCE)
    said = {p.text: p.speaker for p in doc.passages if p.section == "Housing"}
    assert said["The Conservative candidate argued that affordability is about supply."] == \
        "Kate Hall"
    assert said["Dan Norr was asked about student housing and said blocks squeeze out "
                "families."] == "Dan Norr"


def test_a_hard_wrapped_pdf_keeps_absentees_and_names_broken_across_lines(tmp_path):
    from .pdfs import write_pdf

    lines = ["Thornby hustings on transport", "",
             "The evening was chaired by Jo Whit. Taking part were Dan Norr (Labour) and Kate",
             "Hall (Conservative). Mary Pike (Liberal Democrats) was unable to",
             "attend because of a bereavement.", "",
             "Dan Norr said that buses must run every ten minutes and that fares should be",
             "capped at two pounds across the whole county."]
    path = write_pdf(tmp_path / "thornby.pdf", lines)
    doc = parse_document(load_file(path, path.name).text, path.name)
    assert roster(doc) == {"Dan Norr": ("Labour", True), "Kate Hall": ("Conservative", False),
                           "Mary Pike": ("Liberal Democrats", False)}
    mary = next(c for c in doc.event.candidates if c.name == "Mary Pike")
    # absent, with the reason in the reader's words ("could not attend"), not the old note
    assert not mary.spoke and mary.note and "could not" in mary.note
    assert doc.event.moderators == ("Jo Whit",)
