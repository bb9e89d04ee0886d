"""HTML: the article through trafilatura with its structure, the page's furniture dropped."""

from __future__ import annotations

from pathlib import Path

from ingest.read.html import read_html

LIVE = (Path(__file__).parent / "fixtures" / "read" / "live-page.html").read_text()


def test_the_article_keeps_headings_lists_rows_and_times():
    lines = read_html(LIVE).text.split("\n")
    assert lines[0] == "# Fenby mayoral debate: live"
    assert "## Who is taking part?" in lines and "## Buses" in lines
    assert "- Ada Quill (Labour), a retired midwife from Ashcombe" in lines
    assert "- Ben Harrow (Green Party), a carpenter from the town of Fenby" in lines
    assert "19:00" in lines and "19:10" in lines  # a live page's entries keep their times
    assert "Quill says she would restore the number 7 bus, promised on 6 May last year." in lines
    table = lines.index("| Candidate | Party |")
    assert lines[table:table + 3] == ["| Candidate | Party |", "| --- | --- |",
                                      "| Ada Quill | Labour |"]


def test_embedded_posts_and_fact_boxes_survive_and_furniture_does_not():
    text = read_html(LIVE).text
    assert "Buses are the lifeline of every village in the fens, and I will fight for them." in text
    assert "Ben Harrow (@HarrowForFenby)" in text
    assert "The number 7 bus was withdrawn in March after the subsidy ended." in text
    for gone in ("cookies", "Home", "Facebook", "Allow X content", "Fen floods",
                 "Copyright", "Live\n"):
        assert gone not in text, gone


def test_readers_comments_are_kept_apart_after_the_article():
    text = read_html(LIVE).text
    article, _, comments = text.partition("## Comments")
    assert "Fenwatcher: I hope they both win somehow." in comments
    assert "Fenwatcher" not in article


def test_the_metadata_comes_from_the_page():
    meta = read_html(LIVE).meta
    assert meta.title == "Fenby mayoral debate: live"
    assert meta.site == "Fen Courier"
    assert meta.date == "2025-05-06"


def test_a_page_without_an_article_falls_back_to_its_visible_text():
    read = read_html("<html><body><ul><li>Ada Quill</li></ul></body></html>")
    assert "Ada Quill" in read.text


def test_a_plain_page_keeps_its_headings():
    page = ("<html><head><title>Fenby hustings</title></head><body><h1>Fenby hustings</h1>"
            "<p>Ada Quill (Labour) said the bus would return within the year, to cheers.</p>"
            "<h2>Housing</h2><p>Ben Harrow (Green Party) said homes must come first, "
            "before any new roads were built.</p></body></html>")
    lines = read_html(page).text.split("\n")
    assert lines[0] == "# Fenby hustings" and "## Housing" in lines
