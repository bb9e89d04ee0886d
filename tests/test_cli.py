"""End-to-end tests of the `hustings` command in subprocesses."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT, ROUNDUPS

pytestmark = pytest.mark.slow


def run(*args, env=None, stdin=None):
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True,
                          text=True, env=full_env, cwd=ROOT, timeout=300, input=stdin)


def test_ask_json_gives_one_record_per_turn(shipped_settings):
    index = str(shipped_settings.index_dir)
    result = run("ask", "--index", index, "--json", "What did Andy Burnham say about AI?",
                 "And what about Jake Austin?")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 2
    last = records[1]
    assert set(last) >= {"question", "answer", "answered", "citations"}
    assert last["answered"] is True
    assert {c["speaker"] for c in last["citations"]} == {"Jake Austin"}
    for c in last["citations"]:
        assert set(c) >= {"n", "text", "source", "event", "section", "speaker", "party", "score"}
        assert f"[{c['n']}]" in last["answer"]


def test_a_reader_that_leaves_early_is_no_error(shipped_settings):
    script = ("import subprocess, sys\n"
              "p = subprocess.Popen([sys.executable, '-m', 'bot.cli', 'ask', '--index', "
              f"{str(shipped_settings.index_dir)!r}, 'Who spoke?', 'Who moderated?'], "
              "stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
              "p.stdout.close()\n"  # like `| head -0`: nobody reads the answers
              "err = p.stderr.read().decode()\n"
              "print(p.wait(), 'Traceback' in err)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=300, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert result.stdout.split() == ["0", "False"], result.stderr


def test_plain_output_lists_sources(shipped_settings):
    result = run("ask", "--index", str(shipped_settings.index_dir),
                 "Who is the Green Party candidate?")
    assert result.returncode == 0, result.stderr
    assert "Hannah Spencer" in result.stdout
    assert "\nSources\n[1] Round-up" in result.stdout


def test_batch_runs_conversations_in_one_process(shipped_settings, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(x) for x in [
        {"id": "a", "turns": ["Who should I vote for?"]},
        {"id": "b", "turns": ["What did Jake Austin say about AI?", "What did he say about "
                              "cyber crime?"]}]) + "\n")
    result = run("ask", "--index", str(shipped_settings.index_dir), "--batch", str(batch),
                 "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    assert lines[0]["turns"][0]["answered"] is False
    assert len(lines[1]["turns"]) == 2
    assert {c["speaker"] for c in lines[1]["turns"][1]["citations"]} == {"Jake Austin"}


def test_eval_prints_checks_and_the_pass_line(shipped_settings, tmp_path):
    cases = tmp_path / "set.jsonl"
    cases.write_text("\n".join(json.dumps(x) for x in [
        {"id": "a", "turns": ["What is the capital of France?"], "answered": False},
        {"id": "b", "turns": ["Who are all the candidates?"], "answered": True,
         "must_include": [["Laura Evans"]]}]) + "\n")
    result = run("eval", str(cases), "--index", str(shipped_settings.index_dir))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "pass 2/2"
    assert "answered 2/2" in lines


@pytest.mark.parametrize("question", ["", "x" * 2001])
def test_bad_questions_exit_2_with_a_message(question, tmp_path):
    result = run("ask", "--index", str(tmp_path / "none"), question)
    assert result.returncode == 2
    assert "Error:" in result.stderr and "question" in result.stderr.lower()


def test_ask_builds_a_missing_index_first_and_says_so(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(ROUNDUPS / "leeds-mayoral-hustings.md", data)
    result = run("ask", "What did Olivia Reyes promise on fares?",
                 env={"HUSTINGS_INDEX": str(tmp_path / "index"), "HUSTINGS_DATA": str(data)})
    assert result.returncode == 0, result.stderr
    assert "No index yet" in result.stderr
    assert "£2" in result.stdout


def test_ingest_reports_and_fails_when_nothing_is_usable(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = run("ingest", str(tmp_path), "--index", str(tmp_path / "index"))
    assert result.returncode == 1
    assert "Nothing could be ingested" in result.stderr and "empty file" in result.stderr
