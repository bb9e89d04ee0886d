"""The cast of one document: its people, and every way the text refers to each of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ingest.lexicon import CANDIDATE_WORDS, SURNAME_PARTICLES
from ingest.parties import party_key
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
    offices: set[str] = field(default_factory=set)  # "governor", "vice president"


# Someone with labelled turns, or reported speaking at least this often and this share of the
# most talkative speaker's reports, is a principal speaker: a candidate, unless their turns ask
# the questions (the moderator) or the text says what else they are.
_PRINCIPAL_MIN = 2
_PARTY_WEIGHT = 2
_OUTSPOKEN = 3
_PRINCIPAL_SHARE = 0.3
_ASKS = 0.5  # a speaker whose turns mostly end in a question is the moderator, and so is
_ASKS_OFTEN = 0.3  # one who often asks, three times as often as the typical speaker
_ASKS_MORE = 3


class Cast:
    """The people of one document, with an index from each alias to its person."""

    def __init__(self, people: list[Person], genders: dict[str, str | None],
                 nouns: frozenset[str] = CANDIDATE_WORDS) -> None:
        self.people = people
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


@dataclass(frozen=True)
class Turn:
    """One labelled turn of a transcript: who the label names, how long, whether it asks."""

    label: str
    words: int
    asks: bool  # the turn ends with a question


@dataclass(frozen=True)
class Gathered:
    """Everything the text says about its people: names with their evidence, and turns."""

    evidence: list[Evidence]
    turns: list[Turn] = field(default_factory=list)
    lowercase: frozenset[str] = frozenset()  # the words the document writes in lowercase


def build_cast(gathered: Gathered) -> Cast:
    """Cluster the names found into people, decide each one's role, and index their aliases."""
    evidence = [e for e in gathered.evidence if not common_phrase(e.name, gathered.lowercase)]
    merged = _cluster_full_names(evidence)
    for name in [n for n in merged if _word_before_a_name(n, merged, gathered.lowercase)]:
        del merged[name]  # "Will Jane ..." at a question's start is not a person "Will Jane"
    aliases: dict[str, set[str]] = {name: set() for name in merged}
    for e in sorted(evidence, key=lambda e: e.order):
        if len(e.name.split()) >= 2 and e.name not in merged:  # "McLoughlin Healy"
            owner = next((m for m in merged.values() if key(m.name) == key(e.name)
                          or _suffix_of(e.name, m.name) or _with_initial(m.name, e.name)
                          or _misspelt(m.name, e.name)), None)
            if owner is not None:
                aliases[owner.name].add(e.name)
    for e in sorted((e for e in evidence if len(e.name.split()) == 1), key=lambda e: e.order):
        owners = [m for m in merged.values() if key(e.name) == key(m.name.split()[-1])] or [
            m for m in merged.values() if _short_form_of(e.name, m.name)]
        if len(owners) == 1:
            _absorb(owners[0], e)
            aliases[owners[0].name].add(e.name)
        elif not owners and not any(key(e.name) == key(m) for m in merged):
            merged[e.name] = _copy(e)  # a person the text only ever names by one word
            aliases[e.name] = set()
    for e in merged.values():
        aliases[e.name] |= _forms(e.name) | e.defined | _office_forms(e)
    draft = Cast([Person(e.name, Role.OTHER, aliases=tuple(aliases[e.name]))
                  for e in merged.values()], {})
    turns = _turns_by_person(gathered.turns, draft)
    asking = _asking(turns)
    speaking = max((_spoke(e, turns.get(e.name, [])) for e in merged.values()
                    if not _asks(turns.get(e.name, []), asking) and not e.roles["chair"]),
                   default=0)
    people: list[Person] = []
    genders: dict[str, str | None] = {}
    for e in sorted(merged.values(), key=lambda e: e.order):
        role = _role(e, turns.get(e.name, []), speaking, asking)
        if role is Role.OTHER and not +e.roles and not e.gender and e.name not in turns:
            continue  # a name the text never shows acting ("Wrenfield hustings"): no one
        names = set(aliases[e.name])
        if role is Role.CANDIDATE and len(e.name.split()) > 1:
            names.add(initials(e.name))
        status = Status.ABSENT if e.absent and not e.roles["late"] else Status.TOOK_PART
        people.append(Person(name=e.name, role=role, party=e.party if role is Role.CANDIDATE
                             else None, status=status,
                             reason=e.absent if status is Status.ABSENT else None,
                             aliases=tuple(sorted(n for n in names if n != e.name)),
                             descriptors=tuple(dict.fromkeys(e.descriptors))))
        genders[e.name] = e.gender
    return Cast(people, genders, _candidate_nouns(people, gathered.lowercase))


