"""Render answers and their sources as HTML for the web chat; pure functions, no Gradio.

Everything is emitted as HTML without blank lines, so a Markdown renderer passes it through as
one HTML block: a citation can never be read as a Markdown link definition ("[1]: text").
Every piece of text is escaped here: the chat shows this HTML as it is.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Sequence
from urllib.parse import urlencode, urlsplit

from bot.answer import Answer, Citation, Filters
from bot.citations import highlight
from bot.web.documents import sentence_anchor
from bot.web.plain import answer_markdown, source_words

LONG_PASSAGE = 320  # characters; longer passages show the sentences used and collapse the rest
EXCERPT_WORDS = 40  # words shown of a long passage that has no highlighted sentence
PREVIEW_CHARS = 280  # characters of the quoted sentences a citation's preview shows
_MARKER = re.compile(r"\[(\d+)\]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
_MD_LINE_START = re.compile(r"^(\s*\d*)([-+=.)])", re.MULTILINE)


def body_html(text: str, answered: bool, uid: str = "",
              citations: Sequence[Citation] = ()) -> str:
    """Return the answer as paragraphs, [n] markers linked to their sources; a decline boxed."""
    cited = {c.n: c for c in citations}
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    inner = "".join(
        f"<p>{_markers(html.escape(' '.join(p.split()), quote=False), uid, cited)}</p>"
        for p in paragraphs)
    if answered:
        return f'<div class="hs-body">{inner}</div>'
    return f'<div class="hs-decline" role="note"><div>{inner}</div></div>'


def notice_html(notice: str | None) -> str:
    """Return the filter notice ("Showing only …") as a small banner, or nothing."""
    if not notice:
        return ""
    return f'<div class="hs-notice">{html.escape(notice, quote=False)}</div>'


def source_head(c: Citation) -> str:
    """Return the heading of a source: [n], speaker (party), event, section, page, links."""
    p = c.passage
    who = (f"<strong>{html.escape(p.speaker)}</strong>" if p.speaker
           else "<strong>From the round-up</strong>")
    if p.speaker and p.party:
        who += f' <span class="hs-party">({html.escape(p.party)})</span>'
    where = [f'<span class="hs-event">{html.escape(p.event)}</span>']
    if p.section:
        where.append(f'<span class="hs-section">{html.escape(p.section)}</span>')
    if p.page:
        where.append(f'<span class="hs-page">page {p.page}</span>')
    return (f'<div class="hs-source-head"><span class="hs-n">[{c.n}]</span> {who}'
            f'<span class="hs-where"> · {" · ".join(where)}</span>{original_link(c)}'
            f"{document_link(c)}</div>")


def document_link(c: Citation) -> str:
    """Return the link that opens the Documents view at the first sentence a source uses."""
    p = c.passage
    used = [s.start for s in p.sentences if s.text in c.highlights]
    anchor = sentence_anchor(p.event_id, used[0] if used else p.start)
    return (f' <a class="hs-doc-link" href="#{anchor}">in the document<span class="hs-sr">: '
            f"source {c.n}, {html.escape(source_words(c))}</span></a>")


def original_link(c: Citation) -> str:
    """Return the link to the web page a fetched source came from (http and https only)."""
    url = c.passage.url
    if not url or urlsplit(url).scheme not in ("http", "https"):
        return ""
    host = urlsplit(url).hostname or url
    return (f' <a class="hs-original" href="{html.escape(url)}" target="_blank" '
            f'rel="noopener noreferrer">original page<span class="hs-sr"> of source {c.n} on '
            f"{html.escape(host)} (opens in a new tab)</span></a>")


def excerpt_html(c: Citation) -> str:
    """Return what a long passage shows before it is expanded: the sentences used, marked."""
    used = [s for s in c.highlights if s in c.passage.text]
    if used:
        return " … ".join(f"<mark>{html.escape(s, quote=False)}</mark>" for s in used)
    words = c.passage.text.split()
    tail = " …" if len(words) > EXCERPT_WORDS else ""
    return html.escape(" ".join(words[:EXCERPT_WORDS]), quote=False) + tail


def source_html(c: Citation, uid: str = "") -> str:
    """Return one source: its heading and the quoted passage, long passages collapsed."""
    full = highlight(c.passage.text.strip(), c.highlights)
    if len(c.passage.text) <= LONG_PASSAGE:
        quote = f'<blockquote class="hs-quote">{full}</blockquote>'
    else:
        words = len(c.passage.text.split())
        quote = (f'<blockquote class="hs-quote hs-excerpt">{excerpt_html(c)}</blockquote>'
                 f'<details class="hs-more"><summary>Read the whole passage ({words} words)'
                 f'</summary><blockquote class="hs-quote">{full}</blockquote></details>')
    ident = f' id="{_source_id(uid, c.n)}"' if uid else ""
    return f'<li class="hs-source"{ident} tabindex="-1" value="{c.n}">{source_head(c)}{quote}</li>'


def sources_html(citations: Sequence[Citation], uid: str = "") -> str:
    """Return the numbered Sources list, or nothing when there are no citations."""
    if not citations:
        return ""
    items = "".join(source_html(c, uid) for c in citations)
    return (f'<div class="hs-sources"><div class="hs-sources-title">Sources</div>'
            f'<ol class="hs-source-list">{items}</ol></div>')


def answer_link(question: str, filters: Filters | None = None) -> str:
    """Return the page's address (query part) that asks the question again with the filters."""
    f = filters or Filters()
    params = {"q": question, "speaker": f.speaker, "event": f.event, "section": f.section}
    return "?" + urlencode({k: v for k, v in params.items() if v})


