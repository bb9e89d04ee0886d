"""Find people in a round-up: names, who is speaking, parties, moderators and absentees."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.parties import PARTY_WORDS

_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
PARTICLES = {"de", "van", "von", "der", "da", "di", "du", "le", "la", "bin", "al", "st"}

SPEECH_VERBS = frozenset("""
said says say mentioned mentions highlighted highlights emphasised emphasized emphasises emphasizes
stressed stresses argued argues noted notes added adds explained explains stated states pointed
points claimed claims suggested suggests proposed proposes promised promises pledged pledges warned
warns told tells insisted insists believes believed outlined outlines described describes spoke
speaks responded responds replied replies acknowledged acknowledges agreed agrees disagreed
disagrees countered counters urged urges set sets committed commits called calls questioned
questions criticised criticized criticises criticizes welcomed welcomes raised raises focused
focussed focuses reiterated reiterates underlined underlines underscored underscores observed
observes remarked remarks commented comments announced announces vowed vows wants wanted felt feels
thinks thought recognised recognized recognises recognizes conceded concedes admitted admits
asserted asserts maintained maintains contended contends declared declares expressed expresses
discussed discusses talked talks shared shares cited cites championed champions advocated advocates
reflected reflects recalled recalls opened opens concluded concludes began begins started starts
answered answers challenged challenges defended defends praised praises rejected rejects dismissed
dismisses supported supports backed backs favoured favours favored favors opposed opposes hoped
hopes envisioned envisions envisaged envisages detailed details spelled spelt laid accepted accepts
asked asks showed shows showcased expects expected identified identifies predicted predicts summed
summarised summarized offered offers presented presents gave gives addressed addresses touched
explored explores insisted echoed echoes revealed reveals confirmed confirms estimated estimates
urged cautioned cautions lamented laments celebrated celebrates reckons reckoned plans planned
intends intended aims aimed prioritised prioritized prioritises prioritizes unveiled unveils
floated floats pressed presses pushed pushes championed
""".split())
# "Name is committed to", "Name was keen to stress": a stance, when a copula comes first
_STANCES = frozenset("""
committed keen clear determined adamant passionate convinced confident opposed against supportive
critical sceptical skeptical eager firm emphatic concerned worried unequivocal in favour
""".split())
# "Name made the case", "Name hit back": two-word ways of speaking
_SPEECH_PHRASES = frozenset({("made", "the"), ("took", "the"), ("went", "further"), ("hit", "back"),
                             ("put", "forward"), ("set", "out"), ("took", "a"), ("was", "asked"),
                             ("were", "asked")})
_MODALS = {"would", "will", "could", "should", "wants", "plans", "intends", "aims", "hopes"}
_DEGREES = {"not", "never", "also", "very", "less", "more", "particularly", "equally", "so",
            "quite", "far", "deeply", "strongly", "firmly", "clearly", "totally", "fully"}
_COPULAS = {"is", "was", "were", "are", "remains", "remained", "seemed", "appeared"}
_AUXILIARIES = {"also", "then", "further", "later", "again", "strongly", "firmly", "clearly",
                "repeatedly", "subsequently", "additionally", "similarly", "likewise", "briefly",
                "notably", "particularly", "specifically", "has", "had", "would", "will", "went",
                "on", "to", "passionately", "instead", "meanwhile", "however", "too", "both",
                "equally", "in", "turn", "first", "firstly", "finally", "lastly", "openly"}
_PRONOUNS = {"he", "she", "they"}
NOT_NAMES = frozenset("""
the a an we our this that these those it its in on at as for from with by and or but if when while
however moreover furthermore additionally also there their his her he she they you i my after
before during since although though despite nonetheless meanwhile finally overall together january
february march april may june july august september october november december monday tuesday
wednesday thursday friday saturday sunday mr mrs ms dr prof cllr sir dame lord lady council
authority department party group ltd university committee government office agency union
association board hub ministry commission city region mayor mayoral candidate candidates
""".split())
_MODERATED_BY = re.compile(r"\b(?:moderated|chaired|hosted|facilitated|presented|introduced|"
                           r"comp[eè]red|led) by\b", re.IGNORECASE)
_MODERATOR_NOUN = re.compile(r"\b(?:moderator|chair|chairperson|chairman|chairwoman|host|"
                             r"comp[eè]re|facilitator)\b", re.IGNORECASE)
ABSENT = re.compile(r"\b(unwell|ill\b|unable to (?:attend|join|make)|could ?n[o']t (?:attend|"
                    r"join|make)|sent (?:(?:his|her|their) )?apologies|apologi[sz]ed for|"
                    r"did ?n[o']t (?:attend|take part|join)|was absent|were absent|invited but|"
                    r"declined)", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A capitalised name-like phrase in a text."""

    name: str
    start: int
    end: int

    @property
    def tokens(self) -> list[str]:
        return self.name.split()


