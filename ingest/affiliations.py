"""Read who stands for which party, and who stayed away, from a round-up's text."""

from __future__ import annotations

import re

from ingest.parties import PARTY_WORDS, is_party_phrase, normalise_party
from ingest.people import ABSENT, NOT_NAMES, PARTICLES, is_full_name, name_mentions


def leading_party(name: str) -> tuple[str, str] | None:
    """Split "Liberal Democrat Vanessa Newcombe" into (name, party) when it opens with one."""
    tokens = name.split()
    for size in (3, 2, 1):  # the longest party first: "Reform UK Jo Bloggs"
        head, rest = tokens[:size], " ".join(tokens[size:])
        if len(tokens) - size >= 2 and head[0].lower() in PARTY_WORDS and all(
                t.lower() in PARTY_WORDS or t in ("UK", "Party") for t in head) \
                and is_full_name(rest):
            return rest, normalise_party(" ".join(head))
    return None


def parenthetical_parties(text: str) -> list[tuple[str, str]]:
    """Return (name, party) pairs: "Name (Party)", "Party's Name", "Party candidate Name"."""
    text = " ".join(text.split())  # a hard-wrapped line may break a name
    pairs: list[tuple[str, str]] = []
    for m in re.finditer(r"([A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){1,3}) \(([^()]{2,60})\)", text):
        name = _clean_name(m.group(1))
        if name and is_full_name(name) and is_party_phrase(m.group(2)):
            pairs.append((name, normalise_party(m.group(2))))
    for m in re.finditer(r"((?:[A-Z][\w\-]+ ){0,3}[A-Z][\w\-]+)(?:(?:'s|’s)(?: candidate,)?|"
                         r" (?:Party )?candidate,?) ([A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){1,3})",
                         text):
        if is_party_phrase(m.group(1)) and is_full_name(m.group(2)):
            pairs.append((m.group(2), normalise_party(m.group(1))))
    for m in re.finditer(r"([A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){1,3}), (?:the )?((?:[A-Z][\w\-]+ )"
                         r"{0,3}[A-Z][\w\-]+?) (?:Party )?candidate\b", text):
        name = _clean_name(m.group(1))  # "Cllr Jane Doe, the Labour candidate"
        if is_party_phrase(m.group(2)) and is_full_name(name):
            pairs.append((name, normalise_party(m.group(2))))
    pairs += represented_parties(text)
    pairs += [split for m in name_mentions(text) if (split := leading_party(m.name))]
    m = _FOR_PARTY.match(text)  # "For Plaid Cymru, Kiera Marshall called for ..."
    if m and is_party_phrase(m.group(1)) and is_full_name(m.group(2)):
        pairs.append((m.group(2), normalise_party(m.group(1))))
    return pairs


_PERSON = r"[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){1,3}"
_PARTY = r"(?:the )?((?:[A-Z][\w\-]+ ){0,3}[A-Z][\w\-]+)"
_REPRESENTED = re.compile(rf"({_PERSON}),? (?:represented|represents|representing|stood for|"
                          rf"stands for|standing for|was standing for|spoke for|for) {_PARTY}")
_AND_THEN = re.compile(rf",? (?:and )?({_PERSON}?),? {_PARTY}(?=[,.;]| and\b|$)")
_FOR_PARTY = re.compile(rf"\s*For {_PARTY}, ({_PERSON})\b")


def represented_parties(text: str) -> list[tuple[str, str]]:
    """Pairs of "A represented Labour, B the Greens and C Reform UK" (the verb left out after)."""
    pairs: list[tuple[str, str]] = []
    text = " ".join(text.split())  # a hard-wrapped paragraph reads as one line
    for m in _REPRESENTED.finditer(text):
        if not (is_full_name(m.group(1)) and is_party_phrase(m.group(2))):
            continue
        pairs.append((_clean_name(m.group(1)), normalise_party(m.group(2))))
        pos = m.end()
        while (more := _AND_THEN.match(text, pos)) and is_full_name(more.group(1)) \
                and is_party_phrase(more.group(2)):
            pairs.append((more.group(1), normalise_party(more.group(2))))
            pos = more.end()
    return pairs


def _clean_name(name: str) -> str:
    tokens = name.split()
    while tokens and tokens[0].lower() in NOT_NAMES:
        tokens.pop(0)
    return " ".join(tokens)


def parse_roster_line(line: str, known: set[str]) -> tuple[str, str | None] | None:
    """Parse a list entry naming a candidate: "Party Name", "Name (Party)", "Name - Party"."""
    line = " ".join(line.replace("*", "").split()).strip(" .;")
    if m := re.fullmatch(r"(.+?) \(([^()]+)\)", line):
        name, party = m.group(1), m.group(2)
        return (name, normalise_party(party)) if is_full_name(name) else None
    parts = re.split(r"\s+[–—\-|:]\s+|,\s+|:\s+", line, maxsplit=1)
    if len(parts) == 2:
        a, b = parts
        if is_full_name(a) and is_party_phrase(b):
            return a, normalise_party(b)
        if is_full_name(b) and is_party_phrase(a):
            return b, normalise_party(a)
    tokens = line.split()
    if not all(t[0].isupper() or t.lower() in PARTICLES or t[0] in "&(" for t in tokens):
        return None
    for size in (2, 3, 4):  # a known person's name at the end: "Labour Co-op Tom Hale"
        name = " ".join(tokens[-size:])
        if name in known and size < len(tokens):
            return name, normalise_party(" ".join(tokens[:-size]))
    for size in (2, 3, 4):  # or at the start: "Tom Hale Labour"
        name = " ".join(tokens[:size])
        if name in known and size < len(tokens):
            return name, normalise_party(" ".join(tokens[size:]))
    if len(tokens) >= 3 and is_party_phrase(" ".join(tokens[:-2])):
        return " ".join(tokens[-2:]), normalise_party(" ".join(tokens[:-2]))
    if len(tokens) >= 3 and is_party_phrase(" ".join(tokens[2:])):
        return " ".join(tokens[:2]), normalise_party(" ".join(tokens[2:]))
    return None


def absentee_names(sentence: str) -> list[str]:
    """Return full names in a sentence that says someone could not take part."""
    sentence = " ".join(sentence.split())  # a hard-wrapped line may break "unable to attend"
    if not ABSENT.search(sentence):
        return []
    names = []
    for m in name_mentions(sentence):
        split = leading_party(m.name)
        if split or is_full_name(m.name):
            names.append(split[0] if split else m.name)
    return names
