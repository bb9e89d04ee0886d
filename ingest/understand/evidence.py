"""What the text says about its people before they are decided: evidence per name, and turns."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ingest.text import CAP
from ingest.understand.names import abbreviates

_DEFINED = re.compile(rf"^[^.;]{{0,60}}?[(“\"‘']\s*({CAP}{{2,4}})\s*[)”\"’',]")


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
    post: str | None = None  # what they stand for where no party is given: "VP Welfare"


@dataclass(frozen=True)
class Turn:
    """One labelled turn of a transcript: who the label names, how long, whether it asks."""

    label: str
    words: int
    asks: bool  # the turn ends with a question
    last: str = ""  # the turn's last paragraph: where a host hands over to the next speaker


@dataclass(frozen=True)
class Gathered:
    """Everything the text says about its people: names with their evidence, and turns."""

    evidence: list[Evidence]
    turns: list[Turn] = field(default_factory=list)
    lowercase: frozenset[str] = frozenset()  # the words the document writes in lowercase


def copy_evidence(e: Evidence) -> Evidence:
    return replace(e, roles=Counter(e.roles), defined=set(e.defined),
                   descriptors=list(e.descriptors), offices=set(e.offices))


def absorb(target: Evidence, e: Evidence) -> None:
    target.roles.update(e.roles)
    target.party = target.party or e.party
    target.post = target.post or e.post
    target.absent = target.absent or e.absent
    target.defined |= e.defined
    target.descriptors.extend(e.descriptors)
    target.gender = target.gender or e.gender
    target.offices |= e.offices


def defined(e: Evidence, after: str) -> None:
    """Note the short form the text defines for a name ("Jane Doe (“JD”)"), if it is made of
    the name's own initials: "(GM)" after a name is another thing's abbreviation."""
    m = _DEFINED.match(after)
    if m and abbreviates(m.group(1), e.name):
        e.defined.add(m.group(1))
