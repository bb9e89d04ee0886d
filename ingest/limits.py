"""How big one document may be: a round-up is a few pages, a transcript a few hours.

The byte cap on files (loaders.MAX_BYTES) is not enough by itself: 20 MB of page markup
takes trafilatura minutes and gigabytes, and 15 MB of plain text half an hour of parsing
and embedding, while one ingest at a time may run. So each document is also capped by its
markup before the HTML reader sees it, by its text before spaCy does, and by its passages
before anything is embedded, each with a message that says what to do.
"""

from __future__ import annotations

import re

from ingest.read.meta import SkipFile

MAX_MARKUP_CHARS = 2_000_000  # of an HTML page, scripts and styles aside (~5x a long article)
MAX_TEXT_CHARS = 500_000  # of text (about 150 pages; a two-hour transcript is ~120,000)
MAX_PASSAGES = 2_000  # a long transcript has a few hundred
_INERT = re.compile(r"<(script|style|svg|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)


def check_markup(html: str) -> None:
    """Refuse a page whose markup (without scripts, styles, SVG and comments) is too long."""
    if len(html) <= MAX_MARKUP_CHARS:
        return
    size = len(_INERT.sub("", html))
    if size > MAX_MARKUP_CHARS:
        raise SkipFile(f"has {size / 1e6:.1f} million characters of page markup, more than "
                       f"{MAX_MARKUP_CHARS / 1e6:g} million; save the article's text (or "
                       "print it to PDF) and add that")


def check_text(text: str) -> None:
    """Refuse a document with more text than one round-up or transcript could have."""
    if len(text) > MAX_TEXT_CHARS:
        raise SkipFile(f"has {len(text):,} characters of text, more than {MAX_TEXT_CHARS:,} "
                       "(about 150 pages) in one document; split it into smaller files")


def check_passages(count: int) -> None:
    """Refuse a document that would make more passages than any round-up does."""
    if count > MAX_PASSAGES:
        raise SkipFile(f"makes {count:,} passages, more than {MAX_PASSAGES:,} in one "
                       "document; split it into smaller files")
