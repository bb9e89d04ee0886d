"""Ingest throughput against a plain LangChain ingest of the same passages, in the same run.

The plain ingest reads the files with our reader (so both index the same passages), embeds the
passages' text with LangChain's HuggingFaceEmbeddings (torch) and stores them with Chroma's
add_texts. Ours also embeds every sentence, writes them, the events and the readings. Every
timed ingest of ours starts with an empty readings cache (a first ingest); a re-ingest of
unchanged files, which takes the cached readings, is a figure of its own.

    python -m benchmarks.ingest_bench plain INDEX PATH ...   # the plain ingest, as a process
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.measure import Figure, median, timed
from ingest.settings import Settings

SAMPLE_PASSAGES = 500  # the A/B sample: long enough to be stable, short enough to repeat
ROOT = Path(__file__).resolve().parent.parent
EVAL_DOCS = [ROOT.parent / "shared" / "eval" / d for d in ("docs", "more/docs", "real/docs")]


def settings_for(index_dir: Path, backend: str, paths: list[Path],
                 cache_dir: Path | None = None) -> Settings:
    """Return the Settings of a benchmark index (HUSTINGS_* variables are ignored)."""
    return Settings.from_env(env={}, index_dir=index_dir, embed_backend=backend,
                             data_paths=tuple(paths), cache_dir=cache_dir)


def models_ready() -> Path:
    """Export and quantise the models into the default cache once; return that folder."""
    from ingest.index.embeddings import embeddings_for, load_embeddings, passage_embeddings_for

    load_embeddings()  # the torch model of the plain ingest
    settings = Settings.from_env(env={})
    for backend in ("onnx", "int8"):
        embeddings_for(settings.with_(embed_backend=backend))
    passage_embeddings_for(settings)
    return settings.cache_dir


def fresh_cache(into: Path) -> Path:
    """Return a new cache folder holding the exported models and no readings."""
    into.mkdir(parents=True)
    for model in models_ready().glob("*.onnx"):
        (into / model.name).symlink_to(model)
    return into


def ingest(paths: list[Path], settings: Settings) -> int:
    """Ingest paths into settings' index; return the passages in it."""
    from ingest.pipeline import ingest_paths

    return ingest_paths(paths, settings, progress=False).total_passages


def sample_folder(corpus: Path, passages: int, into: Path) -> int:
    """Copy the first round-ups of corpus holding about `passages` passages; return the count."""
    from ingest.parse import parse_document

    into.mkdir(parents=True, exist_ok=True)
    total = 0
    for path in sorted(corpus.glob("*.md")):
        if total >= passages:
            break
        total += len(parse_document(path.read_text(encoding="utf-8"), path.name).passages)
        shutil.copy(path, into / path.name)
    return total


def plain_ingest(paths: list[Path], index_dir: Path) -> int:
    """Ingest the plain LangChain way: passages' text only, torch model, Chroma.add_texts."""
    from ingest.index.embeddings import load_embeddings
    from ingest.index.store import IndexStore
    from ingest.pipeline import read_documents

    docs, _ = read_documents(paths)
    passages = [p for d in docs for p in d.passages]
    store = IndexStore(settings_for(index_dir, "torch", paths), load_embeddings())
    store.vectorstore.add_texts([p.text for p in passages],
                                metadatas=[{"source": p.source} for p in passages])
    return len(passages)


def compare_backends(corpus: Path, repeat: int) -> tuple[list[Figure], dict]:
    """Time ingest of the same sample the plain LangChain way and with ours, interleaved.

    Ours embeds every sentence as well as every passage; with the default backend the
    passages take the 8-bit model and the sentences the full one, with "int8" both are 8-bit.
    """
    rates: dict[str, list[float]] = {"plain": [], "onnx": [], "int8": []}
    with tempfile.TemporaryDirectory(prefix="hustings-bench-") as tmp:
        sample = Path(tmp) / "sample"
        count = sample_folder(corpus, SAMPLE_PASSAGES, sample)
        models_ready()  # load every model before timing anything
        for n in range(repeat):
            for kind in rates:
                index = Path(tmp) / f"{kind}-{n}"
                if kind == "plain":
                    seconds = timed(lambda i=index: plain_ingest([sample], i))
                else:
                    settings = settings_for(index, kind, [sample],
                                            fresh_cache(Path(tmp) / f"cache-{kind}-{n}"))
                    seconds = timed(lambda s=settings: ingest([sample], s))
                rates[kind].append(count / seconds)
    plain = median(rates["plain"])
    figures = [Figure(f"ingest, sample ({name})", median(rates[kind]), "passages/s", plain,
                      "plain LangChain ingest", target=">= 1.0x", met=median(rates[kind]) >= plain,
                      note=f"{count} passages x {repeat} runs each, interleaved, readings not "
                           f"cached; {extra}")
               for kind, name, extra in (
                   ("onnx", "default", "passages by the 8-bit model, sentences by the full one"),
                   ("int8", "HUSTINGS_EMBED_BACKEND=int8", "passages and sentences 8-bit"))]
    return figures, {"ingest_sample_passages": count, "ingest_rates": rates}


