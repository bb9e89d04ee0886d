"""Read one mention of a person: the party, role and description the words around it give."""

from __future__ import annotations

import re

from ingest.lexicon import (
    ABSENCE,
    CANDIDATE_WORDS,
    CHAIR_WORDS,
    EVENT_WORDS,
    NAME_LINK,
    NAME_PARTICLE,
    OFFICES,
    SPEECH_FORMS,
    TITLES,
)
from ingest.parties import PARTY_WORDS, is_party_phrase, normalise_party
from ingest.text import CAP
from ingest.understand.names import FULL_NAME
from ingest.understand.nlp import Entity, Parsed, Token

_AFTER_PARTY = re.compile(r"^\s*(?:\((?P<paren>[^()]{2,60})\)"
                          rf"|,?\s*for\s+(?P<for>(?:the\s+)?{CAP}[\w ]{{1,30}}?)"
                          r"(?=[,;.]|\s+and\b|$)"
                          r"|\s*[–—-]\s*(?P<dash>[^–—\-,;(]{2,40})"
                          r"|,\s*(?:the\s+)?(?P<comma>[^,;()]{2,40}?)(?:\s+candidate)?(?=[,;.]|$)"
                          rf"|\s+(?:of|for)\s+(?P<of>(?:the\s+)?{CAP}[\w ]{{1,30}}?)"
                          r"(?=[,;.]|\s+(?:is|was|who)\b|$))")  # "X for the Conservatives"
CHAIR_AFTER = re.compile(r"\s*(?:,\s*(?:the\s+|its\s+|our\s+)?(?:[\w’']+\s+){0,3}|\(\s*)"
                          r"(?:chair|chairman|chairwoman|chairperson|moderator|presenter|host)\b"
                          r"(?=\s*(?:[,.;()“]|of\b|$))", re.I)
_POSTS = TITLES | OFFICES | CANDIDATE_WORDS | CHAIR_WORDS
_STANDING = frozenset({"running", "standing", "contesting", "re-election", "candidate", "seeking"})


def descriptors(parsed: Parsed, ent: Entity, root: Token) -> list[str]:
    """Return the phrases that describe a person where they are named: "apple grower Jane
    Doe", "Jane Doe, a retired fisherman who ..."."""
    out = []
    before = []
    for t in reversed(parsed.tokens[:ent.first]):
        hyphen = t.text == "-" and before  # "first-time candidate"
        if not hyphen and (t.dep not in ("compound", "amod", "npadvmod")
                           or not _within(parsed, t, root)):
            break
        before.insert(0, t)
    while before and (before[0].lower in TITLES or before[0].lower in PARTY_WORDS):
        before = before[1:]
    if before and before[-1].tag == "NN" and len(before) <= 5:  # "apple grower", not "Mayoral"
        out.append(re.sub(r"\s+-\s+", "-", " ".join(t.text for t in before)))
    for child in parsed.children(root):
        if child.dep == "appos" and child.pos == "NOUN" and child.i > ent.last:
            span = [t for t in parsed.subtree(child) if t.i <= child.i and t.dep != "det"]
            words = [t for t in span if t.text != "-"]  # "24-year-old" is one word
            if 1 <= len(words) <= 6:
                out.append(re.sub(r"\s+-\s+", "-", " ".join(t.text for t in span)))
    return out


def _within(parsed: Parsed, token: Token, root: Token) -> bool:
    """Tell whether token hangs (through modifiers) on root."""
    node = token
    for _ in range(4):
        if node.head == root.i:
            return True
        if node.head == node.i:
            return False
        node = parsed.tokens[node.head]
    return False


# A minutes' field listing who was not there: "Apologies:", "Apologies received:", "Absent:".
_ABSENT_FIELD = re.compile(r"^\W*(apologies|absent)(?:\s+\w+)?\s*:\s*(?:[^:\n]*?(?:,|\band)\s+)?$",
                           re.I)


