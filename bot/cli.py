"""The `hustings` command: ingest, ask, eval, serve. Commands only translate."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest.errors import HustingsError, QuestionError
from ingest.settings import Settings


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

    p = sub.add_parser("eval", help="score the bot on an eval set")
    p.add_argument("file", type=Path)
    p.add_argument("--verbose", action="store_true", help="show each failure")
    _common(p)

    p = sub.add_parser("serve", help="start the web chat (builds the index first if needed)")
    p.add_argument("--host", help="address to listen on (default: $HUSTINGS_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: $HUSTINGS_PORT or 7860)")
    _common(p)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    """Merge HUSTINGS_* variables with the flags given."""
    return Settings.from_env(index_dir=args.index, chroma_url=args.chroma_url,
                             host=getattr(args, "host", None), port=getattr(args, "port", None))


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
            records = [a.to_record() for a in _conversation(bot, turns, filters)]
            print(json_line({"id": case_id, "turns": records}), flush=True)
        return 0
    for answer in _conversation(bot, args.questions, filters):
        if args.json:
            print(json_line(answer.to_record()), flush=True)
        else:
            print(format_plain(answer), flush=True)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluation import check, failure_lines, load_cases, summary_lines

    cases = load_cases(args.file)
    bot = _open(settings)
    results = []
    for case in cases:
        answers = _conversation(bot, list(case.turns))
        results.append(check(case, answers[-1].to_record()))
    if args.verbose:
        for line in failure_lines(results):
            print(line)
    for line in summary_lines(results):
        print(line)
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.web import serve

    serve(settings)
    return 0


COMMANDS = {"ingest": cmd_ingest, "ask": cmd_ask, "eval": cmd_eval, "serve": cmd_serve}


def _open(settings: Settings):
    from bot.startup import open_chatbot

    return open_chatbot(settings, say=lambda line: print(line, file=sys.stderr))


def _check_question(question: str, settings: Settings) -> None:
    from bot.question import clean_question

    clean_question(question, settings.max_question_chars)


def _conversation(bot, turns: Sequence[str], filters=None) -> list:
    from bot.answer import Answer, Turn

    history: list[Turn] = []
    answers: list[Answer] = []
    for question in turns:
        try:
            answer = bot.ask(question, history, filters)
        except QuestionError as exc:  # one bad turn of a batch must not stop the rest
            answer = Answer(question=str(question), text=str(exc), answered=False)
        history.append(Turn(question, answer))
        answers.append(answer)
    return answers


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


if __name__ == "__main__":
    sys.exit(main())
