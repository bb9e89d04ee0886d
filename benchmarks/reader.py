"""The reader's cost alone: seconds per 1,000 sentences for spaCy's parse and for the whole reading.

    python -m benchmarks.reader                      # the eval documents (../shared/eval) + data/
    python -m benchmarks.reader PATH ... --repeat 5  # any files or folders

Files are loaded once (not timed); then, in turn and `--repeat` times, every text that the
reader hands spaCy is parsed (the parse alone) and every file is read (`read_loaded`: layout,
spaCy, cast, attribution). Medians are printed; the sentences counted are the reading's. The
machine is shared: quote the figure with the load average printed beside it, or compare two
checkouts by running both in turn.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from benchmarks.measure import Figure, format_table, median

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def default_paths() -> list[Path]:
    """Return the eval documents beside the checkout, and the shipped data."""
    found = [EVAL / "docs", EVAL / "more" / "docs", EVAL / "real" / "docs", ROOT / "data"]
    return [p for p in found if p.exists()]


def reader_cost(paths: list[Path], repeat: int = 3) -> tuple[list[Figure], dict]:
    """Time spaCy's parse and the whole reading of the files under paths."""
    from ingest.layout.units import cut_units
    from ingest.loaders import SkipFile, find_files, load_file
    from ingest.understand import read_loaded
    from ingest.understand.nlp import parse, pipeline

    files, _ = find_files(list(paths))
    loaded = []
    for path in files:
        try:
            loaded.append(load_file(path, path.name))
        except SkipFile:
            continue
    texts = [u.text for doc in loaded for u in cut_units(doc.text)]
    pipeline()
    parse(texts[:50])  # warm: the first batches are slower
    sentences = sum(len(read_loaded(doc).sentences) for doc in loaded)
    words = sum(len(t.split()) for t in texts)
    parse_s: list[float] = []
    read_s: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        parse(texts)
        parse_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        for doc in loaded:
            read_loaded(doc)
        read_s.append(time.perf_counter() - started)
    per = 1000 / max(sentences, 1)
    note = (f"{len(loaded)} files, {sentences:,} sentences, {words:,} words, median of "
            f"{repeat}")
    figures = [
        Figure("reader: spaCy parse", median(parse_s) * per, "s per 1,000 sentences",
               note=f"{note}; {words / median(parse_s):,.0f} words/s"),
        Figure("reader: whole reading", median(read_s) * per, "s per 1,000 sentences",
               note=f"{note}; spaCy is {median(parse_s) / median(read_s):.0%} of it"),
    ]
    return figures, {"reader_files": len(loaded), "reader_sentences": sentences,
                     "reader_words": words, "reader_parse_seconds": parse_s,
                     "reader_read_seconds": read_s}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders to read")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    paths = args.paths or default_paths()
    if not paths:
        parser.error("no documents: give files or folders")
    figures, _ = reader_cost(paths, args.repeat)
    print(f"reader cost, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(format_table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
