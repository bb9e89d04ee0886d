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
from ingest.understand.names import FULL_NAME, clean_name, whole_name
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


# Who stands for what: "the candidates for VP Welfare are", "standing for President are",
# "A and B are running for Treasurer", "three students are standing for VP Welfare: ...".
_STANDING_FOR = re.compile(rf"\b(?i:candidates?|nominees?|standing|running|contesting|stand|run)"
                           rf"\s+for\s+(?:the\s+)?(?:(?:post|position|role|office)\s+of\s+)?"
                           rf"(?P<post>{CAP}[\w’'&\-]*(?:\s+(?:of\s+)?{CAP}[\w’'&\-]*){{0,3}})")


_LIST_AFTER = re.compile(r"(?:\s+(?:this|next|last)\s+\w+)?\s*(?:are|were|is|was|:)\s+"
                         r"(?P<items>.*)", re.S)
_NAME_RUN = re.compile(rf"^{FULL_NAME}")


def named_as_candidates(parsed: Parsed) -> list[tuple[str, str | None]]:
    """Return the names a sentence says stand for a post, with it: "The candidates for VP
    Welfare are A and B", "Standing for President are A and B", "A and B are running for
    Treasurer" (a party named so is their party)."""
    found: list[tuple[str, str | None]] = []
    text = parsed.text
    bounds = [0, *(m.end() for m in re.finditer(r"[.!?](?:\s|$)", text)), len(text)]
    for lo, hi in zip(bounds, bounds[1:]):
        m = _STANDING_FOR.search(text, lo, hi)
        if m is None:
            continue
        post = m.group("post").strip()
        post = normalise_party(post) if is_party_phrase(post) else post
        people = [whole_name(parsed, e) for e in parsed.entities if e.label == "PERSON"
                  and lo <= e.start < hi and not (m.start("post") <= e.start < m.end("post"))]
        names_first = people and people[-1].end <= m.start()  # "A and B are running for X"
        if not names_first and not all(e.start >= m.end() for e in people):
            continue  # names on both sides: not a plain list of who stands
        if names_first:
            if not re.search(r"\b(?:are|is|were|was)\s+(?:\w+\s+)?$",
                             text[people[-1].end:m.start()]):
                continue  # "Doe, who chairs the committee for ..."
            n = len(people) - 1  # only the names listed together before the verb
            while n and re.fullmatch(r"\s*(?:,|;|and|,\s*and)\s*",
                                     text[people[n - 1].end:people[n].start]):
                n -= 1
            people = people[n:]
        written = [e.text for e in people]
        if not names_first:  # names the tagger missed in the list: "are Amara Osei and ..."
            listed = _LIST_AFTER.match(text, m.end(), hi)
            for item in re.split(r",|;|\band\b", listed.group("items") if listed else ""):
                run = _NAME_RUN.match(item.strip())
                if run and not any(run.group() in w or w in run.group() for w in written):
                    written.append(run.group())
        found.extend((w, post) for w in written)
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
