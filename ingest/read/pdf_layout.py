"""Lay out a PDF page's words as lines in reading order: columns one after another, tables whole.

pdfplumber gives each word's box. Words at one height make a row. A run of rows that leaves an
interval of the page blank all the way down (a gutter) is a band of columns: prose columns are
read one after another, left to right; short cells side by side (a table without rules) are
read row by row. Rows that cross every gutter (a title, a full-width paragraph) end a band.
Ruled tables come from pdfplumber's table finder and are kept whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

_BULLET_GLYPH = re.compile(r"^\(cid:\d+\)\s*")  # a bullet drawn from a font with no mapping
_CID = re.compile(r"\(cid:\d+\)")
_MIN_PROSE_WORDS = 4  # a column of prose has lines of this many words or more, mostly
_MIN_ROWS = 3  # rows of a band of columns


@dataclass
class Line:
    """A line of text in reading order, with its box and the frame (column) it sits in."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    left: float  # the frame's left edge
    right: float  # the frame's right edge
    frame: int = 0  # which frame of the page (a column, or the full width)
    cells: list[str] = field(default_factory=list)  # a row of a table without rules
    table: list[list[str]] | None = None  # a ruled table, whole
    first_width: float = 0.0  # the width of the line's first word


def page_lines(page) -> list[Line]:
    """Return a page's lines in reading order."""
    tables = _ruled_tables(page)
    boxes = [t.bbox for t, _ in tables]
    words = [w for w in page.extract_words(extra_attrs=["size", "fontname"], use_text_flow=False,
                                           keep_blank_chars=False, x_tolerance=1.5)
             if not any(_inside(w, box) for box in boxes)]
    rows = _rows(words)
    for table, cells in tables:  # a table is a row of its own, beside a column's lines
        x0, top, x1, bottom = table.bbox
        rows.append([{"text": "", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                      "size": 0.0, "fontname": "", "table": cells}])
    rows.sort(key=lambda row: (min(w["top"] for w in row), row[0]["x0"]))
    if not rows:
        return []
    size = median(w["size"] for row in rows for w in row if w["size"]) if words else 10.0
    left = min(w["x0"] for row in rows for w in row)
    right = max(w["x1"] for row in rows for w in row)
    out: list[Line] = []
    frame = 0
    across: list[list[dict]] = []  # a run of rows read across the page: one frame
    for band, gutters in [*_bands(rows, left, right, size), ([], [0])]:
        if not gutters:
            across.extend(band)
            continue
        if across:
            frame += 1
            lo, hi = _extent(across, size, left, right)
            out.extend(_line(row, lo, hi, size, frame) for row in across)
            across = []
        if not band:
            break
        if _prose(band, gutters, size):
            edges = [left, *[g for gap in gutters for g in gap], right]
            for col in range(len(gutters) + 1):
                lo, hi = edges[2 * col], edges[2 * col + 1]
                part = [[w for w in row if lo - 1 <= (w["x0"] + w["x1"]) / 2 <= hi + 1]
                        for row in band]
                part = [row for row in part if row]
                frame += 1
                col_left, col_right = _extent(part, size, lo, hi)
                out.extend(_line(row, col_left, col_right, size, frame) for row in part)
        else:
            frame += 1
            out.extend(_table_rows(band, gutters, left, right, size, frame))
    return out


def _extent(rows: list[list[dict]], size: float, left: float, right: float
            ) -> tuple[float, float]:
    """Return the left and right edges of a frame's text, from its lines of body text (a
    title across the page above a narrow column does not widen the column)."""
    words = [w for row in rows for w in row if "table" not in w and abs(w["size"] - size) < 1]
    if not words:
        return left, right
    return min(w["x0"] for w in words), max(w["x1"] for w in words)


def _ruled_tables(page) -> list:
    """Return the page's ruled tables of two rows or more with their cells' text."""
    found = []
    try:
        tables = page.find_tables()
    except Exception:  # a malformed drawing must not cost the page's text
        return []
    for table in tables:
        cells = [[" ".join((cell or "").split()) for cell in row] for row in table.extract()]
        cells = [row for row in cells if any(row)]
        if len(cells) >= 2 and max(len(row) for row in cells) >= 2:
            found.append((table, cells))
    return found


def _inside(word: dict, box: tuple) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _rows(words: list[dict]) -> list[list[dict]]:
    """Group words into rows: words standing on one baseline (their bottoms within a third of
    their size; a tall glyph must not pull the next line into its row)."""
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["bottom"], w["x0"])):
        if rows and word["bottom"] - rows[-1][0]["bottom"] <= 0.35 * max(word["size"], 1.0):
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w["x0"]) for row in rows]


def _gaps(row: list[dict], left: float, right: float) -> list[tuple[float, float]]:
    """Return the blank intervals of a row between left and right."""
    out, at = [], left
    for word in row:
        if word["x0"] > at:
            out.append((at, word["x0"]))
        at = max(at, word["x1"])
    if right > at:
        out.append((at, right))
    return out


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]], least: float
               ) -> list[tuple[float, float]]:
    out = []
    for lo1, hi1 in a:
        for lo2, hi2 in b:
            lo, hi = max(lo1, lo2), min(hi1, hi2)
            if hi - lo >= least:
                out.append((lo, hi))
    return out


