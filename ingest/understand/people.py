"""Find a document's people and what the text says of each: role, party, absence, initials."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.layout import Block, Layout
from ingest.layout.labels import field_of
from ingest.layout.units import UnitKind
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
from ingest.text import CAP
from ingest.understand.evidence import Evidence, Gathered, defined
from ingest.understand.mentions import (
    CHAIR_AFTER,
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
from ingest.understand.names import clean_name, gender_of_title, key, whole_name
from ingest.understand.nlp import Entity, Parsed
from ingest.understand.rosters import enumerations, named_as_candidates, roster_line
from ingest.understand.turns import host_introduction, turns_of

_TICKET = re.compile(rf"\b(?:on|for|with) the (?P<ticket>{CAP}[\w’']*(?: {CAP}[\w’']*){{0,4}})"
                     r" (?:team |party |joint )?ticket\b")
_REPORTER_WORDS = frozenset({"reporter", "editor", "correspondent", "journalist", "writer"})
_BYLINE = frozenset({"by", "posted"})
_BYLINE_WORDS = 12
_ASKING = frozenset({"asked", "asks", "ask", "questioned", "challenged", "pressed", "urged"})
_CAPITALISED_BEFORE = re.compile(rf"(?:^|\s){CAP}[\w’'\-]*\.?[ \t]+$")
_LOWER = re.compile(r"(?<![\w’'-])[a-z][a-z’'-]+")


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
    host_introduction(layout, final.note)
    lowercase = frozenset(w.replace("’", "'") for w in _LOWER.findall(layout.text))
    return Gathered(list(final.found.values()), turns_of(layout), lowercase)






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
    pattern = _known_pattern(known)
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
        # "CHAIR (JANE DOE):": the brackets hold the role's holder, not a party
        held = label.party if label and label.role and label.party and not is_party_phrase(
            label.party) else None
        if held and (e := note(clean_name(held))) and len(e.name.split()) > 1:
            e.roles[label.role.value] += 3
            e.roles["spoke"] += 1
        if label and label.role is Role.CHAIR:  # "Chair: Jane Doe, ..." names the chair
            rest = unit.text[label.end:]
            head = next((x for x in parsed.entities if x.label == "PERSON"
                         and x.start >= label.end), None)
            written = head.text if head and head.start - label.end < 3 and re.match(
                r"\s*(?:[,.;(]|$)", unit.text[head.end:]) else re.split(r"[,.;(]", rest)[0]
            if (e := note(clean_name(written))) and len(e.name.split()) > 1:
                e.roles["chair"] += 2
                defined(e, rest[len(written):])
        if unit.kind is UnitKind.HEADING or unit.kind is UnitKind.ITEM:
            roster_line(unit, note, roster_list and unit.kind is UnitKind.ITEM)
        people = [whole_name(parsed, x) for x in parsed.entities if x.label == "PERSON"]
        people += _missed_mentions(parsed, people, pattern)
        people += [whole_name(parsed, x) for x in untagged_names(parsed, people)]
        for name, start, end, party in written_names(unit.text):
            if (e := note(clean_name(name, tied=True))) is None:
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
        for group in enumerations(parsed):
            for ent in group:
                if (e := note(clean_name(ent.text))) and not e.roles["chair"]:
                    e.roles["candidate"] += 1
        for written, post in named_as_candidates(parsed):
            if e := note(clean_name(written)):
                e.roles["candidate"] += 2
                if post and is_party_phrase(post):
                    e.party = e.party or post
                else:
                    e.post = e.post or post  # a party written anywhere comes first




def _known_pattern(known: tuple[str, ...]) -> re.Pattern[str] | None:
    """Return one pattern for every written form of the known full names: the name, "Ms
    Surname", or the surname alone (group "alone") where no capitalised word follows it."""
    if not known:
        return None
    titles = "|".join(sorted(TITLES, key=len, reverse=True))
    names = "|".join(map(re.escape, sorted(known, key=len, reverse=True)))
    surnames = "|".join(map(re.escape, sorted({n.split()[-1] for n in known}, key=len,
                                              reverse=True)))
    written = rf"{names}|(?i:{titles})\.?\s+(?:{surnames})|(?P<alone>{surnames})(?!\s+{CAP})"
    return re.compile(rf"(?<![\w-])(?:{written})(?![\w-])")


def _missed_mentions(parsed: Parsed, people: list[Entity], known: re.Pattern[str] | None
                     ) -> list[Entity]:
    """Return mentions of known full names that the tagger did not label PERSON: the name,
    "Ms Surname", or the surname alone where no other capitalised word runs into it."""
    out: list[Entity] = []
    if known is None:
        return out
    for m in known.finditer(parsed.text):
        if any(p.start <= m.start() < p.end for p in people):
            continue
        if m.group("alone") and _CAPITALISED_BEFORE.search(parsed.text, 0, m.start()):
            continue  # "Jane Fisher" or "Fisher Street": another name's part
        inside = [t.i for t in parsed.tokens if m.start() <= t.start < m.end()]
        if inside:
            out.append(Entity(m.group(), m.start(), m.end(), "PERSON", inside[0], inside[-1]))
    return out






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
    defined(e, text[ent.end:])
    e.descriptors.extend(descriptors(parsed, ent, root))
    head = tokens[root.head]
    if root.dep == "appos" and head.dep in ("nsubj", "nsubjpass"):
        root, head = head, tokens[head.head]  # "The Liberal Democrat, Jane Doe, said"
    if root.dep in ("nsubj", "nsubjpass") and head.lower in SPEECH_FORMS:
        e.roles["spoke"] += 1
        if head.lower in _ASKING and any(c.dep in ("dobj", "dative") and c.lower in CANDIDATE_WORDS
                                         for c in parsed.children(head)):
            e.roles["audience"] += 1  # "Jane Doe asked the candidates": not one of them
    if LATE.search(sentence):
        e.roles["late"] += 1
    reason = absence(text, ent)
    if reason and not e.absent:
        e.absent = reason