def full_ingest(corpus: Path, extra: list[Path], index_dir: Path, plain_rate: float
                ) -> tuple[list[Figure], dict]:
    """Ingest the whole corpus (and the shipped data) into a fresh index, then once more.

    The second ingest finds every file unchanged: with the readings cached by the first, no
    file is read (parsed) again, and nothing is embedded.
    """
    with tempfile.TemporaryDirectory(prefix="hustings-bench-") as tmp:
        settings = settings_for(index_dir, "onnx", [corpus, *extra],
                                fresh_cache(Path(tmp) / "cache"))
        holder: dict[str, int] = {}
        seconds = timed(lambda: holder.setdefault("n", ingest([corpus, *extra], settings)))
        again = timed(lambda: ingest([corpus, *extra], settings))
    rate = holder["n"] / seconds
    figures = [
        Figure(f"ingest, all {holder['n']:,} passages", rate, "passages/s", plain_rate,
               "plain LangChain ingest, sample", target=">= 1.0x", met=rate >= plain_rate,
               note=f"{seconds:.0f} s in all, parsing and Chroma writes included, readings "
                    "not cached"),
        Figure("re-ingest, nothing changed", again, "s", note="every file's reading taken "
               "from the cache: nothing is parsed or embedded")]
    return figures, {"ingest_seconds": seconds, "ingest_passages": holder["n"],
                     "reingest_seconds": again}


def _process(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a command to its end; return its wall and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=1800)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} ... failed: {done.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def documents_as_processes(paths: list[Path], repeat: int) -> tuple[list[Figure], dict]:
    """Time `hustings ingest` of documents as a whole process against the plain ingest's.

    Interleaved, after one untimed run of each; every run of ours starts with an empty
    readings cache, and is then run again on the index it made (nothing changed).
    """
    from ingest.loaders import find_files

    files, _ = find_files(paths)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUSTINGS_")}
    env.update(HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    ours_cmd = [sys.executable, "-m", "bot.cli", "ingest", "--index"]
    plain_cmd = [sys.executable, "-m", "benchmarks.ingest_bench", "plain"]
    times: dict[str, list[tuple[float, float]]] = {"plain": [], "ours": [], "cached": []}
    with tempfile.TemporaryDirectory(prefix="hustings-bench-") as tmp:
        for n in range(repeat + 1):
            index = Path(tmp) / f"plain-{n}"
            plain = _process([*plain_cmd, str(index), *map(str, paths)], env)
            cache = fresh_cache(Path(tmp) / f"cache-{n}")
            mine = {**env, "HUSTINGS_CACHE": str(cache)}
            ours = _process([*ours_cmd, str(Path(tmp) / f"ours-{n}"), *map(str, paths)], mine)
            cached = _process([*ours_cmd, str(Path(tmp) / f"ours-{n}"), *map(str, paths)],
                              mine)  # the same documents again: nothing changed
            if n:  # the first round warms the disk cache
                times["plain"].append(plain)
                times["ours"].append(ours)
                times["cached"].append(cached)
    wall = {k: median([w for w, _ in v]) for k, v in times.items()}
    cpu = {k: median([c for _, c in v]) for k, v in times.items()}
    # The ratio is of speeds (plain time / ours), as for the passages/s figures.
    figures = [
        Figure(f"ingest {len(files)} eval documents, one process", 60 * len(files) / wall["ours"],
               "docs/min", 60 * len(files) / wall["plain"], "plain LangChain ingest process",
               target=">= 1.0x",
               met=wall["plain"] >= wall["ours"],
               note=f"{wall['ours']:.1f} s against {wall['plain']:.1f} s (CPU {cpu['ours']:.1f} "
                    f"s against {cpu['plain']:.1f} s), median of {repeat}, interleaved, "
                    "start-up, model loading and readings not cached included"),
        Figure(f"re-ingest of the {len(files)} documents, nothing changed", wall["cached"], "s",
               note=f"CPU {cpu['cached']:.1f} s: a whole process, readings from the cache"),
    ]
    return figures, {"process_files": len(files), "process_seconds": times}


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] != "plain":
        print(__doc__, file=sys.stderr)
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    count = plain_ingest([Path(p) for p in argv[2:]], Path(argv[1]))
    print(f"{count} passages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