# A list of those who did not take part, after the words that say so and a colon.
_ABSENT_LIST = re.compile(r"\b((?:did not|didn[’']t|failed to) (?:reply|respond|attend)|declined|"
                          r"sent (?:their )?apologies)[^:.;]{0,40}:\s*(?:[^:.;]*?(?:,|\band)\s+)?$",
                          re.I)


def absence(text: str, ent: Entity) -> str | None:
    """Return why the named person did not take part, when the text right after the name says
    so ("X, who ..., did not respond") or "apologies from X" comes before it."""
    before = text[max(0, ent.start - 40):ent.start]
    if re.search(r"\bapolog\w*\s+(?:\w+\s+){0,2}from\s+(?:\w+\s+)?$", before, re.I):
        return "sent apologies"
    line = text[text.rfind("\n", 0, ent.start) + 1:ent.start]
    if m := _ABSENT_FIELD.match(line):  # minutes' "Apologies: Jane Doe (Labour), ..."
        return "sent apologies" if m.group(1).lower().startswith("apolog") else "could not attend"
    lead = re.split(r"[.!?]\s+", text[max(0, ent.start - 200):ent.start])[-1]
    if m := _ABSENT_LIST.search(lead):  # "Two candidates did not reply: Jane Doe and ..."
        return next(reason for pattern, reason in ABSENCE if pattern.search(m.group(1) + "."))
    after = re.sub(r"[“\"][^”\"]*[”\"]", "", text[ent.end:ent.end + 120])  # not inside quotes
    for pattern, reason in ABSENCE:
        m = pattern.search(after)
        if m and not re.search(r"\b(?:said|says|told|added|asked)\b|[.;!?]\s", after[:m.start()]):
            return reason
    return None


def party_before(parsed: Parsed, ent: Entity) -> str | None:
    """Return the party written before a name: "Labour’s X", "Conservative candidate X",
    "The Green Party candidate, X"."""
    root = root_of(parsed, ent)
    head = parsed.tokens[root.head]
    if root.dep == "appos" and head.lower in CANDIDATE_WORDS:
        phrase = " ".join(t.text for t in parsed.tokens[max(0, head.i - 4):head.i]
                          if t.text[:1].isupper() and t.lower != "the")
        if phrase and is_party_phrase(phrase):
            return normalise_party(phrase)
    if root.dep == "appos" and head.lower.rstrip("s") in PARTY_WORDS:
        words = [head.text]  # "The Liberal Democrat, Jane Doe,": the party noun and its run
        for t in reversed(parsed.tokens[max(0, head.i - 3):head.i]):
            if not t.text[:1].isupper() or t.lower == "the":
                break
            words.insert(0, t.text)
        phrase = " ".join(words)
        if is_party_phrase(phrase):
            return normalise_party(phrase)
    raw = ent.text.split()
    if len(raw) > 1 and re.sub(r"[’']s$", "", raw[0]).lower() in PARTY_WORDS:
        return normalise_party(re.sub(r"[’']s$", "", raw[0]))
    words: list[str] = []
    nouns = 0
    for t in reversed(parsed.tokens[max(0, ent.first - 6):ent.first]):
        if not words and (t.lower in CANDIDATE_WORDS or t.lower.rstrip(".") in TITLES | OFFICES
                          or t.lower in {"’s", "'s", "mayoral", "council", "councillor"}):
            continue  # "Labour councillor Jane Doe", "Green Party candidate Jane Doe"
        if not t.text.strip():
            continue  # a line break inside the phrase
        if not words and t.pos == "NOUN" and t.text.islower() and nouns < 2:
            nouns += 1  # "Republican businessman Jane Doe": what they do, then the party
            continue
        if t.lower in PARTY_WORDS or (t.text[:1].isupper() and t.pos in ("PROPN", "ADJ")) or (
                t.ent == "NORP"):
            words.insert(0, t.text)  # the capitalised run before: "Fianna Fail", "Sinn Féin"
            continue
        break
    phrase = " ".join(words)
    return normalise_party(phrase) if phrase and is_party_phrase(phrase) else None


