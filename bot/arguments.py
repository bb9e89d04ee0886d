"""The `hustings` command's arguments and help: what someone new to a command line reads."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

from ingest.loaders import formats_phrase

DESCRIPTION = """\
Answer questions about election hustings from reports of them (round-ups, live blogs,
transcripts, minutes, candidate surveys). Every statement in an answer names the candidate
who made it and cites the passage it comes from, quoted underneath.

Start by adding your documents (hustings ingest), then ask (hustings ask), or open the
chat page (hustings serve)."""

EXAMPLES = """\
examples:
  hustings ingest ~/hustings-reports/        add every document in a folder
  hustings ask "What did the Green candidate say about buses?"
  hustings ask "Who took part?" "Who chaired it?"   several questions: one conversation
  hustings documents                          list what is indexed
  hustings remove reports/old-report.pdf      take one document out again
  hustings serve                              the same, as a chat page in your browser

Each command has its own help: hustings ask --help
exit codes: 0 done, 1 a problem with the index, the files or a service,
            2 a wrong command, setting or question. --debug shows the details of a failure."""


class Help(argparse.RawDescriptionHelpFormatter):
    """Wrap prose paragraphs to the terminal; keep indented lines (examples) as written."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=28)
        # Python 3.11 leaves the commands' names out when it aligns the help: "documents"
        # (13 columns indented) would push its line under the name.
        self._action_max_length = 16

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        paragraphs = text.split("\n\n")
        return "\n\n".join(
            p if any(line.startswith(" ") for line in p.splitlines())
            else textwrap.fill(" ".join(p.split()), width, initial_indent=indent,
                               subsequent_indent=indent)
            for p in paragraphs)


