"""Sieves that read who the sentence itself says is speaking: a statement read out for someone,
"according to X", the subject of a verb of saying, and the pronoun such a subject can be."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ingest.layout.labels import role_word
from ingest.lexicon import (
    ABSENCE,
    AUDIENCE_WORDS,
    CHAIR_WORDS,
    OTHER_WORDS,
    PHRASAL_SPEECH,
    PRONOUNS,
    SPEECH_FORMS,
    Role,
)
from ingest.parties import PARTY_WORDS, is_party_phrase
from ingest.text import CAP
from ingest.understand.clauses import main_clause, subject_of
from ingest.understand.context import Context, Said
from ingest.understand.model import Person
from ingest.understand.names import FULL_NAME, key
from ingest.understand.nlp import Token
from ingest.understand.voice import Voice, of

_READ_OUT = re.compile(r"\b(?:statement|message|letter|email|note)\b[^.:;]{0,40}?\b(?:from|by|on "
                       rf"behalf of)\s+(?P<who>{FULL_NAME}|{CAP}[\w’'\-]+)"
                       rf"|\bread (?:out|aloud)\s+(?P<owner>{FULL_NAME}|{CAP}[\w’'\-]+)[’']s\s+"
                       r"(?:\w+\s+)?(?:statement|message|letter|email|note)\b")
# "... and I'll read their statement: “...”": the statement of the candidate just named.
_READ_THEIRS = re.compile(r"\bread(?:ing)?\s+(?:out\s+)?(?:their|his|her)\s+(?:\w+\s+)?"
                          r"(?:statement|message|letter|email|note)\b", re.I)
# "X did not respond", "X declined": a verb of saying that says someone did not take part
_NOT_TAKING_PART = frozenset("""respond responded responds reply replied replies answer answered
decline declined declines refuse refused""".split())
_ASIDE = 16  # tokens an aside between a name and its verb runs to: ", a nurse from Leeds,"
_FIRST_PERSON = frozenset({"i", "we", "you"})
_NO_ONE_IN_PARTICULAR = frozenset({"i", "we", "they"})


class ReadOut:
    """A statement read out for an absent candidate is theirs: "a statement from X said"."""

    name = "read-out"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        person = read_out_for(said, ctx)
        if person is None or person.role is not Role.CANDIDATE:
            return None
        return of(person, self.name, 0.85)


def read_out_for(said: Said, ctx: Context) -> Person | None:
    """Return whose statement a sentence says is read out, if the cast knows them: "a
    statement from X", "read out X's statement", "X sent apologies; I'll read their
    statement: “...”" (the candidate it names), and the quotation's next sentences."""
    if m := _READ_OUT.search(said.text):
        return ctx.resolve((m.group("who") or m.group("owner")).strip(), said)
    if _READ_THEIRS.search(said.text):
        absent = [p for p in said.named if p.role is Role.CANDIDATE]
        return absent[-1] if absent else None
    span = ctx.by_block[said.block.index]
    if said.share >= 0.5 and said.index != span.start:  # the read-out quotation goes on
        before = ctx.sentences[said.index - 1]
        if before.share > 0 and "“" in before.text + '"' and _READ_THEIRS.search(before.text):
            return read_out_for(before, ctx)
    return None


class AccordingTo:
    """ "According to X, ..." is X's."""

    name = "according-to"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        tokens = said.parsed.tokens
        for t in said.outside_quotes():
            if t.lower == "according" and t.i + 2 < len(tokens) and tokens[t.i + 1].lower == "to":
                obj = next((c for c in said.parsed.children(tokens[t.i + 1]) if c.dep == "pobj"),
                           None)
                if obj is not None and obj.lower not in PRONOUNS and (
                        voice := subject_voice(said, obj, ctx)):
                    return voice.by(self.name, voice.confidence)
        return None


class VerbOfSaying:
    """The subject of a verb of saying in the sentence's main clause is its speaker: "Doe
    said", "the moderator asked", "a farmer told the candidates"."""

    name = "verb-of-saying"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        subjects = 0
        for _verb, subject in speech_subjects(said):
            subjects += 1
            if subject.lower in PRONOUNS or many(said, subject):
                return None  # the pronoun sieve's to resolve; several people are no one voice
            if voice := subject_voice(said, subject, ctx):
                return voice
            if subject.text[:1].isupper():
                return None  # someone the cast does not know: not whoever is named after
        person = None if subjects else _named_then_saying(said, ctx)  # the parse found none
        return of(person, self.name, 0.8) if person else None


def _named_then_saying(said: Said, ctx: Context) -> Person | None:
    """Return the person a sentence opens with when a verb of saying follows the name at once
    ("Doe backs franchising"): the parser may make nothing of a name it has never seen."""
    tokens = said.tokens
    n = 0
    while n < len(tokens) and (tokens[n].text[:1].isupper() or (
            n and tokens[n].text in "-'’" and tokens[n].start == tokens[n - 1].end)):
        n += 1
    verb = n
    if 0 < n < len(tokens) and tokens[n].text == ",":  # "Doe, getting a word in at last, says"
        verb = next((i + 1 for i in range(n + 1, min(n + _ASIDE, len(tokens) - 1))
                     if tokens[i].text == ","), n)
    finite = 0 < verb < len(tokens) and tokens[verb].lower.endswith(("s", "d"))  # "backs"
    if not finite or tokens[verb].lower not in SPEECH_FORMS:
        return None
    return ctx.resolve(said.parsed.text[tokens[0].start:tokens[n - 1].end], said)