def office_before(parsed: Parsed, ent: Entity) -> str | None:
    """Return the office written before a name: "Governor", "Vice President", "former
    President", "Sen." (capitalised, as offices before a name are)."""
    words: list[str] = []
    for t in reversed(parsed.tokens[max(0, ent.first - 3):ent.first]):
        if t.text[:1].isupper() and t.lower.rstrip(".") in OFFICES:
            words.insert(0, t.lower.rstrip("."))
            continue
        if words and t.lower == "former":
            words.insert(0, "former")
        break
    office = " ".join(words)
    return office if office and office != "former" and office not in ("vice", "deputy") else None


def party_after(text: str) -> str | None:
    m = _AFTER_PARTY.match(text)
    if not m:
        return None
    phrase = next(g for g in m.groups() if g)
    phrase = re.sub(r"\s+candidate$", "", re.sub(r"^the\s+", "", phrase.strip()))
    if not phrase[:1].isupper() and not phrase.lower().startswith("independent"):
        return None  # party names are capitalised: not "belongs to no party"
    return normalise_party(phrase) if is_party_phrase(phrase) and len(phrase.split()) <= 4 else None


def linked_candidate_word(parsed: Parsed, ent: Entity) -> bool:
    """Tell whether a candidate word is tied to the name: "candidate X", "X, the candidate"."""
    tokens = parsed.tokens
    node = root_of(parsed, ent)
    for _ in range(3):
        near = [node, *parsed.children(node)]
        # "the candidate, developer X": the parser may hang the word on the descriptor
        near += [g for c in near[1:] if c.dep == "compound" and not (ent.first <= c.i <= ent.last)
                 for g in parsed.children(c)]
        if any(t.lower in CANDIDATE_WORDS and not (ent.first <= t.i <= ent.last) for t in near
               if t.dep in ("compound", "amod", "appos", "nmod", "attr") or t is node):
            return True
        for clause in (t for t in near if t.dep == "relcl"):  # "X, who is running for mayor"
            if {w.lower for w in parsed.subtree(clause)} & _STANDING:
                return True
        if node.dep not in ("appos", "conj", "compound") or node.head == node.i:
            return False
        node = tokens[node.head]
    return False


def relative_chair(parsed: Parsed, ent: Entity) -> bool:
    """Tell whether the text says the person chaired: "X, who chaired", "hosted by X"."""
    if _CHAIRED_BY_ROLE.search(parsed.text, max(0, ent.start - 80), ent.start):
        return True  # "chaired by its secretary, Jane Doe", however the parser attached it
    root = root_of(parsed, ent)
    if root.dep == "appos":
        root = parsed.tokens[root.head]
    head = parsed.tokens[root.head]
    if root.dep == "pobj" and head.lower == "by":
        return parsed.tokens[head.head].lower in CHAIR_WORDS
    if root.dep == "nsubj" and head.lower in CHAIR_WORDS and head.pos == "VERB" and (
            _chairs_event(parsed, head)):
        return True  # "X facilitated the meeting's proceedings", "X chaired the debate"
    return any(t.dep == "relcl" and t.lower in CHAIR_WORDS and _chairs_event(parsed, t)
               for t in parsed.children(root))


def _chairs_event(parsed: Parsed, verb: Token) -> bool:
    """Tell whether "chaired" is said of the event ("who chaired the debate", "who chaired"),
    not of a body the person leads ("who chairs the audit committee")."""
    objects = [c for c in parsed.children(verb) if c.dep in ("dobj", "attr")]
    return not objects or any(o.lower in EVENT_WORDS | {"proceedings"} for o in objects)




def root_of(parsed: Parsed, ent: Entity) -> Token:
    span = parsed.tokens[ent.first:ent.last + 1]
    return next((t for t in span if not (ent.first <= t.head <= ent.last) or t.head == t.i),
                span[-1])


def sentence_text(parsed: Parsed, ent: Entity) -> str:
    text = parsed.text
    lo = max(text.rfind(". ", 0, ent.start), text.rfind("\n", 0, ent.start)) + 1
    hi = text.find(". ", ent.end)
    return text[lo:hi if hi >= 0 else len(text)]