class Parser(argparse.ArgumentParser):
    """argparse, saying how to find the right usage after a usage error."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"Error: {message}. See: {self.prog} --help\n")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, metavar="FOLDER",
                        help="the index folder (default: $HUSTINGS_INDEX or .hustings/index); "
                             "a new or empty folder, or one made by hustings")
    parser.add_argument("--chroma-url", metavar="URL",
                        help="use a Chroma server instead of an index folder")


def _command(sub: Any, name: str, summary: str, description: str, examples: str = ""
             ) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=summary, description=description,
                            epilog=f"examples:\n{examples}" if examples else None,
                            formatter_class=Help)
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the full details (a traceback) when something fails")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="hustings", description=DESCRIPTION, epilog=EXAMPLES,
                    formatter_class=Help)
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    parser.add_argument("--debug", action="store_true",
                        help="show the full details (a traceback) when something fails")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    p = _command(sub, "ingest", "add documents to the index (or update them)",
                 "Read documents and add them to the index, so that questions can be asked "
                 f"about them: files ({formats_phrase('and')}) or folders of them, subfolders "
                 "too. A file already indexed is "
                 "updated when it changed; a file that cannot be read is skipped with the "
                 "reason, and the rest is added.",
                 "  hustings ingest report.pdf minutes.docx\n"
                 "  hustings ingest ~/hustings-reports/ --prune   drop documents no longer "
                 "there")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="files or folders (default: the data/ folder)")
    p.add_argument("--prune", action="store_true",
                   help="also remove indexed documents that are not under these paths")
    _common(p)

    p = _command(sub, "ask", "ask questions; several in a row are one conversation",
                 "Answer questions from the indexed documents. Each statement names its "
                 "candidate and cites numbered sources, listed under the answer. When the "
                 "documents do not cover a question, the answer says so. Several questions "
                 "form one conversation, so a follow-up like \"And what about her rival?\" "
                 "works. With no index yet, one is built from data/ first.",
                 "  hustings ask \"Who is the Labour candidate?\"\n"
                 "  hustings ask \"What did Jo Bloggs say about housing?\" \"And about buses?\"\n"
                 "  hustings ask --section Transport \"What was promised?\"\n"
                 "  hustings ask --json \"Who spoke?\"          one JSON record per answer")
    p.add_argument("questions", nargs="*", metavar="QUESTION",
                   help="the question(s), in order; put each in quotes")
    p.add_argument("--speaker", metavar="NAME", help="use only what this candidate said")
    p.add_argument("--event", metavar="TITLE",
                   help="use only this event's document (its title, as `hustings documents` "
                        "lists it)")
    p.add_argument("--section", metavar="TOPIC",
                   help="use only this section (topic) of the documents, e.g. Housing")
    p.add_argument("--json", action="store_true",
                   help="print one JSON record per answer, with its citations")
    p.add_argument("--batch", type=Path, metavar="FILE",
                   help="answer the conversations of a JSON Lines file, one "
                        "{\"id\": ..., \"turns\": [questions]} per line")
    _common(p)

    p = _command(sub, "documents", "list the indexed documents",
                 "List the documents in the index: each one's event and date, the candidates "
                 "who spoke (and who did not), how many passages it gave, and its source (what "
                 "`hustings remove` takes).",
                 "  hustings documents\n"
                 "  hustings documents --json     one JSON record per document")
    p.add_argument("--json", action="store_true", help="print one JSON record per document")
    _common(p)

    p = _command(sub, "remove", "remove documents from the index",
                 "Remove documents from the index; answers stop using them at once. The rest of "
                 "the index is kept as it is, and if anything goes wrong on the way the index "
                 "stays as it was. The files themselves are not deleted, except the copies "
                 "kept of documents added in the chat page.",
                 "  hustings remove data/old-report.pdf\n"
                 "  hustings remove \"Riverside hustings\"     by its event title")
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="a document's source as `hustings documents` lists it (or its event "
                        "title)")
    _common(p)

    p = _command(sub, "inspect", "show how documents are read, sentence by sentence",
                 "Show how documents are read, without adding them to the index: the event, "
                 "its chairs, its candidates (party, took part or not), and who said each "
                 "sentence. Use it to check a document before you add it.",
                 "  hustings inspect report.pdf\n"
                 "  hustings inspect --json reports/")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    p.add_argument("--json", action="store_true", help="print one JSON record per document")

    p = _command(sub, "eval", "score the answers on an eval set (for developers)",
                 "Score the bot against an eval set of conversations with expected answers, or "
                 "the reader against gold attributions (--attribution).",
                 "  hustings eval ../shared/eval/dev.jsonl --verbose\n"
                 "  hustings eval --attribution ../shared/eval/attribution.jsonl")
    p.add_argument("file", type=Path, nargs="?", metavar="FILE",
                   help="a conversation eval set (JSON Lines)")
    p.add_argument("--attribution", type=Path, metavar="GOLD",
                   help="score who said each sentence against this gold file (JSONL) instead")
    p.add_argument("--docs", type=Path, metavar="FOLDER",
                   help="with --attribution: the folder of the gold's documents (default: "
                        "docs/ beside GOLD)")
    p.add_argument("--json", action="store_true", help="with --attribution: one JSON record")
    p.add_argument("--by-cue", action="store_true", help="with --attribution: also accuracy, "
                   "misattributions and misses per cue (the reader's rule that decided)")
    p.add_argument("--verbose", action="store_true", help="show each failure")
    _common(p)

    p = _command(sub, "serve", "start the chat page in your browser",
                 "Start the chat as a web page on this computer, then open the address it "
                 "prints in a browser. With no index yet, one is built from data/ first. "
                 "Stop it with Ctrl+C.",
                 "  hustings serve\n"
                 "  hustings serve --port 8080 --read-only")
    p.add_argument("--host", help="address to listen on (default: $HUSTINGS_HOST or 127.0.0.1,"
                                  " this computer only)")
    p.add_argument("--port", type=_port, help="port (default: $HUSTINGS_PORT or 7860)")
    p.add_argument("--mcp", action="store_true", default=None,
                   help="also serve the chat as MCP tools at /gradio_api/mcp/sse "
                        "(default: $HUSTINGS_MCP; needs the mcp extra)")
    p.add_argument("--read-only", action="store_true", default=None,
                   help="no adding or removing documents in the page or through /ingest "
                        "(default: $HUSTINGS_READ_ONLY)")
    _common(p)
    return parser


def version() -> str:
    """Return the installed package's version."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("hustings")
    except PackageNotFoundError:  # run from a clone that was never installed
        return "(not installed: run make setup)"


def _port(text: str) -> int:
    if text.isdigit() and int(text) < 65536:  # 0: any free port
        return int(text)
    raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a number from 1 to 65535")