def actions_html(answer: Answer, link: str | None) -> str:
    """Return the answer's actions: Copy (as Markdown, sources numbered) and its own link."""
    text = html.escape(answer_markdown(answer)).replace("\n", "&#10;")  # no blank line: one block
    permalink = (f' <a class="hs-permalink" href="{html.escape(link)}">Link to this answer</a>'
                 if link else "")
    return (f'<div class="hs-actions"><button type="button" class="hs-copy" data-copy="{text}">'
            f'Copy<span class="hs-sr"> the answer with its sources</span></button>{permalink}'
            '<span class="hs-copied" role="status"></span></div>')


def answer_html(answer: Answer, link: str | None = None, uid: str | None = None) -> str:
    """Return the whole message for an answer: notice, text, its sources, then its actions."""
    uid = uid or uuid.uuid4().hex[:10]  # the ids of one message, unique on the page
    return _message(notice_html(answer.notice)
                    + body_html(answer.text, answer.answered, uid, answer.citations)
                    + sources_html(answer.citations, uid) + actions_html(answer, link),
                    answer.answered, final=True)


def error_html(title: str, message: str) -> str:
    """Return a message that says why a question got no answer and what to do."""
    return (f'<div class="hs-error" role="alert"><strong>{html.escape(title)}</strong>'
            f"<p>{html.escape(message)}</p></div>")


def question_markdown(question: str) -> str:
    """Return the visitor's question as Markdown that shows it literally."""
    text = _MD_SPECIAL.sub(r"\\\1", html.escape(question, quote=False))
    return _MD_LINE_START.sub(r"\1\\\2", text)


def draft_html(text: str) -> str:
    """Return a language model's reply as it arrives, marked as not yet checked."""
    return _message(body_html(text, True) + '<div class="hs-pending">Checking it against the '
                    "sources…</div>", True)


def pending_html() -> str:
    """Return the placeholder shown while the answer is being looked up."""
    return '<div class="hs-pending" role="status">Looking through the round-ups…</div>'


def _message(inner: str, answered: bool, final: bool = False) -> str:
    kind = "hs-answer" + ("" if answered else " hs-declined") + (" hs-final" if final else "")
    return f'<div class="{kind}">{inner}</div>'


def _source_id(uid: str, n: int) -> str:
    return f"hs-{uid}-source-{n}"


def _markers(escaped: str, uid: str, cited: dict[int, Citation]) -> str:
    """Turn each [n] into a link to source n with a preview of its quoted sentences."""
    def marker(found: re.Match[str]) -> str:
        n = int(found.group(1))
        c = cited.get(n)
        if c is None or not uid:
            return f'<span class="hs-cite">[{n}]</span>'
        tip = f"hs-{uid}-tip-{n}-{found.start()}"
        return (f'<span class="hs-cite-wrap"><a class="hs-cite" href="#{_source_id(uid, n)}" '
                f'aria-describedby="{tip}"><span aria-hidden="true">[{n}]</span>'
                f'<span class="hs-sr">source {n}</span></a>'
                f'<span class="hs-tip" role="tooltip" id="{tip}">{_preview(c)}</span></span>')

    return _MARKER.sub(marker, escaped)


def _cut(text: str, limit: int) -> str:
    """Shorten text to about limit characters at a word boundary, marking the cut."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _preview(c: Citation) -> str:
    """Return what a citation's preview shows: who, then the sentences the answer quotes."""
    p = c.passage
    quoted = [" ".join(s.split()) for s in c.highlights if s.strip()] or [" ".join(p.text.split())]
    share = max(PREVIEW_CHARS // len(quoted), 80)  # every quoted sentence shows its start
    said = " … ".join(_cut(s, share) for s in quoted)
    who = html.escape(source_words(c))
    return f'<strong>{who}</strong> <q>{html.escape(said, quote=False)}</q>'