def untagged_names(parsed: Parsed, people: list[Entity]) -> list[Entity]:
    """Return names the tagger did not label PERSON ("Labour's Jane Doe said", tagged ORG)
    where the grammar shows a person: two or three capitalised words after a title, the
    subject of a verb of saying, set beside a post ("the councillor, Jane Doe") or listed with
    a person ("A, B and Dónal Roe")."""
    out = []
    for t in parsed.tokens:
        if t.pos != "PROPN" or t.dep not in ("nsubj", "nsubjpass", "appos", "conj"):
            continue
        span = [c for c in parsed.children(t) if c.dep == "compound" and c.pos == "PROPN"
                and c.i < t.i]
        first = min((c.i for c in span), default=t.i)
        words = parsed.tokens[first:t.i + 1]
        if not 2 <= len(words) <= 3 or not all(w.text[:1].isupper() for w in words):
            continue
        if any(p.first <= t.i <= p.last for p in people):
            continue
        before = parsed.tokens[first - 1].lower.rstrip(".") if first else ""
        head = parsed.tokens[t.head]
        listed = t.dep == "conj" and any(p.first <= head.i <= p.last for p in people)
        post = t.dep == "appos" and head.lower in _POSTS  # "the sitting councillor, Jane Doe"
        if before in TITLES or before in ("'s", "’s") or head.lower in SPEECH_FORMS or (
                listed or post):
            out.append(Entity(" ".join(w.text for w in words), words[0].start, words[-1].end,
                              "PERSON", first, t.i))
    for m in [*_TITLED.finditer(parsed.text), *_CHAIRED_BY.finditer(parsed.text),
              *_WITH_PARTICLE.finditer(parsed.text)]:
        # "Councillor Jo Carew-Hill", "Ms. Ó Briain", "chaired by Jane Doe of the ..."
        start, end = m.span("name")
        owner = re.search(r"^.*[’']s\s+", m.group("name"))  # "Radio Dunmore's Ollie Harte"
        start += owner.end() if owner else 0
        if len(parsed.text[start:end].split()) < 2 or any(
                p.start <= start < p.end for p in [*people, *out]):
            continue
        inside = [t.i for t in parsed.tokens if start <= t.start < end]
        if inside:
            out.append(Entity(parsed.text[start:end], start, end, "PERSON", inside[0],
                              inside[-1]))
    return out


_NAME = rf"{CAP}[\w’'\-]+(?:\s+(?:{NAME_PARTICLE}|{CAP}[\w’'\-]+)){{1,3}}"  # "Mac an": one
# The title is matched in any case ("Councillor", "councillor"), the name only capitalised.
_TITLED = re.compile(rf"(?<![\w’'])(?i:{'|'.join(sorted(TITLES | OFFICES, key=len, reverse=True))})"
                     rf"\.?\s+(?P<name>{CAP}[\w’'\-]*(?:\s+(?:{CAP}[\w’'\-]*|{NAME_PARTICLE}))"
                     rf"{{1,3}})")
_CHAIR_VERBS = r"(?:chaired|moderated|hosted|presented|compered|facilitated)"
_CHAIRED_BY = re.compile(rf"\b{_CHAIR_VERBS}\s+by\s+"
                         rf"(?P<name>{FULL_NAME})")
# "chaired by its president, " right before a name: the name is the chair's.
_CHAIRED_BY_ROLE = re.compile(rf"\b{_CHAIR_VERBS}\s+by\s+(?:its|the|their|our)\s+"
                              rf"(?:[\w’'\-]+\s+){{0,2}}[\w’'\-]+,\s*$")
