"""Unit tests for the eval checks."""

import json

import pytest

from bot.evals.answers import Case, check, load_cases, summary_lines
from ingest.errors import ConfigError

CASE = Case(id="x", turns=("What did Mia Ford say?",), answered=True,
            must_include=(("rent", "rents"), ("cap",)), support=("rents must  fall",),
            speakers=("Mia Ford",), speaker_strict=True)


def record(answer="Mia Ford wants a rent cap [1]", answered=True, speaker="Mia Ford",
           text="Mia Ford said rents must fall."):
    return {"answer": answer, "answered": answered,
            "citations": [{"n": 1, "text": text, "speaker": speaker}]}


def test_a_good_record_passes_every_check():
    result = check(CASE, record())
    assert result.passed and result.checks["speaker"] and result.checks["support"]


@pytest.mark.parametrize(("rec", "failed"), [
    (record(answered=False), "answered"),
    (record(answer="x" * 1201), "concise"),
    (record(answer="Mia Ford spoke [1]"), "facts"),
    (record(text="Something else."), "support"),
    (record(speaker="Tom Hale"), "speaker"),
    (record(speaker=None), "speaker"),
])
def test_each_check_can_fail(rec, failed):
    assert failed in check(CASE, rec).failures()


def test_summary_ends_with_the_pass_line(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps({"id": "a", "turns": ["q"], "answered": False}) + "\n")
    cases = load_cases(path)
    lines = summary_lines([check(cases[0], record(answered=False)), check(CASE, record())])
    assert lines[-1] == "pass 2/2" and lines[0] == "answered 2/2"


def test_a_broken_eval_line_names_its_place(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a"}\n')
    with pytest.raises(ConfigError, match=r"bad\.jsonl:1"):
        load_cases(path)


def test_wrong_speaker_answers_are_counted_apart():
    wrong = check(CASE, record(speaker="Tom Hale"))
    unsourced = check(CASE, record(speaker=None))  # fails "speaker", but cites no one wrong
    assert wrong.wrong_speaker and not unsourced.wrong_speaker
    assert not check(CASE, record(answered=False, speaker="Tom Hale")).wrong_speaker
    lines = summary_lines([wrong, unsourced, check(CASE, record())])
    assert "wrong-speaker answers 1" in lines and lines[-1] == "pass 1/3"
