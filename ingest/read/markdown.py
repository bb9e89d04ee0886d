"""Read Markdown: metadata from front matter, site furniture dropped, markup reduced to words."""

from __future__ import annotations

import re

from ingest.read.boilerplate import mark_boilerplate
from ingest.read.meta import DocumentMeta, ReadText, clean_field, iso_date, parse_date

_TARGET = r"\((?:[^()\n]|\([^()\n]*\))*\)"  # "(url)", balanced parentheses allowed inside
_IMAGE = re.compile(r"!\[([^\]\n]*)\]" + _TARGET)
_LINK = re.compile(r"\[([^\]\n]+)\]" + _TARGET)
_REFERENCE_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_CODE = re.compile(r"`([^`\n]+)`")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"
                       r"|(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])")
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.MULTILINE)
_WHOLE_LINE_STRONG = re.compile(r"^\s*(\*\*|__)[^\n]+?\1\s*$")


def plain_markdown(text: str) -> str:
    """Drop emphasis, link targets, code ticks and quote markers; keep every word.

    A line that is bold as a whole stays as it is: it is a heading to `ingest.layout.blocks`.
    "**Jane Doe:** We will ..." becomes "Jane Doe: We will ...", which reads as her speech.
    """
    text = _QUOTE.sub("", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    return "\n".join(line if _WHOLE_LINE_STRONG.match(line) else _inline(line)
                     for line in text.split("\n"))


def _inline(line: str) -> str:
    line = _STRONG.sub(r"\2", line)
    return _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line)


_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_LINK_ANY = re.compile(r"!?\[(?:[^\]\n]|\[[^\]\n]*\])*\]" + _TARGET + r"|<https?://[^>\s]+>")
_SEPARATORS = re.compile(r"[\s|·•›»>/,\-–—:*_]+")
_LABEL = re.compile(r"^\s*(?:\*\*|__)?[\w' ]{1,30}:(?:\*\*|__)?")
_TAG_LINE = re.compile(r"^\s*(?:\*\*|__)?(?:tags|categories|topics|filed under|posted in)"
                       r"\s*:", re.I)
_EMBED = re.compile(r"^\s*(?:[▶►⏵▷🔊🎧📺🎬]|\(?(?:listen|watch|play)\b)", re.I)
_HTML_LINE = re.compile(r"^\s*(?:<[^>]+>\s*)+$")
_IFRAME = re.compile(r"<iframe\b.*?(?:</iframe>|$)", re.I | re.S)
_HEADING_ID = re.compile(r"\s*\{#[\w:.-]+\}\s*$")
_COOKIE = re.compile(r"\bcookies?\b", re.I)
_CONSENT = re.compile(r"\b(?:accept|agree|consent|manage|preferences|settings|reject)\b", re.I)
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)\s|copyright\b)", re.I)
_FENCE = re.compile(r"^\s*(```|~~~)")
_META_KEYS = {"title": "title", "date": "date", "published": "date", "author": "author",
              "authors": "author", "description": "description", "summary": "description",
              "excerpt": "description", "site": "site", "publisher": "site"}


def read_markdown(raw: str) -> ReadText:
    """Read Markdown: front matter into metadata, site furniture dropped, markup reduced."""
    meta, body = front_matter(raw)
    lines = [_HEADING_ID.sub("", line) if line.lstrip().startswith("#") else line
             for line in _IFRAME.sub("", body).split("\n")]
    drop = _mark_furniture(lines)
    kept = [_drop_link_segments(line) for line, gone in zip(lines, drop) if not gone]
    lines = plain_markdown("\n".join(kept)).split("\n")
    drop = mark_boilerplate(lines)
    lines = _from_title([line for line, gone in zip(lines, drop) if not gone])
    text = _squeeze("\n".join(lines))
    return ReadText(text, meta.merged(_meta_from_text(text)))


