"""Unit tests for parsing whole round-ups: events, rosters, speakers and passages."""

import re
from pathlib import Path

import pytest

from ingest.loaders import load_file
from ingest.model import PassageKind
from ingest.parse import parse_document
from ingest.text import split_sentences

from .conftest import ROUNDUPS, SHIPPED


def parse(path: Path):
    loaded = load_file(path, path.name)
    return loaded.text, parse_document(loaded.text, path.name)


@pytest.fixture(scope="module")
def shipped():
    return parse(SHIPPED)


def test_shipped_roster_lists_six_candidates_two_spoke(shipped):
    _, doc = shipped
    roster = {c.name: c for c in doc.event.candidates}
    assert len(roster) == 6
    assert all(c.party for c in roster.values())
    spoke = sorted(c.name for c in roster.values() if c.spoke)
    assert len(spoke) == 2
    parties = {c.party for c in roster.values()}
    assert len(parties) == 6  # "Liberal Democrats Party" and "Liberal Democrats" merged
    assert doc.event.roster_passage in {p.id for p in doc.passages}
    assert doc.event.moderators and all(m not in roster for m in doc.event.moderators)


# An oracle independent of the reader: a sentence that opens with a candidate's full or first
# name followed by a verb of saying is that candidate's reported speech.
_SAYING = ("said", "says", "highlighted", "mentioned", "argued", "added", "stated", "noted",
           "explained", "emphasised", "emphasized", "stressed", "also")


def opening_speaker(sentence: str, names: set[str]) -> str | None:
    """Return the candidate a sentence opens with as the subject of a verb of saying."""
    for name in names:
        for written in (name, name.split()[0]):
            if re.match(rf"{re.escape(written)} (?:{'|'.join(_SAYING)})\b", sentence):
                return name
    return None


def test_every_paragraph_opening_with_speech_carries_its_speaker(shipped):
    text, doc = shipped
    names = {c.name for c in doc.event.candidates}
    checked = 0
    for paragraph in text.split("\n"):
        first = split_sentences(paragraph)[:1]
        who = opening_speaker(first[0].text, names) if first else None
        if who is None:
            continue
        start = text.index(paragraph)
        passage = next(p for p in doc.passages if p.start == start)
        assert passage.speaker == who
        assert passage.kind is PassageKind.SPEECH
        checked += 1
    assert checked >= 9


def test_first_name_mentions_resolve_to_the_speaker(shipped):
    _, doc = shipped
    first_name_only = [p for p in doc.passages if p.speaker
                       and any(s.text.startswith(p.speaker.split()[0] + " also")
                               for s in p.sentences)]
    assert first_name_only
    for passage in first_name_only:
        assert all(not s.text.startswith(other) for s in passage.sentences
                   for other in {c.name for c in doc.event.candidates} - {passage.speaker})


def test_passages_never_mix_speakers_and_point_into_the_source(shipped):
    text, doc = shipped
    names = {c.name for c in doc.event.candidates}
    for passage in doc.passages:
        for sentence in passage.sentences:
            assert text[sentence.start:sentence.end] == sentence.text
            who = opening_speaker(sentence.text, names)
            if who:
                assert passage.speaker == who
        assert len(passage.text) <= 1400


def test_narration_has_no_speaker(shipped):
    _, doc = shipped
    intro = next(p for p in doc.passages if p.id == doc.event.intro_passage)
    assert intro.speaker is None and intro.section is None
    roster = next(p for p in doc.passages if p.id == doc.event.roster_passage)
    assert roster.speaker is None and roster.kind is PassageKind.ROSTER


def test_markdown_roundup_with_other_verbs_and_an_absentee():
    _, doc = parse(ROUNDUPS / "leeds-mayoral-hustings.md")
    event = doc.event
    assert event.title == "West Yorkshire Mayoral Climate Hustings"
    assert event.date == "2024-03-14"  # dates are ISO 8601 now
    assert event.moderators == ("Priya Natarajan",)
    roster = {c.name: c for c in event.candidates}
    assert set(roster) == {"Sam Carter", "Olivia Reyes", "Daniel Frost", "Martin Hale"}
    assert not roster["Martin Hale"].spoke and "could not" in roster["Martin Hale"].note
    assert roster["Sam Carter"].party == "Green"
    by_start = {p.text.split()[0]: p for p in doc.passages if p.speaker}
    assert by_start["Olivia"].speaker == "Olivia Reyes"  # "Olivia said ...": first name only
    sections = {p.section for p in doc.passages if p.speaker == "Daniel Frost"}
    assert sections == {"Transport and buses", "Flooding and homes"}
    pledge = next(p for p in doc.passages if "pledged" in p.text)
    assert pledge.speaker == "Sam Carter"  # "Sam pledged ...", inside Sam Carter's paragraph


def test_html_roundup_drops_scripts_and_follows_pronouns():
    loaded = load_file(ROUNDUPS / "bristol-hustings.html", "bristol.html")
    assert "alert(" not in loaded.text and "tracker" not in loaded.text
    doc = parse_document(loaded.text, "bristol.html")
    assert doc.event.title == "West of England Mayoral Hustings on Digital Skills"
    assert doc.event.moderators == ("Grace Lindqvist",)
    # a continuation paragraph keeps its speaker (one passage may hold both paragraphs now)
    added = next(p for p in doc.passages if any(s.text.startswith("She added")
                                                for s in p.sentences))
    assert added.speaker == "Helen Marsh"
    fibre = next(p for p in doc.passages if "fibre" in p.text)
    assert fibre.speaker == "Sam Okafor"  # surname only
    assert {p.section for p in doc.passages} >= {"Digital skills", "Broadband and connectivity"}


def test_same_text_gives_same_ids_and_a_change_only_touches_its_passage(shipped):
    text, doc = shipped
    again = parse_document(text, SHIPPED.name)
    assert [p.id for p in again.passages] == [p.id for p in doc.passages]
    changed = parse_document(text.replace("third term", "fourth term"), SHIPPED.name)
    differing = {p.id for p in changed.passages} ^ {p.id for p in doc.passages}
    assert len(differing) == 2


PDF_ROUNDUP = """Coastal Towns Mayoral Hustings: event report

The Harbour Forum brought together Nadia Bloom (Green Party) and Peter Quayle
(Conservative) at the Pier Pavilion. The evening was chaired by Lena Fischer.

Ferries and transport

Nadia Bloom argued that the ferry timetable should be run by the combined authority,
with a single ticket valid on ferries, buses and trains across every coastal town. She
pledged to restore the night ferry within a year.

Peter Quayle countered that private operators had improved punctuality and that the
money would be better spent on sea defences and harbour repairs.
"""


def test_hard_wrapped_pdf_keeps_paragraphs_and_speakers(tmp_path):
    import textwrap

    from .pdfs import write_pdf

    lines = []
    for paragraph in PDF_ROUNDUP.split("\n\n"):
        lines += textwrap.wrap(" ".join(paragraph.split()), 85)
    path = write_pdf(tmp_path / "coast.pdf", lines)
    loaded = load_file(path, "coast.pdf")
    doc = parse_document(loaded.text, "coast.pdf")
    assert doc.event.title.startswith("Coastal Towns Mayoral Hustings")
    assert {c.name for c in doc.event.candidates} == {"Nadia Bloom", "Peter Quayle"}
    night = next(p for p in doc.passages if "night ferry" in p.text)
    assert night.speaker == "Nadia Bloom"
    repairs = next(p for p in doc.passages if "harbour repairs" in p.text)
    assert repairs.speaker == "Peter Quayle"
    assert doc.event.moderators == ("Lena Fischer",)
