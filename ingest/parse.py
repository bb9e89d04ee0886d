"""Turn a document's Reading into its event (title, roster) and speaker-attributed passages."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.index.chunking import pack_sentences
from ingest.lexicon import CANDIDATE_WORDS
from ingest.loaders import DocumentMeta, LoadedText, page_at
from ingest.model import NOT_RECORDED, Event, ParsedDocument, Passage, PassageKind, Span, Speaker
from ingest.parties import PARTY_WORDS
from ingest.text import STOPWORDS
from ingest.understand import Person, Reading, Role, Sentence, Status, read_loaded

# Words that name any event, so they cannot tell one from another ("the Leeds hustings").
_GENERIC = frozenset("""hustings husting candidates candidate debate event events summary
transcript roundup round-up meeting question questions answers report""".split())
# A sentence of narration that puts a question: "The first question asked what each ...".
_ASKING = re.compile(r"\b(?:asked|asking|asks|question(?:ed|s)?|wanted to know|put it to)\b",
                     re.IGNORECASE)
MAX_ASKED = 300


@dataclass(frozen=True)
class _Run:
    """Consecutive sentences of one voice in one section, before chunking."""

    section: str | None
    speaker: str | None
    role: Role | None
    kind: PassageKind
    sentences: tuple[Sentence, ...]


def parse_document(text: str, source: str, meta: DocumentMeta | None = None) -> ParsedDocument:
    """Read a normalised document text and return its event and passages."""
    reading = read_loaded(LoadedText(source, text, "text", meta or DocumentMeta()))
    return document_of(reading)


def parse_loaded(loaded: LoadedText) -> ParsedDocument:
    """Read a loaded file; its passages carry the page they start on and the file's address."""
    return document_of(read_loaded(loaded))


def document_of(reading: Reading) -> ParsedDocument:
    """Return the event and passages of a Reading (its pages and address on every passage)."""
    event_id = hashlib.sha1(reading.source.encode("utf-8")).hexdigest()[:12]
    title = event_title(reading.title)
    candidates = _roster(reading)
    passages = _passages(_runs(reading.sentences), reading, event_id, title)
    rosters = [p for p in passages if p.kind is PassageKind.ROSTER]
    # The fullest list is the roster: a sentence naming two of them is not the list of six.
    roster = max(rosters, key=lambda p: sum(c.name in p.text for c in candidates), default=None)
    roster_pid = roster.id if roster else None
    event = Event(id=event_id, title=title, source=reading.source, date=reading.date,
                  candidates=candidates, moderators=reading.chairs,
                  sections=tuple(dict.fromkeys(p.section for p in passages if p.section)),
                  keywords=_keywords(title, reading, passages, candidates),
                  roster_passage=roster_pid, intro_passage=_intro_passage(passages, candidates))
    return ParsedDocument(event=event, passages=tuple(passages), reading=reading)


def event_title(heading: str) -> str:
    """Keep the naming half of "Label: Name" titles: "Event round-up: X" -> "X"."""
    head, sep, tail = heading.partition(": ")
    if not sep:
        return heading.strip()

    def naming(part: str) -> int:
        return sum(1 for w in part.split() if w[:1].isupper())

    if naming(tail) > naming(head) and len(tail.split()) >= 2:
        return tail.strip()
    if naming(head) > naming(tail) and len(head.split()) >= 2:
        return head.strip()
    return heading.strip()


def _roster(reading: Reading) -> tuple[Speaker, ...]:
    """Return the candidates, each marked as having statements in the document or not."""
    spoke = {s.speaker for s in reading.sentences if s.role is Role.CANDIDATE and s.speaker}
    out = []
    for person in reading.candidates:
        absent = person.status is Status.ABSENT
        note = (person.reason or "did not take part") if absent else (
            None if person.name in spoke else NOT_RECORDED)
        out.append(Speaker(name=person.name, party=person.party,
                           spoke=person.name in spoke and not absent, note=note,
                           descriptors=_descriptors(person)))
    return tuple(sorted(out, key=lambda c: (c.name.split()[-1], c.name)))


def _descriptors(person: Person) -> tuple[str, ...]:
    """Keep the descriptors that can pick a person out: not "candidate" or a party's name."""
    out = []
    for d in person.descriptors:
        kept = [w for w in d.split() if w.lower() not in STOPWORDS]
        if kept and not all(w.lower() in CANDIDATE_WORDS | PARTY_WORDS for w in kept):
            out.append(" ".join(d.replace(" 's", "'s").split()))
    return tuple(dict.fromkeys(out))


