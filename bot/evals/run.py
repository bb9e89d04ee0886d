"""Run the conversation eval sets of ../shared/eval and print figures per set and per kind.

    python -m bot.evals.run --set all            # dev, styles, more, real
    python -m bot.evals.run --set real --naive   # ... with a naive RAG's figures beside ours
    python -m bot.evals.run --set more --verbose --doc NAME   # failures of one document

Each set is answered over the index its README names (real: one index per document, with
data/). Indexes are built once into a cache folder on local disk and reused while the
documents and the code under ingest/ are unchanged; answers are written as JSONL beside them,
in the shape the reference scorers read (--reference runs them and checks they agree).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.evals.answers import MAX_ANSWER_CHARS, Case, Result, check, load_cases, summary_lines
from bot.evals.naive import NaiveRag

if TYPE_CHECKING:
    from bot.chatbot import Chatbot

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "eval"
DATA = ROOT / "data"
KEEP_PER_NAME = 2  # cached indexes kept for each set's corpus (one per version of the reader)


@dataclass(frozen=True)
class Group:
    """Conversations answered over one index."""

    name: str  # names the cached index
    paths: tuple[Path, ...]
    cases: tuple[Case, ...]


@dataclass(frozen=True)
class EvalSet:
    """A conversation set and the indexes it is answered over."""

    name: str
    path: Path
    groups: tuple[Group, ...]


def eval_sets(shared: Path = SHARED) -> dict[str, EvalSet]:
    """Return the sets the eval README lists, each with the corpus its questions need."""
    out: dict[str, EvalSet] = {}
    simple = (("dev", shared / "dev.jsonl", (DATA,)),
              ("styles", shared / "styles.jsonl", (DATA, shared / "docs")),
              ("more", shared / "more" / "questions.jsonl", (DATA, shared / "more" / "docs")))
    for name, path, paths in simple:
        if path.exists():
            out[name] = EvalSet(name, path, (Group(name, paths, tuple(load_cases(path))),))
    real = shared / "real" / "questions.jsonl"
    if real.exists():
        by_doc: dict[str, list[Case]] = {}
        for case in load_cases(real):
            by_doc.setdefault(case.doc, []).append(case)
        out["real"] = EvalSet("real", real, tuple(
            Group(f"real-{Path(doc).stem}", (DATA, shared / "real" / "docs" / doc), tuple(cases))
            for doc, cases in by_doc.items()))
    return out


def corpus_key(paths: Sequence[Path]) -> str:
    """Name an index by the documents it holds and the code that reads them."""
    key = hashlib.sha1()
    files = [f for p in paths for f in (sorted(p.rglob("*")) if p.is_dir() else [p])
             if f.is_file()]
    code = sorted((ROOT / "ingest").rglob("*.py"))
    for f in [*files, *code, ROOT / "pyproject.toml"]:
        key.update(f.name.encode())
        key.update(f.read_bytes())
    # the installed readers too: a missing package skips a format's documents
    key.update(" ".join(sorted(f"{d.metadata['Name']}=={d.version}"
                               for d in importlib.metadata.distributions())).encode())
    return key.hexdigest()[:16]


class IndexCache:
    """Indexes of the eval corpora, built once and reused while their key holds."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def settings_for(self, group: Group, say=print):
        """Return Settings of an index over the group's documents, building it if missing."""
        from ingest.pipeline import ingest_paths
        from ingest.settings import Settings

        target = self.folder / f"{group.name}-{corpus_key(group.paths)}"
        settings = Settings.from_env(index_dir=target / "index", data_paths=group.paths)
        if not (target / ".complete").exists():
            shutil.rmtree(target, ignore_errors=True)
            started = time.perf_counter()
            ingest_paths(list(group.paths), settings, progress=False)
            (target / ".complete").write_text("ok")
            say(f"  built the {group.name} index in {time.perf_counter() - started:.0f} s")
            self._prune(group.name, keep=target)
        return settings

    def _prune(self, name: str, keep: Path) -> None:
        same = [p for p in self.folder.iterdir()
                if p.is_dir() and p.name.rsplit("-", 1)[0] == name and p != keep]
        for old in sorted(same, key=lambda p: p.stat().st_mtime)[:-(KEEP_PER_NAME - 1) or None]:
            shutil.rmtree(old, ignore_errors=True)


def default_cache() -> Path:
    root = os.environ.get("XDG_CACHE_HOME")
    return (Path(root) if root else Path.home() / ".cache") / "hustings-evals"


def answer_group(bot: Chatbot, group: Group) -> Iterator[tuple[Result, list[dict]]]:
    """Answer each conversation of a group; yield its result and every turn's record."""
    for case in group.cases:
        records = [a.to_record() for a in bot.converse(list(case.turns))]
        yield check(case, records[-1]), records


@dataclass
class SetRun:
    """A set's results, and the naive recipe's where measured."""

    eval_set: EvalSet
    results: list[Result]
    naive: list[Result] | None = None
    seconds: float = 0.0


