"""Word documents: heading styles, list paragraphs, tables and core properties."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.loaders import SkipFile, load_file


def make_docx(path):
    import docx

    document = docx.Document()
    document.core_properties.title = "Fenby hustings minutes"
    document.core_properties.author = "Jo Lake"
    document.core_properties.created = dt.datetime(2025, 3, 3, 19, 30)
    document.add_heading("Fenby hustings minutes", level=1)
    document.add_paragraph("The meeting was chaired by Revd Hal Pym.")
    document.add_heading("Candidates", level=2)
    document.add_paragraph("Ada Quill (Labour)", style="List Bullet")
    document.add_paragraph("Ben Harrow (Green Party)", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Candidate", "Pledge"
    table.cell(1, 0).text, table.cell(1, 1).text = "Ada Quill", "Yes"
    document.add_paragraph("AQ said the bus would return within the year.")
    document.save(path)
    return path


def test_a_word_document_reads_as_headings_paragraphs_items_and_a_pipe_table(tmp_path):
    loaded = load_file(make_docx(tmp_path / "minutes.docx"), "minutes.docx")
    assert loaded.format == "docx"
    assert loaded.text.split("\n") == [
        "# Fenby hustings minutes", "",
        "The meeting was chaired by Revd Hal Pym.", "",
        "## Candidates", "",
        "- Ada Quill (Labour)", "- Ben Harrow (Green Party)", "",
        "| Candidate | Pledge |", "| Ada Quill | Yes |", "",
        "AQ said the bus would return within the year.", ""]


def test_core_properties_become_the_metadata(tmp_path):
    meta = load_file(make_docx(tmp_path / "minutes.docx"), "minutes.docx").meta
    assert (meta.title, meta.author, meta.date) == ("Fenby hustings minutes", "Jo Lake",
                                                    "2025-03-03")


def test_a_corrupt_word_document_is_skipped_with_a_reason(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip file at all")
    with pytest.raises(SkipFile, match="corrupt or unreadable Word document"):
        load_file(path, "broken.docx")


def test_a_bold_header_row_gets_a_rule_merged_cells_count_once_and_captions_are_fenced(
        tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("The pledge answers:")
    table = document.add_table(rows=3, cols=3)
    for col, head in enumerate(("Candidate", "Party", "Pledge")):
        table.cell(0, col).paragraphs[0].add_run(head).bold = True
    table.cell(1, 0).text, table.cell(1, 1).text, table.cell(1, 2).text = (
        "Ada Quill", "Labour", "Yes")
    merged = table.cell(2, 1).merge(table.cell(2, 2))
    table.cell(2, 0).text, merged.text = "Ben Harrow", "No reply received"
    document.add_paragraph("Ada Quill at the hustings.", style="Caption")
    path = tmp_path / "pledge.docx"
    document.save(path)
    text = load_file(path, "pledge.docx").text
    assert ("| Candidate | Party | Pledge |\n| --- | --- | --- |\n| Ada Quill | Labour | Yes |\n"
            "| Ben Harrow | No reply received |  |") in text
    assert "::: caption\n\nAda Quill at the hustings.\n\n:::" in text