class Pronoun:
    """A pronoun subject of a verb of saying ("she said") is the person most recently spoken
    of whom it fits; or the unnamed speaker (a caller, the chair) spoken of since."""

    name = "pronoun"

    def decide(self, said: Said, ctx: Context) -> Voice | None:
        for _verb, subject in speech_subjects(said):
            if subject.lower not in PRONOUNS:
                if many(said, subject) or subject_voice(said, subject, ctx) or (
                        subject.text[:1].isupper()):
                    return None  # a "he" later is inside what that speaker said
                continue
            if subject.lower in _NO_ONE_IN_PARTICULAR:
                return None  # the speaker of the quote or section, or many people
            return resolve_pronoun(said, subject, ctx)
        return None


def resolve_pronoun(said: Said, pronoun: Token, ctx: Context) -> Voice | None:
    """Return who a third-person pronoun refers to, by recency and gender."""
    for who in ctx.recent(said, before=pronoun.start):
        if who is None:
            return None  # the nearest one named is someone the cast does not know: no guess
        if isinstance(who, Voice):
            return who.by(Pronoun.name, 0.7)
        if ctx.gender_fits(who, pronoun.lower):
            return of(who, Pronoun.name, 0.75)
    return None


def speech_subjects(said: Said) -> Iterator[tuple[Token, Token]]:
    """Yield (verb, subject) for the verbs of saying of the sentence's main clause, outside its
    quotation marks; stop at a first-person subject (the speaker is whoever is speaking)."""
    absence = any(pattern.search(said.text) for pattern, _ in ABSENCE)
    for verb in said.outside_quotes():
        if verb.pos not in ("VERB", "AUX") or not (verb.lower in SPEECH_FORMS or any(
                c.dep == "prt" and (verb.lower, c.lower) in PHRASAL_SPEECH
                for c in said.parsed.children(verb))):
            continue
        if not main_clause(said.parsed, verb, said.lo, said.hi):
            continue
        if absence and verb.lower in _NOT_TAKING_PART:
            continue
        subject = subject_of(said.parsed, verb)
        if subject is None:
            continue
        if subject.lower in _FIRST_PERSON:
            return
        yield verb, subject


def subject_voice(said: Said, subject: Token, ctx: Context) -> Voice | None:
    """Return the person or role a subject phrase names (not a pronoun)."""
    name = VerbOfSaying.name
    parsed = said.parsed
    span = parsed.subtree(subject)
    if subject.lower in ctx.cast.nouns:  # "the Green candidate": a party, never a surname
        for t in parsed.children(subject):  # "The Lib Dem candidate, Roe, says"
            if t.dep == "appos" and t.text[:1].isupper() and (person := ctx.person_at(t, said)):
                return of(person, name, 0.9)
        party = {key(t.text) for t in span if t is not subject and (
            t.pos in ("PROPN", "ADJ") or t.lower in PARTY_WORDS)} - {"party"}
        person = ctx.cast.with_party(party) if party else None
        if person is not None and subject.tag not in ("NNS", "NNPS"):
            return of(person, name, 0.85)
        return None
    for ent in parsed.entities:
        if (ent.label == "PERSON" and span[0].start <= ent.start < span[-1].end
                and (person := ctx.resolve(ent.text, said))):
            return of(person, name, 0.9)
    for t in span:  # a surname the tagger missed ("Quill" as a noun, "Carew-Hill")
        if t.text[:1].isupper() and (person := ctx.person_at(t, said) or ctx.resolve(t.text,
                                                                                    said)):
            return of(person, name, 0.85)
    clauses = {t.i for c in span if c.dep in ("relcl", "acl") for t in parsed.subtree(c)}
    words = {t.lower for t in span if t.i not in clauses}  # "X, who chairs the committee,"
    if words & CHAIR_WORDS:
        return Voice(Role.CHAIR, None, name, 0.85)
    if subject.text[:1].isupper() and is_party_phrase(subject.text) and (
            person := ctx.cast.with_party({key(t.text) for t in span if t.text[:1].isupper()}
                                          - {"party", "the"})):
        return of(person, name, 0.6)  # "The Greens would scrap ...": their one candidate
    if subject.lower in AUDIENCE_WORDS or words & {"floor"}:
        return Voice(Role.AUDIENCE, None, name, 0.8)
    if subject.lower in OTHER_WORDS or subject.ent in ("ORG", "GPE", "NORP"):
        return Voice(Role.OTHER, None, name, 0.8)
    if subject.pos == "NOUN" and any(c.dep == "det" and c.lower in ("a", "an", "one", "another")
                                     for c in parsed.children(subject)):
        return Voice(Role.AUDIENCE, None, name, 0.7)  # "a crofter told the candidates"
    role = role_word(subject.text)
    return Voice(role, None, name, 0.7) if role else None


def many(said: Said, subject: Token) -> bool:
    """Tell whether a subject is several people ("Doe and Roe both said", "A, B and C all
    said"): no one voice."""
    children = list(said.parsed.children(subject))
    names = [t for t in (subject, *(c for c in children if c.dep == "conj")) if t.pos == "PROPN"]
    return len(names) >= 2 or any(c.lower in ("both", "all") for c in (subject, *children))
