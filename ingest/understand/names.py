"""Clean written names: titles, possessives and party prefixes off, one canonical spelling."""

from __future__ import annotations

import re

from ingest.lexicon import (
    CANDIDATE_WORDS,
    CHAIR_WORDS,
    FEMALE_TITLES,
    MALE_TITLES,
    NAME_PARTICLE,
    OFFICES,
    ORGANISATION_WORDS,
    PLACE_PREFIXES,
    PLACE_WORDS,
    SURNAME_LINKS,
    SURNAME_PARTICLES,
    TITLES,
)
from ingest.parties import PARTY_WORDS
from ingest.text import CAP
from ingest.understand.nlp import Entity, Parsed, Token

_LEADING = frozenset({"by", "and", "from", "with", "posted", "the", "former"})  # "By Jane Doe"
_PREFIXES = TITLES | OFFICES | _LEADING
_LABELLED = re.compile(r"\w\s*:\s*\w")
_CONTRACTION = re.compile(r"^\w+[’'](?:m|s|d|ll|re|ve|t)$", re.I)
_EDGE = " \t\n,.;:!?()[]{}\"'“”‘’*_–—-|"
_POSSESSIVE = re.compile(r"[’']s?$")
_INITIAL = re.compile(rf"^{CAP}\.?$")  # a middle initial: "Q." of "Jane Q. Doe"
_LONGEST_NAME = 4  # a name runs to five tokens at most
_NAME_WORDS = 4  # and to four words, besides its particles and initials
_WORD = re.compile(rf"^{CAP}[\w'’.\-]*$|^{CAP}{{2,}}$")


# A full name as written: a first name and one to three more words, a surname's particles
# before them ("Jane Doe", "Éabha Ó Floinn", "Dónal Mac an Bhaird", "Bram van der Berg").
FULL_NAME = rf"{CAP}[\w’'\-]+(?:\s+(?:(?:{NAME_PARTICLE})\s+){{0,2}}{CAP}[\w’'\-]+){{1,3}}"


def clean_name(text: str, tied: bool = False) -> str | None:
    """Return a person's name as written, without title or possessive; None if not a name.

    tied: the text ties the name to a party ("Jo Street (Conservative)"): a person, whatever
    its last word ("Street", "Hill") would make of it alone."""
    words = text.replace("\n", " ").strip(_EDGE).split()
    # "Labour’s Jane Doe": a party's possessive in front belongs to the phrase, not the name
    while words and (_POSSESSIVE.search(words[0]) and _bare(words[0]).lower() in PARTY_WORDS):
        words = words[1:]
    while words and (_bare(words[0]).lower().rstrip(".") in _PREFIXES or _CONTRACTION.match(
            words[0]) or (
            len(words) > 2 and _bare(words[0]).lower() in PARTY_WORDS)):
        words = words[1:]
    offices = [i for i, w in enumerate(words[:-2]) if _bare(w).lower().rstrip(".") in OFFICES]
    if offices:  # "Union President Jane Doe": the office and what it is of go before the name
        words = words[offices[-1] + 1:]
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1]) if len(words[-1]) > 3 else words[-1]
    words = [w.strip(_EDGE) for w in words]
    words = [w for w in words if w]
    while len(words) > 2 and words[-1].lower() in PARTY_WORDS | {"uk", "cymru"}:
        words = words[:-1]  # "Kiera Marr Plaid Cymru": the party runs on after the name
    if _LABELLED.search(text) or (len(words) == 1 and (len(words[0]) < 2 or _CONTRACTION.match(
            words[0]))):
        return None  # "JD: Jane Doe" is a label and a name; "J", "I'm" are no names
    if words and all(w.isupper() for w in words) and (len(words) > 1 or len(words[0]) > 4):
        words = [_title_case(w) for w in words]  # "JANE DOE:" is Jane Doe; "JQR" stays
    core = [w for i, w in enumerate(words)  # particles and initials make no name longer
            if not (i and (particle(w, words[i - 1]) or _INITIAL.match(w)))]
    if not words or len(core) > _NAME_WORDS or not all(
            _WORD.match(w) or (0 < i < len(words) - 1 and particle(w, words[i - 1]))
            for i, w in enumerate(words)):
        return None
    if any(w.lower() in CANDIDATE_WORDS or w.lower() in CHAIR_WORDS for w in words):
        return None  # "Candidates", "Chair": a role, not a name
    if all(w.lower() in PARTY_WORDS or w.lower() in {"uk", "cymru"} for w in words):
        return None  # a party, not a person
    if len(words) > 1 and not tied and _bare(words[-1]).lower() in (
            ORGANISATION_WORDS | PLACE_WORDS):
        return None  # "Ramblers Union", "Kestrel Water", "Millbrook Square": not a person
    if len(words) > 1 and words[0].lower().rstrip(".") in PLACE_PREFIXES:
        return None  # "St. Barnabas", "Mount Pleasant": a place
    return " ".join(words)


