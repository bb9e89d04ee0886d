"""Attribute every sentence to a person, a role, or the writer, from the evidence of the text.

The rules, in order: a unit's turn label; the subject of a verb of saying in the sentence
("according to X" too); the speaker of the quotation a sentence lies in (the tag before, after or
inside it, or the previous paragraph's for a quote that runs on); the candidate a section's
heading names (survey answers); readers' comments; else the writer (the reporter).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ingest.parties import is_party_phrase
from ingest.understand.cast import Cast
from ingest.understand.clauses import main_clause, subject_of
from ingest.understand.labels import find_label, role_word, split_party
from ingest.understand.lexicon import (
    ABSENCE,
    AUDIENCE_WORDS,
    CANDIDATE_WORDS,
    CHAIR_WORDS,
    COMMENTS_HEADING,
    OTHER_WORDS,
    PRONOUNS,
    SPEECH_FORMS,
    SUMMARY,
)
from ingest.understand.model import Person, Role, Sentence
from ingest.understand.names import key
from ingest.understand.nlp import Parsed, Token
from ingest.understand.quotes import OPENING, ends_open, inside, quoted_ranges, share
from ingest.understand.units import Piece, Unit, UnitKind, is_roster_intro, sentences_of

_READ_OUT = re.compile(r"\b(?:statement|message|letter|email|note)\b[^.:;]{0,40}?\b(?:from|by|on "
                       r"behalf of)\s+(?P<who>(?:[A-Z][\w’'\-]+\s?){1,3})")
# "X did not respond", "X declined": a verb of saying that says someone did not take part
_NOT_TAKING_PART = frozenset("""respond responded responds reply replied replies answer answered
decline declined declines refuse refused""".split())
_AUTHOR_LINE = re.compile(r"\d{1,2}:\d\d|\b20\d\d\b|·|@")
_SIGNATURE = re.compile(r"^[—–-]\s*(?P<who>[^(@\n]{2,60}?)\s*\(@\w+\)")
_QUOTE_SHARE = 0.5  # a sentence at least this much inside quotation marks is quoted speech


@dataclass(frozen=True)
class Voice:
    """Who says a sentence: a person of the cast, or a role with no one named."""

    role: Role
    person: Person | None = None


REPORTER = Voice(Role.REPORTER)


class Attributor:
    """Walk a document's units in order, keeping who spoke last and which quote is open."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.recent = cast.recent  # people attributed or spoken of, most recent last
        self.section: str | None = None
        self.owner: Person | None = None
        self.comments = 0  # the level of the comments heading, while in readers' comments
        self.summary = False  # in the writer's summary of the event ("Key points")
        self.roster_list = False  # in a list of the candidates ("Taking part were:")
        self.titled = False  # the document's title has been read
        self.last_kind: UnitKind | None = None
        self.said = False  # some sentence has been attributed to someone
        self.unnamed: tuple[Voice, int] | None = None  # an unnamed speaker, and when
        self.open_quote: Voice | None = None  # a quote still open at the end of a paragraph
        self.last_voice: Voice | None = None

    def attribute(self, units: Sequence[Unit], parses: Sequence[Parsed]) -> list[Sentence]:
        """Return every sentence of the units with its speaker and role."""
        out: list[Sentence] = []
        previous: list[tuple[Piece, Voice]] = []
        for unit, parsed in zip(units, parses):
            if unit.kind is UnitKind.HEADING and not self._turn(unit):
                out.extend(self._heading(unit))
                continue
            if (m := _SIGNATURE.match(unit.text)) and previous:
                # "— Name (@handle) date" signs the embedded post just before it
                voice = self._author(m.group("who"), parsed)
                for n in range(len(out) - len(previous), len(out)):
                    name = voice.person.name if voice.person else None
                    out[n] = replace(out[n], speaker=name, role=voice.role)
                out.append(Sentence(unit.text, unit.start, unit.end, None, Role.REPORTER,
                                    self.section))
                previous = []
                continue
            if unit.kind is not UnitKind.ITEM:
                self.roster_list = is_roster_intro(unit)
            elif unit.first_of_list and self.last_kind is UnitKind.ITEM:
                self.roster_list = False  # a second list after the roster: notes, not names
            self.last_kind = unit.kind
            self.cast.recent_in_unit.clear()
            if unit.kind is UnitKind.ITEM and (self.roster_list or self._roster_row(unit)):
                out.extend(Sentence(p.text, p.start, p.end, None, Role.REPORTER, self.section,
                                    roster=True) for p in sentences_of(unit))
                previous = []
                continue
            if self._owner_line(unit):
                out.append(Sentence(unit.text, unit.start, unit.end, None, Role.REPORTER,
                                    self.section, heading=True))
                previous = []
                continue
            previous = self._unit(unit, parsed)
            intro = self.roster_list and unit.text.rstrip("*_ ").endswith(":")
            for piece, voice in previous:
                name = voice.person.name if voice.person else None
                self.said = self.said or name is not None
                roster = intro or (voice.role is Role.REPORTER and self._lists_candidates(piece))
                out.append(Sentence(piece.text, piece.start, piece.end, name, voice.role,
                                    self.section, roster=roster))
        return out

    def _author(self, written: str, parsed: Parsed) -> Voice:
        """Return the author of an embedded post: a person of the cast, else a member of the
        public (or an organisation: other)."""
        person = self.cast.resolve(written)
        if person:
            return Voice(person.role, person)
        if any(e.label == "ORG" for e in parsed.entities):
            return Voice(Role.OTHER)
        return Voice(Role.AUDIENCE)

    def _heading(self, unit: Unit) -> list[Sentence]:
        name, _ = split_party(unit.text.strip("*_ "))
        person = self.cast.resolve(name)
        if person and person.role is Role.CANDIDATE:
            self.owner = person  # a section of this candidate's answers
            self.section = unit.text
        elif self.comments and (unit.level > self.comments or _AUTHOR_LINE.search(unit.text)
                                or (unit.level == self.comments and len(unit.text.split()) <= 4)):
            pass  # a commenter's name and time: still the comments
        elif not self.titled and unit.level <= 1 and not self.said:
            self.titled = True  # the document's title names the event, not a section
        else:
            self.section = unit.text
            self.owner = None
            self.comments = unit.level or 1 if COMMENTS_HEADING.search(unit.text) else 0
            self.summary = bool(SUMMARY.search(unit.text))
        self.open_quote = None
        self.last_voice = None
        self.roster_list = is_roster_intro(unit)
        return [Sentence(unit.text, unit.start, unit.end, None, Role.REPORTER, self.section,
                         heading=True)]

    def _unit(self, unit: Unit, parsed: Parsed) -> list[tuple[Piece, Voice]]:
        pieces = sentences_of(unit)
        label = find_label(unit.text, item=unit.kind is UnitKind.ITEM)
        fixed = self._label_voice(label) if label else None
        if fixed is None and self.comments:
            fixed = Voice(Role.AUDIENCE)
        if unit.kind is UnitKind.PARAGRAPH and SUMMARY.search(unit.text) and len(
                unit.text.split()) <= 12:
            self.summary = True  # "Here are the key points:" introduces the writer's summary
        if fixed is None and self.summary and not self.owner and unit.kind is UnitKind.ITEM:
            fixed = REPORTER
        if fixed is None and self.owner:  # a section of one candidate's answers is all theirs
            fixed = Voice(self.owner.role, self.owner)
        if fixed is None and unit.kind is UnitKind.ITEM and unit.text.startswith("|"):
            cell = unit.text.strip("|").split("|")[0].strip()
            person = self.cast.resolve(cell)
            fixed = Voice(person.role, person) if person else None
        quoted = quoted_ranges(unit.text)
        own: list[Voice | None] = []
        for piece in pieces:  # in order: a pronoun refers to someone named before it
            own.append(self._own_voice(parsed, unit, piece, quoted))
            self._note_subjects(parsed, piece.start - unit.start, piece.end - unit.start)
            if own[-1] and self._named(parsed, unit, piece, own[-1]):
                self._learn_gender(parsed, unit, piece, own[-1])
            if own[-1] and own[-1].person:
                self.recent.append(own[-1].person)
                self.cast.recent_in_unit.append(own[-1].person)
        shares = [share(p.start - unit.start, p.end - unit.start, quoted) for p in pieces]
        starts_quoted = unit.text.lstrip()[:1] in OPENING
        carried = self.open_quote or (self.last_voice if starts_quoted else None)
        voices: list[Voice] = []
        for i, piece in enumerate(pieces):
            if fixed:
                voices.append(fixed)
                continue
            voice = own[i]
            if voice is None and shares[i] >= _QUOTE_SHARE:
                voice = self._quote_voice(i, pieces, own, shares, unit, quoted) or carried
            if voice is None and i and shares[i] > 0 and own[i - 1] and pieces[i - 1].text.rstrip(
                    ).endswith(":"):
                voice = own[i - 1]
            if voice is None and i and voices[-1].person and not self._about_someone(
                    parsed, unit, piece):
                voice = voices[-1]  # the paragraph goes on reporting what its speaker said
            voice = voice or (Voice(self.owner.role, self.owner) if self.owner else None)
            voice = voice or (Voice(Role.AUDIENCE) if self.comments else None)
            voices.append(voice or REPORTER)
            if voice and voice.person:
                self.recent.append(voice.person)
        self.open_quote = voices[-1] if voices and ends_open(unit.text) else None
        if voices:
            self.last_voice = voices[-1]
        return list(zip(pieces, voices))

    def _about_someone(self, parsed: Parsed, unit: Unit, piece: Piece) -> bool:
        """Tell whether a sentence speaks of a person in the third person ("her views"): the
        writer's narration, not a continuation of someone's speech."""
        lo, hi = piece.start - unit.start, piece.end - unit.start
        return any(lo <= t.start < hi and (t.lower in ("he", "she", "his", "her", "him", "hers")
                                           or (t.text[:1].isupper() and t.i and
                                               self._is_party_to(t.text)))
                   for t in parsed.tokens)

    def _is_party_to(self, written: str) -> bool:
        person = self.cast.resolve(written)
        return person is not None and person.role in (Role.CANDIDATE, Role.CHAIR)

    def _named(self, parsed: Parsed, unit: Unit, piece: Piece, voice: Voice) -> bool:
        """Tell whether the sentence names its speaker (not a pronoun)."""
        if voice.person is None:
            return False
        lo, hi = piece.start - unit.start, piece.end - unit.start
        head = [t for t in parsed.tokens if lo <= t.start < hi][:12]
        return any(self.cast.resolve(t.text) is voice.person for t in head
                   if t.text[:1].isupper())

    def _note_subjects(self, parsed: Parsed, lo: int, hi: int) -> None:
        """Remember the people a sentence is about, for the pronouns of the next ones.

        With hi at a pronoun, the subjects before it in its own sentence count too.
        """
        if lo == hi:
            lo = max(parsed.text.rfind(". ", 0, hi) + 1, 0)
        subjects = [t for t in parsed.tokens if lo <= t.start < hi
                    and t.dep in ("nsubj", "nsubjpass")]
        if not any(e.label == "PERSON" and e.first <= t.i <= e.last for t in subjects
                   for e in parsed.entities):
            # No one is its subject ("The next question comes from Jane Doe"): the person
            # it names last is who a "she" in the next sentence means.
            named = [t for e in parsed.entities if e.label == "PERSON" and lo <= e.start < hi
                     for t in parsed.tokens[e.last:e.last + 1]]
            subjects += named[-1:]
        for t in subjects:
            written = next((e.text for e in parsed.entities if e.label == "PERSON"
                            and e.first <= t.i <= e.last), t.text if t.text[:1].isupper() else "")
            if written and (person := self.cast.resolve(written)):
                self.recent.append(person)
                self.cast.recent_in_unit.append(person)
                if self.cast.gender(person.name) is None:  # "Doe shakes her head"
                    later = next((x for x in parsed.tokens[t.i + 1:] if x.start < hi
                                  and PRONOUNS.get(x.lower)), None)
                    if later:
                        self.cast.genders[person.name] = PRONOUNS[later.lower]

    def _roster_row(self, unit: Unit) -> bool:
        """Tell whether a list item is a row of a table of candidates: "Jane Doe – Labour"."""
        label = find_label(unit.text, item=True)
        if label is None or not label.dash or self.cast.resolve(label.written) is None:
            return False
        first = re.split(r"\s+[–—-]\s+", label.rest)[0]
        return is_party_phrase(first) and len(first.split()) <= 4

    def _lists_candidates(self, piece: Piece) -> bool:
        """Tell whether narration lists the candidates with their parties ("Taking part were
        A (Labour), B (Green) and C (Independent)")."""
        named = {p.name for p in self.cast.people if p.role is Role.CANDIDATE and p.party
                 and (p.name in piece.text)}
        return len(named) >= 2 and piece.text.count("(") >= 2

    def _turn(self, unit: Unit) -> bool:
        """Tell whether a short line that looks like a heading is a turn ("Doe: — if I —")."""
        label = find_label(unit.text, item=False)
        if label is None or len(unit.text[label.end:].split()) < 2:
            return False
        return label.role is not None or self.cast.resolve(label.written) is not None

    def _owner_line(self, unit: Unit) -> bool:
        """Take a short line naming a candidate ("**Name, Party**") as the owner of what follows."""
        if unit.kind is not UnitKind.PARAGRAPH:
            return False
        text = unit.text.strip("*_ ")
        if len(text.split()) > 8 or text[-1:] in ".!?:;,":
            return False
        name, _ = split_party(text)
        person = self.cast.resolve(name)
        if person is None or person.role is not Role.CANDIDATE:
            return False
        self.owner = person
        self.open_quote = self.last_voice = None
        return True

    def _label_voice(self, label) -> Voice | None:
        if label.role is not None:
            return Voice(label.role)
        person = self.cast.resolve(label.written)
        if person is None:
            return None
        self.recent.append(person)
        return Voice(person.role, person)

    def _quote_voice(self, i: int, pieces: Sequence[Piece], own: Sequence[Voice | None],
                     shares: Sequence[float], unit: Unit, quoted) -> Voice | None:
        """Return the speaker of the quotation sentence i lies in, from its nearest tag."""
        lo = i
        while lo > 0 and shares[lo - 1] > 0 and own[lo - 1] is None:
            lo -= 1
        hi = i
        while hi + 1 < len(pieces) and shares[hi + 1] > 0 and own[hi] is None:
            hi += 1
        for j in (hi, lo - 1 if lo else None, lo):
            if j is not None and 0 <= j < len(pieces) and own[j]:
                return own[j]
        return None

    def _own_voice(self, parsed: Parsed, unit: Unit, piece: Piece, quoted) -> Voice | None:
        """Return who the sentence itself says is speaking, outside its quotation marks."""
        lo, hi = piece.start - unit.start, piece.end - unit.start
        tokens = [t for t in parsed.tokens if lo <= t.start < hi]
        outside = [t for t in tokens if not inside(t.start, quoted)]
        for t in outside:
            if t.lower == "according" and t.i + 2 < len(parsed.tokens) and parsed.tokens[
                    t.i + 1].lower == "to":
                obj = next((c for c in parsed.children(parsed.tokens[t.i + 1])
                            if c.dep == "pobj"), None)
                if obj and (voice := self._subject_voice(parsed, obj)):
                    return voice
        if voice := self._read_out(parsed, lo, hi):
            return voice
        absence = any(pattern.search(parsed.text[lo:hi]) for pattern, _ in ABSENCE)
        verbs = [t for t in outside if t.lower in SPEECH_FORMS and t.pos in ("VERB", "AUX")
                 and main_clause(parsed, t, lo, hi)
                 and not (absence and t.lower in _NOT_TAKING_PART)]
        for verb in verbs:
            subject = subject_of(parsed, verb)
            if subject is not None and subject.lower in ("i", "we", "you"):
                return None  # first-person speech: whoever is speaking, not someone named in it
            if subject is not None and (voice := self._subject_voice(parsed, subject)):
                if voice.person is None and voice.role in (Role.AUDIENCE, Role.CHAIR):
                    self.unnamed = (voice, len(self.recent))  # "A farmer said ... he added"
                return voice
        return None

    def _read_out(self, parsed: Parsed, lo: int, hi: int) -> Voice | None:
        """Return the absent candidate whose statement is read out ("a statement from X")."""
        m = _READ_OUT.search(parsed.text[lo:hi])
        if m is None:
            return None
        person = self.cast.resolve(m.group("who"))
        if person is None or person.role is not Role.CANDIDATE:
            return None
        return Voice(person.role, person)

    def _subject_voice(self, parsed: Parsed, subject: Token) -> Voice | None:
        """Resolve a subject phrase to a person or a role."""
        if subject.lower in PRONOUNS:
            if subject.lower in ("i", "we", "they"):
                return None  # the speaker of the quote or section, or many people: not recency
            self._note_subjects(parsed, subject.start, subject.start)  # "X won ... when she said"
            return self._pronoun(PRONOUNS[subject.lower])
        span = parsed.subtree(subject)
        for ent in parsed.entities:
            if (ent.label == "PERSON" and span[0].start <= ent.start < span[-1].end
                    and (person := self.cast.resolve(ent.text))):
                return Voice(person.role, person)
        for t in span:  # a surname the tagger missed ("Quill" as a noun)
            if t.text[:1].isupper() and (person := self.cast.resolve(t.text)):
                return Voice(person.role, person)
        words = {t.lower for t in span}
        if words & CHAIR_WORDS:
            return Voice(Role.CHAIR)
        if words & CANDIDATE_WORDS and subject.tag not in ("NNS", "NNPS"):
            party = {key(t.text) for t in span if t.pos in ("PROPN", "ADJ")} - CANDIDATE_WORDS
            if party and (person := self.cast.with_party(party)):
                return Voice(person.role, person)
            return None
        if subject.lower in AUDIENCE_WORDS or words & {"floor"}:
            return Voice(Role.AUDIENCE)
        if subject.lower in OTHER_WORDS or subject.ent in ("ORG", "GPE", "NORP"):
            return Voice(Role.OTHER)
        if subject.pos == "NOUN" and any(c.dep == "det" and c.lower in ("a", "an", "one", "another")
                                         for c in parsed.children(subject)):
            return Voice(Role.AUDIENCE)  # "a crofter told the candidates": someone in the room
        role = role_word(subject.text)
        return Voice(role) if role else None

    def _pronoun(self, gender: str | None) -> Voice | None:
        """Return the most recent person the pronoun fits, or the unnamed speaker (a caller,
        the chair) spoken of since."""
        if self.unnamed and self.unnamed[1] >= len(self.recent):
            return self.unnamed[0]
        for person in reversed(self.recent[-8:]):
            if gender is None or self.cast.gender(person.name) in (None, gender):
                return Voice(person.role, person)
        return None

    def _learn_gender(self, parsed: Parsed, unit: Unit, piece: Piece, voice: Voice) -> None:
        """Learn a named speaker's gender from the pronoun that follows ("X says she ...")."""
        person = voice.person
        if person is None or self.cast.gender(person.name):
            return
        lo, hi = piece.start - unit.start, piece.end - unit.start
        for t in parsed.tokens:
            if lo <= t.start < hi and PRONOUNS.get(t.lower):
                self.cast.genders[person.name] = PRONOUNS[t.lower]
                return


