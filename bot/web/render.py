"""Render answers and their sources as HTML for the web chat; pure functions, no Gradio.

Everything is emitted as HTML without blank lines, so a Markdown renderer passes it through as
one HTML block: a citation can never be read as a Markdown link definition ("[1]: text").
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from bot.answer import Answer, Citation
from bot.citations import highlight
from bot.web.documents import sentence_anchor

LONG_PASSAGE = 320  # characters; longer passages show the sentences used and collapse the rest
EXCERPT_WORDS = 40  # words shown of a long passage that has no highlighted sentence
_MARKER = re.compile(r"\[(\d+)\]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
_MD_LINE_START = re.compile(r"^(\s*\d*)([-+=.)])", re.MULTILINE)


def split_words(text: str) -> list[str]:
    """Split text into words that keep their trailing whitespace (joined, they give text back)."""
    return re.findall(r"\s*\S+\s*", text) if text.strip() else []


def body_html(text: str, answered: bool) -> str:
    """Return the answer text as paragraphs, [n] markers styled; a decline as an info box."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    inner = "".join(f"<p>{_markers(html.escape(' '.join(p.split()), quote=False))}</p>"
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
    """Return the heading of a source: [n], speaker (party), event, section."""
    p = c.passage
    who = (f"<strong>{html.escape(p.speaker)}</strong>" if p.speaker
           else "<strong>From the round-up</strong>")
    if p.speaker and p.party:
        who += f' <span class="hs-party">({html.escape(p.party)})</span>'
    where = [f'<span class="hs-event">{html.escape(p.event)}</span>']
    if p.section:
        where.append(f'<span class="hs-section">{html.escape(p.section)}</span>')
    return (f'<div class="hs-source-head"><span class="hs-n">[{c.n}]</span> {who}'
            f'<span class="hs-where"> · {" · ".join(where)}</span>{document_link(c)}</div>')


def document_link(c: Citation) -> str:
    """Return the link that opens the Documents view at the first sentence a source uses."""
    p = c.passage
    used = [s.start for s in p.sentences if s.text in c.highlights]
    anchor = sentence_anchor(p.event_id, used[0] if used else p.start)
    # The chat's sanitiser keeps only the href: it names the event and the sentence.
    return f' <a class="hs-doc-link" href="#{anchor}">in the document</a>'


def excerpt_html(c: Citation) -> str:
    """Return what a long passage shows before it is expanded: the sentences used, marked."""
    used = [s for s in c.highlights if s in c.passage.text]
    if used:
        return " … ".join(f"<mark>{html.escape(s, quote=False)}</mark>" for s in used)
    words = c.passage.text.split()
    tail = " …" if len(words) > EXCERPT_WORDS else ""
    return html.escape(" ".join(words[:EXCERPT_WORDS]), quote=False) + tail


def source_html(c: Citation) -> str:
    """Return one source: its heading and the quoted passage, long passages collapsed."""
    full = highlight(c.passage.text.strip(), c.highlights)
    if len(c.passage.text) <= LONG_PASSAGE:
        quote = f'<blockquote class="hs-quote">{full}</blockquote>'
    else:
        words = len(c.passage.text.split())
        quote = (f'<blockquote class="hs-quote hs-excerpt">{excerpt_html(c)}</blockquote>'
                 f'<details class="hs-more"><summary>Read the whole passage ({words} words)'
                 f'</summary><blockquote class="hs-quote">{full}</blockquote></details>')
    return f'<div class="hs-source">{source_head(c)}{quote}</div>'


def sources_html(citations: Sequence[Citation]) -> str:
    """Return the numbered Sources list, or nothing when there are no citations."""
    if not citations:
        return ""
    items = "".join(source_html(c) for c in citations)
    return f'<div class="hs-sources"><div class="hs-sources-title">Sources</div>{items}</div>'


def answer_html(answer: Answer) -> str:
    """Return the whole message for an answer: notice, text, then its sources."""
    return _message(notice_html(answer.notice) + body_html(answer.text, answer.answered)
                    + sources_html(answer.citations), answer.answered, final=True)


def stream_frames(answer: Answer) -> list[str]:
    """Return the message as it grows word by word; the last frame is answer_html(answer)."""
    words = split_words(answer.text)
    notice = notice_html(answer.notice)
    frames = [_message(notice + body_html("".join(words[:n]), answer.answered), answer.answered)
              for n in range(1, len(words))]
    return [*frames, answer_html(answer)]


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
    return '<div class="hs-pending">Looking through the round-ups…</div>'


def _message(inner: str, answered: bool, final: bool = False) -> str:
    kind = "hs-answer" + ("" if answered else " hs-declined") + (" hs-final" if final else "")
    return f'<div class="{kind}">{inner}</div>'


def _markers(escaped: str) -> str:
    return _MARKER.sub(r'<span class="hs-cite">[\1]</span>', escaped)
