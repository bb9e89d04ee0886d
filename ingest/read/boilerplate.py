"""Judge lines of text copied from a web page: which are the page's furniture, not its content.

The judgement is on the shape of lines, not on any one site's wording: menus (runs of one- to
three-word lines, or one line of several short items between separators), interface strings
("Advertisement", "Share this article", "Skip to main content"), link lines ("Read more: ..."),
photo credits ("(Image: ...)"), newsletter forms, "Most read" lists and copyright lines. A
sentence-like line (final . ! ? or more than eight words) is kept unless it belongs to a
newsletter form or a list of links. Readers' comments are kept: they are the audience speaking.
"""

from __future__ import annotations

import re

_UI = re.compile(
    r"(skip to (?:main )?content|skip navigation|advertisement|advertising|sponsored(?: content)?"
    r"|share(?: this(?: article| story| page| post)?)?|copy link|menu|subscribe|log ?in|sign ?in"
    r"|sign ?up|register|search|enter (?:your )?email(?: address)?|invalid email"
    r"|thank you for subscribing|we have more newsletters|show me"
    r"|(?:see our )?privacy (?:notice|policy)"
    r"|cookie (?:settings|policy|preferences)|accept(?: all)?(?: cookies)?|reject all"
    r"|manage (?:cookies|preferences)|terms(?: and conditions| of use)?|show comments"
    r"|join the conversation|view comments|leave a comment|back to top|print this page)[!.:]?",
    re.I)
_SOCIAL = re.compile(r"(?:[-•*]\s*)?(?:facebook|twitter|x|whatsapp|linkedin|instagram|reddit"
                     r"|pinterest|email|e-mail|messenger|print|flipboard|threads|bluesky|youtube"
                     r"|tiktok|copy link)",
                     re.I)
_LINK_LINE = re.compile(r"^(?:read more|read next|also read|read also|see also|more from|related)"
                        r"\s*[:\-–]\s*\S", re.I)
_LIST_CUE = re.compile(r"^(?:most read|most popular|most viewed|read next"
                       r"|related(?: stories| articles| content| topics| links| posts)?"
                       r"|more on this story|more stories|top stories"
                       r"|more from\b.{0,60}"
                       r"|trending(?: now)?|you may also like|recommended(?: for you)?"
                       r"|latest (?:news|stories))[:]?$", re.I)
_CREDIT = re.compile(r"^\(?\s*(?:image|picture|photo|photograph|credit|pic)s?\s*(?::|by\b)"
                     r"[^()]*\)?$", re.I)
_COMMENTS = re.compile(r"^\s*comments?\b(?:\s*\(\d+\))?\s*$", re.I)  # heads readers' comments
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.I)
_NEWSLETTER_CUE = re.compile(r"^(?:sign[ -]?up|subscribe)\b.*\bnewsletters?\b", re.I)
_FORM_WORDS = re.compile(r"newsletter|inbox|e-?mail|subscri|sign[ -]?up|privacy|try again"
                         r"|went wrong|show me|your data", re.I)
_SEPARATOR = re.compile(r"\s{2,}|\t|\s+[|•·›»/>]\s+")
_MAX_SHORT_WORDS = 3
_MAX_SENTENCE_FREE_WORDS = 8
def words(line: str) -> list[str]:
    """Return a line's words (runs of characters holding a letter or digit)."""
    return [w for w in line.split() if any(ch.isalnum() for ch in w)]


def sentence_like(line: str) -> bool:
    """Tell a line that reads as prose: it ends a sentence or is too long for a label."""
    text = line.strip().rstrip("\"'”’)]*_")
    return bool(text) and (text[-1] in ".!?" or len(words(text)) > _MAX_SENTENCE_FREE_WORDS)


def is_menu(line: str) -> bool:
    """Tell a line of three or more short items between separators: a menu or breadcrumb."""
    items = [item for item in _SEPARATOR.split(line.strip()) if item.strip()]
    if len(items) < 2 or any(len(words(item)) > _MAX_SHORT_WORDS or item.rstrip()[-1] in ".!?"
                             for item in items):
        return False
    return len(items) >= 3 or bool(re.search(r"\s[›»/>|]\s", line))


def is_short(line: str) -> bool:
    text = line.strip()
    return bool(text) and 0 < len(words(text)) <= _MAX_SHORT_WORDS and text[-1] not in ".!?:"


def view(line: str) -> str:
    """Return a line without Markdown's heading, quote and emphasis markers, for judging it."""
    text = re.sub(r"^\s*(?:#{1,6}\s+|>\s*)+", "", line).strip()
    return re.sub(r"^(\*\*|__)(.+)\1$", r"\2", text).strip()


