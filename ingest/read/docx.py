"""Read a Word document (.docx): headings, paragraphs, list items and tables, in order.

Tables become Markdown pipe tables; text boxes ("::: box") and captions ("::: caption") are
set apart from the body as `ingest.loaders` describes.
"""

from __future__ import annotations

import io
import re
import zipfile

from ingest.read.meta import (
    DocumentMeta,
    ReadText,
    SkipFile,
    clean_field,
    fenced,
    iso_date,
    layout,
    pipe_table,
    quiet,
)
from ingest.read.zipped import unzipped

_HEADING_STYLE = re.compile(r"^(?:heading\s*(\d)|title)$", re.I)
_LIST_STYLE = re.compile(r"list", re.I)
_TYPED_BULLET = re.compile(r"^\s*[•●▪◦‣∙·\-–]\s+")
_CAPTION_STYLE = re.compile(r"^caption$", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes) -> ReadText:
    """Read a .docx file's body in document order and its core properties as metadata."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise SkipFile("Word documents need python-docx; install it") from None
    safe = unzipped(data, "Word document")  # no zip bomb reaches python-docx
    try:
        with quiet("docx"):
            document = docx.Document(io.BytesIO(safe))
            blocks = list(_blocks(document))
            meta = _meta(document.core_properties)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SkipFile(f"corrupt or unreadable Word document ({type(exc).__name__}); "
                       "open it in Word and save it again as .docx") from None
    except Exception as exc:  # a damaged part can fail anywhere in the XML
        raise SkipFile(f"corrupt or unreadable Word document ({type(exc).__name__})") from None
    return ReadText(layout(blocks), meta)


def _blocks(document) -> list[str]:
    """Return the body's paragraphs and tables as Markdown-flavoured blocks, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            boxes = _text_boxes(item)
            block = _paragraph(item)
            style = item.style.name if item.style is not None else ""
            if block and _CAPTION_STYLE.match(style or ""):
                out.extend(fenced("caption", [block]))
            elif block:
                out.append(block)
            for box in boxes:
                out.extend(fenced("box", box))
        elif isinstance(item, Table):
            out.extend(_table(item))
    return out


def _text_boxes(paragraph) -> list[list[str]]:
    """Return the paragraphs of each text box anchored in a paragraph (a sidebar, a profile)."""
    from docx.text.paragraph import Paragraph

    boxes = []
    seen: set[str] = set()
    for content in paragraph._p.iter(f"{_W}txbxContent"):
        # Word writes a box twice (the drawing and its VML fallback): read it once
        texts = [_paragraph(Paragraph(p, paragraph._parent)) for p in content.iter(f"{_W}p")]
        texts = [t for t in texts if t]
        key = "\n".join(texts)
        if texts and key not in seen:
            seen.add(key)
            boxes.append(texts)
    return boxes


def _paragraph(paragraph) -> str:
    """Write one paragraph: "# " for a heading style, "- " for a list paragraph."""
    text = "\n".join(" ".join(line.split()) for line in paragraph.text.split("\n"))
    text = text.strip()
    if not text:
        return ""
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = _HEADING_STYLE.match(style or "")
    if heading:
        level = int(heading.group(1)) if heading.group(1) else 1
        return "#" * min(max(level, 1), 3) + " " + text.replace("\n", " ")
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if _LIST_STYLE.search(style or "") or numbered:
        return "- " + _TYPED_BULLET.sub("", text).replace("\n", " ")
    if _TYPED_BULLET.match(text):  # a bullet typed by hand is still a list item
        return "- " + _TYPED_BULLET.sub("", text).replace("\n", " ")
    return text


def _table(table) -> list[str]:
    """Write a table as a Markdown pipe table; a merged cell counts once."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # python-docx repeats a cell merged across columns
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        rows.append(cells)
    return pipe_table(rows, header=bool(table.rows) and _header_row(table.rows[0]))


def _header_row(row) -> bool:
    """Tell a header row: marked to repeat as one, or bold throughout."""
    props = row._tr.trPr
    if props is not None and props.find(f"{_W}tblHeader") is not None:
        return True
    runs = [run for cell in row.cells for p in cell.paragraphs for run in p.runs
            if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def _meta(props) -> DocumentMeta:
    return DocumentMeta(title=clean_field(props.title), author=clean_field(props.author),
                        description=clean_field(props.subject),
                        date=iso_date(props.created) if props.created else None)