def front_matter(raw: str) -> tuple[DocumentMeta, str]:
    """Split "---\\nkey: value\\n---" at the top into metadata and the rest of the text."""
    match = _FRONT_MATTER.match(raw)
    if match is None:
        return DocumentMeta(), raw
    found: dict[str, str] = {}
    rows = [line for line in match.group(1).split("\n") if line.strip()]
    fields = [_FIELD.match(line) for line in rows]
    # A "---" rule before a paragraph is not front matter: every top-level line must be "key:".
    if not rows or any(f is None and not line[:1].isspace() and not line.lstrip().startswith("-")
                       for f, line in zip(fields, rows)):
        return DocumentMeta(), raw
    for field in fields:
        if field is None:
            continue
        key = _META_KEYS.get(field.group(1).lower())
        value = field.group(2).strip().strip("\"'")
        if key and value and key not in found and not value.startswith("["):
            found[key] = value
    date = iso_date(found.pop("date", None))
    meta = DocumentMeta(**{k: clean_field(v) for k, v in found.items()}, date=date)
    return meta, raw[match.end():].lstrip("\n")


def _mark_furniture(lines: list[str]) -> list[bool]:
    """Mark link-only lines, tag lines, embeds, raw HTML and cookie notices (code kept as is)."""
    drop = [False] * len(lines)
    in_code = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_code = not in_code
        if in_code or not line.strip():
            continue
        drop[i] = (_link_only(line) or bool(_TAG_LINE.match(line) or _COPYRIGHT.match(line))
                   or _HTML_LINE.match(line)
                   is not None or (_EMBED.match(line) is not None and bool(_LINK_ANY.search(line))))
    # A quoted paragraph about cookies with a choice to make is a consent banner.
    i = 0
    while i < len(lines):
        if not lines[i].lstrip().startswith(">"):
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].lstrip().startswith(">"):
            j += 1
        quote = " ".join(lines[i:j])
        if _COOKIE.search(quote) and _CONSENT.search(quote) and len(quote.split()) <= 60:
            drop[i:j] = [True] * (j - i)
        i = j
    return drop


def _drop_link_segments(line: str) -> str:
    """Drop the links and copyright notes a footer line strings after its sentence with " · "."""
    parts = re.split(r"(\s+[·|]\s+)", line)
    if len(parts) < 3 or not _LINK_ANY.search(line):
        return line
    segments = parts[::2]
    kept = [seg for seg in segments if not (_link_only(seg) or seg.strip().startswith("©"))]
    return " · ".join(kept) if kept != segments else line


def _from_title(lines: list[str]) -> list[str]:
    """Drop a site's name and tagline above the document's title (its first "# " heading)."""
    first = next((i for i, line in enumerate(lines[:12]) if re.match(r"#\s", line)), None)
    if first is None:
        return lines
    above = [line.strip() for line in lines[:first] if line.strip()]
    if above and all(line[-1] not in ".!?:" and not line.startswith("-") for line in above):
        return lines[first:]
    return lines


def _link_only(line: str) -> bool:
    """Tell a line of links and separators only, perhaps after a short label ("Share this:").

    A breadcrumb may end in the current page's name, not a link: a few words after a
    separator are allowed when the line has links and separators before them.
    """
    links = _LINK_ANY.findall(line)
    if not links:
        return False
    rest = _LABEL.sub("", _LINK_ANY.sub(" ", line), count=1)
    rest = re.sub(r"^\s*[-*+]\s+", "", rest)  # a list item of links is still links only
    if not _SEPARATORS.sub("", rest):
        return True
    crumb = re.match(r"^[\s›»>/|]+([^›»>/|]+)$", rest)
    last = crumb.group(1).strip() if crumb else ""
    return bool(last) and len(last.split()) <= 5 and not last.endswith(".")


def _meta_from_text(text: str) -> DocumentMeta:
    """Take the first heading as the title, and the date from a short line near the top."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title = next((line.lstrip("#").strip() for line in lines if re.match(r"#\s", line)), None)
    date = None
    for line in lines[:30]:
        if len(line.split()) <= 20 and (found := parse_date(line)):
            date = found
            break
    return DocumentMeta(title=title, date=date)


def _squeeze(text: str) -> str:
    """Collapse the runs of blank lines that dropped lines leave behind."""
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip("\n") + "\n"
