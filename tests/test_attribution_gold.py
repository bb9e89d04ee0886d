"""The reader against the attribution gold of ../shared/eval: the thresholds of issue 11.

Accuracy >= 95% over all lines and >= 90% in every document, and no line misattributed (a
candidate's line given to another candidate, or anyone else's given to a candidate). The documents
are read the way `hustings eval --attribution` reads them.
"""

from __future__ import annotations

import pytest

from bot.evals.attribution import InspectedDocument, load_gold, score, summary_lines, wrong_lines
from ingest.loaders import find_files, path_text
from ingest.understand import read_file
from ingest.understand.export import reading_record

from .conftest import ROOT

SHARED_EVAL = ROOT.parent / "shared" / "eval"
GOLD = SHARED_EVAL / "attribution.jsonl"
DOCS = SHARED_EVAL / "docs"


@pytest.fixture(scope="module")
def result():
    if not GOLD.exists() or not DOCS.is_dir():
        pytest.skip("../shared/eval is not checked out here")
    files, _ = find_files([DOCS])
    documents = [InspectedDocument.from_record(reading_record(read_file(path, path_text(path)),
                                                              path_text(path)))
                 for path in files]
    return score(load_gold(GOLD), documents)


def report(result) -> str:
    return "\n".join([*wrong_lines(result), *summary_lines(result)])


def test_every_gold_document_was_read(result):
    read = {t.doc for t in result.documents if t.not_found < t.total}
    assert read == {t.doc for t in result.documents}, report(result)


def test_no_line_is_misattributed(result):
    assert result.total.misattributed == 0, report(result)


def test_accuracy_over_all_lines_is_at_least_95_percent(result):
    assert result.total.percent >= 95, report(result)


def test_accuracy_in_every_document_is_at_least_90_percent(result):
    low = [(t.doc, round(t.percent, 1)) for t in result.documents if t.percent < 90]
    assert not low, report(result)
