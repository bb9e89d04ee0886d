"""Read an HTML page: its article through trafilatura, else all its visible text.

The fallback, `html_to_text`, keeps every block of the page a reader sees, headings as
Markdown headings, tables as pipe tables and set-apart text (asides, pull-quotes, captions)
fenced as `ingest.loaders` describes; it serves pages trafilatura finds no article in (a page of
one list, a fragment) and pages it fails on.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from ingest.read.article import PULL_QUOTE, extract_article
from ingest.read.meta import DocumentMeta, ReadText, fenced, layout, pipe_table, quiet

_BLOCK_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre",
                         "table", "dt", "dd", "aside", "figcaption"})
_DROPPED_TAGS = ["script", "style", "noscript", "template", "iframe", "svg", "head", "nav",
                 "footer", "form", "object", "embed", "applet"]


def read_html(html: str) -> ReadText:
    """Read a page's article and metadata; fall back to its whole visible text."""
    try:
        with quiet("trafilatura"):
            found = extract_article(html)
    except Exception as exc:
        logging.getLogger(__name__).debug("trafilatura failed: %s", exc)
        found = None
    if found is not None and found[0].strip():
        return ReadText(*found)
    meta = found[1] if found is not None else DocumentMeta()
    return ReadText(html_to_text(html), meta)


def html_to_text(html: str) -> str:
    """Keep the text of an HTML page, headings as Markdown headings; drop scripts and styles."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_DROPPED_TAGS):
        if tag.decomposed:
            continue
        if tag.name == "head":
            title = tag.find("title")
            tag.replace_with(title) if title else tag.decompose()
        else:
            tag.decompose()
    blocks: list[str] = []
    title = soup.find("title")
    has_h1 = soup.find("h1") is not None
    if title and not has_h1 and title.get_text(strip=True):
        blocks.append("# " + _squash(title.get_text(" ")))
    _blocks(soup, blocks)
    if not blocks:  # a page without block tags: fall back to all its text
        blocks = [line for line in (_squash(s) for s in soup.get_text("\n").split("\n")) if line]
    return layout(blocks).rstrip("\n")


def _blocks(node, blocks: list[str]) -> None:
    """Append the Markdown-flavoured blocks of the block elements under node, in order."""
    for el in _outer_blocks(node):
        kind = _set_apart(el)
        if kind is not None:
            inner: list[str] = []
            if any(True for _ in _outer_blocks(el)):
                _blocks(el, inner)
            elif text := _squash(el.get_text(" ")):
                inner.append(text)
            blocks.extend(fenced(kind, inner))
            continue
        if el.name == "table":
            rows = el.find_all("tr")
            cells = [[_squash(c.get_text(" ")) for c in row.find_all(["td", "th"])]
                     for row in rows]
            head = bool(rows) and all(c.name == "th" for c in rows[0].find_all(["td", "th"]))
            blocks.extend(pipe_table(cells, header=head))
            continue
        text = _squash(el.get_text(" "))
        if not text:
            continue
        if el.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = min(int(el.name[1]), 3)
            blocks.append("#" * level + " " + text)
        elif el.name == "li":
            blocks.append("- " + text)
        else:
            blocks.append(text)


def _set_apart(el) -> str | None:
    """Return the kind of set-apart text an element is (see ingest.loaders), or None."""
    names = f"{' '.join(el.get('class') or [])} {el.get('id') or ''}"
    if el.name in ("blockquote", "aside", "p") and PULL_QUOTE.search(names):
        return "pullquote"
    if el.name == "aside":
        return "box"
    if el.name == "figcaption":
        return "caption"
    return None


def _outer_blocks(soup) -> Iterator:
    """Yield the block elements under soup not inside another one, in page order."""
    from bs4 import Tag

    stack = list(reversed(soup.contents))
    while stack:
        node = stack.pop()
        if not isinstance(node, Tag):
            continue
        if node.name in _BLOCK_TAGS:
            yield node
        else:
            stack.extend(reversed(node.contents))


def _squash(text: str) -> str:
    """Join an element's strings; undo the space get_text puts before "<b>Name</b>: ..."."""
    text = " ".join(text.split())
    text = re.sub(r"(?<=\w) (?=[:;,.!?)](?: |$)|['’]s\b)", "", text)
    return re.sub(r"\( (?=\w)", "(", text)