def _bands(rows: list[list[dict]], left: float, right: float, size: float):
    """Yield runs of rows with the gutters they share ([] for rows read across)."""
    least = max(0.9 * size, 7.0)
    i = 0
    while i < len(rows):
        open_gaps = _gaps(rows[i], left, right)
        j = i + 1
        bottom = max(w["bottom"] for w in rows[i])
        while j < len(rows) and open_gaps:
            # a wide space below everything so far (a table's whole height counts): whatever
            # follows starts afresh
            if rows[j][0]["top"] - bottom > 2 * size:
                break
            bottom = max(bottom, *(w["bottom"] for w in rows[j]))
            shared = _intersect(open_gaps, _gaps(rows[j], left, right), least)
            if not shared:
                break
            open_gaps, j = shared, j + 1
        band = rows[i:j]
        gutters = [g for g in open_gaps if g[1] - g[0] >= least and _both_sides(band, g)]
        gutters = gutters if _wide_columns(band, gutters, 0.12 * (right - left)) else []
        if gutters and (j - i >= 2):
            yield band, gutters
        else:
            j = i + 1
            yield band[:1], []
        i = j


def _wide_columns(band: list[list[dict]], gutters, least: float) -> bool:
    """Tell columns from a bullet beside its text: every column is some width wide."""
    edges = [float("-inf"), *[g for gap in gutters for g in gap], float("inf")]
    for col in range(len(gutters) + 1):
        lo, hi = edges[2 * col], edges[2 * col + 1]
        words = [w for row in band for w in row if lo <= w["x0"] and w["x1"] <= hi]
        if not words or max(w["x1"] for w in words) - min(w["x0"] for w in words) < least:
            return False
    return True


def _both_sides(band: list[list[dict]], gap: tuple[float, float]) -> bool:
    """Tell a gutter with text on both sides: two rows or more on each (the columns' rows
    need not line up)."""
    left = sum(1 for row in band if any(w["x1"] <= gap[0] for w in row))
    right = sum(1 for row in band if any(w["x0"] >= gap[1] for w in row))
    return left >= 2 and right >= 2


def _prose(band: list[list[dict]], gutters, size: float) -> bool:
    """Tell columns of prose (wrapped lines of many words) from a table's short cells: every
    column is prose, or one is and the rows rarely have words on both sides of a gutter (a
    column's last lines beside a few short ones, "(APPLAUSE)", where the next column ends)."""
    if len(band) < _MIN_ROWS:
        return False
    edges = [float("-inf"), *[g for gap in gutters for g in gap], float("inf")]
    prose = []
    for col in range(len(gutters) + 1):
        lo, hi = edges[2 * col], edges[2 * col + 1]
        counts = [sum(1 for w in row if lo <= w["x0"] and w["x1"] <= hi) for row in band]
        counts = [n for n in counts if n]
        prose.append(bool(counts) and median(counts) >= _MIN_PROSE_WORDS)
    if all(prose):
        return True
    side_by_side = sum(1 for row in band if len({_column(w, edges) for w in row}) > 1)
    return any(prose) and side_by_side < 0.5 * len(band)


def _column(word: dict, edges: list[float]) -> int:
    """Return the column a word's centre falls in, of the columns between edges."""
    centre = (word["x0"] + word["x1"]) / 2
    return sum(1 for g in edges[1:-1:2] if centre > g)


def _line(row: list[dict], left: float, right: float, size: float, frame: int) -> Line:
    """Make one line of a row of words; a ruled table stands as a line of its own."""
    first = row[0]
    if "table" in first:
        return Line("", first["x0"], first["x1"], first["top"], first["bottom"], size, False,
                    left, right, frame, table=first["table"])
    text = _text(row)
    sizes = [w["size"] for w in row]
    bold = all(re.search(r"bold|black|heavy|semibold", w["fontname"], re.I) for w in row)
    cells = _cells(row, size)
    return Line(text, row[0]["x0"], max(w["x1"] for w in row), min(w["top"] for w in row),
                max(w["bottom"] for w in row), median(sizes), bold, left, right, frame,
                cells=cells, first_width=row[0]["x1"] - row[0]["x0"])


def _text(row: list[dict]) -> str:
    text = " ".join(w["text"] for w in row)
    text = _BULLET_GLYPH.sub("• ", text)
    return " ".join(_CID.sub("", text).split())


def _cells(row: list[dict], size: float) -> list[str]:
    """Split a row at gaps far wider than a space: the cells of a table without rules."""
    parts: list[list[dict]] = [[row[0]]]
    for word in row[1:]:
        if word["x0"] - parts[-1][-1]["x1"] > 2.0 * size:
            parts.append([word])
        else:
            parts[-1].append(word)
    return [_text(part) for part in parts] if len(parts) >= 2 else []


def _table_rows(band, gutters, left: float, right: float, size: float, frame: int) -> list[Line]:
    """Read a band of short cells side by side as a table, a cell's wrapped lines joined."""
    edges = [left - 1, *[g for gap in gutters for g in gap], right + 1]
    columns = [(edges[2 * c], edges[2 * c + 1]) for c in range(len(gutters) + 1)]
    rows: list[tuple[list[dict], list[str]]] = []
    for row in band:
        cells = [_text([w for w in row if lo <= (w["x0"] + w["x1"]) / 2 <= hi])
                 for lo, hi in columns]
        if rows and not cells[0] and any(cells):  # a cell's text wrapped onto the next line
            joined = [f"{a} {b}".strip() for a, b in zip(rows[-1][1], cells)]
            rows[-1] = (rows[-1][0] + row, joined)
        else:
            rows.append((row, cells))
    out = []
    for row, cells in rows:
        line = _line(row, left, right, size, frame)
        line.cells = cells
        out.append(line)
    return out
