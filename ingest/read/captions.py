"""Read meeting transcripts in WebVTT (.vtt) and SubRip (.srt): one paragraph per turn.

webvtt-py parses the file (timings, cue settings, cue numbers, NOTE, STYLE and REGION blocks
are not text). This module reads who speaks in each cue and writes the turns:

- a voice tag (`<v Name>`, `<v.loud Name>`) or a "Name: text" label at the start of a cue line
  (Zoom) names the speaker, exactly as written: a display name such as "Host - Civic Society",
  "+44 7700 900123" or "iPhone (2)" is not interpreted here (the reader decides who it is);
- ">>" (broadcast captions) and "- " lines of a cue (subtitles) start another speaker's turn;
- a cue with no speaker of its own goes on with the turn before it, so a turn split over many
  cues is joined back into one paragraph, written "Label: text";
- tags (`<i>`, `<b>`, `<c.x>`, inline timestamps, `<font>`, `{\\an8}`) go, entities are decoded,
  and a line repeated from the cue before (roll-up captions) is read once.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ingest.read.meta import DocumentMeta, ReadText, SkipFile, clean_field, parse_date

_TAG = re.compile(r"<[^<>\n]*>|\{\\[^{}\n]*\}")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>|</v\s*>", re.I)
_TIMING = re.compile(r"^\s*[\d:.,]+\s*-->\s*[\d:.,]+")
_COMMA_TIME = re.compile(r"(\d{2}),(\d{3})\b")
# "Name: text" at a line's start; a name of a few words without sentence punctuation.
_LABEL = re.compile(r"^(?P<label>[^\s:<>][^:<>?!]{0,48}?)\s*:\s+(?=\S)")
_MAX_LABEL_WORDS = 6
_BROADCAST_TURN = re.compile(r"^>>+\s*")
_DASH_TURN = re.compile(r"^[-–]\s*(?=\S)")


@dataclass
class _Turn:
    """A speaker's words as written across cues, before they become one paragraph."""

    label: str | None
    parts: list[str] = field(default_factory=list)

    def paragraph(self) -> str:
        text = " ".join(" ".join(self.parts).split())
        return f"{self.label}: {text}" if self.label else text


def read_captions(raw: str) -> ReadText:
    """Read a WebVTT or SubRip transcript (told apart by its content) into turns."""
    from webvtt import WebVTT
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    text = raw.lstrip("\ufeff \n\t")
    lines = text.split("\n", 2)
    is_vtt = text.startswith("WEBVTT")
    if not is_vtt and not (lines[0].strip().isdigit() and len(lines) > 1
                           and _TIMING.match(lines[1])):
        if not any(_TIMING.match(line) for line in text.split("\n")[:20]):
            raise SkipFile("not a WebVTT or SubRip transcript (no cue timings found)")
        text, is_vtt = "WEBVTT\n\n" + text, True  # cues written without the header
    try:
        if is_vtt:
            captions = WebVTT.from_string(_full_stops(text))
        else:
            captions = WebVTT.from_buffer(io.StringIO(text), format="srt")
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        raise SkipFile(f"not a readable {'WebVTT' if is_vtt else 'SubRip'} transcript "
                       f"({exc})") from None
    turns = _turns(caption.raw_text for caption in captions.captions)
    paragraphs = [turn.paragraph() for turn in turns if turn.parts]
    return ReadText("\n\n".join(paragraphs) + "\n" if paragraphs else "",
                    _meta(captions, is_vtt))


def _full_stops(text: str) -> str:
    """Write timing lines with full stops: a WebVTT file may carry SubRip's commas."""
    return "\n".join(_COMMA_TIME.sub(r"\1.\2", line) if "-->" in line else line
                     for line in text.split("\n"))


def _turns(cues: Iterable[str]) -> list[_Turn]:
    """Gather the cues' lines into turns: a new one when the speaker changes."""
    turns: list[_Turn] = [_Turn(None)]
    last: tuple[str | None, str] = (None, "")
    for raw in cues:
        for voice, line, fresh in _lines(raw):
            label, words = voice, line
            if voice is None and (found := _label(line)) is not None:
                label, words = found
            elif voice is not None and line.startswith(f"{voice}:"):
                words = line[len(voice) + 1:].strip()  # the label written out as well
            if not words or (label, words) == last:
                continue  # roll-up captions repeat the line before
            last = (label, words)
            current = turns[-1]
            if (label is not None and label != current.label) or (fresh and current.parts):
                turns.append(_Turn(label))
            turns[-1].parts.append(words)
    return turns


def _lines(raw: str) -> Iterator[tuple[str | None, str, bool]]:
    """Yield the pieces of a cue as (voice or None, text, starts a turn).

    A voice span runs to its end tag or to the end of the cue, across line breaks.
    """
    lines = [line.strip() for line in raw.split("\n")]
    dashed = sum(1 for line in lines if _DASH_TURN.match(line)) >= 2
    voice: str | None = None
    for line in lines:
        fresh = False
        if _BROADCAST_TURN.match(line):
            line, fresh = _BROADCAST_TURN.sub("", line), True
        elif dashed and _DASH_TURN.match(line):
            line, fresh = _DASH_TURN.sub("", line), True
        pos = 0
        for m in [*_VOICE.finditer(line), None]:
            text = _clean(line[pos:m.start() if m else len(line)])
            if text:
                yield voice, text, fresh
                fresh = False
            if m is not None:
                opening = not m.group(0).startswith("</")
                voice = (" ".join((m.group(1) or "").split()) or None) if opening else None
                pos = m.end()


def _clean(text: str) -> str:
    """Drop cue tags and decode entities; squash spaces."""
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _label(line: str) -> tuple[str, str] | None:
    """Return (label, words) of a "Name: text" line, or None when the line has no label."""
    m = _LABEL.match(line)
    if m is None:
        return None
    label = m.group("label").strip()
    if len(label.split()) > _MAX_LABEL_WORDS or label.endswith("."):
        return None
    return label, line[m.end():].strip()


def _meta(captions, is_vtt: bool) -> DocumentMeta:
    """Take a title from the WebVTT header ("WEBVTT - Title" or a "Title:" line)."""
    if not is_vtt:
        return DocumentMeta()
    fields: dict[str, str] = {}
    for line in captions.metadata or []:
        key, sep, value = line.partition(":")
        if sep:
            fields.setdefault(key.strip().lower(), value.strip())
    header = re.sub(r"^[\s\-–—:|]+", "", captions.header_text or "")
    title = clean_field(fields.get("title") or header)
    return DocumentMeta(title=title, date=parse_date(fields.get("date") or title))
