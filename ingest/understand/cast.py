"""The cast of one document: its people, and every way the text refers to each of them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.lexicon import CANDIDATE_WORDS
from ingest.parties import party_key
from ingest.text import split_sentences
from ingest.understand.clusters import (
    cluster_full_names,
    common_phrase,
    forms,
    misspelt,
    office_forms,
    short_form_of,
    suffix_of,
    surname_abbreviated,
    with_initial,
    word_before_a_name,
)
from ingest.understand.evidence import Gathered, Turn, absorb, copy_evidence
from ingest.understand.model import Person, Role, Status
from ingest.understand.names import clean_name, initials, key
from ingest.understand.roles import (
    asking,
    asks,
    candidate_nouns,
    decide_role,
    spoken,
    turns_by_person,
)
from ingest.understand.turns import unnamed


class Cast:
    """The people of one document, with an index from each alias to its person."""

    def __init__(self, people: list[Person], genders: dict[str, str | None],
                 nouns: frozenset[str] = CANDIDATE_WORDS,
                 lowercase: frozenset[str] = frozenset()) -> None:
        self.people = people
        self.lowercase = lowercase  # the words the document writes in lowercase: no names
        self.nouns = nouns  # what the text calls its candidates: "candidate", "party leader"
        self.by_name = {p.name: p for p in people}
        self.genders = genders
        self._index: dict[str, list[str]] = {}
        self._given: dict[str, list[str]] = {}  # first names: a surname of the same spelling wins
        for person in people:
            words = person.name.split()
            given = key(words[0]) if len(words) > 1 else None
            for alias in (person.name, *person.aliases):
                index = self._given if key(alias) == given else self._index
                owners = index.setdefault(key(alias), [])
                if person.name not in owners:
                    owners.append(person.name)

    def resolve(self, written: str, near: Sequence[Person] = ()) -> Person | None:
        """Return the person a written name or label refers to.

        A name two people share ("Doe" of Jane and John Doe) means the one of them named in
        full nearby (`near`, most recent last), if one is; else no one (a guess could
        misattribute).
        """
        owners = self._owners(key(written))
        if owners is None:
            cleaned = clean_name(written)
            owners = self._owners(key(cleaned)) if cleaned else None
        if not owners:
            return None
        if len(owners) == 1:
            return self.by_name[owners[0]]
        for person in reversed(near):
            if person.name in owners:
                return person
        return None

    def _owners(self, k: str) -> list[str] | None:
        return self._index.get(k) or self._given.get(k)

    def with_party(self, party_words: set[str]) -> Person | None:
        """Return the one candidate whose party shares these words ("lib dem" meets "Liberal
        Democrats"), if exactly one."""
        wanted = party_words | set(party_key(" ".join(sorted(party_words))))
        found = [p for p in self.people if p.role is Role.CANDIDATE and p.party
                 and wanted & (set(key(p.party).split()) | party_key(p.party))]
        return found[0] if len(found) == 1 else None

    def gender(self, name: str) -> str | None:
        return self.genders.get(name)


def build_cast(gathered: Gathered) -> Cast:
    """Cluster the names found into people, decide each one's role, and index their aliases."""
    evidence = [e for e in gathered.evidence if not common_phrase(e.name, gathered.lowercase)]
    merged = cluster_full_names(evidence)
    for name in [n for n in merged if word_before_a_name(n, merged, gathered.lowercase)]:
        del merged[name]  # "Will Jane ..." at a question's start is not a person "Will Jane"
    aliases: dict[str, set[str]] = {name: set() for name in merged}
    for e in sorted(evidence, key=lambda e: e.order):
        if len(e.name.split()) >= 2 and e.name not in merged:  # "Carew Hill"
            owner = next((m for m in merged.values() if key(m.name) == key(e.name)
                          or suffix_of(e.name, m.name) or with_initial(m.name, e.name)
                          or surname_abbreviated(m.name, e.name)
                          or misspelt(m.name, e.name)), None)
            if owner is not None:
                aliases[owner.name].add(e.name)
    for e in sorted((e for e in evidence if len(e.name.split()) == 1), key=lambda e: e.order):
        owners = [m for m in merged.values() if key(e.name) == key(m.name.split()[-1])] or [
            m for m in merged.values() if short_form_of(e.name, m.name)]
        if len(owners) == 1:
            absorb(owners[0], e)
            aliases[owners[0].name].add(e.name)
        elif not owners and not any(key(e.name) == key(m) for m in merged):
            merged[e.name] = copy_evidence(e)  # a person the text only ever names by one word
            aliases[e.name] = set()
    for e in merged.values():
        aliases[e.name] |= forms(e.name) | e.defined | office_forms(e)
    draft = Cast([Person(e.name, Role.OTHER, aliases=tuple(aliases[e.name]))
                  for e in merged.values()], {})
    standing = {e.name for e in merged.values() if e.roles["candidate"] or e.party or e.post}
    if bind_unnamed(gathered.turns, draft, aliases, standing):
        draft = Cast([Person(e.name, Role.OTHER, aliases=tuple(aliases[e.name]))
                      for e in merged.values()], {})
    turns = turns_by_person(gathered.turns, draft)
    typical = asking(turns)
    speaking = max((spoken(e, turns.get(e.name, [])) for e in merged.values()
                    if not asks(turns.get(e.name, []), typical) and not e.roles["chair"]),
                   default=0)
    people: list[Person] = []
    genders: dict[str, str | None] = {}
    for e in sorted(merged.values(), key=lambda e: e.order):
        role = decide_role(e, turns.get(e.name, []), speaking, typical)
        if role is Role.OTHER and not +e.roles and not e.gender and e.name not in turns:
            continue  # a name the text never shows acting ("Wrenfield hustings"): no one
        names = set(aliases[e.name])
        if role is Role.CANDIDATE and len(e.name.split()) > 1:
            names.add(initials(e.name))
        status = Status.ABSENT if e.absent and not e.roles["late"] else Status.TOOK_PART
        people.append(Person(name=e.name, role=role, party=(e.party or e.post)
                             if role is Role.CANDIDATE else None, status=status,
                             reason=e.absent if status is Status.ABSENT else None,
                             aliases=tuple(sorted(n for n in names if n != e.name)),
                             descriptors=tuple(dict.fromkeys(e.descriptors))))
        genders[e.name] = e.gender
    # a party is a party, never a person: "Forward Together" when a candidate stands for it
    parties = {party_key(p.party) for p in people if p.role is Role.CANDIDATE and p.party}
    people = [p for p in people if not (party_key(p.name) in parties and party_key(p.name)
                                        != party_key(p.party or ""))]
    return Cast(people, genders, candidate_nouns(people, gathered.lowercase), gathered.lowercase)


def bind_unnamed(turns: list[Turn], draft: Cast, aliases: dict[str, set[str]],
                 standing: set[str]) -> bool:
    """Give a label that names no one ("+44 7700 900123") the one candidate the host named in
    the turn just before its first turn ("Over to Jane Doe, on the phone."); True if any."""
    speakers = {p.name for t in turns if (p := draft.resolve(t.label))}
    bound = False
    for before, turn in zip(turns, turns[1:]):
        if not unnamed(turn.label) or draft.resolve(turn.label) or not before.last:
            continue
        handover = split_sentences(before.last)[-1].text
        named = {p.name for p in draft.people if p.name in standing - speakers and any(
            re.search(rf"(?<![\w’'-]){re.escape(form)}(?![\w’'-])", handover)
            for form in (p.name, *p.aliases) if len(form) > 2 and form[:1].isupper())}
        if len(named) == 1 and turn.label not in {a for s in aliases.values() for a in s}:
            aliases[named.pop()].add(turn.label)
            bound = True
    return bound
