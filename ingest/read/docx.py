"""Read a Word document (.docx): headings, paragraphs, list items and table rows, in order."""

from __future__ import annotations

import io
import re
import zipfile

from ingest.read.meta import (
    DocumentMeta,
    ReadText,
    SkipFile,
    clean_field,
    iso_date,
    layout,
    quiet,
)
from ingest.read.zipped import unzipped

_HEADING_STYLE = re.compile(r"^(?:heading\s*(\d)|title)$", re.I)
_LIST_STYLE = re.compile(r"list", re.I)
_TYPED_BULLET = re.compile(r"^\s*[•●▪◦‣∙·\-–]\s+")


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
    """Yield the body's paragraphs and tables as Markdown-flavoured blocks, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            block = _paragraph(item)
            if block:
                out.append(block)
        elif isinstance(item, Table):
            out.extend(_rows(item))
    return out


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


def _rows(table) -> list[str]:
    """Write a table's rows as list lines, "- cell – cell"; merged cells count once."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            rows.append("- " + " – ".join(cells))
    return rows


def _meta(props) -> DocumentMeta:
    return DocumentMeta(title=clean_field(props.title), author=clean_field(props.author),
                        description=clean_field(props.subject),
                        date=iso_date(props.created) if props.created else None)
