"""HTML: the article through trafilatura with its structure, the page's furniture dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

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


SET_APART = """<html><head><title>Fenby hustings</title></head><body><main><article>
<h1>Fenby hustings</h1>
<p>Ada Quill (Labour) said the bus would return within the year, to cheers from the hall.</p>
<figure><img src="hall.jpg"><figcaption>Ada Quill speaking in the hall. Picture: Jo Lake
</figcaption></figure>
<blockquote class="pull-quote">&ldquo;The bus will return within the year&rdquo;</blockquote>
<p>Ben Harrow (Green Party) said homes must come first, before any new roads were built.</p>
<aside class="fact-check"><h3>Fact check</h3><p>The number 7 bus was withdrawn in March
after the subsidy from the county council ended.</p></aside>
<table><tr><th>Candidate</th><th>Pledge</th></tr><tr><td>Ada Quill</td><td>Yes | mostly</td></tr>
<tr><td>Ben Harrow</td><td></td></tr></table>
<table><tr><td>A layout table of one row holds this paragraph of prose.</td></tr></table>
<p>The meeting closed at nine o'clock, after questions from the floor about parking.</p>
</article></main></body></html>"""


@pytest.mark.parametrize("reader", ["article", "fallback"])
def test_set_apart_text_is_fenced_and_tables_are_pipe_tables(reader):
    from ingest.read.html import html_to_text

    text = read_html(SET_APART).text if reader == "article" else html_to_text(SET_APART)
    blocks = [b for b in text.split("\n\n") if b.strip()]
    caption = blocks.index("::: caption")
    assert blocks[caption:caption + 3] == [
        "::: caption", "Ada Quill speaking in the hall. Picture: Jo Lake", ":::"]
    quote = blocks.index("::: pullquote")
    assert blocks[quote:quote + 3] == [
        "::: pullquote", "\u201cThe bus will return within the year\u201d", ":::"]
    box = blocks.index("::: box")
    assert blocks[box:box + 4] == [
        "::: box", "### Fact check", "The number 7 bus was withdrawn in March after the "
        "subsidy from the county council ended.", ":::"]
    assert ("| Candidate | Pledge |\n| --- | --- |\n| Ada Quill | Yes \\| mostly |\n"
            "| Ben Harrow |  |") in blocks
    assert "A layout table of one row holds this paragraph of prose." in blocks
    assert blocks[-1].startswith("The meeting closed at nine")


def test_a_class_that_floats_a_box_is_not_a_pull_quote():
    page = ("<html><body><article><h1>Fenby</h1><div class=\"pull-right\"><p>Ada Quill said "
            "the bus would return within the year, to cheers from the hall.</p></div>"
            "</article></body></html>")
    assert ":::" not in read_html(page).text
