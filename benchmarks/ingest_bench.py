"""Ingest throughput: the whole pipeline, against the plain torch default on the same documents."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from benchmarks.measure import Figure, median, timed
from ingest.settings import Settings

SAMPLE_PASSAGES = 500  # the A/B sample: long enough to be stable, short enough to repeat


def settings_for(index_dir: Path, backend: str, paths: list[Path]) -> Settings:
    """Return the Settings of a benchmark index (HUSTINGS_* variables are ignored)."""
    return Settings.from_env(env={}, index_dir=index_dir, embed_backend=backend,
                             data_paths=tuple(paths))


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


def plain_ingest(sample: Path, index_dir: Path) -> int:
    """Ingest the plain LangChain way: passages' text only, torch model, Chroma.add_texts."""
    from ingest.index.embeddings import load_embeddings
    from ingest.index.store import IndexStore
    from ingest.pipeline import read_documents

    docs, _ = read_documents([sample])
    passages = [p for d in docs for p in d.passages]
    store = IndexStore(settings_for(index_dir, "torch", [sample]), load_embeddings())
    store.vectorstore.add_texts([p.text for p in passages],
                                metadatas=[{"source": p.source} for p in passages])
    return len(passages)


def compare_backends(corpus: Path, repeat: int) -> tuple[list[Figure], dict]:
    """Time ingest of the same sample the plain LangChain way and with ours, interleaved.

    Ours embeds every sentence as well as every passage (about twice the model work), so it
    is also run with the 8-bit model ("int8"), which does that work in about half the time.
    """
    from ingest.index.embeddings import embeddings_for, load_embeddings

    rates: dict[str, list[float]] = {"plain": [], "onnx": [], "int8": []}
    with tempfile.TemporaryDirectory(prefix="hustings-bench-") as tmp:
        sample = Path(tmp) / "sample"
        count = sample_folder(corpus, SAMPLE_PASSAGES, sample)
        load_embeddings()  # load every model before timing anything
        for backend in ("onnx", "int8"):
            embeddings_for(settings_for(Path(tmp) / "warm", backend, [sample]))
        for n in range(repeat):
            for kind in rates:
                index = Path(tmp) / f"{kind}-{n}"
                if kind == "plain":
                    seconds = timed(lambda i=index: plain_ingest(sample, i))
                else:
                    settings = settings_for(index, kind, [sample])
                    seconds = timed(lambda s=settings: ingest([sample], s))
                rates[kind].append(count / seconds)
    plain = median(rates["plain"])
    figures = [Figure(f"ingest, sample ({name})", median(rates[kind]), "passages/s", plain,
                      "plain LangChain ingest", target=">= 1.9x (150 vs 80 /s)",
                      met=median(rates[kind]) >= 1.9 * plain,
                      note=f"{count} passages x {repeat} runs each, interleaved; {extra}")
               for kind, name, extra in (
                   ("onnx", "default", "passages and their sentences, same vectors as torch"),
                   ("int8", "HUSTINGS_EMBED_BACKEND=int8", "8-bit weights"))]
    return figures, {"ingest_sample_passages": count, "ingest_rates": rates}


def full_ingest(corpus: Path, extra: list[Path], index_dir: Path, plain_rate: float
                ) -> tuple[list[Figure], dict]:
    """Ingest the whole corpus (and the shipped data) into a fresh index and time it."""
    settings = settings_for(index_dir, "onnx", [corpus, *extra])
    holder: dict[str, int] = {}
    seconds = timed(lambda: holder.setdefault("n", ingest([corpus, *extra], settings)))
    rate = holder["n"] / seconds
    figure = Figure(f"ingest, all {holder['n']:,} passages", rate, "passages/s", plain_rate,
                    "plain LangChain ingest, sample", target=">= 150 /s", met=rate >= 150,
                    note=f"{seconds:.0f} s in all, parsing and Chroma writes included")
    return [figure], {"ingest_seconds": seconds, "ingest_passages": holder["n"]}
