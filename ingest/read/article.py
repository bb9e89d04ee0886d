"""Find a web page's article with trafilatura and write it out as Markdown-flavoured text.

trafilatura drops the page around the article (navigation, cookie banners, share bars, related
links, footers). Readers' comments are kept apart, under a "Readers' comments" heading after the
article, where the reader labels them as the audience's. Before extraction the page is prepared
so that content trafilatura would discard as furniture survives: a live page's `<time>`
stamps become paragraphs, and embedded posts (a `<blockquote>` in an embed box) replace their
box. Text set apart from the body is kept and fenced as `ingest.loaders` describes: a text box
set aside in the article (a fact check, a profile) as "::: box", a pull-quote as
"::: pullquote", a figure's caption as "::: caption". Tables become Markdown pipe tables.
"""

from __future__ import annotations

import re

from ingest.read.meta import (
    DocumentMeta,
    clean_field,
    fence_lines,
    iso_date,
    layout,
    pipe_table,
)

_EMBED = re.compile(r"embed|tweet|instagram|tiktok|bluesky|threads|mastodon|facebook-post",
                    re.I)
_BLOCK_CHILDREN = {"head", "p", "list", "quote", "table", "div"}
_MIN_BOX_WORDS = 8  # an aside with a paragraph this long is a text box, not a list of links
PULL_QUOTE = re.compile(r"pull[-_\s]?(?:quote|out)", re.I)
_FENCED = "data-hustings-fence"


def extract_article(html: str) -> tuple[str, DocumentMeta] | None:
    """Return the article's text and the page's metadata, or None when none is found."""
    import trafilatura
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    if _truncated(tree, html):
        return None
    meta = _metadata(trafilatura, tree)
    _prepare(tree)
    marks = _page_marks(tree)
    xml = trafilatura.extract(tree, output_format="xml", include_formatting=True,
                              include_tables=True, include_comments=True, include_links=False,
                              include_images=False, favor_recall=True, deduplicate=False)
    if not xml:
        return None
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    blocks: list[str] = []
    _render(main if main is not None else root, blocks)
    comments = root.find("comments")
    if comments is not None and " ".join(comments.itertext()).strip():
        thread: list[str] = []
        _render(comments, thread)
        if thread and not thread[0].startswith("#"):
            thread.insert(0, "## Readers' comments")  # so the reader knows whose words follow
        blocks.extend(thread)
    blocks = _from_title([marks.get(block, block) for block in blocks], meta.title)
    return (layout(blocks).rstrip("\n"), meta) if blocks else None