def name_mentions(text: str) -> list[Mention]:
    """Return runs of capitalised words that could name a person."""
    mentions: list[Mention] = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        while run and run[-1].group(0).lower() in PARTICLES:
            run.pop()
        if run:
            start, end = run[0].start(), run[-1].end()
            mentions.append(Mention(text[start:end], start, end))
        run.clear()

    prev_end = 0
    for m in _TOKEN.finditer(text):
        word = m.group(0).rstrip("'’")
        gap = text[prev_end:m.start()]
        joined = run and gap == " "
        if not joined:
            flush()
        capital = word[0].isupper() and word.lower() not in NOT_NAMES
        if capital or (run and word.lower() in PARTICLES):
            run.append(m)
        else:
            flush()
        prev_end = m.end()
    flush()
    return [_trim_possessive(m) for m in mentions if len(m.tokens) <= 4]


def _trim_possessive(m: Mention) -> Mention:
    for suffix in ("'s", "’s"):
        if m.name.endswith(suffix):
            return Mention(m.name[: -len(suffix)], m.start, m.end - len(suffix))
    return m


def is_full_name(name: str) -> bool:
    """Tell whether a phrase looks like a person's full name (two to four name words)."""
    tokens = name.split()
    return 2 <= len(tokens) <= 4 and not any(t.lower() in PARTY_WORDS for t in tokens)


def speech_after(text: str, pos: int, *, lenient: bool) -> bool:
    """Tell whether a verb of speech follows position pos (after asides and adverbs).

    Leniently (for a person the document already names), a stance or an intention counts
    too: "X is committed to ...", "X would introduce ...", "X's view was that ...".
    """
    rest = text[pos:]
    rest = re.sub(r"^\s*\([^)]{0,80}\)", "", rest)  # "(Labour)"
    rest = re.sub(r"^\s*,[^,]{1,80},", "", rest)  # ", the Green candidate,"
    raw = re.findall(r"[\w'’]+", rest)[:6]
    found = [w.lower() for w in raw]
    owned = re.match(r"['’]s (?:\w+ ){0,2}?(?:view|answer|position|priority|argument|response|"
                     r"pitch|plan|proposal|focus|message|case|vision)\b", rest)
    if lenient and owned and not re.match(r" (?:was|were|is) \w+ed by\b", rest[owned.end():]):
        return True  # "X's view was that ...", not "X's view was shared by many"
    lenient = lenient and not ABSENT.search(text)
    for n, low in enumerate(found):
        following = found[n + 1] if n + 1 < len(found) else ""
        if (low, following) in _SPEECH_PHRASES or (lenient and low in _MODALS and following):
            return True
        if low in _AUXILIARIES:
            continue
        if low in SPEECH_VERBS:
            return True
        stance = next((w for w in found[n + 1:] if w not in _DEGREES), "")
        return lenient and ((raw[n].islower() and low.endswith("ed") and len(low) > 4)
                            or (low in _COPULAS and stance in _STANCES))
    return False


_NAME = r"[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){0,3}"
_VERB = r"(?:said|says|added|adds|argued|argues|insisted|explained|warned|noted|stressed|told \w+)"
_LABEL_END = re.compile(r"(?: \([^()]{1,60}\))? ?:")  # a transcript's "Name:", "Name (Party):"
_TRAILING = re.compile(rf"[,”\"’]\s*(?:{_VERB} (?P<a>{_NAME})|(?P<b>{_NAME}) {_VERB})[.!?]?$")
_TITLE_PREFIX = re.compile(r"\s*(?:(?:the|The) )?(?:(?:[A-Z][\w\-]+ ){0,3}(?:candidate|mayor|"
                           r"councillor|leader|MP|MSP|hopeful|incumbent)|Mr|Mrs|Ms|Miss|Mx|Dr|"
                           r"Prof|Cllr|Sir|Dame|Lord|Lady)\.? ")


