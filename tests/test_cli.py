"""End-to-end tests of the `hustings` command in subprocesses."""

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .conftest import ROOT, ROUNDUPS, build_index
from .web_app import START_TIMEOUT, free_port

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


# -- issue 19: the command a journalist can use without knowing Python -----------------------


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Path:
    """An index of the test round-ups, built once; tests that change it work on a copy."""
    return build_index(tmp_path_factory.mktemp("library") / "index", [ROUNDUPS]).index_dir


def copy_of(index: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(index, tmp_path / "index-copy"))


def store_of(index: Path):
    from ingest.index.embeddings import load_embeddings
    from ingest.index.store import IndexStore
    from ingest.settings import Settings

    return IndexStore(Settings.from_env(env={}, index_dir=index), load_embeddings())


def assert_error(result: subprocess.CompletedProcess, code: int, *phrases: str) -> str:
    """Check a failure is one sentence on stderr, with the exit code and no traceback."""
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: "), result.stderr
    for phrase in phrases:
        assert phrase.lower() in last.lower(), last
    return last


def listing(folder: Path) -> list[tuple[str, bytes | None]]:
    return sorted((str(p.relative_to(folder)), p.read_bytes() if p.is_file() else None)
                  for p in folder.rglob("*"))


def test_version_is_the_installed_package_version():
    from importlib.metadata import version

    result = run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"hustings {version('hustings')}"


@pytest.mark.parametrize("command", [["ask", "Who spoke?"], ["ingest", str(ROUNDUPS)],
                                     ["documents"], ["remove", "anything.md"]])
