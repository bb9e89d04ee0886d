"""Which names are one person: full names, their variants and short forms, and their aliases."""

from __future__ import annotations

import re

from ingest.lexicon import SURNAME_PARTICLES
from ingest.understand.evidence import Evidence, absorb, copy_evidence
from ingest.understand.names import initials, key


def cluster_full_names(evidence: list[Evidence]) -> dict[str, Evidence]:
    """Merge the evidence of full names that are one person: the same name, or its last words
    ("Carew Hill" of "Jo Carew Hill")."""
    full = sorted((e for e in evidence if len(e.name.split()) >= 2),
                  key=lambda e: (-len(e.name.split()), e.order))
    merged: dict[str, Evidence] = {}
    for e in full:
        target = next((m for m in merged.values() if key(m.name) == key(e.name)
                       or with_initial(m.name, e.name) or misspelt(m.name, e.name)
                       or surname_abbreviated(m.name, e.name)), None)
        suffix = [m for m in merged.values() if suffix_of(e.name, m.name)]
        if target is None and len(suffix) == 1:
            target = suffix[0]
        if target is None:
            merged[e.name] = copy_evidence(e)
            continue
        absorb(target, e)
        if len(e.name) > len(target.name) and surname_abbreviated(target.name, e.name):
            del merged[target.name]  # "Jo L-P" is "Jo Llewellyn-Price": the full name
            target.name = e.name
            merged[e.name] = target
        elif e.order < target.order and with_initial(target.name, e.name):
            del merged[target.name]  # "Jane Doe" before "Jane Q. Doe": the first is
            target.name = e.name     # the name as the document introduces it
            merged[e.name] = target
        target.order = min(target.order, e.order)
    return dict(sorted(merged.items(), key=lambda kv: kv[1].order))


def common_phrase(name: str, lowercase: frozenset[str]) -> bool:
    """Tell whether a capitalised phrase is words the document also writes in lowercase: a
    policy, a title or a sentence's opening ("Living Wage", "Town Hall Debate", "Said JD"),
    not a person's name."""
    words = [w for w in name.split() if len(w) > 1]
    if len(words) < 2:
        return False
    common = [w.lower().replace("’", "'") in lowercase for w in words]
    initialism = [w.isupper() and len(w) <= 4 for w in words]
    return all(c or i for c, i in zip(common, initialism)) and any(common)


def word_before_a_name(name: str, merged: dict[str, Evidence],
                        lowercase: frozenset[str]) -> bool:
    """Tell whether a name is a common word run into someone else's name ("Will Jane",
    "Said JD"): its first word is one the text writes in lowercase, the rest another's."""
    words = name.split()
    if len(words) < 2 or words[0].lower() not in lowercase:
        return False
    rest = key(" ".join(words[1:]))
    return any(m != name and rest in (key(m), *map(key, m.split())) for m in merged)


def with_initial(a: str, b: str) -> bool:
    """Tell whether two names differ only by middle initials ("Jane Q. Doe", "Jane Doe",
    "Jane Q. van Doe")."""
    x, y = key(a).replace(".", "").split(), key(b).replace(".", "").split()
    if len(x) < len(y):
        x, y = y, x
    plain = [x[0], *(w for w in x[1:-1] if len(w) > 1), x[-1]]  # a surname of several words
    return len(y) >= 2 and len(x) > len(y) and plain == y     # keeps its particles


def surname_abbreviated(a: str, b: str) -> bool:
    """Tell whether two names are one with the surname cut to its initials, as a meeting's
    display name writes it ("Jo L-P", "Jo L.P.", "Jo L" for "Jo Llewellyn-Price")."""
    x, y = key(a).split(), key(b).split()
    if len(x) != 2 or len(y) != 2 or x[0] != y[0]:
        return False
    full, short = (x[1], y[1]) if len(x[1]) > len(y[1]) else (y[1], x[1])
    letters = [p[0] for p in re.split(r"[-\s]", full) if p]
    cut = [c for c in re.split(r"[-.\s]", short) if c]
    return len(short) < len(full) and (cut == letters or cut == letters[:1]) and len(
        letters) >= len(cut)


def misspelt(a: str, b: str) -> bool:
    """Tell whether two names are one with its first name misspelt ("Margot"/"Margit Doe"):
    the same surname, first names of one length differing in one letter after the fourth."""
    x, y = key(a).split(), key(b).split()
    if len(x) != len(y) or len(x) < 2 or x[1:] != y[1:] or len(x[0]) != len(y[0]):
        return False
    return len(x[0]) >= 5 and x[0][:4] == y[0][:4] and sum(
        c != d for c, d in zip(x[0], y[0])) == 1


def suffix_of(short: str, full: str) -> bool:
    """Tell whether a name of two or more words ends a longer one: a surname of two words."""
    a, b = key(short).split(), key(full).split()
    return 2 <= len(a) < len(b) and b[-len(a):] == a


def short_form_of(short: str, full: str) -> bool:
    words = [key(w) for w in full.split()]
    return key(short) in (words[0], words[-1]) or key(short) == key(initials(full))


def forms(name: str) -> set[str]:
    """Return the spellings a full name is written in: surname (with its particles: "Ó Briain",
    "Mac Giolla Phádraig", "van der Berg"), first name, uppercase."""
    words = name.split()
    forms = {name.upper()}
    if len(words) > 1:
        particle = next((i for i, w in enumerate(words[:-1])
                         if w.lower().rstrip(".") in SURNAME_PARTICLES), None)
        forms.add(words[-1])
        if particle is not None:
            forms.add(" ".join(words[particle:]))  # "Ó Briain"
        if particle != 0:
            forms.add(words[0])  # a first name, unless the name is all surname
    return {f for f in forms if len(f) > 1}


def office_forms(e: Evidence) -> set[str]:
    """Return the ways an office names its holder: "Governor Doe", "the Vice President"."""
    surname = e.name.split()[-1]
    forms: set[str] = set()
    for office in e.offices:
        forms |= {office, f"the {office}", f"{office} {surname}"}
    return forms
