"""Find a document's people and what the text says of each: role, party, absence, initials."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.layout import Block, Layout
from ingest.layout.labels import field_of, names_someone, split_party
from ingest.layout.units import Unit, UnitKind
from ingest.lexicon import (
    AUDIENCE_WORDS,
    CANDIDATE_WORDS,
    CHAIR_WORDS,
    LATE,
    OTHER_WORDS,
    SPEECH_FORMS,
    TITLES,
)
from ingest.parties import is_party_phrase, normalise_party
from ingest.text import CAP, split_sentences
from ingest.understand.cast import Evidence, Gathered, Turn, gender_of_title
from ingest.understand.mentions import (
    CHAIR_AFTER,
    abbreviates,
    absence,
    descriptors,
    linked_candidate_word,
    office_before,
    party_after,
    party_before,
    relative_chair,
    root_of,
    sentence_text,
    untagged_names,
    written_names,
)
from ingest.understand.model import Role
from ingest.understand.names import clean_name, key, name_at
from ingest.understand.nlp import Entity, Parsed

_DEFINED = re.compile(rf"^[^.;]{{0,60}}?[(“\"‘']\s*({CAP}{{2,4}})\s*[)”\"’',]")
_LEADING_NAME = re.compile(rf"^(?P<name>{CAP}[\w’'\-]+(?:\s+{CAP}[\w’'\-]+){{1,3}})"
                           r"(?=\s*(?:\(|[–—-]\s|,|\|))")
_TICKET = re.compile(rf"\b(?:on|for|with) the (?P<ticket>{CAP}[\w’']*(?: {CAP}[\w’']*){{0,4}})"
                     r" (?:team |party |joint )?ticket\b")
_PARTY_FIRST = re.compile(rf"^(?P<party>.+?)\s+(?P<name>{CAP}[\w’'\-]+\s+{CAP}[\w’'\-]+)$")
_REPORTER_WORDS = frozenset({"reporter", "editor", "correspondent", "journalist", "writer"})
_BYLINE = frozenset({"by", "posted"})
_BYLINE_WORDS = 12
_CAPITALISED_BEFORE = re.compile(rf"(?:^|\s){CAP}[\w’'\-]*\.?[ \t]+$")
_LOWER = re.compile(r"(?<![\w’'-])[a-z][a-z’'-]+")
_NAMED = rf"{CAP}[\w’'\-]+(?:\s+{CAP}[\w’'\-]+){{1,3}}"
_SELF_INTRO = re.compile(rf"\b(?:I[’']m|I am|my name is|this is)\s+(?P<name>{_NAMED})")
_COLLEAGUES = re.compile(r"\b(?:colleagues?|co-?hosts?|co-?moderators?|co-?presenters?|"
                         r"joined by|alongside)\b", re.I)


def gather(layout: Layout, parses: Sequence[Parsed]) -> Gathered:
    """Return the evidence about every name the document mentions, in order of first mention.

    Two passes: the tagger misses some mentions ("Ada Quill" as an ORG), so the second pass
    also reads every mention of a full name the first one found.
    """
    first = _Names()
    _gather_pass(layout.blocks, parses, first.note, ())
    known = tuple(e.name for e in first.found.values() if len(e.name.split()) > 1)
    final = _Names()
    _gather_pass(layout.blocks, parses, final.note, known)
    _host(layout, final.note)
    lowercase = frozenset(w.replace("’", "'") for w in _LOWER.findall(layout.text))
    return Gathered(list(final.found.values()), _turns(layout), lowercase)


def _host(layout: Layout, note) -> None:
    """Read the host's introduction in a transcript's first turn: who introduces themself
    ("Good evening, I'm Jane Doe") chairs, and so do the colleagues they name with them."""
    blocks = layout.blocks
    first = next((b for b in blocks if b.label and names_someone(b.label)), None)
    if first is None:
        return
    speaker = clean_name(first.label.written) if first.label else None
    turn = [first]
    for block in blocks[first.index + 1:]:
        if block.label or block.heading:
            break
        turn.append(block)
    for block in turn:
        for sentence in split_sentences(block.text):
            m = _SELF_INTRO.search(sentence.text)
            named = clean_name(m.group("name")) if m else None
            if not (named and speaker and key(named).endswith(key(speaker).split()[-1])):
                continue
            if e := note(named):
                e.roles["chair"] += 3
            colleagues = _COLLEAGUES.search(sentence.text, m.end()) if m else None
            if colleagues:
                for other in re.finditer(_NAMED, sentence.text[colleagues.end():]):
                    if e := note(clean_name(other.group())):
                        e.roles["chair"] += 3


def _turns(layout: Layout) -> list[Turn]:
    """Return the document's labelled turns (a turn goes on over unlabelled paragraphs in a
    transcript), for telling who asks the questions."""
    turns: list[Turn] = []
    label, words, last = "", 0, ""
    for block in [*layout.blocks, None]:
        if block is not None and not block.label and layout.transcript and label and not (
                block.heading or block.stage):
            words += len(block.text.split())
            last = block.text
            continue
        if block is not None and block.stage:
            continue
        if label:
            turns.append(Turn(label, words, last.rstrip(" \"'”’)").endswith("?")))
        label = ""
        if block is not None and block.label and names_someone(block.label):
            label = block.label.written
            words, last = len(block.text.split()), block.text
    return turns


class _Names:
    """The evidence gathered so far, one record per name."""

    def __init__(self) -> None:
        self.found: dict[str, Evidence] = {}

    def note(self, name: str | None) -> Evidence | None:
        if not name:
            return None
        k = key(name)
        if k not in self.found:
            self.found[k] = Evidence(name=name, order=len(self.found))
        return self.found[k]


_QUESTION_WORDS = frozenset({"question", "questions", "asked", "put", "raised"})


def _gather_pass(blocks: Sequence[Block], parses: Sequence[Parsed], note,
                 known: tuple[str, ...]) -> None:
    fielded: Evidence | None = None  # the person a questionnaire's "Name:" field named
    for block, parsed in zip(blocks, parses):
        unit = block.unit
        roster_list = block.listed
        label = block.label
        field = field_of(label)
        if field == "name" and label and (e := note(clean_name(label.rest))):
            e.roles["candidate"] += 2
            fielded = e
        elif field == "party" and label and fielded and label.rest.strip(" .") and not (
                fielded.party):
            fielded.party = normalise_party(label.rest.strip(" ."))  # a party, or a post
        if field:
            continue
        # A label makes a person of a name only when it reads as one: "Jane Doe", "JANE DOE
        # (Party)", "JD"; a one-word label ("Doe:") must match someone named elsewhere.
        named = label and label.role is None and (
            label.party or len(label.written.split()) > 1 or label.written.isupper()) and (
            not label.dash or unit.kind is UnitKind.ITEM or label.written.isupper())
        if named and (e := note(clean_name(label.written))):
            e.roles["spoke"] += 1
            if label.party:
                e.party = e.party or label.party
                e.roles["candidate"] += 1
        if label and label.role is Role.CHAIR:  # "Chair: Jane Doe, ..." names the chair
            rest = unit.text[label.end:]
            head = next((x for x in parsed.entities if x.label == "PERSON"
                         and x.start >= label.end), None)
            written = head.text if head and head.start - label.end < 3 and re.match(
                r"\s*(?:[,.;(]|$)", unit.text[head.end:]) else re.split(r"[,.;(]", rest)[0]
            if (e := note(clean_name(written))) and len(e.name.split()) > 1:
                e.roles["chair"] += 2
                _defined(e, rest[len(written):])
        if unit.kind is UnitKind.HEADING or unit.kind is UnitKind.ITEM:
            _roster_line(unit, note, roster_list and unit.kind is UnitKind.ITEM)
        people = [x for x in parsed.entities if x.label == "PERSON"]
        people += _missed_mentions(parsed, people, known)
        people += untagged_names(parsed, people)
        for name, start, end, party in written_names(unit.text):
            if (e := note(clean_name(name))) is None:
                continue
            e.party = e.party or party
            e.roles["candidate"] += 1
            tokens = [t.i for t in parsed.tokens if start <= t.start < end]
            if tokens and not any(p.start <= start < p.end for p in people):
                people.append(Entity(name, start, end, "PERSON", tokens[0], tokens[-1]))
        for ent in people:
            if label and ent.end <= label.end:
                continue
            e = note(clean_name(ent.text))
            if e is None:
                continue
            _read_mention(e, ent, parsed, label.end if label else 0)
            if roster_list and unit.kind is UnitKind.ITEM and ent.start < 3:
                e.roles["candidate"] += 1
        for m in _TICKET.finditer(unit.text):  # "A and B are running on the X ticket"
            lo = max(unit.text.rfind(". ", 0, m.start()), 0)
            for ent in people:
                if lo <= ent.start < m.start() and (e := note(clean_name(ent.text))):
                    e.party = e.party or " ".join(m.group("ticket").split())
                    e.roles["candidate"] += 1
        for group in _enumerations(parsed):
            for ent in group:
                if (e := note(clean_name(ent.text))) and not e.roles["chair"]:
                    e.roles["candidate"] += 1
        for written, post in _named_as_candidates(parsed):
            if e := note(clean_name(written)):
                e.roles["candidate"] += 2
                e.party = e.party or post


def _named_as_candidates(parsed: Parsed) -> list[tuple[str, str | None]]:
    """Return the names a sentence says are the candidates, with the post they stand for:
    "The candidates for VP Welfare are A and B", "A and B are the candidates"."""
    found: list[tuple[str, str | None]] = []
    for be in parsed.tokens:
        if be.lower not in ("are", "were", "is", "was", "will"):
            continue
        args = [c for c in parsed.children(be) if c.dep in ("nsubj", "attr")]
        nouns = [a for a in args if a.lower in CANDIDATE_WORDS]
        names = [a for a in args if a.pos == "PROPN"]
        if not nouns or not names:
            continue
        post = next((" ".join(t.text for t in parsed.subtree(o))
                     for p in parsed.children(nouns[0]) if p.dep == "prep" and p.lower == "for"
                     for o in parsed.children(p) if o.dep == "pobj" and o.text[:1].isupper()), None)
        for head in names:
            conj = [c for c in parsed.subtree(head) if c.dep == "conj" and c.pos == "PROPN"]
            for t in (head, *conj):
                found.append((name_at(parsed, t), post))
    return found


def _missed_mentions(parsed: Parsed, people: list[Entity], known: tuple[str, ...]
                     ) -> list[Entity]:
    """Return mentions of known full names that the tagger did not label PERSON: the name,
    "Ms Surname", or the surname alone where no other capitalised word runs into it."""
    out = []
    titles = "|".join(sorted(TITLES, key=len, reverse=True))
    for name in known:
        surname = re.escape(name.split()[-1])
        written = (rf"{re.escape(name)}|(?i:{titles})\.?\s+{surname}"
                   rf"|(?P<alone>{surname})(?!\s+{CAP})")
        for m in re.finditer(rf"(?<![\w-])(?:{written})(?![\w-])", parsed.text):
            if any(p.start <= m.start() < p.end for p in people):
                continue
            if m.group("alone") and _CAPITALISED_BEFORE.search(parsed.text, 0, m.start()):
                continue  # "Jane Baker" or "Baker Street": another name's part
            inside = [t.i for t in parsed.tokens if m.start() <= t.start < m.end()]
            if inside:
                out.append(Entity(m.group(), m.start(), m.end(), "PERSON", inside[0],
                                  inside[-1]))
    return out


def _enumerations(parsed: Parsed) -> list[list[Entity]]:
    """Return the sentences that list three or more people as candidates ("They were A, ...;
    B, who is standing for mayor; and first-time candidate C")."""
    groups = []
    text = parsed.text
    bounds = [0, *(m.end() for m in re.finditer(r"[.!?](?:\s|$)", text)), len(text)]
    for lo, hi in zip(bounds, bounds[1:]):
        people = [e for e in parsed.entities if e.label == "PERSON" and lo <= e.start < hi]
        if len(people) < 3:
            continue
        words = {t.lower for t in parsed.tokens if lo <= t.start < hi}
        before = {t.lower for t in parsed.tokens if max(0, lo - 200) <= t.start < lo}
        if words & CANDIDATE_WORDS or before & {"candidates", "standing"}:
            groups.append(people)
    return groups


def _roster_line(unit: Unit, note, listed: bool) -> None:
    """Read "Name (Party)", "Name – Party – ...", "Name, Party" and "| Name | Party |" lines."""
    text = unit.text.strip("*_ ")
    if text.startswith("|"):
        cells = [c.strip() for c in text.strip("|").split("|")]
        if len(cells) >= 2 and is_party_phrase(cells[1]) and (e := note(clean_name(cells[0]))):
            e.party = e.party or normalise_party(cells[1])
            e.roles["candidate"] += 1
        return
    name, party = split_party(text)
    if party and (e := note(clean_name(name))):
        e.party = e.party or party
        e.roles["candidate"] += 1
        return
    m = re.match(r"^(?P<head>[^–—]+?\([^()]{2,60}\))\s+[–—-]\s+(?P<what>[^,;.]{3,60})", text)
    if m and listed:  # "Jane Doe (Party) – supply teacher, Somewhere"
        name, party = split_party(m.group("head"))
        if party and (e := note(clean_name(name))):
            e.party = e.party or party
            e.roles["candidate"] += 1
            e.descriptors.append(m.group("what").strip())
            return
    m = _PARTY_FIRST.match(text)  # "Reform UK Jane Doe" in a list of candidates
    if listed and m and is_party_phrase(m.group("party")) and (e := note(clean_name(m.group(
            "name")))):
        e.party = e.party or normalise_party(m.group("party"))
        e.roles["candidate"] += 1
        return
    m = _LEADING_NAME.match(text)
    if m and (e := note(clean_name(m.group("name")))):
        after = party_after(text[m.end():])
        if after:
            e.party = e.party or after
            e.roles["candidate"] += 1
        elif listed:
            e.roles["candidate"] += 1
        _defined(e, text[m.end():])


def _read_mention(e: Evidence, ent: Entity, parsed: Parsed, body: int) -> None:
    """Add what one mention of a name says about its person (body: where a label ends)."""
    text = parsed.text
    tokens = parsed.tokens
    before = [t for t in tokens[max(0, ent.first - 4):ent.first] if t.start >= body]
    sentence = sentence_text(parsed, ent)
    root = root_of(parsed, ent)
    e.gender = e.gender or gender_of_title(ent.text) or (
        gender_of_title(tokens[ent.first - 1].text) if ent.first else None)
    if any(t.lower in CHAIR_WORDS for t in before[-3:]) or relative_chair(parsed, ent) or (
            CHAIR_AFTER.match(text[ent.end:])):
        e.roles["chair"] += 2
    if before and before[-1].lower in AUDIENCE_WORDS and before[-1].lower not in {"one", "text"}:
        e.roles["audience"] += 1
    elif before and before[-1].lower in ("from", "by") and any(
            t.lower in _QUESTION_WORDS for t in before[:-1]):
        e.roles["audience"] += 1  # "the next question comes from Jane Doe", "asked by ..."
    byline = len(text.split()) <= _BYLINE_WORDS  # "By Jane Doe", "Posted by Jane Doe"
    if any(t.lower in _REPORTER_WORDS or (byline and t.lower in _BYLINE) for t in before[-3:]) \
            or re.match(rf"^\s*,\s*(?:{CAP}[\w ]{{0,30}})?(?:Reporter|Editor|Correspondent)",
                        text[ent.end:]):
        e.roles["reporter"] += 1
    if office := office_before(parsed, ent):
        e.offices.add(office)
    if any(w in OTHER_WORDS for d in descriptors(parsed, ent, root) for w in d.lower().split()):
        e.roles["other"] += 1  # "Jane Doe, a council spokeswoman": not standing
    party = party_before(parsed, ent) or party_after(text[ent.end:ent.end + 60])
    if party:
        e.party = e.party or party
        e.roles["candidate"] += 1
    elif linked_candidate_word(parsed, ent):
        e.roles["candidate"] += 1
    _defined(e, text[ent.end:])
    e.descriptors.extend(descriptors(parsed, ent, root))
    head = tokens[root.head]
    if root.dep in ("nsubj", "nsubjpass") and head.lower in SPEECH_FORMS:
        e.roles["spoke"] += 1
    if LATE.search(sentence):
        e.roles["late"] += 1
    reason = absence(text, ent)
    if reason and not e.absent:
        e.absent = reason


def _defined(e: Evidence, after: str) -> None:
    """Note the short form the text defines for a name ("Jane Doe (“JD”)"), if it is made of
    the name's own initials: "(GM)" after a name is another thing's abbreviation."""
    m = _DEFINED.match(after)
    if m and abbreviates(m.group(1), e.name):
        e.defined.add(m.group(1))