def test_an_index_path_that_is_a_file_is_refused_with_what_to_do(command, tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("my notes")
    result = run(*command, "--index", str(file))
    assert_error(result, 2, "is a file", "folder")
    assert file.read_text() == "my notes"


def _garbage(db: Path) -> None:
    db.write_bytes(b"these are not the bytes of a database " * 200)


def _truncated(db: Path) -> None:
    with db.open("r+b") as handle:
        handle.truncate(db.stat().st_size // 3)


def _no_table(db: Path) -> None:
    import sqlite3

    with sqlite3.connect(db) as connection:
        connection.execute("DROP TABLE embeddings")


@pytest.mark.parametrize("damage", [_garbage, _truncated, _no_table])
def test_a_damaged_index_is_explained_not_traced(damage, library, tmp_path):
    index = copy_of(library, tmp_path)
    damage(index / "chroma.sqlite3")
    result = run("ask", "--index", str(index), "Who spoke?")
    assert_error(result, 1, "cannot be read", "hustings ingest", str(index))


def test_debug_shows_the_traceback_of_a_damaged_index(library, tmp_path):
    index = copy_of(library, tmp_path)
    _garbage(index / "chroma.sqlite3")
    result = run("documents", "--index", str(index), "--debug")
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "IndexAccessError" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Error: The index at")


def test_an_unrelated_folder_is_never_filled_with_index_files(tmp_path):
    folder = tmp_path / "my-documents"
    (folder / "drafts").mkdir(parents=True)
    (folder / "notes.txt").write_text("my notes")
    (folder / "drafts" / "letter.md").write_text("Dear editor")
    before = listing(folder)
    for command in (["ingest", str(ROUNDUPS / "leeds-mayoral-hustings.md"), "--index",
                     str(folder)], ["ask", "Who spoke?", "--index", str(folder)]):
        assert_error(run(*command), 2, "not an index", "new or empty folder")
    assert_error(run("ask", "Who spoke?", env={"HUSTINGS_INDEX": str(folder)}), 2,
                 "not an index")
    assert listing(folder) == before
    empty = tmp_path / "empty"  # an existing empty folder is a fine place for a new index
    empty.mkdir()
    made = run("ingest", str(ROUNDUPS / "leeds-mayoral-hustings.md"), "--index", str(empty))
    assert made.returncode == 0, made.stderr
    assert (empty / "chroma.sqlite3").is_file()


def test_documents_lists_event_date_candidates_passages_and_source(library):
    store = store_of(library)
    events = store.load_events()
    counts = {source: len(ids) for source, ids in store.ids_by_source().items()}
    assert len(events) == 2

    plain = run("documents", "--index", str(library))
    assert plain.returncode == 0, plain.stderr
    blocks = plain.stdout.strip().split("\n\n")
    assert len(blocks) == len(events) + 1  # and a line saying how many, and how to remove
    for event, block in zip(events, blocks):
        assert block.startswith(f"{event.title} ({event.date or 'no date given'})")
        for candidate in event.candidates:
            assert candidate.name in block
        assert f"passages: {counts[event.source]}" in block
        assert block.rstrip().endswith(f"source: {event.source}")
    assert blocks[-1].startswith(f"2 documents, {store.count()} passages")
    assert "hustings remove" in blocks[-1]

    as_json = run("documents", "--index", str(library), "--json")
    assert as_json.returncode == 0, as_json.stderr
    records = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [r["source"] for r in records] == [e.source for e in events]
    for record, event in zip(records, events):
        assert record["title"] == event.title and record["date"] == event.date
        assert record["passages"] == counts[event.source]
        assert [c["name"] for c in record["candidates"]] == [c.name for c in event.candidates]
        assert {"party", "took_part"} <= set(record["candidates"][0])


def test_documents_without_an_index_says_how_to_make_one(tmp_path):
    assert_error(run("documents", "--index", str(tmp_path / "none")), 1, "no index",
                 "hustings ingest")
    assert not (tmp_path / "none").exists()  # listing never makes an index


def test_remove_takes_a_document_out_with_one_switch(library, tmp_path):
    index = copy_of(library, tmp_path)
    store = store_of(index)
    events = store.load_events()
    gone, kept = events
    generation = store.generation()

    unknown = run("remove", "no-such-report.pdf", "--index", str(index))
    assert_error(unknown, 2, "no-such-report.pdf", "hustings documents")
    assert store_of(index).generation() == generation  # nothing was touched

    result = run("remove", gone.source, "--index", str(index))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Removed {gone.title}")
    after = store_of(index)
    assert after.generation() != generation  # a new generation, switched to at once
    assert [e.source for e in after.load_events()] == [kept.source]
    assert {p.source for p in after.load_passages()} == {kept.source}
    assert (ROOT / gone.source).is_file()  # the document's own file is never deleted

    speaker = gone.speakers[0].name
    asked = run("ask", "--json", "--index", str(index), f"What did {speaker} say?")
    assert asked.returncode == 0, asked.stderr
    assert all(c["source"] != gone.source for c in json.loads(asked.stdout)["citations"])

    last = run("remove", str(ROOT / kept.source), "--index", str(index))  # a path works too
    assert_error(last, 1, "empty")
    assert [e.source for e in store_of(index).load_events()] == [kept.source]


def test_ask_section_uses_only_that_section(shipped_settings):
    passage = next(p for p in store_of(shipped_settings.index_dir).load_passages()
                   if p.speaker and p.section)
    result = run("ask", "--json", "--index", str(shipped_settings.index_dir), "--section",
                 passage.section, f"What did {passage.speaker} say?")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["citations"]
    assert {c["section"] for c in record["citations"]} == {passage.section}


@pytest.mark.parametrize(("args", "env", "code", "phrase"), [
    (["ask"], {}, 2, "Give a question"),
    (["frobnicate"], {}, 2, "invalid choice"),
    (["serve", "--port", "99999"], {}, 2, "1 to 65535"),
    (["serve"], {"HUSTINGS_PORT": "http"}, 2, "HUSTINGS_PORT"),
    (["ask", "--batch", "{tmp}/missing.jsonl", "--index", "{tmp}/none"], {}, 2, "Cannot read"),
    (["ingest", "{tmp}/missing", "--index", "{tmp}/none"], {}, 1, "Nothing could be ingested"),
    (["documents", "--chroma-url", "http://127.0.0.1:9"], {}, 1, "Cannot reach the Chroma"),
    (["ask", "Who spoke?"], {"HUSTINGS_LLM": "gpt"}, 2, "HUSTINGS_LLM"),
], ids=["no question", "unknown command", "bad port", "bad port variable", "missing batch",
        "nothing to ingest", "no chroma server", "bad llm setting"])
def test_every_error_is_a_sentence_with_an_exit_code(args, env, code, phrase, tmp_path):
    result = run(*[a.replace("{tmp}", str(tmp_path)) for a in args], env=env)
    assert_error(result, code, phrase)


def test_a_bug_shows_a_traceback_only_with_debug():
    script = ("import sys\nimport bot.cli as cli\n"
              "def broken(args, settings):\n    raise RuntimeError('a bug')\n"
              "cli.COMMANDS['documents'] = broken\n"
              "sys.exit(cli.main(sys.argv[1:]))\n")
    plain = subprocess.run([sys.executable, "-c", script, "documents"], capture_output=True,
                           text=True, cwd=ROOT, timeout=60)
    assert_error(plain, 1, "RuntimeError: a bug", "--debug", "report it")
    debug = subprocess.run([sys.executable, "-c", script, "documents", "--debug"],
                           capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr and ", in broken\n" in debug.stderr
    assert_error_line = debug.stderr.strip().splitlines()[-1]
    assert "report it with the traceback above" in assert_error_line


def test_help_is_written_for_someone_new_to_the_command_line():
    from bot.cli import COMMANDS

    top = run("--help")
    assert top.returncode == 0
    for name in COMMANDS:
        line = next(x for x in top.stdout.splitlines() if x.strip().startswith(name + " "))
        assert len(line.split()) >= 4, line  # a command and what it does, on one line
    assert "examples:" in top.stdout and "exit codes:" in top.stdout
    for name in COMMANDS:
        own = run(name, "--help")
        assert own.returncode == 0, own.stderr
        description = own.stdout.split("\n\n")[1]
        assert len(description.split()) >= 15, (name, description)  # says what it is for
        assert f"examples:\n  hustings {name}" in own.stdout, name
    bare = run()
    assert bare.returncode == 2 and "examples:" in bare.stderr  # no command: the help


def test_make_run_says_it_is_installing(tmp_path):
    dry = subprocess.run(["make", "-n", "run", f"VENV={tmp_path / 'venv'}"], capture_output=True,
                         text=True, cwd=ROOT, timeout=60)
    assert dry.returncode == 0, dry.stderr
    said = [line for line in dry.stdout.splitlines() if line.startswith("echo ")]
    assert any("Installing hustings" in line for line in said), dry.stdout
    assert dry.stdout.index("Installing hustings") < dry.stdout.index("pip install")


def test_a_first_start_says_what_it_is_doing_on_stderr(tmp_path):
    """Like a first `make run`: no index yet, so it is built from the data folder."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(ROUNDUPS / "leeds-mayoral-hustings.md", data)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1",
           "HUSTINGS_DATA": str(data), "HUSTINGS_INDEX": str(tmp_path / "index")}
    port = free_port()
    process = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    said: dict[str, list[str]] = {"stdout": [], "stderr": []}
    ready = threading.Event()  # whichever stream says it: the old code said it on stdout

    def listen(name: str) -> None:
        for line in getattr(process, name):
            said[name].append(line.rstrip("\n"))
            if "ready at http://" in line:
                ready.set()

    readers = [threading.Thread(target=listen, args=(n,), daemon=True) for n in said]
    for reader in readers:
        reader.start()
    try:
        ready.wait(timeout=START_TIMEOUT)
    finally:
        process.terminate()
        process.wait(timeout=30)
        for reader in readers:
            reader.join(timeout=10)
    text, stdout = "\n".join(said["stderr"]), "\n".join(said["stdout"])
    steps = ["Starting the hustings chat", f"No index yet: building it from {data}",
             "Read 1 file", f"ready at http://127.0.0.1:{port}: open it in a browser"]
    assert all(step in text for step in steps), text + stdout
    assert [text.index(step) for step in steps] == sorted(text.index(s) for s in steps)
    assert "Traceback" not in text and "Loading weights" not in text
    assert stdout == ""  # progress on stderr: stdout stays for what a command answers


def test_a_slow_step_of_the_start_is_said_and_a_quick_one_is_not(monkeypatch):
    """Preparing the model on a first start takes about a minute: it must not be silent."""
    import time

    from bot import startup

    monkeypatch.setattr(startup, "SLOW", 0.2)
    said: list[str] = []
    with startup._said_if_slow(said.append, "Preparing the model …"):
        time.sleep(0.6)
    with startup._said_if_slow(said.append, "Opening the index …"):
        pass
    time.sleep(0.4)  # a quick step's line would have come by now
    assert said == ["Preparing the model …"]
