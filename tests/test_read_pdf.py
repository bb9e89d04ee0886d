"""PDF: running heads and page numbers dropped, wrapped lines and hyphenated words joined."""

from __future__ import annotations

from ingest.read.pdf import pdf_lines_to_text, read_pdf

from .pdfs import write_pdf

HEAD = ["Fenby Residents' Group - hustings notes", "Not a verbatim record."]


def page(number: int, lines: list[str]) -> list[str]:
    return [*HEAD, *lines, "", f"Page {number} of 2"]


def test_running_heads_go_and_a_sentence_split_by_a_page_break_is_one_again(tmp_path):
    first = page(1, ["Opening statements",
                     "Ada Quill said that the village needed a new bus service and that she would",
                     "work with the county council to make sure that it ran every hour of the",
                     ])
    second = page(2, ["day, including Sundays and the evenings when people come home from work.",
                      "",
                      "Closing remarks",
                      "Ben Harrow thanked everyone."])
    path = write_pdf(tmp_path / "notes.pdf", first + second, per_page=len(first))
    text = read_pdf(path).text
    assert "Page 1 of 2" not in text and "Not a verbatim record." not in text
    assert ("Ada Quill said that the village needed a new bus service and that she would work "
            "with the county council to make sure that it ran every hour of the day, including "
            "Sundays and the evenings when people come home from work.") in text
    lines = text.split("\n")
    assert "Opening statements" in lines and "Closing remarks" in lines


def lines_text(lines: list[str]) -> str:
    return pdf_lines_to_text([lines])


def test_hyphens_at_line_ends_join_lowercase_words_only():
    text = lines_text([
        "The candidates agreed that the new library would serve the whole commu-",
        "nity, and Rupert Kingsley-Hale said the room booking system for the Kingsley-",
        "Hale ward would be simplified by the council before the end of the year.",
    ])
    assert "whole community, and Rupert Kingsley-Hale" in text
    assert "for the Kingsley-Hale ward" in text


def test_a_compound_the_document_hyphenates_elsewhere_keeps_its_hyphen():
    text = lines_text([
        "Each candidate gave a two-minute opening statement and then, after a further two-",
        "minute answer on buses from each of them, the chair opened the floor to residents.",
    ])
    assert "a further two-minute answer" in text


def test_bullets_start_items_and_their_continuation_lines_join_them():
    text = lines_text([
        "Candidates, with the initials used in these notes:",
        "  •  AQ – has lived in Fenby for twenty years and works as a midwife at the county",
        "     hospital. Said the village needed a bus.",
        "  •  BH – a carpenter. Said homes must come first.",
        "Ben Harrow arrived late.",
    ])
    assert text.rstrip("\n").split("\n") == [
        "Candidates, with the initials used in these notes:", "",
        "- AQ – has lived in Fenby for twenty years and works as a midwife at the county "
        "hospital. Said the village needed a bus.",
        "- BH – a carpenter. Said homes must come first.", "",
        "Ben Harrow arrived late."]


def test_rows_of_cells_become_list_lines():
    text = lines_text(["The pledge answers were:",
                       "  Ada Quill (Labour)                    Yes",
                       "  Ben Harrow (Green Party)              No – not until the survey"])
    assert "- Ada Quill (Labour) – Yes" in text
    assert "- Ben Harrow (Green Party) – No – not until the survey" in text


def test_bare_page_numbers_go_on_a_single_page():
    text = lines_text(["Fenby notes", "Ada Quill spoke first.", "", "3"])
    assert text.rstrip("\n").split("\n")[-1] == "Ada Quill spoke first."


def test_the_metadata_comes_from_the_pdf_info(tmp_path):
    from pypdf import PdfReader, PdfWriter

    path = write_pdf(tmp_path / "notes.pdf", ["Fenby notes", "Ada Quill spoke first."])
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.add_metadata({"/Title": "Fenby hustings notes, 3 March 2025", "/Author": "Jo Lake"})
    writer.write(path)
    meta = read_pdf(path).meta
    assert meta.title == "Fenby hustings notes, 3 March 2025"
    assert meta.author == "Jo Lake" and meta.date == "2025-03-03"
