"""A candidate's passage carries the question put before it, which gives its topic."""

from __future__ import annotations

from ingest.model import PassageKind
from ingest.parse import parse_document

REPORT = """# Candidates face the floor at Ashgrove hustings

Candidates Lena Marsh (Labour) and Owen Pryde (Conservative) took part in the hustings at
Ashgrove library, chaired by Hugh Tamsin.

## Answers from the floor

The first question, from a bus driver, asked what each candidate would do about late-night
services on route 12.

Ms Marsh said she had heard from shift workers who walked home for an hour.

Mr Pryde said the council should tender the evening timetable again.

## Closing

Mr Pryde said the town deserved better.
"""


def test_candidates_passages_carry_the_question_their_section_put():
    doc = parse_document(REPORT, "ashgrove.md")
    speech = {p.speaker: p for p in doc.passages if p.kind is PassageKind.SPEECH
              and p.section == "Answers from the floor"}
    assert set(speech) == {"Lena Marsh", "Owen Pryde"}
    for passage in speech.values():
        assert passage.asked and "late-night services on route 12" in passage.asked
        assert passage.asked in passage.embed_text  # embedded with it, so found by it


def test_the_question_stays_in_its_section():
    doc = parse_document(REPORT, "ashgrove.md")
    closing = [p for p in doc.passages if p.section == "Closing"]
    assert closing and all(p.asked is None for p in closing)
