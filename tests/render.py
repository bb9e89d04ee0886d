"""Render a document's structure in every format the ingest reads, for invariance tests.

A document's structure (headings, paragraphs, list items, tables, transcript turns) comes from
our own reader's units (`ingest.layout.units.cut_units`) or is written by a test; it is
rendered as .txt, .md, .html, one- and two-column .pdf (reportlab) and .docx (python-docx), the
way people publish each: bold turn labels, bullet lists, ruled tables, a two-column page with
the title across it. `labels_inside` joins transcript turns so that labels sit mid-paragraph,
as PDF reflow leaves them; `tests.render_names` renames people and compares readings.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

FORMATS = ("txt", "md", "html", "pdf", "pdf2", "docx")
SUFFIX = {"txt": ".txt", "md": ".md", "html": ".html", "pdf": ".pdf", "pdf2": ".pdf",
          "docx": ".docx"}
# "Name:", "NAME (Party):", "OT:" at a paragraph's start: a turn's label, rendered bold.
_LABEL = re.compile(r"^(?P<label>[A-Z][^:\n.!?“”\"]{0,60}?):\s+(?=\S)")
_MAX_LABEL_WORDS = 6


@dataclass(frozen=True)
class Block:
    """A heading, paragraph, turn, list item or table of a document."""

    kind: str  # "heading", "para", "turn", "item", "table"
    text: str = ""
    level: int = 0  # a heading's level
    label: str = ""  # a turn's speaker label, as written
    rows: tuple[tuple[str, ...], ...] = ()  # a table's cells, header row first
    new_list: bool = False  # an item that starts another list


def structure_of(text: str) -> list[Block]:
    """Return the blocks of a document's text as our reader cuts it into units."""
    from ingest.layout.units import UnitKind, cut_units

    blocks: list[Block] = []
    for unit in cut_units(text):
        # a unit's lines joined; runs of spaces kept ("Q    Thank you" is a transcript's label)
        body = re.sub(r"[ \t]*\n\s*", " ", unit.text).strip()
        if unit.kind is UnitKind.HEADING and _marked_heading(text, unit.start):
            blocks.append(Block("heading", body, level=max(1, min(unit.level or 2, 3))))
        elif unit.kind is UnitKind.ITEM and body.startswith("|"):
            row = tuple(c.strip().replace("\\|", "|")
                        for c in re.split(r"(?<!\\)\|", body.strip().strip("|")))
            if blocks and blocks[-1].kind == "table":
                blocks[-1] = replace(blocks[-1], rows=(*blocks[-1].rows, row))
            else:
                blocks.append(Block("table", rows=(row,)))
        elif unit.kind is UnitKind.ITEM:
            blocks.append(Block("item", body, new_list=unit.first_of_list))
        else:
            blocks.append(turn_or_para(body))
    return blocks


def _marked_heading(text: str, start: int) -> bool:
    """Tell a heading the text marks as one ("# ..."): a line the reader only took for a
    heading stays a line of text in every rendering, as in the original."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start].lstrip().startswith("#")


def turn_or_para(text: str) -> Block:
    """Return a paragraph as a turn when it starts with a speaker's label."""
    m = _LABEL.match(text)
    if m and len(m.group("label").split()) <= _MAX_LABEL_WORDS:
        return Block("turn", text[m.end():], label=m.group("label").strip())
    return Block("para", text)


def line_of(block: Block) -> str:
    """Return a paragraph or turn as one line of plain text."""
    return f"{block.label}: {block.text}" if block.kind == "turn" else block.text


def render(blocks: list[Block], fmt: str, folder: Path, stem: str) -> Path:
    """Write blocks as a file of format fmt in folder; return its path."""
    path = folder / f"{stem}-{fmt}{SUFFIX[fmt]}"
    if fmt == "txt":
        path.write_text(to_txt(blocks), encoding="utf-8")
    elif fmt == "md":
        path.write_text(to_md(blocks), encoding="utf-8")
    elif fmt == "html":
        path.write_text(to_html(blocks), encoding="utf-8")
    elif fmt == "docx":
        to_docx(blocks, path)
    else:
        to_pdf(blocks, path, columns=2 if fmt == "pdf2" else 1)
    return path


