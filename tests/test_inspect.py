"""`hustings inspect`: how each document is read, end to end through the command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

RECORD_KEYS = {"source", "title", "date", "place", "chairs", "candidates", "sentences"}
CANDIDATE_KEYS = {"name", "party", "status", "reason", "aliases", "descriptors"}
SENTENCE_KEYS = {"text", "start", "end", "speaker", "role", "cue", "confidence"}
ROLES = {"candidate", "chair", "audience", "reporter", "other", None}
SAID_BY = re.compile(r"^\[[^\]]+\] \S")

# Invented events, in two formats.
TRANSCRIPT = """\
# Eastbrook housing hustings

Eastbrook Library, 3 March 2025. The debate was chaired by Priya Natt.

**Priya Natt:** Welcome, everyone. Our first question is about rents.

**Tom Elver (Green):** We will build homes near the station. Rents are too high\u2028here.

**Ruth Calloway (Labour):** I back a council housing plan for Eastbrook.
"""
REPORT = """\
Millford candidates meet voters

Candidate Anna Brisk said the bus service must run on Sundays. Her rival, Joe Kemp, said he \
would freeze parking charges. About sixty people came.
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", "inspect", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"})


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "eastbrook.md").write_text(TRANSCRIPT, encoding="utf-8")
    (docs / "millford.txt").write_text(REPORT, encoding="utf-8")
    return docs


def records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_json_gives_one_record_per_document_in_the_documented_shape(folder):
    result = run("--json", str(folder))
    assert result.returncode == 0, result.stderr
    found = records(result.stdout)
    assert [r["source"] for r in found] == [str(folder / "eastbrook.md"),
                                            str(folder / "millford.txt")]
    for record in found:
        assert set(record) == RECORD_KEYS
        assert isinstance(record["title"], str) and record["title"]
        assert record["date"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", record["date"])
        assert record["place"] is None or isinstance(record["place"], str)
        assert all(isinstance(c, str) for c in record["chairs"])
        for candidate in record["candidates"]:
            assert set(candidate) == CANDIDATE_KEYS
            assert candidate["status"] in {"took_part", "absent"}
            assert isinstance(candidate["aliases"], list)
            assert isinstance(candidate["descriptors"], list)
        assert record["sentences"]
        for sentence in record["sentences"]:
            assert set(sentence) == SENTENCE_KEYS
            assert 0 <= sentence["start"] < sentence["end"]
            assert sentence["role"] in ROLES
            assert sentence["speaker"] is None or isinstance(sentence["speaker"], str)
            assert isinstance(sentence["cue"], str) and sentence["cue"]
            assert 0.0 <= sentence["confidence"] <= 1.0
        starts = [s["start"] for s in record["sentences"]]
        assert starts == sorted(starts)
    words = " ".join(s["text"] for s in found[1]["sentences"])
    assert "bus service must run on Sundays" in words


def test_a_file_given_by_name_keeps_its_path_as_given(folder):
    result = run("--json", str(folder / "millford.txt"))
    assert result.returncode == 0, result.stderr
    assert [r["source"] for r in records(result.stdout)] == [str(folder / "millford.txt")]


def test_plain_output_shows_the_event_then_each_sentence_with_who_said_it(folder):
    plain = run(str(folder))
    as_json = records(run("--json", str(folder)).stdout)
    assert plain.returncode == 0, plain.stderr
    blocks = plain.stdout.split("\n\n# ")
    assert len(blocks) == len(as_json) == 2
    for block, record in zip(blocks, as_json):
        lines = block.removeprefix("# ").splitlines()
        assert lines[0] == record["title"]
        assert {"date:", "place:", "chairs:", "candidates:"} <= {line.split(" ")[0]
                                                                 for line in lines}
        said = [line for line in lines if SAID_BY.match(line)]
        assert len(said) == len(record["sentences"])
        for line, sentence in zip(said, record["sentences"]):
            assert line.endswith(" ".join(sentence["text"].split()))
    assert any("About sixty people came." in line for line in plain.stdout.splitlines())


def test_a_bad_file_is_skipped_with_its_reason_and_the_others_still_shown(folder):
    (folder / "empty.txt").write_text("")
    (folder / "notes.docx.bak").write_text("not a round-up")
    result = run("--json", str(folder), str(folder / "missing.md"))
    assert result.returncode == 0, result.stderr
    assert len(records(result.stdout)) == 2
    assert f"skipped {folder / 'empty.txt'}: empty file" in result.stderr
    assert f"skipped {folder / 'missing.md'}: does not exist" in result.stderr
    assert f"skipped {folder / 'notes.docx.bak'}: unsupported format" in result.stderr
    assert "Traceback" not in result.stderr


def test_nothing_readable_exits_1(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = run(str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "skipped" in result.stderr and "empty file" in result.stderr
    assert "Error: Nothing could be read" in result.stderr


def test_no_paths_is_a_usage_error():
    result = run()
    assert result.returncode == 2
    assert "PATH" in result.stderr