_PARTYISH = rf"(?:{CAP}[\w’'\-]*\s+){{0,3}}{CAP}[\w’'\-]*"
# A first name and a surname that begins with a particle: a person's, whatever the tagger says.
_WITH_PARTICLE = re.compile(rf"(?<![\w’'-])(?P<name>{CAP}[\w’'\-]+\s+(?:Ó|Ní|Nic|Uí|Ua|Mac|Mhic|Mc|"
                            rf"de|van|von|der|den|ter|di|da|du|dos|bin|ibn|ap){NAME_LINK}\s+"
                            rf"{CAP}[\w’'\-]+"
                            rf"(?:\s+{CAP}[\w’'\-]+)?)")
_WRITTEN_AROUND = (
    # "Jane Doe (Green Party)", "Jane Doe (JD, Labour)", "Jane Doe – Green Party –"
    re.compile(rf"(?<![\w’'-])(?P<name>{_NAME})\s*(?:\((?P<paren>[^()]{{2,60}})\)"
               rf"|[–—]\s*(?P<dash>{_PARTYISH})\s*[–—,])"),
    # "With us are Jane Doe for Labour, John Roe for the Greens", "Jane Doe of Plaid Cymru"
    re.compile(rf"(?<![\w’'-])(?P<name>{_NAME})\s+(?:for|of)\s+(?:the\s+)?(?P<of>{_PARTYISH})"
               r"(?=\s*(?:[,.;:]|\band\b|$)|\s+[a-z])"),
    # "Plaid Cymru's Jane Doe", "Liberal Democrat Jane Doe", "the Green candidate Jane Doe"
    re.compile(rf"(?P<before>{_PARTYISH})(?:[’']s)?\s+(?:(?:candidate|hopeful|councillor)\s+)?"
               rf"(?P<name>{_NAME})(?![\w’'-])"),
)
_REPRESENTED = re.compile(rf"(?P<name>{_NAME})\s+(?:represented|stood for|was standing for)\s+"
                          rf"(?:the\s+)?(?P<party>{_PARTYISH})")
_ASIDE = r"(?:\s*,[^,;()]{1,90},)?"  # ", who chairs the audit committee,"
_STATED = (
    # "Jane Doe is standing for the Greens", "Jane Doe, a nurse, is running as an Independent"
    re.compile(rf"(?P<name>{_NAME}){_ASIDE}\s+(?:is|was|will be|are)?\s*(?:standing|running|"
               rf"stands|runs|stood|ran)\s+(?:for|as)\s+(?:the\s+|an?\s+)?(?P<party>{_PARTYISH})"),
    # "Jane Doe is Labour's candidate"
    re.compile(rf"(?P<name>{_NAME}){_ASIDE}\s+(?:is|was)\s+(?:the\s+)?(?P<party>{_PARTYISH})"
               rf"[’']s\s+(?:candidate|hopeful|nominee)"),
    # "the Green Party was represented by Jane Doe"
    re.compile(rf"(?P<party>{_PARTYISH}){_ASIDE},?\s+(?:was|were|is|are|will be)\s+represented\s+"
               rf"by\s+(?P<name>{_NAME})"),
)
_LISTED_AFTER = re.compile(rf"(?:,|\band\b)\s*(?:and\s+)?(?P<name>{_NAME}?)\s+(?:the\s+)?"
                           rf"(?P<party>{_PARTYISH})(?=\s*(?:,|\band\b|\.|$))")


_FULL_AT_END = re.compile(rf"{_NAME}$")
# What a bracket beside a name holds when it is a party: one to four capitalised words.
_PARTY_LIKE = re.compile(rf"{CAP}[\w’'&.\-]*(?:\s+(?:of\s+|the\s+)?{CAP}[\w’'&.\-]*){{0,3}}")


def _party_like(bracket: str) -> bool:
    """Tell whether a bracket beside a name may hold a party the lists do not know: not
    initials ("JD": a party's initials would be known), a role or an office."""
    words = {w.lower().strip(".") for w in bracket.split()}
    return bool(_PARTY_LIKE.fullmatch(bracket)) and not re.fullmatch(r"[A-Z]{1,4}", bracket) \
        and not words & (CHAIR_WORDS | OFFICES | CANDIDATE_WORDS | TITLES)


