"""Unit tests for splitting documents into headings, paragraphs and lists."""

from ingest.layout.blocks import BlockKind, looks_like_heading, structure

PLAIN = """Event round-up: Harbour Town Hustings
This evening brought the candidates together.
Housing and planning
Mia Ford said that rents must be capped.
Candidates standing are:
Green Mia Ford
Labour Tom Hale
Thanks to all who came.
"""

MARKDOWN = """# Riverside Debate

The debate was lively and
wrapped over two lines.

## Transport

Ann Lee argued for trams.

The candidates were:

- Ann Lee (Labour)
- Bo Chen (Green)
"""


def kinds(text):
    return [(b.kind, b.text.split("\n")[0]) for b in structure(text)]


def test_plain_text_lines_are_title_headings_paragraphs_and_lists():
    blocks = structure(PLAIN)
    assert blocks[0].kind is BlockKind.HEADING and blocks[0].level == 1
    assert (BlockKind.HEADING, "Housing and planning") in kinds(PLAIN)
    roster = next(b for b in blocks if b.kind is BlockKind.LIST)
    assert [i.text for i in roster.items] == ["Green Mia Ford", "Labour Tom Hale"]
    assert roster.text.startswith("Candidates standing are:")
    assert (BlockKind.PARAGRAPH, "Thanks to all who came.") in kinds(PLAIN)


def test_markdown_headings_wrapped_paragraphs_and_bullets():
    blocks = structure(MARKDOWN)
    assert blocks[0].kind is BlockKind.HEADING and blocks[0].text == "Riverside Debate"
    para = blocks[1]
    assert para.kind is BlockKind.PARAGRAPH and "lively and\nwrapped" in para.text
    assert (BlockKind.HEADING, "Transport") in kinds(MARKDOWN)
    roster = blocks[-1]
    assert roster.kind is BlockKind.LIST
    assert roster.text.startswith("The candidates were:")  # the intro joins its list
    assert [i.text for i in roster.items] == ["Ann Lee (Labour)", "Bo Chen (Green)"]


def test_block_offsets_point_into_the_source():
    for block in structure(MARKDOWN):
        if block.kind is BlockKind.PARAGRAPH:
            assert MARKDOWN[block.start:block.end] == block.text
        for item in block.items:
            assert MARKDOWN[item.start:item.end] == item.text


def test_heading_heuristics():
    assert looks_like_heading("Cyber literacy, cyber crime and cyber sector")
    assert looks_like_heading("techUK – Building Stronger Local Economies")
    assert not looks_like_heading("Anna said that we need more homes.")
    assert not looks_like_heading("and lowercase continuation")
    assert not looks_like_heading("Get in touch:")
