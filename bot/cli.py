"""The `hustings` command: ingest, ask, inspect, eval, serve. Commands only translate."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.errors import ConfigError, HustingsError, IngestError, QuestionError
from ingest.settings import Settings

if TYPE_CHECKING:  # imported when used: `hustings ask` starts without the reader
    from ingest.understand import Person, Reading, Sentence


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, help="index folder (default: $HUSTINGS_INDEX or "
                        ".hustings/index)")
    parser.add_argument("--chroma-url", help="use a Chroma server instead of the index folder")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hustings", description="Answer questions about "
                                     "election hustings from event round-ups, with citations.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="add round-ups to the index")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: data/)")
    p.add_argument("--prune", action="store_true",
                   help="remove passages of files not found under these paths")
    _common(p)

    p = sub.add_parser("ask", help="ask questions; several form one conversation")
    p.add_argument("questions", nargs="*", help="the question(s), in order")
    p.add_argument("--json", action="store_true", help="one JSON answer record per line")
    p.add_argument("--batch", type=Path, help="JSONL file of {id, turns} conversations")
    p.add_argument("--speaker", help="only passages of this candidate")
    p.add_argument("--event", help="only passages of this event (its title)")
    _common(p)

    p = sub.add_parser("inspect", help="show how documents are read: event, roster and who "
                       "said each sentence (no index needed)")
    p.add_argument("paths", nargs="+", type=Path, help="files or folders")
    p.add_argument("--json", action="store_true", help="one JSON record per document")

    p = sub.add_parser("eval", help="score the bot on an eval set, or the reader on attribution "
                       "gold (--attribution)")
    p.add_argument("file", type=Path, nargs="?", help="a conversation eval set (JSONL)")
    p.add_argument("--attribution", type=Path, metavar="GOLD",
                   help="score who said each sentence against this gold file (JSONL) instead")
    p.add_argument("--docs", type=Path, help="with --attribution: the folder of the gold's "
                   "documents (default: docs/ beside GOLD)")
    p.add_argument("--json", action="store_true", help="with --attribution: one JSON record")
    p.add_argument("--by-cue", action="store_true", help="with --attribution: also accuracy, "
                   "misattributions and misses per cue (the reader's rule that decided)")
    p.add_argument("--verbose", action="store_true", help="show each failure")
    _common(p)

    p = sub.add_parser("serve", help="start the web chat (builds the index first if needed)")
    p.add_argument("--host", help="address to listen on (default: $HUSTINGS_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: $HUSTINGS_PORT or 7860)")
    p.add_argument("--mcp", action="store_true", default=None,
                   help="also serve the chat as MCP tools at /gradio_api/mcp/sse "
                        "(default: $HUSTINGS_MCP; needs the mcp extra)")
    p.add_argument("--read-only", action="store_true", default=None,
                   help="no adding or removing documents in the page or through /ingest "
                        "(default: $HUSTINGS_READ_ONLY)")
    _common(p)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    """Merge HUSTINGS_* variables with the flags given."""
    return Settings.from_env(index_dir=getattr(args, "index", None),
                             chroma_url=getattr(args, "chroma_url", None),
                             host=getattr(args, "host", None), port=getattr(args, "port", None),
                             mcp=getattr(args, "mcp", None),
                             read_only=getattr(args, "read_only", None))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = settings_from(args)
        return COMMANDS[args.command](args, settings)
    except HustingsError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `hustings ask ... | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.pipeline import ingest_paths

    paths = list(args.paths) or list(settings.data_paths)
    if args.prune and settings.upload_folder.is_dir():  # documents added in the web page stay
        from bot.web.upload import recover

        recover(settings)  # but not the files of an addition killed before it finished
        paths.append(settings.upload_folder)
    summary = ingest_paths(paths, settings, prune=args.prune)
    for line in summary.lines():
        print(line)
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.answer import Filters

    if not args.questions and not args.batch:
        raise QuestionError("Give a question, e.g. hustings ask \"Who spoke?\", or --batch FILE.")
    for q in args.questions:
        _check_question(q, settings)
    bot = _open(settings)
    filters = Filters(speaker=args.speaker, event=args.event)
    if args.batch:
        for case_id, turns in _read_batch(args.batch):
            records = [a.to_record() for a in bot.converse(turns, filters)]
            print(json_line({"id": case_id, "turns": records}), flush=True)
        return 0
    for answer in bot.converse(args.questions, filters):
        if args.json:
            print(json_line(answer.to_record()), flush=True)
        else:
            print(format_plain(answer), flush=True)
    return 0


def cmd_inspect(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.understand.export import reading_record

    read = 0
    for source, reading in _read_documents(args.paths):
        if args.json:
            print(json_line(reading_record(reading, source)), flush=True)
        else:
            print(format_reading(reading, source), flush=True)
        read += 1
    if not read:
        raise IngestError("Nothing could be read; see the reasons above.")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evals.answers import evaluate, failure_lines, load_cases, summary_lines

    if args.attribution:
        if args.file:
            raise ConfigError("Give either an eval set or --attribution GOLD, not both.")
        return _eval_attribution(args)
    if not args.file:
        raise ConfigError("Give an eval set, e.g. hustings eval ../shared/eval/dev.jsonl, or "
                          "--attribution GOLD.")
    if args.docs or args.json or args.by_cue:
        raise ConfigError("--docs, --json and --by-cue go with --attribution GOLD.")
    cases = load_cases(args.file)
    bot = _open(settings)
    results = evaluate(bot, cases)
    if args.verbose:
        for line in failure_lines(results):
            print(line)
    for line in summary_lines(results):
        print(line)
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.web.app import serve

    serve(settings)
    return 0


COMMANDS = {"ingest": cmd_ingest, "ask": cmd_ask, "inspect": cmd_inspect, "eval": cmd_eval,
            "serve": cmd_serve}


def _eval_attribution(args: argparse.Namespace) -> int:
    from bot.evals.attribution import (
        InspectedDocument,
        cue_lines,
        load_gold,
        score,
        score_record,
        summary_lines,
        wrong_lines,
    )
    from ingest.understand.export import reading_record

    gold = load_gold(args.attribution)
    folder = args.docs or args.attribution.parent / "docs"
    documents = [InspectedDocument.from_record(reading_record(reading, source))
                 for source, reading in _read_documents([folder])]
    if not documents:
        raise IngestError(f"No documents could be read in {folder}; give their folder with "
                          "--docs DIR.")
    result = score(gold, documents)
    if args.json:
        print(json_line(score_record(result)))
        return 0
    if args.verbose:
        for line in wrong_lines(result):
            print(line)
    if args.by_cue:
        print("by cue:")
        for line in cue_lines(result):
            print(f"  {line}")
    for line in summary_lines(result):
        print(line)
    return 0


def _read_documents(paths: Sequence[Path]) -> Iterator[tuple[str, Reading]]:
    """Yield (source as given, Reading) per readable file; say on stderr why others are not."""
    from ingest.loaders import SkipFile, find_files, path_text
    from ingest.understand import read_file

    files, skipped = find_files(list(paths))
    for s in skipped:
        print(f"skipped {s.source}: {s.reason}", file=sys.stderr, flush=True)
    for path in files:
        source = path_text(path)
        try:
            reading = read_file(path, source)
        except SkipFile as exc:
            print(f"skipped {source}: {exc}", file=sys.stderr, flush=True)
            continue
        except Exception as exc:  # one document the reader fails on must not stop the others
            print(f"skipped {source}: could not be read ({type(exc).__name__}: {exc})",
                  file=sys.stderr, flush=True)
            continue
        yield source, reading


def _open(settings: Settings):
    from bot.startup import open_chatbot

    return open_chatbot(settings, say=lambda line: print(line, file=sys.stderr))


def _check_question(question: str, settings: Settings) -> None:
    from bot.question import clean_question

    clean_question(question, settings.max_question_chars)



def _read_batch(path: Path) -> list[tuple[str, list[str]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise QuestionError(f"Cannot read {path}: {exc.strerror}.") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item: dict[str, Any] = json.loads(line)
            out.append((str(item.get("id", n)), [str(t) for t in item["turns"]]))
        except (ValueError, KeyError, TypeError):
            raise QuestionError(f"{path}:{n} is not a JSON line with \"turns\".") from None
    return out


def json_line(record: dict[str, Any]) -> str:
    """Return a record as one line of JSON, even when its text holds Unicode line breaks."""
    text = json.dumps(record, ensure_ascii=False)
    # JSON leaves U+2028, U+2029 and U+0085 raw, yet line readers split on them.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace(
        "\x85", "\\u0085")


def format_plain(answer) -> str:
    """Format an answer for a terminal: the text, then its numbered sources."""
    from bot.citations import plain_sources

    lines = [answer.text]
    if answer.notice:
        lines.insert(0, answer.notice)
    sources = plain_sources(answer.citations)
    if sources:
        lines += ["", "Sources", *sources]
    return "\n".join(lines) + "\n"


def format_reading(reading: Reading, source: str) -> str:
    """Format a Reading for a terminal: the event, its chairs and roster, then each sentence
    prefixed by who said it."""
    lines = [f"# {reading.title}", f"source: {source}", f"date: {reading.date or '—'}",
             f"place: {reading.place or '—'}",
             f"chairs: {', '.join(reading.chairs) or '—'}", "candidates:"]
    lines += [f"  {_roster_line(p)}" for p in reading.candidates] or ["  (none found)"]
    lines.append("")
    lines += [f"[{_said_by(s)}] {' '.join(s.text.split())}" for s in reading.sentences]
    return "\n".join(lines) + "\n"


def _roster_line(person: Person) -> str:
    from ingest.understand import Status

    status = "took part" if person.status is Status.TOOK_PART else "absent"
    reason = f" ({person.reason})" if person.reason else ""
    return f"{person.name}, {person.party or 'no party given'}: {status}{reason}"


def _said_by(sentence: Sentence) -> str:
    if sentence.speaker:
        return sentence.speaker
    return sentence.role.value if sentence.role is not None else "—"


if __name__ == "__main__":
    sys.exit(main())