def _alternating(text: str) -> list[tuple[str, int, int, str]]:
    """Return the pairs of a list that names each candidate and then their party: "They were
    Jane Doe, Labour, John Roe, Green Party, and Ann Poe, Modern Sunrise." Half the parties
    must be known; the rest hold parties by their place in the list."""
    found: list[tuple[str, int, int, str]] = []
    for sentence in re.finditer(r"[^.!?:;\n]+", text):
        items = [(m.group().strip(), sentence.start() + m.start() + len(m.group()) -
                  len(m.group().lstrip())) for m in re.finditer(
                      r"[^,]+", re.sub(r",?\s+and\s+", ", ", sentence.group()))]
        # the first item may begin with the words that introduce the list
        if len(items) < 6 or len(items) % 2:
            continue
        names = [_FULL_AT_END.search(items[0][0])] + [
            re.fullmatch(_NAME, n) for n, _ in items[2::2]]
        parties = [p for p, _ in items[1::2]]
        known = sum(map(is_party_phrase, parties))
        if not all(names) or known < max(2, (len(parties) + 1) // 2) or not all(
                is_party_phrase(p) or _party_like(p) for p in parties):
            continue
        for name, party in zip(names, parties):
            at = text.find(name.group(), sentence.start())
            found.append((name.group(), at, at + len(name.group()), normalise_party(party)))
    return found


def written_names(text: str) -> list[tuple[str, int, int, str]]:
    """Return (name, start, end, party) for names the text ties to a party in its own words,
    whatever the tagger made of them: "Jane Doe (Green Party)", "Labour's Jane Doe",
    "Jane Doe represented Labour, John Roe the Greens"."""
    found: list[tuple[str, int, int, str]] = []
    # In a list of "Name (Party)" where half the brackets hold a party, the rest do too: a party
    # the word lists do not know ("Jane Doe (Greens), John Roe (Pirate Party), Ann Poe (Tui)").
    brackets = [m.group("paren") for m in _WRITTEN_AROUND[0].finditer(text) if m.group("paren")]
    listed = sum(map(is_party_phrase, brackets)) >= max(2, (len(brackets) + 1) // 2)
    for pattern in _WRITTEN_AROUND:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            if listed and groups.get("paren") and _party_like(groups["paren"]):
                found.append((m.group("name"), m.start("name"), m.end("name"),
                              normalise_party(groups["paren"])))
                continue
            party = groups.get("paren") or groups.get("dash") or groups.get("of") or groups.get(
                "before") or ""
            party = re.sub(r"[’']s$", "", party.split(",")[-1].strip())
            party = re.sub(r"\s+(?:candidate|hopeful|nominee)s?$", "", party, flags=re.I)
            name = m.group("name")
            if "before" in m.groupdict() and m.group("before"):
                # the lazy name may have swallowed party words: "Liberal Democrat Jane Doe"
                words = name.split()
                while len(words) > 2 and words[0].lower() in PARTY_WORDS:
                    party, words = f"{party} {words[0]}", words[1:]
                name = " ".join(words)
            if is_party_phrase(party) and not any(w.lower() in PARTY_WORDS for w in name.split()):
                start = m.start("name") + m.group("name").index(name)
                found.append((name, start, start + len(name), normalise_party(party)))
    found += _alternating(text)
    for pattern in _STATED:
        for m in pattern.finditer(text):
            party = re.sub(r"\s+(?:candidate|party)$", "", m.group("party"), flags=re.I)
            if is_party_phrase(m.group("party")):
                found.append((m.group("name"), m.start("name"), m.end("name"),
                              normalise_party(party if is_party_phrase(party) else
                                              m.group("party"))))
    for m in _REPRESENTED.finditer(text):  # "A represented Labour, B the Greens and C Plaid"
        found.append((m.group("name"), m.start("name"), m.end("name"),
                      normalise_party(m.group("party"))))
        for more in _LISTED_AFTER.finditer(text, m.end()):
            if is_party_phrase(more.group("party")):
                found.append((more.group("name"), more.start("name"), more.end("name"),
                              normalise_party(more.group("party"))))
    return found