def _title_case(word: str) -> str:
    """Write an uppercase word as a name: "LEE-HART" -> "Lee-Hart"."""
    return re.sub(rf"{CAP}+", lambda m: m.group()[0] + m.group()[1:].lower(), word)


def particle(word: str, before: str = "") -> bool:
    """Tell whether a word is a surname's particle ("Ó", "van") or, after one, its link
    ("an" of "Mac an Bhaird")."""
    lower = word.lower().rstrip(".")
    return lower in SURNAME_PARTICLES or (
        lower in SURNAME_LINKS and before.lower().rstrip(".") in SURNAME_PARTICLES)


def title_of(text: str) -> str | None:
    """Return the title a written name starts with ("Ms Doe" -> "ms"), if any."""
    first = text.strip(_EDGE).split()[:1]
    word = _bare(first[0]).lower().rstrip(".") if first else ""
    return word if word in TITLES else None


def key(name: str) -> str:
    """Return the form names are compared in: case folded, straight apostrophes, one space."""
    return " ".join(name.replace("’", "'").casefold().split())  # "WEISS" is "Weiß"


def initials(name: str) -> str:
    """Return a name's initials, hyphenated parts included: "Ann Lee-Hart" -> "ALH"."""
    return "".join(part[0] for word in name.split() for part in word.split("-") if part).upper()


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word.strip(_EDGE))


def name_at(parsed: Parsed, token: Token) -> str:
    """Return the capitalised name a token is part of: the run of capitalised words and the
    hyphens between them around it, as written."""
    tokens = parsed.tokens
    lo = hi = token.i

    def joins(a: Token, b: Token) -> bool:  # adjacent parts of one written name
        return a.end == b.start and (a.text == "-" or b.text == "-" or b.text[:1] in "'’")

    while lo > 0 and (joins(tokens[lo - 1], tokens[lo]) or (
            tokens[lo - 1].text[:1].isupper() and tokens[lo - 1].pos == "PROPN")):
        lo -= 1
    while hi + 1 < len(tokens) and joins(tokens[hi], tokens[hi + 1]):
        hi += 1
    return parsed.text[tokens[lo].start:tokens[hi].end].strip("-")


def gender_of_title(written: str) -> str | None:
    """Return "f" or "m" for a name written with a gendered title."""
    title = title_of(written)
    return "f" if title in FEMALE_TITLES else "m" if title in MALE_TITLES else None


def abbreviates(short: str, name: str) -> bool:
    capitals = [c for c in name if c.isupper()]
    if not capitals or short[0] != capitals[0]:
        return False
    rest = iter(capitals[1:])
    return all(c in rest for c in short[1:])


def whole_name(parsed: Parsed, ent: Entity) -> Entity:
    """Return a PERSON entity grown over the name's other words the tagger left out
    ("Ciarán Mac Giolla" + "Phádraig"): capitalised words and particles of no other entity."""
    tokens = parsed.tokens
    first, last = ent.first, ent.last
    while last + 1 < len(tokens) and last - first < _LONGEST_NAME and _name_word(
            tokens, last + 1) and tokens[last + 1].start - tokens[last].end <= 1:
        last += 1
    while first > 0 and last - first < _LONGEST_NAME and (
            tokens[first].start - tokens[first - 1].end <= 1) and (
            (particle(tokens[first - 1].text) and first > 1
             and tokens[first - 2].text[:1].isupper())
            or ((particle(tokens[first].text) or _INITIAL.match(tokens[first].text))
                and _name_word(tokens, first - 1))):
        first -= 1  # "Siobhán" + "Ní Bhraonáin", "Bram" + "de Vries", "Jane" + "Q. Doe"
    if (first, last) == (ent.first, ent.last):
        return ent
    start, end = tokens[first].start, tokens[last].end
    return Entity(parsed.text[start:end], start, end, "PERSON", first, last)


def _name_word(tokens, i: int) -> bool:
    t = tokens[i]
    before = tokens[i - 1].text if i else ""
    if t.text[:1].isupper() and particle(before, tokens[i - 2].text if i > 1 else ""):
        return True  # the word after a particle is the surname, whatever the tagger made of it
    if t.ent not in ("", "PERSON") or t.lower in TITLES:
        return False
    if t.text[:1].isupper() and t.pos == "PROPN":
        return True
    return particle(t.text, before) and i + 1 < len(tokens) and tokens[i + 1].text[:1].isupper()