def _candidate_nouns(people: list[Person], lowercase: frozenset[str]) -> frozenset[str]:
    """Return the nouns the text calls its candidates by: the candidate words, and a noun that
    describes one of them ("Green leader Jane Doe") and all of them ("the seven leaders")."""
    heads = {d.split()[-1].lower() for p in people if p.role is Role.CANDIDATE
             for d in p.descriptors if d}
    return CANDIDATE_WORDS | {h for h in heads if f"{h}s" in lowercase}


def _cluster_full_names(evidence: list[Evidence]) -> dict[str, Evidence]:
    """Merge the evidence of full names that are one person: the same name, or its last words
    ("McLoughlin Healy" of "Fiona McLoughlin Healy")."""
    full = sorted((e for e in evidence if len(e.name.split()) >= 2),
                  key=lambda e: (-len(e.name.split()), e.order))
    merged: dict[str, Evidence] = {}
    for e in full:
        target = next((m for m in merged.values() if key(m.name) == key(e.name)
                       or _with_initial(m.name, e.name) or _misspelt(m.name, e.name)), None)
        suffix = [m for m in merged.values() if _suffix_of(e.name, m.name)]
        if target is None and len(suffix) == 1:
            target = suffix[0]
        if target is None:
            merged[e.name] = _copy(e)
            continue
        _absorb(target, e)
        if e.order < target.order and _with_initial(target.name, e.name):
            del merged[target.name]  # "Donald Trump" before "Donald J. Trump": the first is
            target.name = e.name     # the name as the document introduces it
            merged[e.name] = target
        target.order = min(target.order, e.order)
    return dict(sorted(merged.items(), key=lambda kv: kv[1].order))


def common_phrase(name: str, lowercase: frozenset[str]) -> bool:
    """Tell whether a capitalised phrase is words the document also writes in lowercase: a
    policy, a title or a sentence's opening ("Living Wage", "Presidential Debate", "Said JD"),
    not a person's name."""
    words = [w for w in name.split() if len(w) > 1]
    if len(words) < 2:
        return False
    common = [w.lower().replace("’", "'") in lowercase for w in words]
    initialism = [w.isupper() and len(w) <= 4 for w in words]
    return all(c or i for c, i in zip(common, initialism)) and any(common)


def _word_before_a_name(name: str, merged: dict[str, Evidence],
                        lowercase: frozenset[str]) -> bool:
    """Tell whether a name is a common word run into someone else's name ("Will Jane",
    "Said JD"): its first word is one the text writes in lowercase, the rest another's."""
    words = name.split()
    if len(words) < 2 or words[0].lower() not in lowercase:
        return False
    rest = key(" ".join(words[1:]))
    return any(m != name and rest in (key(m), *map(key, m.split())) for m in merged)


def _with_initial(a: str, b: str) -> bool:
    """Tell whether two names differ only by middle initials ("Jane Q. Doe", "Jane Doe")."""
    x, y = key(a).replace(".", "").split(), key(b).replace(".", "").split()
    if len(x) < len(y):
        x, y = y, x
    return len(y) >= 2 and x[0] == y[0] and x[-1] == y[-1] and len(x) > len(y) and all(
        len(w) == 1 for w in x[1:-1])


def _misspelt(a: str, b: str) -> bool:
    """Tell whether two names are one with its first name misspelt ("Leanne"/"Leanna Doe"):
    the same surname, first names of one length differing in one letter after the fourth."""
    x, y = key(a).split(), key(b).split()
    if len(x) != len(y) or len(x) < 2 or x[1:] != y[1:] or len(x[0]) != len(y[0]):
        return False
    return len(x[0]) >= 5 and x[0][:4] == y[0][:4] and sum(
        c != d for c, d in zip(x[0], y[0])) == 1


def _suffix_of(short: str, full: str) -> bool:
    """Tell whether a name of two or more words ends a longer one: a surname of two words."""
    a, b = key(short).split(), key(full).split()
    return 2 <= len(a) < len(b) and b[-len(a):] == a