def mark_boilerplate(lines: list[str]) -> list[bool]:
    """Return which lines are interface strings, link lines, credits, forms or lists of links."""
    drop = [False] * len(lines)
    _drop_ui_and_links(lines, drop)
    return drop


def _drop_ui_and_links(lines: list[str], drop: list[bool]) -> None:
    """Mark interface strings, link lines, credits, share bars, forms and lists of links."""
    i = 0
    while i < len(lines):
        text = view(lines[i])
        if not text:
            i += 1
            continue
        if _UI.fullmatch(text) or _LINK_LINE.match(text) or (_CREDIT.match(text) and \
                len(words(text)) <= 12):
            drop[i] = True
            if re.match(r"share\b", text, re.I):  # the buttons listed under "Share"
                i = _drop_while(lines, drop, i + 1, lambda t: bool(_SOCIAL.fullmatch(t)))
                continue
        elif _NEWSLETTER_CUE.match(text):
            drop[i] = True
            i = _drop_while(lines, drop, i + 1, lambda t: bool(
                _FORM_WORDS.search(t) or _UI.fullmatch(t)) or (not sentence_like(t) and
                len(words(t)) <= _MAX_SHORT_WORDS))
            continue
        elif _LIST_CUE.match(text):
            drop[i] = True
            end = _drop_while(lines, drop, i + 1, _headline)
            if end == i + 1 or (end < len(lines) and not lines[end].strip()):
                # the list may start after a blank line under its heading
                nxt = end + 1 if end < len(lines) and end == i + 1 else end
                if end == i + 1 and nxt < len(lines) and lines[nxt].strip():
                    end = _drop_while(lines, drop, nxt, _headline)
            i = end
            continue
        i += 1


def _headline(line: str) -> bool:
    """Tell a line that reads as a link's title: no full stop, at most fifteen words."""
    text = line.rstrip("\"'”’)")
    return bool(text) and text[-1] not in ".!?" and len(words(text)) <= 15


def _drop_while(lines: list[str], drop: list[bool], start: int, test) -> int:
    """Mark the lines from start while test holds for them (up to a blank line); return the end."""
    i = start
    while i < len(lines) and lines[i].strip() and test(view(lines[i])):
        drop[i] = True
        i += 1
    return i


def head_end(lines: list[str]) -> int:
    """Return the index of the first line of prose: a full sentence of some length."""
    for i, line in enumerate(lines):
        text = line.strip().rstrip("\"'”’)")
        if text and text[-1] in ".!?" and len(words(text)) >= 12:
            return i
    return len(lines)


def tail_start(lines: list[str]) -> int:
    """Return the index after the last line of prose."""
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i].strip().rstrip("\"'”’)")
        if text and text[-1] in ".!?" and len(words(text)) >= 12:
            return i + 1
    return len(lines)


def drop_runs(lines: list[str], drop: list[bool], head_end: int, tail_start: int) -> None:
    """In the page's head and tail, mark menus, copyright lines and runs of short lines."""
    zones = [range(0, min(head_end, tail_start)), range(max(tail_start, head_end), len(lines))]
    for zone in zones:
        run: list[int] = []
        for i in [*zone, None]:
            text = lines[i].strip() if i is not None else ""
            if i is not None and (is_menu(text) or _COPYRIGHT.match(text)):
                drop[i] = True
            if i is not None and (drop[i] or (is_short(text) and not _COMMENTS.match(text))):
                run.append(i)
                continue
            if i is not None and not text:
                continue  # a blank line does not end a menu split over groups
            # A run of short lines is a menu when an interface or social-site name is in it; a
            # list of names or parties at the end of a round-up is not.
            evidence = any(drop[j] or _SOCIAL.fullmatch(lines[j].strip()) for j in run)
            if evidence and len(run) >= 2:
                for j in run:
                    drop[j] = True
            run = []
        _drop_furniture_neighbours(lines, drop, zone)


def _drop_furniture_neighbours(lines: list[str], drop: list[bool], zone: range) -> None:
    """Mark a label line (a masthead, a section name) in a group of lines already dropped."""
    groups: list[list[int]] = [[]]
    for i in zone:
        if lines[i].strip():
            groups[-1].append(i)
        elif groups[-1]:
            groups.append([])
    for group in groups:
        if any(drop[i] for i in group):
            for i in group:
                if not (sentence_like(lines[i]) or ":" in lines[i] or _COMMENTS.match(lines[i])):
                    drop[i] = True


def squeeze_blanks(lines: list[str]) -> str:
    """Join lines, collapsing the blank runs that dropped lines leave to one blank line."""
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    return "\n".join(out).strip("\n") + ("\n" if out else "")
