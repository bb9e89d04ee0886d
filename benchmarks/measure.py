"""Figures of a benchmark run: statistics, the table printed and the JSON report written."""

from __future__ import annotations

import json
import os
import socket
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure, with the baseline it is compared with and its target."""

    name: str
    value: float
    unit: str
    baseline: float | None = None  # measured in the same run
    baseline_name: str = ""
    target: str = ""  # e.g. "<= 1.5x", "<= 40 ms", ">= 150 /s"
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Return value / baseline."""
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline


def median(values: Sequence[float]) -> float:
    """Return the median (0 for no values)."""
    return statistics.median(values) if values else 0.0


def p95(values: Sequence[float]) -> float:
    """Return the 95th percentile by nearest rank."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def timed(fn: Callable[[], object]) -> float:
    """Return the seconds fn takes."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    """Return a live process's peak resident memory (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def format_table(figures: Sequence[Figure]) -> str:
    """Return the figures as an aligned text table."""
    rows = [("figure", "value", "baseline", "ratio", "target", "met")]
    for f in figures:
        base = f"{f.baseline:.4g} {f.unit} ({f.baseline_name})" if f.baseline is not None else ""
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else ""
        met = {True: "yes", False: "NO", None: ""}[f.met]
        rows.append((f.name, f"{f.value:.4g} {f.unit}", base, ratio, f.target, met))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  * {f.name}: {f.note}" for f in figures if f.note]
    return "\n".join(lines + (["", *notes] if notes else []))


def write_report(path: Path, figures: Sequence[Figure], details: dict) -> None:
    """Write the figures and the run's details as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    records = [{**asdict(f), "ratio": f.ratio} for f in figures]
    report = {"created": time.strftime("%Y-%m-%dT%H:%M:%S"), "cpus": os.cpu_count(),
              "load_average": os.getloadavg(), "figures": records, "details": details}
    path.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
