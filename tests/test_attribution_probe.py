"""The reader on documents written for the tests in styles the eval set does not have.

A US-style debate transcript with surname labels, council minutes with "Cllr Surname said",
a questionnaire with "**Name (Party):**" answers and a news report whose names the tagger
misreads: the same thresholds as the eval set, on text nothing was tuned to.
"""

from __future__ import annotations

import pytest

from bot.evals.attribution import InspectedDocument, load_gold, score, summary_lines, wrong_lines
from ingest.loaders import find_files, path_text
from ingest.understand import read_file
from ingest.understand.export import reading_record

from .conftest import FIXTURES

PROBE = FIXTURES / "understand"


@pytest.fixture(scope="module")
def result():
    files, _ = find_files([PROBE / "docs"])
    documents = [InspectedDocument.from_record(reading_record(read_file(path, path_text(path)),
                                                              path_text(path)))
                 for path in files]
    return score(load_gold(PROBE / "gold.jsonl"), documents)


def test_the_probe_documents_are_read_with_no_line_misattributed(result):
    report = "\n".join([*wrong_lines(result), *summary_lines(result)])
    assert result.total.misattributed == 0, report
    assert result.total.percent >= 90, report
    assert all(t.not_found == 0 for t in result.documents), report