def _truncated(tree, html: str) -> bool:
    """Tell whether lxml lost part of the page: libxml2 stops reading past 255 nested tags."""
    raw = re.sub(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<[^>]*>", " ", html, flags=re.S | re.I)
    parsed = " ".join(tree.text_content().split())
    return len(parsed) < 0.5 * len(" ".join(raw.split()))


def _metadata(trafilatura, tree) -> DocumentMeta:
    """Read title, date, site name, author and description from the page's head and byline."""
    from copy import deepcopy

    try:
        found = trafilatura.extract_metadata(deepcopy(tree))
    except Exception:  # a metadata failure must not cost the article
        return DocumentMeta()
    if found is None:
        return DocumentMeta()
    return DocumentMeta(title=clean_field(found.title), date=iso_date(found.date),
                        site=clean_field(found.sitename), author=clean_field(found.author),
                        description=clean_field(found.description))


def _prepare(tree) -> None:
    """Turn content that trafilatura would discard as page furniture into plain blocks."""
    for hidden in list(tree.iter("script", "style", "noscript", "template", "iframe", "svg",
                                 "object", "embed", "applet")):
        # trafilatura strips a <template> tag but keeps its text; none of these is read
        if hidden.getparent() is not None:
            hidden.drop_tree()
    body = len(tree.text_content())
    for form in list(tree.iter("form")):
        # a form is a search box or a sign-up, unless it wraps the page (ASP.NET pages do)
        if form.getparent() is not None and form.find(".//h1") is None and \
                len(form.text_content()) < 0.5 * body:
            form.drop_tree()
    for time in list(tree.iter("time")):
        parent = time.getparent()
        own = " ".join("".join(time.itertext()).split())
        around = " ".join("".join(parent.itertext()).split()) if parent is not None else ""
        if parent is not None and around != own and parent.tag in ("p", "li", "span", "a", "td",
                                                                   "em", "strong", "b", "i"):
            time.drop_tag()  # a date inside a sentence is just its words
        else:
            time.tag = "p"  # a live page's entry time, a line of its own
            time.attrib.clear()
    for quote in list(tree.iter("blockquote")):
        box = _embed_box(quote)
        if box is not None or _EMBED.search(quote.get("class", "")):
            quote.attrib.clear()
            if box is not None and box.getparent() is not None:
                box.addprevious(quote)
                box.getparent().remove(box)
    for element in list(tree.iter("blockquote", "aside", "figure", "div", "p")):
        if PULL_QUOTE.search(f"{element.get('class', '')} {element.get('id', '')}"):
            _fence(element, "pullquote")
    for aside in list(tree.iter("aside")):
        if _in_article(aside) and _is_text_box(aside):
            _fence(aside, "box")
    for caption in list(tree.iter("figcaption")):
        figure = caption.getparent()
        if figure is not None and figure.tag == "figure" and figure.getparent() is not None:
            # trafilatura drops a figure with its image: the caption takes the figure's place
            figure.addprevious(caption)
            figure.getparent().remove(figure)
        _fence(caption, "caption")


def _fence(element, kind: str) -> None:
    """Make element a block of paragraphs between "::: kind" and ":::" lines (once)."""
    from lxml import etree

    if element.getparent() is None or any(
            node.get(_FENCED) for node in element.iterancestors()):
        return  # a pull-quote inside a box is the box's
    element.tag = "div"
    element.attrib.clear()
    element.set(_FENCED, kind)
    if not any(child.tag in ("p", "h2", "h3", "h4", "ul", "ol", "table", "blockquote")
               for child in element):
        text = " ".join("".join(element.itertext()).split())
        for child in list(element):
            element.remove(child)
        element.text = None
        paragraph = etree.SubElement(element, "p")
        paragraph.text = text
    opening, closing = fence_lines(kind)
    start = etree.Element("p")
    start.text, start.tail = opening, element.text
    element.text = None
    element.insert(0, start)
    etree.SubElement(element, "p").text = closing


def _page_marks(tree) -> dict[str, str]:
    """Map the text of the page's headings and list items to their Markdown form.

    trafilatura's fallback for a page with no article container returns every block as a
    paragraph; the page's own tags say which of them were headings and list items.
    """
    marks: dict[str, str] = {}
    for element in tree.iter("h1", "h2", "h3", "h4", "h5", "h6", "li"):
        if element.tag == "li" and any(child.tag in ("p", "div", "ul", "ol", "h2", "h3")
                                       for child in element):
            continue
        text = _squash("".join(element.itertext()))
        if text and text not in marks:
            marks[text] = ("- " if element.tag == "li" else
                           "#" * min(int(element.tag[1]), 3) + " ") + text
    return marks


def _embed_box(quote):
    """Return the outermost embed box around a blockquote inside the article, if any."""
    box = None
    node = quote.getparent()
    while node is not None and node.tag not in ("article", "main", "body"):
        if _EMBED.search(f"{node.get('class', '')} {node.get('id', '')}"):
            box = node
        node = node.getparent()
    return box


def _in_article(node) -> bool:
    return any(parent.tag in ("article", "main") for parent in node.iterancestors())


def _is_text_box(node) -> bool:
    """Tell a box of prose (a fact check, a profile) from a box of links (related stories)."""
    text = " ".join("".join(node.itertext()).split())
    links = " ".join("".join(a.itertext()) for a in node.iter("a"))
    if not text or len(links) > 0.3 * len(text):
        return False
    return any(len("".join(p.itertext()).split()) >= _MIN_BOX_WORDS for p in node.iter("p"))


def _render(node, blocks: list[str]) -> None:
    """Append the blocks of trafilatura's XML: headings, paragraphs, list items, table rows."""
    for child in node:
        tag = child.tag
        if tag == "head":
            text = _text(child)
            level = int(child.get("rend", "h2")[1:] or 2) if re.fullmatch(
                r"h[1-6]", child.get("rend", "")) else 2
            if text:
                blocks.append("#" * min(level, 3) + " " + text)
        elif tag == "list":
            _render_list(child, blocks)
        elif tag == "table":
            rows = [row for row in child.iter("row")]
            cells = [[_text(cell).replace("\n", " ") for cell in row.findall("cell")]
                     for row in rows]
            head = bool(rows) and all(cell.get("role") == "head"
                                      for cell in rows[0].findall("cell"))
            blocks.extend(pipe_table(cells, header=head))
        elif tag in ("p", "code") or (
                tag == "quote" and not any(c.tag in _BLOCK_CHILDREN for c in child)):
            text = _text(child)
            if text:
                blocks.append(text)
        else:  # a quote or a section of blocks, or a tag trafilatura left as it was
            before = len(blocks)
            _render(child, blocks)
            loose = _squash(" ".join(filter(None, [child.text] + [c.tail for c in child])))
            if loose:  # words beside the quote's paragraphs: a post's "— Author, date"
                blocks.insert(before, loose) if child.text and child.text.strip() else \
                    blocks.append(loose)


def _render_list(node, blocks: list[str]) -> None:
    """Write a list's items as "- " lines; an item holding headings and paragraphs is a section."""
    for item in node.findall("item"):
        if any(child.tag in _BLOCK_CHILDREN for child in item):
            lead = _squash(item.text or "")
            if lead:
                blocks.append(lead)
            for child in item:
                if child.tag == "list":
                    _render_list(child, blocks)
                else:
                    _render(_wrap(child), blocks)
                tail = _squash(child.tail or "")
                if tail:
                    blocks.append(tail)
        else:
            text = _text(item)
            if text:
                blocks.append("- " + text)


def _wrap(child):
    """Return a parent holding only child, so that _render can read it as a block."""
    from lxml import etree

    holder = etree.Element("div")
    copy = etree.SubElement(holder, child.tag, dict(child.attrib))
    copy.text = child.text
    copy.extend(list(child))
    return holder


def _text(node) -> str:
    """Join an element's text; a line break stays a line break."""
    parts: list[str] = []

    def walk(element) -> None:
        if element.text:
            parts.append(element.text)
        for sub in element:
            if sub.tag == "lb":
                parts.append("\n")
            else:
                walk(sub)
            if sub.tail:
                parts.append(sub.tail)

    walk(node)
    return "\n".join(line for line in (_squash(s) for s in "".join(parts).split("\n")) if line)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _from_title(blocks: list[str], title: str | None) -> list[str]:
    """Start at the page's title: drop the short labels above its first heading.

    A kicker ("Live coverage has ended", "Breaking") above the headline would otherwise be taken
    for the event's title. With no heading at all, the page's title heads the text.
    """
    first = next((i for i, block in enumerate(blocks[:6]) if block.startswith("# ")), None)
    if first is None:
        if title and not any(block.startswith("#") for block in blocks[:1]):
            return ["# " + title, *blocks]
        return blocks
    above = blocks[:first]
    if all(len(block.split()) <= 6 and block[-1:] not in ".!?" for block in above):
        return blocks[first:]
    return blocks