def _runs(sentences: Sequence[Sentence]) -> list[_Run]:
    """Group consecutive sentences of one voice and section; headings only name sections."""
    runs: list[_Run] = []
    for s in sentences:
        if s.heading:
            continue
        speaker = s.speaker if s.role is Role.CANDIDATE else None
        kind = (PassageKind.ROSTER if s.roster else PassageKind.SPEECH if speaker
                else PassageKind.NARRATION)
        role = None if s.roster else s.role
        span = s
        last = runs[-1] if runs else None
        if last and (last.section, last.speaker, last.role, last.kind) == (
                s.section, speaker, role, kind):
            runs[-1] = _Run(last.section, speaker, role, kind, (*last.sentences, span))
        else:
            runs.append(_Run(s.section, speaker, role, kind, (span,)))
    return runs


def _passages(runs: list[_Run], reading: Reading, event_id: str, event: str) -> list[Passage]:
    pages, url = reading.pages, reading.url
    parties = {p.name: p.party for p in reading.candidates}
    passages: list[Passage] = []
    seen: Counter[str] = Counter()
    asked: str | None = None  # the question the candidates of this section are answering
    section: str | None = None
    for run in runs:
        if run.section != section:
            asked, section = None, run.section
        if run.kind is PassageKind.NARRATION:
            asked = _question_in(run) or asked
        for chunk in pack_sentences(list(run.sentences)):
            start, end = chunk[0].start, chunk[-1].end
            joiner = "\n" if run.kind is PassageKind.ROSTER else " "
            text = joiner.join(" ".join(s.text.split()) for s in chunk)
            party = parties.get(run.speaker) if run.speaker else None
            # Everything a passage holds is in its id, so a passage whose party or role changes
            # is a new passage: snapshots keyed by ids (bot/snapshot.py) can never serve it stale.
            question = asked if run.kind is PassageKind.SPEECH else None
            key = (f"{reading.source}\x00{run.section}\x00{run.speaker}\x00{party}\x00"
                   f"{run.role}\x00{run.kind.value}\x00{question}\x00{text}")
            page = page_at(pages, start)
            if page is not None or url is not None:  # kept out of the key otherwise: ids stay
                key += f"\x00{page}\x00{url}"
            seen[key] += 1
            pid = hashlib.sha1(f"{key}\x00{seen[key]}".encode()).hexdigest()[:20]
            passages.append(Passage(
                id=pid, text=text, source=reading.source, event_id=event_id, event=event,
                section=run.section, speaker=run.speaker, party=party, kind=run.kind,
                start=start, end=end, ordinal=len(passages),
                role=run.role.value if run.role else None, asked=question,
                page=page, url=url,
                sentences=tuple(Span(" ".join(s.text.split()), s.start, s.end, s.cue, s.confidence)
                                for s in chunk)))
    return passages


def _question_in(run: _Run) -> str | None:
    """Return the last sentence of a run that puts a question to the candidates, if any."""
    for span in reversed(run.sentences):
        text = " ".join(span.text.split())
        if text.endswith("?") or _ASKING.search(text):
            return text[:MAX_ASKED]
    return None


def _intro_passage(passages: list[Passage], candidates: tuple[Speaker, ...]) -> str | None:
    """Return the first passage outside any section that names a candidate (not speech)."""
    for passage in passages:
        if passage.kind is not PassageKind.SPEECH and passage.section is None and any(
                c.name in passage.text for c in candidates):
            return passage.id
    return None


def _keywords(title: str, reading: Reading, passages: list[Passage],
              candidates: tuple[Speaker, ...]) -> tuple[str, ...]:
    """Return the capitalised words of the title, place, organiser, file name and introduction."""
    people = {w.lower() for c in candidates for w in c.name.split()}
    stem = re.sub(r"\.[^.]+$", "", reading.source.rsplit("/", 1)[-1])
    intro = " ".join(p.text for p in passages if p.section is None)[:1500]
    found = re.findall(r"\b[A-Z][\w'’\-]+",
                       f"{title} {reading.place or ''} {reading.organiser or ''} {intro}")
    found += [w.capitalize() for w in re.split(r"[\W_]+", stem) if len(w) > 2 and w.isalpha()]
    return tuple(dict.fromkeys(w for w in found if w.lower() not in people
                               and w.lower() not in STOPWORDS and w.lower() not in _GENERIC
                               and w.lower() not in PARTY_WORDS))
