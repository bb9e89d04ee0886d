"""Check a chat model's answer against the sources it was given; keep what holds up.

A sentence stays only if it cites a source that was given, every candidate it names is the
speaker of a source it cites (a pronoun must point to one too), and its content words are mostly
found in those sources. Kept citations are renumbered 1, 2, ... in order of use. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answer import Citation
from bot.asking.question import FRAME_WORDS
from bot.llm.prompts import Source
from bot.roster import Roster
from ingest.model import Passage
from ingest.text import search_terms, split_sentences

MIN_SUPPORT = 0.4  # share of a sentence's content terms that its cited passages must contain

_MARKER = re.compile(r"\[(\d+)\]")
_GROUP = re.compile(r"\[(?:sources?\s*)?(\d+(?:\s*[,;]\s*(?:sources?\s*)?\d+)*)\]", re.IGNORECASE)
_LEAD_MARKERS = re.compile(r"^(?:\[\d+\]\s*)+")
_BULLET = re.compile(r"^(?:[-*•]|\d+[.)])\s+")
_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL | re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|him|his|she|her|hers|they|them|their|theirs)\b", re.IGNORECASE)
_REPORTING = frozenset(search_terms(" ".join(FRAME_WORDS) + " highlighted emphasised emphasized "
                                   "noted stressed argued suggested added explained acknowledged "
                                   "called pointed outlined described warned according sources"))


@dataclass(frozen=True)
class Dropped:
    """A sentence of the model's text that failed verification, and why."""

    text: str
    reason: str


@dataclass(frozen=True)
class Verified:
    """The model's text cut to its verified sentences, with renumbered citations."""

    text: str
    citations: tuple[Citation, ...]
    dropped: tuple[Dropped, ...]

    @property
    def ok(self) -> bool:
        return bool(self.citations)


@dataclass(frozen=True)
class _Unit:
    """A kept sentence, or a speaker label line, of the model's text."""

    line: int
    text: str
    cited: tuple[int, ...]  # source numbers, in order of appearance
    label: bool = False


def verify(text: str, sources: Sequence[Source], roster: Roster, max_chars: int) -> Verified:
    """Keep the sentences whose citations exist and match who is named; renumber them."""
    by_n = {s.n: s for s in sources}
    candidates = {e.name for e in roster.entries}
    units: list[_Unit] = []
    dropped: list[Dropped] = []
    bullets: dict[int, str] = {}
    breaks: set[int] = set()
    subject: set[str] = set()
    for i, line in enumerate(normalise(text).splitlines()):
        line = line.strip()
        if not line:
            breaks.add(i)
            continue
        bullet = _BULLET.match(line)
        bullets[i] = bullet.group(0) if bullet else ""
        body = line[bullet.end():] if bullet else line
        if label := _label(body, roster, candidates):
            units.append(_Unit(i, body.strip(), (), label=True))
            subject = label
            continue
        for sentence in _sentences(body):
            unit, reason, subject = _check(i, sentence, by_n, roster, candidates, subject)
            if unit is None:
                dropped.append(Dropped(sentence, reason))
            else:
                units.append(unit)
    units = _fit(_drop_bare_labels(units), max_chars)
    return _renumber(units, by_n, bullets, breaks, tuple(dropped))


def normalise(text: str) -> str:
    """Remove hidden reasoning and write every citation as separate [n] markers."""
    text = _THINK.sub("", text)
    text = _GROUP.sub(lambda m: " ".join(f"[{n}]" for n in re.findall(r"\d+", m.group(1))), text)
    text = re.sub(r"\](?=\[)", "] ", text)
    return re.sub(r"([.!?])(\[\d)", r"\1 \2", text)


def _sentences(body: str) -> list[str]:
    """Split a line into sentences, moving a leading "[n]" back to the sentence it closes."""
    out: list[str] = []
    for span in split_sentences(body):
        text = span.text
        lead = _LEAD_MARKERS.match(text)
        if lead and out:
            out[-1] = f"{out[-1]} {lead.group(0).strip()}"
            text = text[lead.end():].strip()
        if text:
            out.append(text)
    return out


def _label(body: str, roster: Roster, candidates: set[str]) -> set[str]:
    """Return the candidates of a label line ("**Jane Doe (Party):**"), or an empty set."""
    if _MARKER.search(body) or len(body) > 120 or re.search(r"[.!?]\W*$", body):
        return set()
    mentions = [m for m in roster.find_people(body) if set(m.names) & candidates]
    if not mentions:
        return set()
    rest = body
    for m in mentions:
        rest = rest.replace(m.written, " ")
    rest = re.sub(r"\([^)]*\)|[*_#:\-–—,&]|\band\b", " ", rest, flags=re.IGNORECASE)
    return {n for m in mentions for n in m.names} if not rest.strip() else set()


