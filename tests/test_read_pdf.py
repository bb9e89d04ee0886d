"""PDF: reading order over columns, tables, headings, labels, running heads, page starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import load_file
from ingest.read.pdf import read_pdf

from .pdfs import write_pdf
from .render import Block, to_pdf

HEAD = ["Fenby Residents' Group - hustings notes", "Not a verbatim record."]


def page(number: int, lines: list[str]) -> list[str]:
    return [*HEAD, *lines, "", f"Page {number} of 2"]


def draw(path: Path, pages: list[list[tuple[float, float, str]]], size: float = 10,
         bold: tuple[str, ...] = (), face: str = "Helvetica") -> Path:
    """Draw text at (x, y from the top) on A4 pages; words in `bold` are set in bold; `face`
    "Courier" sets lines of as many letters to one width, as a justified column would."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for items in pages:
        for x, y, text in items:
            font = f"{face}-Bold" if text in bold else face
            pdf.setFont(font, size)
            pdf.drawString(x, A4[1] - y, text)
        pdf.showPage()
    pdf.save()
    return path


def text_of(path: Path) -> str:
    return load_file(path, path.name).text


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


def test_hyphens_at_line_ends_join_lowercase_words_only(tmp_path):
    text = text_of(write_pdf(tmp_path / "h.pdf", [
        "The candidates agreed that the new library would serve the whole commu-",
        "nity, and Rupert Kingsley-Hale said the room booking system for the Kingsley-",
        "Hale ward would be simplified by the council before the end of the year.",
        "Each candidate gave a two-minute opening statement and then, after a further two-",
        "minute answer on buses from each of them, the chair opened the floor to residents.",
    ]))
    assert "whole community, and Rupert Kingsley-Hale" in text
    assert "for the Kingsley-Hale ward" in text
    assert "a further two-minute answer" in text  # the document writes "two-minute" elsewhere


def test_bullets_start_items_and_their_continuation_lines_join_them(tmp_path):
    text = text_of(draw(tmp_path / "b.pdf", [[
        (50, 60, "Candidates, with the initials used in these notes:"),
        (56, 75, "•"), (68, 75, "AQ – has lived in Fenby for twenty years and works as a midwife"),
        (68, 88, "at the county hospital. Said the village needed a bus."),
        (56, 103, "•"), (68, 103, "BH – a carpenter. Said homes must come first."),
        (50, 122, "Ben Harrow arrived late and apologised to the hall for the traffic."),
    ]]))
    assert text.rstrip("\n").split("\n") == [
        "Candidates, with the initials used in these notes:", "",
        "- AQ – has lived in Fenby for twenty years and works as a midwife at the county "
        "hospital. Said the village needed a bus.",
        "- BH – a carpenter. Said homes must come first.", "",
        "Ben Harrow arrived late and apologised to the hall for the traffic."]


def test_two_columns_are_read_one_after_the_other_under_a_title_across_them(tmp_path):
    words = ["buses", "homes", "rivers", "schools", "clinics", "libraries"]
    paragraphs = [f"Paragraph {n} is about {w}, and it runs on for long enough to wrap over "
                  f"several lines of a narrow column, which is how a newsletter prints it. "
                  f"It ends here, at the close of paragraph {n}." for n, w in enumerate(words)]
    blocks = [Block("heading", "Fenby hustings round-up", level=1),
              *[Block("para", p) for p in paragraphs * 3]]
    path = tmp_path / "two.pdf"
    to_pdf(blocks, path, columns=2)
    text = text_of(path)
    assert text.startswith("# Fenby hustings round-up\n\n")
    found = [p for p in text.split("\n\n")[1:] if p.strip()]
    assert [" ".join(p.split()) for p in found] == paragraphs * 3  # in order, none across


def test_three_columns_drawn_line_by_line_are_read_column_by_column(tmp_path):
    columns = [["Left column starts the story of", "the hustings, which was held in",
                "the village hall on a Tuesday."],
               ["Middle column goes on with the", "questions from the floor about",
                "the bus that stopped running."],
               ["Right column ends it with the", "chair thanking everyone who had",
                "come out on a wet evening."]]
    items = [(50 + 170 * c, 100 + 14 * r, line) for c, col in enumerate(columns)
             for r, line in enumerate(col)]
    text = text_of(draw(tmp_path / "three.pdf", [items]))
    assert " ".join(text.split()) == " ".join(" ".join(col) for col in columns)


