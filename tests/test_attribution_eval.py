"""The attribution scorer: who said each gold sentence, scored as ../shared/eval/README.md says."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from bot.evals.attribution import (
    NOT_FOUND,
    GoldLine,
    InspectedDocument,
    Kind,
    SaidSentence,
    name_label,
    normalise,
    parse_gold,
    parse_inspect,
    score,
    summary_lines,
    wrong_lines,
)
from ingest.errors import ConfigError

from .conftest import ROOT

SHARED_EVAL = ROOT.parent / "shared" / "eval"
REFERENCE = SHARED_EVAL / "reference" / "score_attribution.py"

DOC = "marlow-forum.txt"
# Invented: a chair, two candidates and the reporter's narration.
SENTENCES = (
    SaidSentence("Good evening and welcome to the Marlow forum.", None, "chair"),
    SaidSentence("Cllr Hattie Brunel said the **ferry** must run all winter.", "Hattie Brunel",
                 "candidate"),
    SaidSentence('She added: "It\'s a lifeline - not a luxury."', "Hattie Brunel", "candidate"),
    SaidSentence("Owen Pask wants a new cycle bridge.", "Owen Pask", "candidate"),
    SaidSentence("About forty residents attended.", None, "reporter"),
    SaidSentence("Tickets were free.", None, None),
)


def doc(*sentences: SaidSentence, key: str = DOC) -> InspectedDocument:
    return InspectedDocument(key, tuple(sentences) or SENTENCES)


def one(text: str, speaker: str, *documents: InspectedDocument):
    """Score one gold line and return its verdict."""
    return score([GoldLine(DOC, text, speaker)], documents or [doc()]).verdicts[0]


def test_normalise_folds_quotes_dashes_markup_space_and_case():
    assert normalise("“It’s  a **lifeline** – not\u00a0a _luxury_”") == "\"it's a lifeline - " \
        "not a luxury\""
    assert normalise("# Heading — `code` > quoted") == "heading - code quoted"
    assert normalise(None) == ""


def test_titles_are_ignored_in_names():
    assert name_label("Cllr Hattie Brunel") == "hattie brunel"
    assert name_label("Ms. Hattie  Brunel") == "hattie brunel"
    assert name_label("Dr Cllr Owen Pask") == "owen pask"
    assert one("the ferry must run all winter", "Ms Hattie Brunel").kind is Kind.RIGHT


def test_gold_text_matches_through_curly_quotes_dashes_and_markdown():
    verdict = one("She added: “It’s a lifeline – not a luxury", "Hattie Brunel")
    assert (verdict.got, verdict.kind) == ("hattie brunel", Kind.RIGHT)
    assert one("said the ferry must run", "Hattie Brunel").kind is Kind.RIGHT  # **ferry**


def test_the_sentence_holding_most_of_the_gold_text_decides():
    # Two words from Brunel's sentence, then most of Pask's.
    verdict = one("not a luxury.\" Owen Pask wants a new cycle bridge", "Owen Pask")
    assert verdict.got == "owen pask" and verdict.kind is Kind.RIGHT
    # Most of Brunel's sentence, one word of Pask's.
    verdict = one("It's a lifeline - not a luxury.\" Owen", "Owen Pask")
    assert verdict.got == "hattie brunel" and verdict.kind is Kind.MISATTRIBUTED


def test_any_non_candidate_role_counts_right_but_not_as_exact():
    verdict = one("About forty residents attended", "chair")
    assert verdict.kind is Kind.RIGHT and not verdict.exact
    verdict = one("welcome to the Marlow forum", "chair")
    assert verdict.kind is Kind.RIGHT and verdict.exact
    result = score([GoldLine(DOC, "About forty residents attended", "other"),
                    GoldLine(DOC, "welcome to the Marlow forum", "CHAIR")], [doc()])
    assert (result.total.right, result.total.exact) == (2, 1)


def test_a_role_beyond_the_known_ones_counts_as_other_and_a_bare_candidate_as_no_one():
    odd = doc(SaidSentence("Questions came from the floor.", "Mo Ferris", "moderator"),
              SaidSentence("Nobody knows who said this.", None, "candidate"))
    assert one("Questions came from the floor", "other", odd).got == "other"
    verdict = one("Nobody knows who said this", "Owen Pask", odd)
    assert (verdict.got, verdict.kind) == ("none", Kind.MISSED)


def test_misattributed_and_missed_are_counted_apart():
    gold = [
        GoldLine(DOC, "Owen Pask wants a new cycle bridge", "Hattie Brunel"),  # other candidate
        GoldLine(DOC, "welcome to the Marlow forum", "Owen Pask"),  # candidate given a role
        GoldLine(DOC, "Tickets were free", "Owen Pask"),  # candidate given no one
        GoldLine(DOC, "the ferry must run all winter", "reporter"),  # role given a candidate
        GoldLine(DOC, "Tickets were free", "reporter"),  # role given no one
        GoldLine(DOC, "wants a new cycle bridge", "Owen Pask"),  # right
    ]
    result = score(gold, [doc()])
    kinds = [v.kind for v in result.verdicts]
    assert kinds == [Kind.MISATTRIBUTED, Kind.MISSED, Kind.MISSED, Kind.MISATTRIBUTED,
                     Kind.NO_ROLE, Kind.RIGHT]
    total = result.total
    assert (total.right, total.total, total.misattributed, total.missed) == (1, 6, 2, 2)
    assert summary_lines(result)[-1] == "attribution 1/6 (16.7%) misattributed 2 missed 2"
    assert len(wrong_lines(result)) == 5
    assert "wanted hattie brunel | got owen pask" in wrong_lines(result)[0]


def test_lines_not_found_or_of_an_unread_document_are_wrong_but_never_misattributed():
    gold = [GoldLine(DOC, "Brunel promised free parking", "Hattie Brunel"),
            GoldLine(DOC, "The hall was cold", "reporter"),
            GoldLine("unread.txt", "Pask wants a bridge", "Owen Pask")]
    result = score(gold, [doc()])
    assert [(v.got, v.kind) for v in result.verdicts] == [
        (NOT_FOUND, Kind.MISSED), (NOT_FOUND, Kind.NO_ROLE), ("absent-doc", Kind.MISSED)]
    assert result.total.misattributed == 0 and result.total.not_found == 2
    assert [t.doc for t in result.documents] == [DOC, "unread.txt"]
    assert "gold text not found in its document: 2" in summary_lines(result)


def test_per_document_tallies_and_summary_order():
    other = doc(SaidSentence("Ada Quill backs the bypass.", "Ada Quill", "candidate"),
                key="zeal-report.md")
    gold = [GoldLine("zeal-report.md", "Ada Quill backs the bypass", "Ada Quill"),
            GoldLine(DOC, "Owen Pask wants a new cycle bridge", "Owen Pask"),
            GoldLine(DOC, "Tickets were free", "Owen Pask")]
    result = score(gold, [doc(), other])
    assert [(t.doc, t.right, t.total, t.missed) for t in result.documents] == [
        (DOC, 1, 2, 1), ("zeal-report.md", 1, 1, 0)]
    lines = summary_lines(result)
    assert lines[0].startswith(DOC) and "1/2" in lines[0] and "missed  1" in lines[0]
    assert lines[-2:] == ["exact role 2/3", "attribution 2/3 (66.7%) misattributed 0 missed 1"]


def test_inspect_records_are_keyed_by_file_name_of_any_path():
    record = {"source": "some\\folder/marlow-forum.txt", "title": "t",
              "sentences": [{"text": "Owen Pask wants a new cycle bridge.", "start": 0, "end": 35,
                             "speaker": "Owen Pask", "role": "candidate"}]}
    documents = parse_inspect(["not json: a log line", json.dumps(record), ""])
    assert [d.key for d in documents] == [DOC]
    assert one("wants a new cycle bridge", "Owen Pask", *documents).kind is Kind.RIGHT


def test_bad_gold_lines_are_named():
    good = json.dumps({"doc": DOC, "text": "Tickets were free", "speaker": "reporter"})
    assert parse_gold([good, "  "]) == [GoldLine(DOC, "Tickets were free", "reporter")]
    with pytest.raises(ConfigError, match=r"gold\.jsonl:2"):
        parse_gold([good, json.dumps({"doc": DOC, "text": "no speaker"})], "gold.jsonl")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=600,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"})


def test_eval_attribution_command_reads_the_docs_beside_the_gold(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / DOC).write_text("Owen Pask wants a new cycle bridge. Tickets were free.\n")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(g) for g in [
        {"doc": DOC, "text": "Owen Pask wants a new cycle bridge", "speaker": "Owen Pask"},
        {"doc": DOC, "text": "Tickets were free", "speaker": "reporter"}]) + "\n")
    result = run_cli("eval", "--attribution", str(gold), "--verbose")
    assert result.returncode == 0, result.stderr
    last = result.stdout.splitlines()[-1]
    assert re.fullmatch(r"attribution \d/2 \(\d+\.\d%\) misattributed \d missed \d", last)
    as_json = run_cli("eval", "--attribution", str(gold), "--json")
    record = json.loads(as_json.stdout)
    assert record["total"] == 2 and [d["doc"] for d in record["documents"]] == [DOC]
    missing = run_cli("eval", "--attribution", str(gold), "--docs", str(tmp_path / "none"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr


def test_eval_needs_a_set_or_attribution_gold():
    result = run_cli("eval")
    assert result.returncode == 2 and "Error:" in result.stderr


@pytest.mark.skipif(not REFERENCE.exists(), reason="../shared/eval is not checked out here")
def test_same_totals_as_the_reference_scorer(tmp_path):
    inspected = run_cli("inspect", "--json", *sorted(str(p) for p in
                                                    (SHARED_EVAL / "docs").iterdir()))
    assert inspected.returncode == 0, inspected.stderr
    out = tmp_path / "inspect.jsonl"
    out.write_text(inspected.stdout, encoding="utf-8")
    gold_path = SHARED_EVAL / "attribution.jsonl"
    reference = subprocess.run([sys.executable, str(REFERENCE), str(gold_path), str(out)],
                               capture_output=True, text=True, timeout=120, check=True)
    ours = score(parse_gold(gold_path.read_text(encoding="utf-8").splitlines()),
                 parse_inspect(out.read_text(encoding="utf-8").splitlines()))
    theirs = reference.stdout.strip().splitlines()
    assert summary_lines(ours)[-2:] == theirs[-2:]  # exact role, then the totals line
    per_document = {line.split()[0]: _numbers(line) for line in theirs[:-2]}
    assert per_document == {t.doc: [t.right, t.total, t.misattributed, t.missed]
                            for t in ours.documents}


def _numbers(line: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", line.split(maxsplit=1)[1])]
