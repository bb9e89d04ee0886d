"""The `hustings` command: ingest, ask, documents, remove, inspect, eval, serve.

Commands only translate: flags into Settings and calls, results into lines, errors into one
sentence on stderr and an exit code (0 done, 1 the index, files or a service failed, 2 a wrong
command, flag or question). A traceback is shown only with --debug.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.arguments import build_parser
from bot.terminal import (
    documents_footer,
    format_document,
    format_plain,
    format_reading,
    json_line,
)
from ingest.errors import (
    HustingsError,
    IndexMissingError,
    IngestError,
    QuestionError,
    UsageError,
)
from ingest.settings import Settings

if TYPE_CHECKING:  # imported when used: `hustings ask` starts without the reader
    from ingest.index.store import IndexStore
    from ingest.model import Event
    from ingest.understand import Reading

def settings_from(args: argparse.Namespace) -> Settings:
    """Merge HUSTINGS_* variables with the flags given."""
    return Settings.from_env(index_dir=getattr(args, "index", None),
                             chroma_url=getattr(args, "chroma_url", None),
                             host=getattr(args, "host", None), port=getattr(args, "port", None),
                             mcp=getattr(args, "mcp", None),
                             read_only=getattr(args, "read_only", None))


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no model-loading bars
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        settings = settings_from(args)
        return COMMANDS[args.command](args, settings)
    except HustingsError as exc:
        return _failed(str(exc), exc.exit_code, args.debug)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `hustings ask ... | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # the disk, a permission: not a bug, and not ours to fix
        where = f" ({exc.filename})" if exc.filename else ""
        return _failed(f"{exc.strerror or exc}{where}. Check that the path exists, that you "
                       "may read and write it, and that the disk has room.", 1, args.debug)
    except Exception as exc:
        how = ("report it with the traceback above" if args.debug else "run the command again "
               "with --debug to see where, and report it")
        return _failed(f"Something went wrong ({type(exc).__name__}: {exc}). This is a bug in "
                       f"hustings: {how}.", 1, args.debug)


def _failed(message: str, code: int, debug: bool) -> int:
    if debug:
        traceback.print_exc()
    print(f"Error: {message}", file=sys.stderr)
    return code


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.pipeline import ingest_paths

    _check_index_path(settings)  # before the documents are read: a wrong folder fails at once
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
        raise QuestionError("Give a question, e.g. hustings ask \"Who spoke?\", or --batch "
                            "FILE.")
    for q in args.questions:
        _check_question(q, settings)
    batch = _read_batch(args.batch) if args.batch else []  # a bad file fails before the index
    _check_index_path(settings)  # and a wrong index before the model loads
    bot = _open(settings)
    filters = Filters(speaker=args.speaker, event=args.event, section=args.section)
    if args.batch:
        for case_id, turns in batch:
            records = [a.to_record() for a in bot.converse(turns, filters)]
            print(json_line({"id": case_id, "turns": records}), flush=True)
        return 0
    for answer in bot.converse(args.questions, filters):
        if args.json:
            print(json_line(answer.to_record()), flush=True)
        else:
            print(format_plain(answer), flush=True)
    return 0


def cmd_documents(args: argparse.Namespace, settings: Settings) -> int:
    from bot.web.library import event_record

    store = _existing_store(settings)
    events = store.load_events()
    counts = {source: len(ids) for source, ids in store.ids_by_source().items()}
    if not events:
        print(f"No documents are indexed at {_where(settings)}. Add some with: hustings ingest "
              "PATH", file=sys.stderr)
        return 0
    for event in events:
        passages = counts.get(event.source, 0)
        if args.json:
            print(json_line({**event_record(event), "passages": passages}), flush=True)
        else:
            print(format_document(event, passages), flush=True)
    if not args.json:
        print(documents_footer([counts.get(e.source, 0) for e in events]))
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    from bot.web.upload import remove_documents  # the page's Remove: one way to remove

    events = _existing_store(settings).load_events()
    chosen = {event.id: event for key in args.sources for event in [_find_event(key, events)]}
    print(remove_documents(list(chosen), events, settings))
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
            raise UsageError("Give either an eval set or --attribution GOLD, not both.")
        return _eval_attribution(args)
    if not args.file:
        raise UsageError("Give an eval set, e.g. hustings eval ../shared/eval/dev.jsonl, or "
                         "--attribution GOLD.")
    if args.docs or args.json or args.by_cue:
        raise UsageError("--docs, --json and --by-cue go with --attribution GOLD.")
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


COMMANDS = {"ingest": cmd_ingest, "ask": cmd_ask, "documents": cmd_documents,
            "remove": cmd_remove, "inspect": cmd_inspect, "eval": cmd_eval, "serve": cmd_serve}


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

    return open_chatbot(settings, say=lambda line: print(line, file=sys.stderr, flush=True))


def _existing_store(settings: Settings) -> IndexStore:
    """Open the index to read or change it; never make one where there is none."""
    from ingest.index.embeddings import embeddings_for
    from ingest.index.store import IndexStore, index_exists

    _check_index_path(settings)
    if not index_exists(settings):
        raise IndexMissingError(f"There is no index at {settings.index_dir} yet. Add documents "
                                "with: hustings ingest PATH (or give another index with "
                                "--index).")
    return IndexStore(settings, embeddings_for(settings))


def _check_index_path(settings: Settings) -> None:
    from ingest.index.store import check_folder

    if not settings.chroma_url:
        check_folder(settings.index_dir)


def _find_event(key: str, events: Sequence[Event]) -> Event:
    """Return the indexed event whose source, file path, id or title is key."""
    from ingest.pipeline import source_name

    path = Path(key).expanduser()
    as_path = source_name(path) if key.strip() else ""
    for match in (lambda e: e.source == key, lambda e: e.source == as_path,
                  lambda e: e.id == key, lambda e: e.title.casefold() == key.casefold()):
        found = [e for e in events if match(e)]
        if len(found) == 1:
            return found[0]
        if found:
            raise UsageError(f"Several documents are titled {key!r}; give the source of the one "
                             f"to remove: {', '.join(e.source for e in found)}.")
    raise UsageError(f"No indexed document is {key!r}. Give its source as `hustings documents` "
                     "lists it.")


def _where(settings: Settings) -> str:
    return settings.chroma_url or str(settings.index_dir)


def _check_question(question: str, settings: Settings) -> None:
    from bot.question import clean_question

    clean_question(question, settings.max_question_chars)


def _read_batch(path: Path) -> list[tuple[str, list[str]]]:
    import json

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"Cannot read {path}: {exc.strerror}.") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item: dict[str, Any] = json.loads(line)
            out.append((str(item.get("id", n)), [str(t) for t in item["turns"]]))
        except (ValueError, KeyError, TypeError):
            raise UsageError(f"{path}:{n} is not a JSON line with \"turns\".") from None
    return out


if __name__ == "__main__":
    sys.exit(main())
