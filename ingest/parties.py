"""Recognise and normalise political party names."""

from __future__ import annotations

import re

# Words that mark a phrase as a party name. General vocabulary of party politics, not of any one
# document; a parenthesis after a name marks a party even without these.
PARTY_WORDS = frozenset("""
labour conservative conservatives tory tories liberal liberals democrat democrats democratic lib
dem dems green greens reform independent independents snp plaid cymru ukip workers alliance sinn
féin fein dup uup sdlp socialist socialists republican republicans communist co-op coop co-
operative cooperative heritage party christian monster raving loony national alba brexit tusc
libertarian unionist nationalist progressive progressives pirate fianna gael aontú aontu
nationals ndp lnp ppc québécois quebecois
""".split())

_ALIASES = (
    (re.compile(r"^lib(?:eral)?[\s-]*dem(?:ocrat)?s?$"), "Liberal Democrats"),
    (re.compile(r"^(?:tory|tories|conservatives?)(?: and unionist)?$"), "Conservative"),
    (re.compile(r"^greens?$"), "Green"),
    (re.compile(r"^labour (?:and|&) co-?operative$|^labour co-?op$"), "Labour Co-op"),
    (re.compile(r"^independents?$"), "Independent"),
)


def normalise_party(text: str) -> str:
    """Return a party's canonical name: "Liberal Democrats Party" -> "Liberal Democrats"."""
    name = " ".join(text.replace("’", "'").split()).strip(" ,.;:-–")
    name = re.sub(r"^(?:the)\s+", "", name, flags=re.IGNORECASE)
    if name.lower() != "party":
        name = re.sub(r"\s+party$", "", name, flags=re.IGNORECASE)
    low = name.lower()
    for pattern, canonical in _ALIASES:
        if pattern.match(low):
            return canonical
    return name


def party_key(text: str) -> frozenset[str]:
    """Return the words that identify a party, for matching mentions against the roster."""
    words = re.findall(r"[\w'-]+", normalise_party(text).lower())
    return frozenset(w for w in words if w not in {"party", "the", "and", "&", "uk"}) or frozenset(
        words)


def is_party_phrase(text: str) -> bool:
    """Tell whether text reads like a party name."""
    words = re.findall(r"[\w'-]+", text.lower())
    return bool(words) and any(w in PARTY_WORDS for w in words)
