"""Clauses of a parse: the subject of a verb, and whether a verb heads its sentence."""

from __future__ import annotations

from ingest.understand.nlp import Parsed, Token

_JOINING = frozenset({"and", "but", "while"})


def subject_of(parsed: Parsed, verb: Token) -> Token | None:
    """Return a verb's subject, looking through "and" and "X goes on, claiming ..."."""
    node = verb
    for _ in range(3):
        subject = next((c for c in parsed.children(node) if c.dep in ("nsubj", "nsubjpass")),
                       None)
        if subject is not None:
            return subject
        if node.dep == "conj" and (named := _name_before(parsed, node)) is not None:
            return named
        participle = node.dep == "advcl" and node.tag == "VBG"
        if node.dep == "pcomp" and node.tag == "VBG":  # "X answered by attacking Y"
            node = parsed.tokens[node.head]
            participle = True
        if (node.dep not in ("conj", "xcomp") and not participle) or node.head == node.i:
            return None
        node = parsed.tokens[node.head]
    return None


def _name_before(parsed: Parsed, verb: Token) -> Token | None:
    """Return the name written between "and" and a joined verb ("... and Doe-Roe explained"):
    its subject, however the parser attached it."""
    tokens = parsed.tokens
    i = verb.i - 1
    while i >= 0 and (tokens[i].pos == "PROPN" or tokens[i].text in "-'’"):
        i -= 1
    if i < 0 or i == verb.i - 1 or tokens[i].lower not in _JOINING:
        return None
    return tokens[verb.i - 1] if tokens[verb.i - 1].pos == "PROPN" else None


def main_clause(parsed: Parsed, verb: Token, lo: int, hi: int) -> bool:
    """Tell whether a verb heads the sentence [lo, hi) (or a clause joined to its head), not a
    clause of time or condition ("before X can answer")."""
    node = verb
    for _ in range(4):
        if node.head == node.i or not lo <= parsed.tokens[node.head].start < hi:
            return True
        if node.dep not in ("conj", "ccomp", "parataxis", "xcomp"):
            # "..., claiming X", "when she said X", "by attacking X": a clause of saying with
            # what was said; not "before X can answer"
            return (node.dep in ("advcl", "pcomp") and node.tag == "VBG") or (
                node.dep == "advcl" and any(c.dep == "ccomp" for c in parsed.children(node)))
        node = parsed.tokens[node.head]
    return True
