"""Parse one round-up into its event (title, roster) and speaker-attributed passages."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.affiliations import (
    absentee_names,
    parenthetical_parties,
    parse_roster_line,
    represented_parties,
)
from ingest.chunking import pack_sentences, split_long_sentence
from ingest.model import Event, ParsedDocument, Passage, PassageKind, Span, Speaker
from ingest.outline import DATE, outline
from ingest.parties import PARTY_WORDS, is_party_phrase, normalise_party
from ingest.people import (
    find_attribution,
    is_full_name,
    moderator_names,
    name_mentions,
    resolve_name,
    speech_after,
)
from ingest.structure import Block, BlockKind, structure
from ingest.text import STOPWORDS, SentenceSpan, split_sentences

# Words that name any event, so they cannot tell one from another ("the Leeds hustings").
_GENERIC = frozenset("""hustings husting candidates candidate debate event events summary
transcript roundup round-up meeting question questions answers report""".split())
_PARTY_CANDIDATE = re.compile(r"\s*(?:[^,.;:]{0,80},\s*)?[Tt]he ((?:[A-Z][\w\-]+ ){0,3}"
                              r"[A-Z][\w\-]+) (?:candidate|hopeful|contender|representative)\b"
                              r"(?! [A-Z])")
_CONTINUATION = re.compile(r"^(?:he|she|they|his|her|their|furthermore|moreover|additionally|"
                           r"in addition|also|however|but)\b", re.IGNORECASE)


@dataclass
class _Run:
    speaker: str | None
    sentences: list[SentenceSpan] = field(default_factory=list)


@dataclass
class _Unit:
    """A run of sentences of one speaker in one section, before chunking."""

    section: str | None
    speaker: str | None
    kind: PassageKind
    sentences: list[SentenceSpan]


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


def parse_document(text: str, source: str) -> ParsedDocument:
    """Parse a normalised document text into its event and passages."""
    blocks = outline(structure(text))
    title = next((b.text for b in blocks if b.kind is BlockKind.HEADING), source)
    people, parties = _collect_people(blocks, text)
    moderators = _collect_moderators(blocks, text)
    units, spoke = _segment(blocks, text, people, moderators, parties)
    roster_units = {id(u) for u in units if u.kind is PassageKind.ROSTER}
    absent = {name for b in blocks if b.kind is not BlockKind.HEADING
              for s in split_sentences(b.text) for name in absentee_names(s.text)}
    candidates = _roster(people, parties, spoke, moderators, absent)
    event_id = hashlib.sha1(source.encode("utf-8")).hexdigest()[:12]
    passages = _passages(units, source, event_id, event_title(title), parties)
    roster_pid = next((p.id for p, u in zip(passages, _unit_index(units, passages))
                       if id(u) in roster_units), None)
    intro_pid = _intro_passage(passages, candidates)
    event = Event(id=event_id, title=event_title(title), source=source,
                  date=_event_date(blocks), candidates=candidates, moderators=tuple(moderators),
                  sections=tuple(dict.fromkeys(p.section for p in passages if p.section)),
                  keywords=_keywords(event_title(title), source, passages, candidates),
                  roster_passage=roster_pid, intro_passage=intro_pid)
    return ParsedDocument(event=event, passages=tuple(passages))


def _collect_people(blocks: list[Block], text: str) -> tuple[list[str], dict[str, str]]:
    """Find full names that are candidates or speakers, with the party given for each."""
    people: list[str] = []
    parties: dict[str, str] = {}
    listed: dict[str, str] = {}

    def add(name: str) -> None:
        if name not in people:
            people.append(name)

    for block in blocks:
        if block.kind is BlockKind.HEADING:
            continue
        for name, party in parenthetical_parties(block.text):
            add(name)
            parties.setdefault(name, party)
        for sentence in split_sentences(block.text):
            who = find_attribution(sentence.text, set())
            if who and not who.pronoun and is_full_name(who.name):
                add(who.name)
    for block in blocks[1:]:  # a section per candidate: "## Carla Denyer (Green)"
        if block.kind is BlockKind.HEADING and (named := _heading_person(block.text, people)):
            add(named[0])
            if named[1]:
                listed[named[0]] = named[1]
    for block in blocks:  # lists last, so "Party Name" lines can lean on names seen elsewhere
        for item in block.items:
            parsed = parse_roster_line(item.text, set(people))
            if parsed:
                name, party = parsed
                add(name)
                if party:
                    listed[name] = party
    parties.update(listed)  # a list of candidates is the most formal statement of party
    return people, parties


def _collect_moderators(blocks: list[Block], text: str) -> list[str]:
    names: list[str] = []
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            continue
        for sentence in split_sentences(block.text):
            for name in moderator_names(sentence.text):
                if name not in names:
                    names.append(name)
    return names


def _segment(blocks: list[Block], text: str, people: list[str], moderators: list[str],
             parties: dict[str, str]) -> tuple[list[_Unit], set[str]]:
    """Split paragraphs into runs of one speaker each; return the runs and who spoke."""
    units: list[_Unit] = []
    spoke: set[str] = set()
    known = set(people) | {t for p in people for t in (p.split()[0], p.split()[-1])}
    recent: list[str] = []
    section: str | None = None
    seen_title = False
    last_speaker: str | None = None
    owner: str | None = None  # the candidate a section is about, when its heading names one
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            if not seen_title and block.level <= 1:
                seen_title = True
            else:
                section = block.text.strip()
                named = _heading_person(section, people)
                owner = named[0] if named else None
            last_speaker = None
            continue
        if block.kind is BlockKind.LIST:
            sentences = _list_intro(block, text)
            sentences += [SentenceSpan(i.text, i.start, i.end) for i in block.items]
            if not sentences:
                sentences = split_sentences(block.text, block.start)
            is_roster = any(parse_roster_line(i.text, set(people)) for i in block.items)
            kind = PassageKind.ROSTER if is_roster else (
                PassageKind.SPEECH if owner else PassageKind.NARRATION)
            if kind is PassageKind.SPEECH:
                spoke.add(str(owner))
            units.append(_Unit(section, owner if kind is PassageKind.SPEECH else None, kind,
                               sentences))
            last_speaker = None
            continue
        runs: list[_Run] = []
        current = last_speaker if _CONTINUATION.match(block.text) else owner
        for sentence in split_sentences(block.text, block.start):
            for piece in split_long_sentence(sentence):
                current = _speaker_of(piece.text, current, known, people, recent, moderators,
                                      parties)
                if current:
                    recent.append(current)
                if not runs or runs[-1].speaker != current:
                    runs.append(_Run(current))
                runs[-1].sentences.append(piece)
        for run in runs:
            if run.speaker:
                spoke.add(run.speaker)
            kind = PassageKind.SPEECH if run.speaker else PassageKind.NARRATION
            units.append(_Unit(section, run.speaker, kind, run.sentences))
        last_speaker = runs[-1].speaker if runs else None
    return units, spoke


def _heading_person(heading: str, people: list[str]) -> tuple[str, str | None] | None:
    """Return the candidate (and party) a heading names on its own: "Carla Denyer (Green)"."""
    parsed = parse_roster_line(heading, set(people))
    if parsed:
        return parsed
    name = " ".join(heading.split())
    return (name, None) if name in people else None


def _list_intro(block: Block, text: str) -> list[SentenceSpan]:
    """Return the line that introduces a list ("All the candidates are:"), if any."""
    if not block.items:
        return []
    head = text[block.start:block.items[0].start]
    head = re.sub(r"\s*(?:[-*•+–]|\d{1,3}[.)])\s*$", "", head.rstrip()).rstrip()
    if not head.strip():
        return []
    lead = len(head) - len(head.lstrip())
    return [SentenceSpan(head.strip(), block.start + lead, block.start + len(head))]


def _speaker_of(sentence: str, current: str | None, known: set[str], people: list[str],
                recent: list[str], moderators: list[str], parties: dict[str, str]) -> str | None:
    if len(represented_parties(sentence)) >= 2:  # "A represented Labour, B the Greens": a roster
        return None
    m = _PARTY_CANDIDATE.match(sentence)  # "The Conservative candidate argued ...": the one
    if m and is_party_phrase(m.group(1)) and speech_after(sentence, m.end(), lenient=True):
        holders = [n for n, party in parties.items() if party == normalise_party(m.group(1))]
        if len(holders) == 1:
            return holders[0]
    who = find_attribution(sentence, known)
    if who is None:
        return current
    if who.pronoun:
        return current
    name = resolve_name(who.name, people + moderators, recent)
    if name is None:
        return current
    return None if name in moderators else name


def _roster(people: list[str], parties: dict[str, str], spoke: set[str], moderators: list[str],
            absent: set[str]) -> tuple[Speaker, ...]:
    candidates = []
    for name in people:
        if name in moderators or (name not in parties and name not in spoke):
            continue
        note = "listed but did not take part" if name not in spoke else None
        if name in absent and name not in spoke:
            note = "invited but could not take part"
        candidates.append(Speaker(name=name, party=parties.get(name), spoke=name in spoke,
                                  note=note))
    return tuple(sorted(candidates, key=lambda c: (c.name.split()[-1], c.name)))


def _passages(units: list[_Unit], source: str, event_id: str, event: str,
              parties: dict[str, str]) -> list[Passage]:
    passages: list[Passage] = []
    seen: Counter[str] = Counter()
    for unit in units:
        for chunk in pack_sentences(unit.sentences):
            start, end = chunk[0].start, chunk[-1].end
            body = "\n".join(s.text for s in chunk) if unit.kind is PassageKind.ROSTER else None
            key = f"{source}\x00{unit.section}\x00{unit.speaker}\x00{body or _text(chunk)}"
            seen[key] += 1
            pid = hashlib.sha1(f"{key}\x00{seen[key]}".encode()).hexdigest()[:20]
            passages.append(Passage(
                id=pid, text=body or _text(chunk), source=source, event_id=event_id, event=event,
                section=unit.section, speaker=unit.speaker,
                party=parties.get(unit.speaker) if unit.speaker else None, kind=unit.kind,
                start=start, end=end, ordinal=len(passages),
                sentences=tuple(Span(s.text, s.start, s.end) for s in chunk)))
    return passages


def _text(chunk: list[SentenceSpan]) -> str:
    return " ".join(s.text for s in chunk)


def _unit_index(units: list[_Unit], passages: list[Passage]) -> list[_Unit]:
    """Map each passage back to the unit it came from (passages keep unit order)."""
    out: list[_Unit] = []
    for unit in units:
        out.extend([unit] * len(pack_sentences(unit.sentences)))
    return out[: len(passages)]


def _intro_passage(passages: list[Passage], candidates: tuple[Speaker, ...]) -> str | None:
    names = {c.name for c in candidates}
    for passage in passages:
        if passage.kind is PassageKind.NARRATION and passage.section is None and any(
                m.name in names for m in name_mentions(passage.text)):
            return passage.id
    return None


def _keywords(title: str, source: str, passages: list[Passage],
              candidates: tuple[Speaker, ...]) -> tuple[str, ...]:
    """Return the capitalised words of the title, file name and introduction (not people)."""
    people = {w.lower() for c in candidates for w in c.name.split()}
    stem = re.sub(r"\.[^.]+$", "", source.rsplit("/", 1)[-1])
    intro = " ".join(p.text for p in passages if p.section is None)[:1500]
    found = re.findall(r"\b[A-Z][\w'’\-]+", f"{title} {intro}")
    found += [w.capitalize() for w in re.split(r"[\W_]+", stem) if len(w) > 2 and w.isalpha()]
    return tuple(dict.fromkeys(w for w in found if w.lower() not in people
                               and w.lower() not in STOPWORDS and w.lower() not in _GENERIC
                               and w.lower() not in PARTY_WORDS))


def _event_date(blocks: list[Block]) -> str | None:
    for block in blocks:
        if block.kind is BlockKind.HEADING and block.level >= 2:
            break  # only the title and the introduction date the event itself
        if m := DATE.search(block.text):
            return m.group(1)
    return None