def to_txt(blocks: list[Block]) -> str:
    """Plain text as copied from a page: headings on lines of their own, tables in columns."""
    out: list[str] = []
    for n, block in enumerate(blocks):
        if block.kind == "item":
            joined = n > 0 and blocks[n - 1].kind == "item" and not block.new_list
            out.append(("" if joined else "\n") + f"• {block.text}")
        elif block.kind == "table":
            widths = [max(len(row[i]) if i < len(row) else 0 for row in block.rows)
                      for i in range(max(len(row) for row in block.rows))]
            lines = ["    ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()
                     for row in block.rows]
            out.append("\n" + "\n".join(lines))
        else:
            out.append("\n" + (block.text if block.kind == "heading" else line_of(block)))
    return "\n".join(out).lstrip("\n") + "\n"


def to_md(blocks: list[Block]) -> str:
    """Markdown: "#" headings, bold labels, "-" lists, pipe tables."""
    out: list[str] = []
    for n, block in enumerate(blocks):
        if block.kind == "heading":
            out.append("\n" + "#" * block.level + " " + block.text)
        elif block.kind == "turn":
            out.append(f"\n**{block.label}:** {block.text}")
        elif block.kind == "item":
            joined = n > 0 and blocks[n - 1].kind == "item" and not block.new_list
            out.append(("" if joined else "\n") + f"- {block.text}")
        elif block.kind == "table":
            rows = [[c.replace("|", "\\|") for c in row] for row in block.rows]
            lines = ["| " + " | ".join(row) + " |" for row in rows]
            lines.insert(1, "| " + " | ".join("---" for _ in rows[0]) + " |")
            out.append("\n" + "\n".join(lines))
        else:
            out.append("\n" + block.text)
    return "\n".join(out).lstrip("\n") + "\n"


def to_html(blocks: list[Block]) -> str:
    """An article page: <h1>-<h3>, <p> with <strong> labels, <ul>, <table> with a header."""
    def esc(text: str) -> str:
        return re.sub(r"  +", lambda m: " " + "&nbsp;" * (len(m.group(0)) - 1),
                      html.escape(text))

    title = next((b.text for b in blocks if b.kind == "heading"), "Hustings")
    body: list[str] = []
    for n, block in enumerate(blocks):
        if block.kind == "item":
            if n == 0 or blocks[n - 1].kind != "item" or block.new_list:
                body.append("<ul>")
            body.append(f"<li>{esc(block.text)}</li>")
            if n + 1 == len(blocks) or blocks[n + 1].kind != "item" or blocks[n + 1].new_list:
                body.append("</ul>")
        elif block.kind == "heading":
            body.append(f"<h{block.level}>{esc(block.text)}</h{block.level}>")
        elif block.kind == "turn":
            body.append(f"<p><strong>{esc(block.label)}:</strong> {esc(block.text)}</p>")
        elif block.kind == "table":
            head, *rest = block.rows
            cells = "".join(f"<th>{esc(c)}</th>" for c in head)
            rows = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                           for row in rest)
            body.append(f"<table><thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table>")
        else:
            body.append(f"<p>{esc(block.text)}</p>")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(title)}</title></head>\n<body><main><article>\n"
            + "\n".join(body) + "\n</article></main></body></html>\n")


