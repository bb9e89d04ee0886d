"""Roster evidence: lines and sentences that say who the candidates are, with their parties."""

from __future__ import annotations

import re

from ingest.layout.labels import split_party
from ingest.layout.units import Unit
from ingest.lexicon import CANDIDATE_WORDS, NAME_PARTICLE
from ingest.parties import is_party_phrase, normalise_party
from ingest.text import CAP
from ingest.understand.evidence import defined
from ingest.understand.mentions import party_after
from ingest.understand.names import FULL_NAME, clean_name, name_at, whole_name
from ingest.understand.nlp import Entity, Parsed

_LEADING_NAME = re.compile(rf"^(?P<name>{FULL_NAME})"
                           r"(?=\s*(?:\(|[–—-]\s|,|\|))")
_PARTY_FIRST = re.compile(rf"^(?P<party>.+?)\s+(?P<name>{CAP}[\w’'\-]+\s+"
                          rf"(?:(?:{NAME_PARTICLE})\s+){{0,2}}{CAP}[\w’'\-]+)$")


def enumerations(parsed: Parsed) -> list[list[Entity]]:
    """Return the sentences that list three or more people as candidates ("They were A, ...;
    B, who is standing for mayor; and first-time candidate C")."""
    groups = []
    text = parsed.text
    bounds = [0, *(m.end() for m in re.finditer(r"[.!?](?:\s|$)", text)), len(text)]
    for lo, hi in zip(bounds, bounds[1:]):
        people = [whole_name(parsed, e) for e in parsed.entities
                  if e.label == "PERSON" and lo <= e.start < hi]
        if len(people) < 3:
            continue
        words = {t.lower for t in parsed.tokens if lo <= t.start < hi}
        before = {t.lower for t in parsed.tokens if max(0, lo - 200) <= t.start < lo}
        if words & CANDIDATE_WORDS or before & {"candidates", "standing"}:
            groups.append(people)
    return groups


def named_as_candidates(parsed: Parsed) -> list[tuple[str, str | None]]:
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


def roster_line(unit: Unit, note, listed: bool) -> None:
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
        defined(e, text[m.end():])