@dataclass(frozen=True)
class Attribution:
    """Who a sentence reports, as written in it."""

    name: str  # as written: a full name, a first name, a surname, or a pronoun
    pronoun: bool = False


def find_attribution(sentence: str, known: set[str]) -> Attribution | None:
    """Find the person a sentence reports speech of, if it opens with one."""
    sentence = " ".join(sentence.split())  # a hard-wrapped line may break a name
    m = re.match(r"\s*(?:[^,.;:]{0,80},\s*)?(he|she|they)\b", sentence, re.IGNORECASE)
    if m and speech_after(sentence, m.end(), lenient=True):
        return Attribution(m.group(1).lower(), pronoun=True)
    if m := re.search(r"\b(?i:according to) ([A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){0,3})", sentence):
        return Attribution(m.group(1))
    m = re.match(r"\s*For ([A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){0,3}),", sentence)
    if m and (m.group(1) in known or m.group(1).split()[-1] in known):  # "For Tom Hale, the ..."
        return Attribution(m.group(1))
    for mention in name_mentions(sentence):
        if all(t.lower() in PARTY_WORDS for t in mention.tokens):
            continue  # "The Labour candidate Tom Hale said"
        before = sentence[: mention.start]
        name = after_possessive(mention.name)  # "Labour's Tom Hale said"
        # Only an opening mention counts: "Name said", "Asked about X, Name said", "Name: ...",
        # "Mr Name said", "Conservative candidate Name said", "The Green Party's Name said".
        if before.strip() and not (before.rstrip().endswith(",") and len(before) <= 100) \
                and not _TITLE_PREFIX.fullmatch(before) \
                and not (name != mention.name and before.strip() in ("The", "the")):
            break
        if _LABEL_END.match(sentence, mention.end) and is_full_name(mention.name):
            return Attribution(mention.name)
        lenient = name in known or any(t in known for t in name.split())
        if speech_after(sentence, mention.end, lenient=lenient):
            return Attribution(name)
        if not before.strip():
            continue
    if m := _TRAILING.search(sentence.rstrip()):  # "“We will act,” said Mia Ford."
        name = after_possessive(m.group("a") or m.group("b"))
        if is_full_name(name) or name in known:
            return Attribution(name)
    return None


def after_possessive(name: str) -> str:
    """Drop an owner before a name: "Labour's Steve Race", "BBC Devon's Ollie Hart"."""
    for mark in ("'s ", "’s "):
        if mark in name:
            name = name.rsplit(mark, 1)[1]
    return name


def moderator_names(sentence: str) -> list[str]:
    """Return the names a sentence gives as the event's moderator or chair."""
    sentence = " ".join(sentence.split())  # a hard-wrapped line may break "chaired by"
    names: list[str] = []
    for key in _MODERATED_BY.finditer(sentence):
        after = [m for m in name_mentions(sentence[key.end():]) if is_full_name(m.name)]
        if after and after[0].start < 90:
            names.append(after_possessive(after[0].name))
    for key in _MODERATOR_NOUN.finditer(sentence):
        after = [m for m in name_mentions(sentence[key.end():]) if is_full_name(m.name)]
        before = [m for m in name_mentions(sentence[: key.start()]) if is_full_name(m.name)]
        gap = sentence[key.end():key.end() + after[0].start] if after else ""
        # "moderator Kay Burley", "chair, Kay Burley", "our chair was Kay Burley"
        if after and re.fullmatch(r"[\s,:]*(?:(?:was|is|will be|being)\s+)?", gap):
            names.append(after[0].name)
        elif before and re.fullmatch(r",? ?(?:the|our|who was|as|was)? ?(?:event )?",
                                     sentence[before[-1].end:key.start()]):
            names.append(before[-1].name)
    return names


def resolve_name(written: str, people: list[str], recent: list[str]) -> str | None:
    """Resolve a full name, first name or surname against a document's people."""
    if written in people:
        return written
    by_lower = {p.lower(): p for p in people}
    if written.lower() in by_lower:  # "JANE DOE:" in a transcript
        return by_lower[written.lower()]
    written = written.title() if written.isupper() else written
    tokens = written.split()
    matches = [p for p in people if p.split()[0] == tokens[0] or p.split()[-1] == tokens[-1]] if (
        len(tokens) == 1) else [p for p in people if p.endswith(" " + written) or p == written]
    if not matches:
        return None
    for name in reversed(recent):  # the most recently mentioned of the matches
        if name in matches:
            return name
    return matches[0] if len(matches) == 1 else None