def to_docx(blocks: list[Block], path: Path) -> None:
    """A Word document: heading styles, bold labels, List Bullet items, a table with a grid."""
    import docx

    document = docx.Document()
    for block in blocks:
        if block.kind == "heading":
            document.add_heading(block.text, level=block.level)
        elif block.kind == "turn":
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{block.label}:").bold = True
            paragraph.add_run(f" {block.text}")
        elif block.kind == "item":
            document.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "table":
            width = max(len(row) for row in block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
                    if r == 0:
                        for run in table.cell(r, c).paragraphs[0].runs:
                            run.bold = True
        else:
            document.add_paragraph(block.text)
    document.save(str(path))


def pdf_safe(text: str) -> str:
    """Return text in the characters a standard PDF font shows (Windows-1252)."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            out.append("".join(c for c in unicodedata.normalize("NFKD", ch)
                               if c.isascii() and c.isprintable()))
    return "".join(out)


def to_pdf(blocks: list[Block], path: Path, columns: int = 1) -> None:
    """A PDF of A4 pages: one column, or a title across the top and two columns below."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        FrameBreak,
        NextPageTemplate,
        PageTemplate,
        Paragraph,
        Table,
        TableStyle,
    )

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName="Helvetica", fontSize=10,
                          leading=12.5, spaceAfter=6)
    item = ParagraphStyle("item", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=2)
    cell = ParagraphStyle("cell", parent=body, fontSize=9 if columns == 1 else 7,
                          leading=11 if columns == 1 else 8.5, spaceAfter=0,
                          splitLongWords=False)  # a narrow column's cell never splits a word
    heads = {1: ParagraphStyle("h1", parent=styles["Heading1"], fontSize=18, leading=22),
             2: ParagraphStyle("h2", parent=styles["Heading2"], fontSize=14, leading=17),
             3: ParagraphStyle("h3", parent=styles["Heading3"], fontSize=12, leading=15)}

    def esc(text: str) -> str:
        return re.sub(r"  +", lambda m: " " + "&nbsp;" * (len(m.group(0)) - 1),
                      html.escape(pdf_safe(text), quote=False))

    width, height = A4
    margin, gutter = 56, 18
    story: list = []
    for n, block in enumerate(blocks):
        if block.kind == "heading":
            story.append(Paragraph(esc(block.text), heads[block.level]))
            if n == 0 and columns == 2:
                story.append(FrameBreak())  # the title across the page, then the columns
        elif block.kind == "turn":
            story.append(Paragraph(f"<b>{esc(block.label)}:</b> {esc(block.text)}", body))
        elif block.kind == "item":
            story.append(Paragraph(esc(block.text), item, bulletText="•"))
        elif block.kind == "table":
            data = [[Paragraph(esc(c), cell) for c in row] for row in block.rows]
            table = Table(data, repeatRows=1, hAlign="LEFT")
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
        else:
            story.append(Paragraph(esc(block.text), body))
    doc = BaseDocTemplate(str(path), pagesize=A4, leftMargin=margin, rightMargin=margin,
                          topMargin=margin, bottomMargin=margin)

    def footer(canvas, document) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawCentredString(width / 2, 30, f"Page {document.page}")

    full = width - 2 * margin
    if columns == 1:
        doc.addPageTemplates([PageTemplate("one", [Frame(margin, margin, full,
                                                         height - 2 * margin)], onPage=footer)])
    else:
        col = (full - gutter) / 2
        title_height = 70
        body_height = height - 2 * margin - title_height

        def cols(h: float) -> list:
            return [Frame(margin, margin, col, h, id="left"),
                    Frame(margin + col + gutter, margin, col, h, id="right")]

        first = [Frame(margin, height - margin - title_height, full, title_height, id="title"),
                 *cols(body_height)]
        doc.addPageTemplates([PageTemplate("first", first, onPage=footer),
                              PageTemplate("rest", cols(height - 2 * margin), onPage=footer)])
        story.insert(0, NextPageTemplate("rest"))
        if not blocks or blocks[0].kind != "heading":
            story.insert(1, FrameBreak())
    doc.build(story)


def labels_inside(blocks: list[Block]) -> list[Block]:
    """Join each pair of consecutive turns into one paragraph: the second label mid-paragraph.

    A PDF's reflowed minutes read like this: "... he said. OT: said sewage ...".
    """
    out: list[Block] = []
    n = 0
    while n < len(blocks):
        block = blocks[n]
        nxt = blocks[n + 1] if n + 1 < len(blocks) else None
        if block.kind == "turn" and nxt is not None and nxt.kind == "turn" and \
                block.text.rstrip()[-1:] in ".!?”\"’":
            out.append(Block("para", f"{line_of(block)} {line_of(nxt)}"))
            n += 2
        else:
            out.append(block)
            n += 1
    return out