def run_set(eval_set: EvalSet, cache: IndexCache, out: Path, naive: bool = False,
            doc: str | None = None, say=print) -> SetRun:
    """Answer a set over its indexes; write the answers to out/<set>.jsonl."""
    from bot.chatbot import Chatbot
    from ingest.index.embeddings import embeddings_for
    from ingest.index.store import IndexStore

    results: list[Result] = []
    naive_results: list[Result] = []
    started = time.perf_counter()
    lines = []
    for group in eval_set.groups:
        cases = tuple(c for c in group.cases if not doc or doc in (c.doc or group.name))
        if not cases:
            continue
        group = Group(group.name, group.paths, cases)
        settings = cache.settings_for(group, say)
        bot = Chatbot(settings, IndexStore(settings, embeddings_for(settings)))
        for result, records in answer_group(bot, group):
            results.append(result)
            lines.append(json.dumps({"id": result.case.id, **records[-1],
                                     "turns": records}, ensure_ascii=False))
        if naive:
            rag = NaiveRag(group.paths, embeddings_for(settings))
            naive_results.extend(check(c, rag.answer(c.turns)) for c in cases)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{eval_set.name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return SetRun(eval_set, results, naive_results if naive else None,
                  time.perf_counter() - started)


def kind_lines(results: Sequence[Result]) -> list[str]:
    """Return "kind passed/total" per kind of conversation."""
    kinds: dict[str, list[Result]] = {}
    for r in results:
        kinds.setdefault(r.case.kind or "unlabelled", []).append(r)
    return [f"{kind} {sum(r.passed for r in rs)}/{len(rs)}" for kind, rs in sorted(kinds.items())]


def finding_line(label: str, results: Sequence[Result]) -> str:
    """Return how often the facts were found and the support cited, over answerable items."""
    answerable = [r for r in results if r.case.answered]
    facts = sum(1 for r in answerable if r.checks.get("facts"))
    support = sum(1 for r in answerable if r.checks.get("support"))
    return (f"{label}: facts found {facts}/{len(answerable)}, support cited "
            f"{support}/{len(answerable)}")


def report(run: SetRun, verbose: bool = False) -> list[str]:
    """Return the lines printed for one set."""
    from bot.evals.answers import failure_lines

    lines = [f"== {run.eval_set.name} ({len(run.results)} conversations, "
             f"{run.seconds:.0f} s)"]
    if verbose:
        lines += failure_lines(run.results)
    lines.append("by kind: " + ", ".join(kind_lines(run.results)))
    for r in run.results:
        if r.wrong_speaker:
            lines.append(f"WRONG SPEAKER {r.case.id}: cited {', '.join(r.wrong_speakers())} "
                         f"(about {', '.join(r.case.speakers)})")
    if run.naive is not None:
        lines.append(finding_line("ours", run.results))
        lines.append(finding_line("naive RAG, its 4 chunks (800 chars each)", run.naive))
        concise = [check(r.case, {**r.record, "answer": r.record["answer"][:MAX_ANSWER_CHARS]})
                   for r in run.naive]
        lines.append(finding_line(f"naive RAG, its first {MAX_ANSWER_CHARS} chars", concise))
    lines += summary_lines(run.results)
    return lines


def reference_lines(run: SetRun, out: Path) -> list[str]:
    """Score the written answers with the reference scripts; say whether they agree with ours."""
    scripts = run.eval_set.path.parent
    while scripts != scripts.parent and not (scripts / "reference").is_dir():
        scripts = scripts.parent
    gold = run.eval_set.path
    answers = out / f"{run.eval_set.name}.jsonl"
    if run.results and len(run.results) < sum(len(g.cases) for g in run.eval_set.groups):
        subset = out / f"{run.eval_set.name}.gold.jsonl"  # --doc: only the cases answered
        ids = {r.case.id for r in run.results}
        subset.write_text("".join(line for line in gold.read_text(encoding="utf-8")
                                  .splitlines(keepends=True)
                                  if line.strip() and json.loads(line)["id"] in ids))
        gold = subset
    got = []
    for script in ("score.py", "misattr.py"):
        done = subprocess.run([sys.executable, str(scripts / "reference" / script), str(gold),
                               str(answers)], capture_output=True, text=True, check=False)
        got.append(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else
                   f"{script} failed: {done.stderr.strip()[-200:]}")
    ours = f"pass {sum(r.passed for r in run.results)}/{len(run.results)}"
    wrong = sum(r.wrong_speaker for r in run.results)
    agree = got[0] == ours and f"cited a wrong speaker {wrong};" in got[1]
    return [f"reference: {got[0]}; {got[1]}", "reference agrees" if agree else
            f"REFERENCE DISAGREES: ours {ours}, wrong-speaker {wrong}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="all",
                        help="dev, styles, more, real or all (comma-separated)")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the eval folder")
    parser.add_argument("--cache", type=Path, default=None, help="where indexes are kept")
    parser.add_argument("--doc", help="only conversations whose document name contains this")
    parser.add_argument("--naive", action="store_true",
                        help="measure a naive RAG (800-character chunks, top 4) beside ours")
    parser.add_argument("--reference", action="store_true",
                        help="check our scores against the reference scorers")
    parser.add_argument("--verbose", "-v", action="store_true", help="print each failure")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sets = eval_sets(args.shared)
    if not sets:
        print(f"No eval sets in {args.shared}.", file=sys.stderr)
        return 2
    wanted = list(sets) if args.set == "all" else args.set.split(",")
    unknown = [w for w in wanted if w not in sets]
    if unknown:
        print(f"Unknown set {', '.join(unknown)}; choose from {', '.join(sets)} or all.",
              file=sys.stderr)
        return 2
    cache = IndexCache(args.cache or default_cache())
    out = cache.folder / "answers"
    totals = []
    for name in wanted:
        run = run_set(sets[name], cache, out, naive=args.naive, doc=args.doc,
                      say=lambda line: print(line, file=sys.stderr, flush=True))
        for line in report(run, args.verbose):
            print(line, flush=True)
        if args.reference:
            for line in reference_lines(run, out):
                print(line, flush=True)
        totals.append(f"{name} {sum(r.passed for r in run.results)}/{len(run.results)} "
                      f"(wrong speaker {sum(r.wrong_speaker for r in run.results)})")
    print("== " + "; ".join(totals))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