def test_a_label_starting_a_line_after_a_full_stop_starts_a_paragraph(tmp_path):
    text = text_of(write_pdf(tmp_path / "minutes.pdf", [
        "MG: retired GP, thirty years in a Ledworth practice. Standing as an independent so",
        "that the town has a champion and not a party loyalist on the council benches.",
        "RH: former scientist who worked on the river. Priorities: rivers and climate, and",
        "public transport. Housing: the plan had three parts and the first was the most",
        "urgent one, she said, because the waiting list had doubled in two years.",
    ]))
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("MG: retired GP") and paragraphs[1].startswith("RH: former")
    assert "and public transport. Housing: the plan" in paragraphs[1]  # mid-sentence: joined


def test_a_ruled_table_is_a_pipe_table(tmp_path):
    blocks = [Block("para", "The pledge answers were as follows, in ballot paper order."),
              Block("table", rows=(("Candidate", "Answer"), ("Ada Quill (Labour)", "Yes"),
                                   ("Ben Harrow (Green Party)", "No, not until the survey")))]
    path = tmp_path / "table.pdf"
    to_pdf(blocks, path)
    lines = text_of(path).split("\n")
    start = lines.index("| Candidate | Answer |")
    assert lines[start:start + 3] == ["| Candidate | Answer |", "| Ada Quill (Labour) | Yes |",
                                      "| Ben Harrow (Green Party) | No, not until the survey |"]


def test_a_table_without_rules_is_read_row_by_row_its_wrapped_cells_joined(tmp_path):
    rows = [("Ada Quill", "Yes, and the twelve schools on the waiting list", "first."),
            ("Ben Harrow", "Where the head teacher wants one, yes.", None),
            ("Cara Lind", "No.", None)]
    items, y = [], 80
    for name, answer, more in rows:
        items += [(50, y, name), (200, y, answer)]
        if more:
            y += 13
            items.append((200, y, more))
        y += 18
    text = text_of(draw(tmp_path / "grid.pdf", [[(50, 50, "Answers to the pledge:"), *items]]))
    assert "| Ada Quill | Yes, and the twelve schools on the waiting list first. |" in text
    assert "| Ben Harrow | Where the head teacher wants one, yes. |" in text
    assert "| Cara Lind | No. |" in text


def test_key_value_rows_become_field_lines(tmp_path):
    text = text_of(draw(tmp_path / "fields.pdf", [[
        (50, 60, "Date:"), (160, 60, "Thursday 20 June 2024, 7.30pm"),
        (50, 74, "Venue:"), (160, 74, "The village hall, Church Lane"),
        (50, 88, "Chair:"), (160, 88, "Revd Hal Pym")]]))
    assert ("Date: Thursday 20 June 2024, 7.30pm\nVenue: The village hall, Church Lane\n"
            "Chair: Revd Hal Pym") in text


def test_larger_and_bold_lines_are_headings_by_rank(tmp_path):
    blocks = [Block("heading", "Fenby hustings", level=1), Block("para", "Intro text here."),
              Block("heading", "Buses", level=2), Block("para", "Ada Quill spoke first."),
              Block("heading", "Evening services", level=3), Block("para", "More text.")]
    path = tmp_path / "heads.pdf"
    to_pdf(blocks, path)
    lines = [line for line in text_of(path).split("\n") if line.startswith("#")]
    assert lines == ["# Fenby hustings", "## Buses", "### Evening services"]


def test_each_page_start_is_recorded(tmp_path):
    words = "buses homes rivers schools clinics libraries parks roads bins trams".split()
    shades = ["amber", "blue", "crimson"]  # no line repeats another page's, digits aside
    lines = [f"Line {n} of the notes is about {shades[n // 10]} {words[n % 10]}."
             for n in range(30)]
    loaded = load_file(write_pdf(tmp_path / "p.pdf", lines, per_page=10), "p.pdf")
    assert len(loaded.pages) == 3
    for number, start in enumerate(loaded.pages, 1):
        assert loaded.text[start:].startswith(f"Line {(number - 1) * 10} of the notes")
        assert loaded.page_at(start) == number
    assert loaded.page_at(loaded.pages[1] - 1) == 1