def _turns_by_person(turns: list[Turn], draft: Cast) -> dict[str, list[Turn]]:
    """Return each person's labelled turns, the labels resolved against the cast's names."""
    out: dict[str, list[Turn]] = {}
    for turn in turns:
        person = draft.resolve(turn.label)
        if person is not None:
            out.setdefault(person.name, []).append(turn)
    return out


def _spoke(e: Evidence, turns: list[Turn]) -> int:
    return max(len(turns), e.roles["spoke"])


def _asking(turns: dict[str, list[Turn]]) -> float:
    """Return how often a typical speaker's turn ends in a question (the median share)."""
    shares = sorted(sum(t.asks for t in ts) / len(ts) for ts in turns.values()
                    if len(ts) >= _PRINCIPAL_MIN)
    return shares[len(shares) // 2] if shares else 0.0


def _role(e: Evidence, turns: list[Turn], speaking: int, asking: float) -> Role:
    """Decide a person's role: what the text says of them first; else, for someone who speaks
    as much as the principal speakers, a moderator when their turns ask the questions, else a
    candidate."""
    r = e.roles
    if r["chair"] and r["chair"] >= r["candidate"] + (_PARTY_WEIGHT if e.party else 0):
        return Role.CHAIR  # a candidate is never the chair: a party outweighs a chair word
    if r["candidate"] or e.party:
        return Role.CANDIDATE
    spoke = _spoke(e, turns)
    principal = len(turns) >= _PRINCIPAL_MIN or (
        spoke >= _PRINCIPAL_MIN and spoke >= _PRINCIPAL_SHARE * speaking)
    for role, word in ((Role.REPORTER, "reporter"), (Role.AUDIENCE, "audience"),
                       (Role.OTHER, "other")):
        if r[word] and not (principal and spoke >= _OUTSPOKEN * r[word]):
            return role  # unless one stray word is outweighed by how much they speak
    if _asks(turns, asking):
        return Role.CHAIR
    return Role.CANDIDATE if principal else Role.OTHER


def _asks(turns: list[Turn], asking: float) -> bool:
    """Tell whether a speaker's turns ask the questions: the moderator's."""
    asks = sum(t.asks for t in turns) / max(len(turns), 1)
    return len(turns) >= _PRINCIPAL_MIN and (
        asks >= _ASKS or (asks >= _ASKS_OFTEN and asks >= _ASKS_MORE * asking))


def _office_forms(e: Evidence) -> set[str]:
    """Return the ways an office names its holder: "Governor Doe", "the Vice President"."""
    surname = e.name.split()[-1]
    forms: set[str] = set()
    for office in e.offices:
        forms |= {office, f"the {office}", f"{office} {surname}"}
    return forms


def _forms(name: str) -> set[str]:
    """Return the spellings a full name is written in: surname (with its particles: "Ó Briain",
    "Mac Giolla Phádraig", "van der Berg"), first name, uppercase."""
    words = name.split()
    forms = {name.upper()}
    if len(words) > 1:
        forms |= {words[-1], words[0]}
        particle = next((i for i, w in enumerate(words[1:-1], 1)
                         if w.lower().rstrip(".") in SURNAME_PARTICLES), None)
        if particle is not None:
            forms.add(" ".join(words[particle:]))
    return forms


def _short_form_of(short: str, full: str) -> bool:
    words = [key(w) for w in full.split()]
    return key(short) in (words[0], words[-1]) or key(short) == key(initials(full))


def _copy(e: Evidence) -> Evidence:
    return replace(e, roles=Counter(e.roles), defined=set(e.defined),
                   descriptors=list(e.descriptors), offices=set(e.offices))


def _absorb(target: Evidence, e: Evidence) -> None:
    target.roles.update(e.roles)
    target.party = target.party or e.party
    target.absent = target.absent or e.absent
    target.defined |= e.defined
    target.descriptors.extend(e.descriptors)
    target.gender = target.gender or e.gender
    target.offices |= e.offices


def gender_of_title(written: str) -> str | None:
    """Return "f" or "m" for a name written with a gendered title."""
    from ingest.lexicon import FEMALE_TITLES, MALE_TITLES

    title = title_of(written)
    return "f" if title in FEMALE_TITLES else "m" if title in MALE_TITLES else None