def _check(line: int, sentence: str, by_n: dict[int, Source], roster: Roster,
           candidates: set[str], subject: set[str]
           ) -> tuple[_Unit | None, str, set[str]]:
    """Verify one sentence; return its unit (or None), why it was dropped, and the new subject."""
    numbers = [int(n) for n in _MARKER.findall(sentence)]
    valid = tuple(dict.fromkeys(n for n in numbers if n in by_n))
    clean = _MARKER.sub(lambda m: m.group(0) if int(m.group(1)) in by_n else "", sentence)
    clean = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s{2,}", " ", clean)).strip()
    if not numbers:
        return None, "no citation", subject
    if not valid:
        return None, "cites no source given", subject
    speakers = {by_n[n].passage.speaker for n in valid} - {None}
    prose = _MARKER.sub("", clean)
    named = [m for m in roster.find_people(prose) if set(m.names) & candidates]
    for mention in named:
        if not set(mention.names) & speakers:
            return None, f"names {mention.written} but cites no source of theirs", subject
    if not _supported(prose, [by_n[n].passage for n in valid], roster):
        return None, "says things its sources don't", subject
    if named:
        subject = {n for m in named for n in m.names if n in candidates}
    elif subject and _PRONOUN.search(prose) and not subject & speakers:
        return None, "its pronoun refers to someone its sources don't quote", subject
    return _Unit(line, clean, valid), "", subject


def _supported(prose: str, passages: Sequence[Passage], roster: Roster) -> bool:
    """Tell whether enough of a sentence's content words occur in the passages it cites."""
    names = {t for e in roster.entries for t in search_terms(e.speaker.label)}
    terms = set(search_terms(prose)) - _REPORTING - names
    if len(terms) < 3:
        return True
    found = set(search_terms(" ".join(f"{p.section or ''} {p.text}" for p in passages)))
    return len(terms & found) / len(terms) >= MIN_SUPPORT


def _drop_bare_labels(units: list[_Unit]) -> list[_Unit]:
    """Keep a label line only when a sentence follows it before the next label."""
    out: list[_Unit] = []
    for k, unit in enumerate(units):
        nxt = units[k + 1] if k + 1 < len(units) else None
        if unit.label and (nxt is None or nxt.label):
            continue
        out.append(unit)
    return out


def _fit(units: list[_Unit], max_chars: int) -> list[_Unit]:
    """Drop sentences from the end until the text fits in max_chars."""
    out = list(units)
    while out and (sum(len(u.text) + 2 for u in out) > max_chars or out[-1].label):
        out.pop()
    return out


def _renumber(units: list[_Unit], by_n: dict[int, Source], bullets: dict[int, str],
              breaks: set[int], dropped: tuple[Dropped, ...]) -> Verified:
    numbers: dict[int, int] = {}
    for unit in units:
        for n in unit.cited:
            numbers.setdefault(n, len(numbers) + 1)
    if not numbers:
        return Verified("", (), dropped)
    lines: dict[int, list[str]] = {}
    used: dict[int, list[str]] = {}
    for unit in units:
        text = _MARKER.sub(lambda m: f"[{numbers[int(m.group(1))]}]", unit.text)
        text = re.sub(r"(\[\d+\])(?:\s*\1)+", r"\1", text)
        lines.setdefault(unit.line, []).append(text)
        for n in unit.cited:
            used.setdefault(n, []).append(_MARKER.sub("", unit.text))
    out: list[str] = []
    for i in range(max(max(lines), max(breaks, default=0)) + 1):
        if i in lines:
            out.append(bullets.get(i, "") + " ".join(lines[i]))
        elif i in breaks and out and out[-1]:
            out.append("")
    citations = tuple(
        Citation(n=new, passage=by_n[old].passage, score=by_n[old].score,
                 highlights=highlights(by_n[old].passage, used[old]))
        for old, new in sorted(numbers.items(), key=lambda kv: kv[1]))
    return Verified("\n".join(out).strip(), citations, dropped)


def highlights(passage: Passage, written: Sequence[str]) -> tuple[str, ...]:
    """Return the passage's sentences that the written sentences draw on most."""
    chosen: list[str] = []
    for text in written:
        terms = set(search_terms(text))
        best, overlap = None, 0
        for span in passage.sentences:
            shared = len(terms & set(search_terms(span.text)))
            if shared > overlap:
                best, overlap = span.text, shared
        if best and best not in chosen:
            chosen.append(best)
    order = {s.text: k for k, s in enumerate(passage.sentences)}
    return tuple(sorted(chosen, key=lambda t: order.get(t, 0)))


def bot_notes(text: str, speakers: Sequence[str | None], roster: Roster) -> list[str]:
    """Return the uncited paragraphs of an extractive answer about candidates not cited."""
    notes = []
    for paragraph in text.split("\n\n"):
        if _MARKER.search(paragraph):
            continue
        named = {n for m in roster.find_people(paragraph) for n in m.names}
        if named and not named & set(speakers):
            notes.append(paragraph.strip())
    return notes
