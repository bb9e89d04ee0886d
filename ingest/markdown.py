"""Reduce Markdown's inline markup to the words a reader sees."""

from __future__ import annotations

import re

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

    A line that is bold as a whole stays as it is: it is a heading to `ingest.structure`.
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
