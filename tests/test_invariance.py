"""Invariance tests (CheckList's INV, Ribeiro et al. 2020): the format, the names and where a
label sits change no one's words.

Each document, of ../shared/eval (when it is there) and of accounts the tests write in four
styles, is read once; its structure is rendered as .txt, .md, .html, one- and two-column .pdf
and .docx, and each rendering must be read sentence for sentence as the original was (the same
speaker and role). Renaming every person, and joining transcript turns so that a label sits
mid-paragraph, must change no attribution either. Readings use spaCy but not the embedding
model, and each distinct text is read once per module.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ingest.loaders import SUPPORTED, load_file
from ingest.understand import Reading, read_loaded

from .conftest import ROOT
from .render import FORMATS, labels_inside, render, structure_of
from .render_accounts import STYLES, account
from .render_names import FRESH_NAMES, Renamer, differences, rename_blocks

SHARED_EVAL = ROOT.parent / "shared" / "eval"
EVAL_DOCS = sorted((p for folder in ("docs", "more/docs", "real/docs")
                    for p in (SHARED_EVAL / folder).glob("*") if p.suffix in SUPPORTED),
                   key=lambda p: p.name) if SHARED_EVAL.is_dir() else []
ACCOUNTS = [f"{style}-{seed}" for style in STYLES for seed in (1, 2)]


class Bench:
    """Documents, their renderings and readings, each made once for the module."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._readings: dict[str, Reading] = {}
        self._texts: dict[str, str] = {}

    def source(self, name: str) -> Path:
        """Return the file of an eval document or of a generated account."""
        found = next((p for p in EVAL_DOCS if p.name == name), None)
        if found is not None:
            return found
        path = self.folder / f"{name}.md"
        if not path.exists():
            style, seed = name.rsplit("-", 1)
            path.write_text(account(style, int(seed)), encoding="utf-8")
        return path

    def read(self, path: Path) -> Reading:
        """Read a file; a text read before is not read again."""
        loaded = load_file(path, path.name)
        key = hashlib.sha1(loaded.text.encode("utf-8")).hexdigest()
        if key not in self._readings:
            self._readings[key] = read_loaded(loaded)
        return self._readings[key]

    def original(self, name: str) -> Reading:
        return self.read(self.source(name))

    def blocks(self, name: str):
        return structure_of(self.original(name).text)

    def rendered(self, name: str, fmt: str, variant: str = "") -> Reading:
        blocks = self.blocks(name)
        if variant == "inside":
            blocks = labels_inside(blocks)
        return self.read(render(blocks, fmt, self.folder, f"{name}{variant}"))


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Bench:
    return Bench(tmp_path_factory.mktemp("invariance"))


def _report(name: str, what: str, found) -> str:
    return f"{name} {what}: {len(found)} sentences read differently\n" + "\n".join(
        f"  {d.line()}" for d in found)


DOCS = [*ACCOUNTS, *(p.name for p in EVAL_DOCS)]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", DOCS)
def test_every_format_reads_the_same(bench: Bench, name: str, fmt: str) -> None:
    found = differences(bench.original(name), bench.rendered(name, fmt))
    assert not found, _report(name, f"as .{fmt}", found)


@pytest.mark.parametrize("names", sorted(FRESH_NAMES))
@pytest.mark.parametrize("name", DOCS)
def test_renaming_every_person_changes_no_attribution(bench: Bench, name: str,
                                                      names: str) -> None:
    original = bench.original(name)
    renamer = Renamer(original.people, original.text, FRESH_NAMES[names])
    if not renamer.names:
        pytest.skip("no person with a full name that is not also an everyday word")
    path = render(rename_blocks(bench.blocks(name), renamer), "md", bench.folder,
                  f"{name}-renamed-{names}")
    found = differences(original, bench.read(path), renamer)
    assert not found, _report(name, f"renamed ({renamer.names})", found)


@pytest.mark.parametrize("name", DOCS)
def test_a_label_moved_mid_paragraph_changes_no_attribution(bench: Bench, name: str) -> None:
    blocks = bench.blocks(name)
    if labels_inside(blocks) == blocks:
        pytest.skip("no two turns in a row to join")
    found = differences(bench.original(name), bench.rendered(name, "md", "inside"))
    assert not found, _report(name, "with labels mid-paragraph", found)


def test_the_generated_accounts_have_people_turns_and_tables(bench: Bench) -> None:
    """The generated accounts exercise what the invariance tests are about."""
    readings = {name: bench.original(name) for name in ACCOUNTS}
    for name, reading in readings.items():
        assert len(reading.candidates) >= 2, name
        assert any(s.speaker for s in reading.sentences), name
    kinds = {b.kind for name in ACCOUNTS for b in bench.blocks(name)}
    assert {"heading", "para", "turn", "item", "table"} <= kinds
