"""Memory over many ingests and removals, as the web server runs them: it must level off.

    python -m benchmarks.ingest_memory --steps 200 [--out benchmarks/out/ingest-memory.json]

One process does what the server does for each addition in the page: a generated round-up is
added (bot.web.upload.add_documents), the chat follows the new index and answers a question
about it, then the document is removed again (remove_documents) and the chat follows that too.
The index is the same size at every step, so its resident memory (VmRSS) should stop growing
after a warm-up; a leak shows as a steady climb. Prints RSS after every step and the growth per
step over the first and the second half.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def rss_mb() -> float:
    """Return this process's resident memory now, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def slope(values: list[float]) -> float:
    """Return the least-squares growth per step of values, in their unit."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    num = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values))
    den = sum((i - mean_x) ** 2 for i in range(n))
    return num / den


def run(steps: int, folder: Path) -> dict[str, object]:
    """Add and remove a document `steps` times; return the RSS after each step."""
    from benchmarks.corpus import round_up
    from bot.chatbot import Chatbot
    from bot.web.memory import limit_arenas, release_memory
    from bot.web.upload import Upload, add_documents, remove_documents
    from ingest.pipeline import ingest_paths
    from ingest.settings import Settings

    limit_arenas()  # as the server does at start
    rng = random.Random(11)
    base = folder / "base"
    base.mkdir()
    for n in range(3):
        name, text = round_up(rng, n)
        (base / name).write_text(text)
    settings = Settings.from_env(env={}, index_dir=folder / "index")
    ingest_paths([base], settings, progress=False)
    bot = Chatbot(settings)
    sizes: list[float] = []
    seconds: list[float] = []
    for step in range(steps):
        started = time.perf_counter()
        name, text = round_up(rng, 100 + step)
        path = folder / "received" / str(step) / name  # as Gradio receives it: a folder each
        path.parent.mkdir(parents=True)
        path.write_text(text)
        results = add_documents([Upload(path, name)], [], settings)
        added = results[0]
        if added.skipped is not None:
            raise RuntimeError(f"step {step}: {added.line()}")
        bot.refresh()
        speaker = added.speakers[0] if added.speakers else "the candidates"
        bot.ask(f"What did {speaker} say?")
        event = next(e for e in bot.events if e.source == added.source)
        remove_documents([event.id], bot.events, settings)
        bot.refresh()
        bot.ask("Who spoke?")
        release_memory()  # as the server does after each addition and removal
        sizes.append(rss_mb())
        seconds.append(time.perf_counter() - started)
        print(f"step {step + 1:4d}  rss {sizes[-1]:7.1f} MB  {seconds[-1]:5.1f} s", flush=True)
    half = len(sizes) // 2
    return {"steps": steps, "rss_mb": sizes, "seconds": seconds,
            "first_half_mb_per_step": slope(sizes[:half]),
            "second_half_mb_per_step": slope(sizes[half:]),
            "last_quarter_mb_per_step": slope(sizes[3 * len(sizes) // 4:]),
            "start_mb": sizes[0] if sizes else 0.0, "end_mb": sizes[-1] if sizes else 0.0,
            "peak_mb": max(sizes, default=0.0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hustings-memory-") as tmp:
        report = run(args.steps, Path(tmp))
    print(f"RSS after step 1: {report['start_mb']:.1f} MB; after step {args.steps}: "
          f"{report['end_mb']:.1f} MB; peak {report['peak_mb']:.1f} MB")
    print(f"growth per step: first half {report['first_half_mb_per_step']:.2f} MB, second "
          f"half {report['second_half_mb_per_step']:.2f} MB, last quarter "
          f"{report['last_quarter_mb_per_step']:.2f} MB")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