def test_formats_without_pages_have_none(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# Fenby\n\nAda Quill spoke first.\n")
    loaded = load_file(path, "a.md")
    assert loaded.pages == () and loaded.page_at(3) is None


def test_the_metadata_comes_from_the_pdf_info(tmp_path):
    from pypdf import PdfReader, PdfWriter

    path = write_pdf(tmp_path / "notes.pdf", ["Fenby notes", "Ada Quill spoke first."])
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.add_metadata({"/Title": "Fenby hustings notes, 3 March 2025", "/Author": "Jo Lake"})
    writer.write(path)
    meta = read_pdf(path).meta
    assert meta.title == "Fenby hustings notes, 3 March 2025"
    assert meta.author == "Jo Lake" and meta.date == "2025-03-03"


@pytest.mark.parametrize("line", ["2016", "1999"])
def test_a_year_alone_at_a_page_edge_is_kept(tmp_path, line):
    text = text_of(write_pdf(tmp_path / "y.pdf", ["Posted by the editor, September 26,", line]))
    assert line in text


def _column(x: float, top: float, lines: list[str], pitch: float = 12.5):
    return [(x, top + pitch * n, line) for n, line in enumerate(lines)]


def test_a_dash_wrapped_to_the_start_of_a_line_goes_on_with_its_paragraph(tmp_path):
    lines = ["All went smoothly until the chair gave her own long view of the fees, what",
             "- ultimately concluding that the money had to come from somewhere. Then the",
             "candidates were asked about the bus station and the closed toilets by the p",
             "ark."]
    text = text_of(draw(tmp_path / "dash.pdf", [_column(50, 100, lines)], face="Courier"))
    assert "\n" not in text.strip()  # one paragraph: the dash starts no list item
    assert "what - ultimately" in text


def test_a_column_that_opens_with_a_full_line_goes_on_from_the_last_column(tmp_path):
    left = ["The first candidate spoke about housing and said",
            "the town had run out of homes for young families",
            "and the waiting list was the longest it had been."]
    right = ["And that paying no tax on his home made him wise",  # full: no heading
             "he said. The second candidate spoke of the river",
             "and said the water company should pay for it all."]
    pages = [[*_column(50, 100, left, pitch=8.5), *_column(320, 100, right, pitch=8.5)]]
    text = text_of(draw(tmp_path / "cols.pdf", pages, size=7, face="Courier"))
    assert "\n" not in text.strip()  # one paragraph over the columns: no heading between
    assert " ".join(text.split()) == " ".join(left + right)


def test_a_column_beside_a_few_short_lines_is_prose_not_a_table(tmp_path):
    left = [f"Line {n} of the long answer about the library and the bus, which runs on"
            for n in range(1, 13)]
    pages = [[*_column(50, 100, left), (330, 100, "(APPLAUSE)"), (330, 112.5, "(LAUGHTER)")]]
    text = " ".join(text_of(draw(tmp_path / "aside.pdf", pages, size=8)).split())
    # the column whole, then the short lines beside it: not row by row across them
    assert text == " ".join([*left, "(APPLAUSE)", "(LAUGHTER)"])


def test_text_under_a_table_is_read_before_the_next_column(tmp_path):
    rows = (("Candidate", "Party", "Pledge"), ("Ada Quill", "Green", "Yes"),
            ("Ben Rook", "Labour", "No"), ("Cy Dunn", "Reform UK", "Declined"))
    before = [f"Before the table, paragraph {n} sets out what the survey asked each of the "
              "candidates and how they were chosen for it." for n in range(1, 7)]
    after = [f"After the table, paragraph {n} gives a candidate's comment on the pledges and "
             "why they answered as they did." for n in range(1, 9)]
    blocks = [Block("heading", "Kestrel Vale survey", level=1),
              *[Block("para", p) for p in before], Block("table", rows=rows),
              *[Block("para", p) for p in after]]
    path = tmp_path / "survey.pdf"
    to_pdf(blocks, path, columns=2)
    found = [" ".join(p.split()) for p in text_of(path).split("\n\n")
             if "paragraph" in p]
    assert found == before + after  # in the order written, the table's neighbours kept
