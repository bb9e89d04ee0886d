"""The cast of one document: its people, and every way the text refers to each of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ingest.understand.model import Person, Role, Status
from ingest.understand.names import clean_name, initials, key, title_of


@dataclass
class Evidence:
    """What the text says about one name, gathered before roles are decided."""

    name: str
    order: int
    roles: Counter = field(default_factory=Counter)
    party: str | None = None
    absent: str | None = None
    defined: set[str] = field(default_factory=set)  # initials or short forms the text defines
    descriptors: list[str] = field(default_factory=list)  # "apple grower", "retired fisherman"
    gender: str | None = None


class Cast:
    """The people of one document, with an index from each alias to its person."""

    def __init__(self, people: list[Person], genders: dict[str, str | None]) -> None:
        self.people = people
        self.by_name = {p.name: p for p in people}
        self.genders = genders
        self._index: dict[str, list[str]] = {}
        for person in people:
            for alias in (person.name, *person.aliases):
                owners = self._index.setdefault(key(alias), [])
                if person.name not in owners:
                    owners.append(person.name)

    def resolve(self, written: str, near: Sequence[Person] = ()) -> Person | None:
        """Return the person a written name or label refers to.

        A name two people share ("Doe" of Jane and John Doe) means the one of them named in
        full nearby (`near`, most recent last), if one is; else no one (a guess could
        misattribute).
        """
        owners = self._index.get(key(written))
        if owners is None:
            cleaned = clean_name(written)
            owners = self._index.get(key(cleaned)) if cleaned else None
        if not owners:
            return None
        if len(owners) == 1:
            return self.by_name[owners[0]]
        for person in reversed(near):
            if person.name in owners:
                return person
        return None

    def with_party(self, party_words: set[str]) -> Person | None:
        """Return the one candidate whose party shares these words, if exactly one."""
        found = [p for p in self.people if p.role is Role.CANDIDATE and p.party
                 and party_words & set(key(p.party).split())]
        return found[0] if len(found) == 1 else None

    def gender(self, name: str) -> str | None:
        return self.genders.get(name)


def build_cast(evidence: list[Evidence]) -> Cast:
    """Cluster the names found into people, decide each one's role, and index their aliases."""
    full = [e for e in sorted(evidence, key=lambda e: e.order) if len(e.name.split()) >= 2]
    merged: dict[str, Evidence] = {}
    for e in full:
        target = next((m for m in merged.values() if key(m.name) == key(e.name)), None)
        if target is None:
            merged[e.name] = _copy(e)
        else:
            _absorb(target, e)
    short = [e for e in evidence if len(e.name.split()) == 1]
    aliases: dict[str, set[str]] = {name: set() for name in merged}
    for e in sorted(short, key=lambda e: e.order):
        owners = [m for m in merged.values() if _short_form_of(e.name, m.name)]
        if len(owners) == 1:
            _absorb(owners[0], e)
            aliases[owners[0].name].add(e.name)
        elif not owners and not any(key(e.name) == key(m) for m in merged):
            merged[e.name] = _copy(e)  # a person the text only ever names by one word
            aliases[e.name] = set()
    people: list[Person] = []
    genders: dict[str, str | None] = {}
    for e in sorted(merged.values(), key=lambda e: e.order):
        role = _role(e)
        if role is Role.OTHER and not +e.roles and not e.gender:
            continue  # a name the text never shows acting ("Wrenfield hustings"): no one
        names = aliases[e.name] | _forms(e.name) | e.defined
        if role is Role.CANDIDATE and len(e.name.split()) > 1:
            names.add(initials(e.name))
        status = Status.ABSENT if e.absent and not e.roles["late"] else Status.TOOK_PART
        people.append(Person(name=e.name, role=role, party=e.party if role is Role.CANDIDATE
                             else None, status=status,
                             reason=e.absent if status is Status.ABSENT else None,
                             aliases=tuple(sorted(n for n in names if n != e.name)),
                             descriptors=tuple(dict.fromkeys(e.descriptors))))
        genders[e.name] = e.gender
    return Cast(people, genders)


def _role(e: Evidence) -> Role:
    r = e.roles
    if r["chair"] and r["chair"] >= r["candidate"]:
        return Role.CHAIR
    if r["candidate"] or e.party:
        return Role.CANDIDATE
    if r["reporter"]:
        return Role.REPORTER
    if r["audience"]:
        return Role.AUDIENCE
    return Role.OTHER


def _forms(name: str) -> set[str]:
    """Return the spellings a full name is written in: surname, first name, uppercase."""
    words = name.split()
    forms = {name.upper()}
    if len(words) > 1:
        forms |= {words[-1], words[0]}
    return forms


def _short_form_of(short: str, full: str) -> bool:
    words = [key(w) for w in full.split()]
    return key(short) in (words[0], words[-1]) or key(short) == key(initials(full))


def _copy(e: Evidence) -> Evidence:
    return replace(e, roles=Counter(e.roles), defined=set(e.defined),
                   descriptors=list(e.descriptors))


def _absorb(target: Evidence, e: Evidence) -> None:
    target.roles.update(e.roles)
    target.party = target.party or e.party
    target.absent = target.absent or e.absent
    target.defined |= e.defined
    target.descriptors.extend(e.descriptors)
    target.gender = target.gender or e.gender


def gender_of_title(written: str) -> str | None:
    """Return "f" or "m" for a name written with a gendered title."""
    from ingest.lexicon import FEMALE_TITLES, MALE_TITLES

    title = title_of(written)
    return "f" if title in FEMALE_TITLES else "m" if title in MALE_TITLES else None
