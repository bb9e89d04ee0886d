"""Understand a question: what it asks for, about whom, at which event, on what topic."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from bot.asking.intents import Intent, intent_of
from bot.roster import PersonMention, Roster, normalise_mentions
from bot.search.sentences import AMOUNT_ASKED
from ingest.errors import QuestionError
from ingest.text import STOPWORDS, query_terms, search_terms, words

# Words that say how a question asks, not what it asks about.
FRAME_WORDS = frozenset("""
say said says saying think thinks thought view views opinion opinions position positions stance
stand stands talk talked talks speak spoke speaks mention mentioned mentions propose proposed
proposes proposal proposals plan plans want wants believe believes feel feels argue argued discuss
discussed tell told explain explained describe described regarding concerning respect hustings
event candidate candidates mayor mayoral opponent opponents rival rivals other others differ
difference differences compare comparison contrast versus vs each both respectively anything
something thing things anyone someone ignore instructions previous prompt pretend answer question
questions else also and what's whats who's how's mr mrs ms dr debate debates evening night panel
meeting audience forum forums radio election elections by-election by-elections survey surveys
questionnaire answers decide decided choose chose chosen pick picked cover covered
""".split())
# Words of a follow-up that ask for a reply to what came before, not a new topic
# ("How did X respond?", "What did his rival suggest instead?").
REPLY_WORDS = frozenset("""respond responded responds response reply replied replies answer
answered answers suggest suggested suggests instead same react reacted counter countered
agree agreed agrees disagree disagreed disagrees hit back fired retort retorted rebut rebutted
shot""".split())
# "the mayoral candidates", "candidates for deputy mayor": a race within the hustings
_OFFICE = re.compile(r"\b((?:deputy )?(?:mayor(?:al)?|mayoralty))\s+(?:candidates|race|"
                     r"contenders)\b|\bcandidates (?:for|standing for|running for) (?:the )?"
                     r"((?:deputy )?mayor)\b", re.IGNORECASE)
_WHY_ABSENT = re.compile(r"\b(?:why|reason)\b.{0,40}\b(?:not|\w+n[’']t|absent|miss\w*|"
                         r"away)\b|\b(?:absent|missing|apologies)\b", re.IGNORECASE)
# "... about bus fares at the Leeds hustings?": the topic as the user wrote it
_ASKED_TOPIC = re.compile(r"\b(?:about|on|regarding|concerning|towards?|over)\s+(?:the (?:issue|"
                          r"subject|topic|question|matter) of\s+)?(?P<topic>[^?!.;]+)",
                          re.IGNORECASE)
_TOPIC_TAIL = re.compile(r"\s+(?:at|in|during|from) (?:the |this |that )?[^?]*?\b(?:hustings|"
                         r"debates?|forums?|meetings?|events?|evening|night|panel)\b.*$|"
                         r"\s+(?:then|instead|too|as well|again)$", re.IGNORECASE)
MAX_TOPIC_CHARS = 60
# Capitalised words just before what an event is: "the Millbrook PCC hustings".
_OCCASION_RUN = re.compile(r"((?:[A-Z][\w'’-]*\s+){1,4})(?:hustings|debate|forum|meeting|event|"
                           r"night|evening|survey|questionnaire|by-election|election|race|"
                           r"mayoralty|meet the candidates)\b")
# A question that asserts someone said something.
_CLAIMED = (r"(?:say|said|call|called|tell|told|ask|asked|claim|claimed|describe|described|"
            r"read out|agree|agreed|accuse|accused|admit|admitted|quip|quipped|joke|joked)")
_CLAIM = re.compile(rf"^\s*(?:and |so )?why did .{{1,60}}? {_CLAIMED}\b|"
                    rf"\b{_CLAIMED}\b.{{0,200}}?,\s*(?:didn[’']t|did not|wasn[’']t|isn[’']t|right|"
                    rf"correct|no)\b[^,]*\?\s*$|^\s*did .{{1,60}}? (?:say|call|claim|describe|"
                    rf"read out|admit|accuse|quip|joke)\b", re.IGNORECASE)
# A question about a fact of someone's life, and words that ask what they said instead.
_FACT = re.compile(r"^\s*(?:(?:and |so |but )?(?:does|did|is|was|has|have|had)\b|where (?:does|"
                   r"did|is|was|has|have)\b|when (?:did|was|is)\b|how (?:old|long)\b|what age\b|"
                   r"what (?:does|did|do) .{1,40}? do\b)", re.IGNORECASE)
# "... say about Y", "... think of Y": Y is the topic, not the speaker
_ABOUT_PERSON = re.compile(r"\b(?:say|said|says|think|thinks|thought|views?|tell|told|claim|"
                           r"claimed)\s+(?:\w+\s+)?(?:about|of|on)\s+$", re.IGNORECASE)
_SAYING = re.compile(r"\b(?:say|said|says|tell|told|think|thinks|thought|views?|position|stance|"
                     r"stand|propos\w*|wants?|wanted|promis\w*|pledg\w*|plan\w*|argu\w*|"
                     r"believ\w*|support\w*|oppos\w*|back\w*|favou?r\w*|would|will|should|"
                     r"vote|tackle|offer\w*|respond\w*|repl\w*|agree\w*|disagree\w*|claim\w*|"
                     r"accus\w*|call\w*|criticis\w*|defend\w*|suggest\w*|according|polic\w*|"
                     r"commit\w*|intend\w*|answer\w*|mention\w*|describ\w*|warn\w*|admit\w*|"
                     r"deny|denied|reject\w*|welcom\w*|insist\w*|ask\w*)\b", re.IGNORECASE)
_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs"}


@dataclass(frozen=True)
class Analysis:
    """A question, understood."""

    question: str
    intent: Intent
    people: tuple[PersonMention, ...]  # named candidates or moderators
    parties: tuple[str, ...]
    event_ids: tuple[str, ...]
    topic: str  # the question without its people, frame words and stopwords
    unknown_names: tuple[str, ...]  # capitalised names the rosters don't know
    pronoun: str | None  # first personal pronoun, for follow-ups
    office: str | None = None  # "the mayoral candidates": the office they stand for
    unlisted: tuple[str, ...] = ()  # capitalised names of no candidate or moderator

    @property
    def office_pattern(self) -> re.Pattern[str] | None:
        """Match the office in a roster's words: "mayor" but not "deputy mayor"."""
        if not self.office:
            return None
        stem = re.escape(self.office.split()[-1][:5])
        deputy = "" if self.office.startswith("deputy") else r"(?<!deputy )"
        prefix = r"deputy " if self.office.startswith("deputy") else ""
        return re.compile(rf"\b{deputy}{prefix}{stem}\w*", re.IGNORECASE)

    @property
    def asks_why_absent(self) -> bool:
        """Tell whether the question asks why someone did not take part ("Why wasn't X there?")."""
        return bool(_WHY_ABSENT.search(self.question))

    @property
    def asks_about_person(self) -> bool:
        """Tell whether the question asks a fact about someone ("Does X live locally?", "What
        did she do before she stood?"), not what they said."""
        return bool(_FACT.search(self.question)) and not _SAYING.search(self.question)

    @property
    def asks_claim(self) -> bool:
        """Tell whether the question asserts that someone said something ("Why did X call ...",
        "X said ..., didn't she?"): whoever said it is the answer, X or not."""
        return bool(_CLAIM.search(self.question))

    @property
    def owners(self) -> tuple[str, ...]:
        """Return the people named only as owners of something asked about ("X's pledge"), or
        as what is asked about ("What did X say about Y?")."""
        owned = tuple(n for n in self.names if all(
            re.match(r"['’]s\s+\w", self.question[p.start + len(p.written):])
            or _ABOUT_PERSON.search(self.question[:p.start])
            for p in self.people if p.names == (n,)))
        return owned if len(owned) < len(self.names) else ()

    @property
    def names(self) -> tuple[str, ...]:
        """Return the unambiguous people named, in order."""
        out: list[str] = []
        for p in self.people:
            if len(p.names) == 1 and p.names[0] not in out:
                out.append(p.names[0])
        return tuple(out)

    @property
    def ambiguous(self) -> tuple[PersonMention, ...]:
        return tuple(p for p in self.people if len(p.names) > 1)


def analyse(question: str, roster: Roster) -> Analysis:
    """Classify a question and find the people, parties, events and topic in it."""
    people = tuple(roster.find_people(question))
    parties = tuple(roster.find_parties(question))
    events = tuple(e.id for e in roster.find_events(question))
    return Analysis(
        question=question, intent=intent_of(question, people, parties), people=people,
        parties=parties, event_ids=events, topic=topic_of(question, people, roster),
        unknown_names=tuple(unknown_names(question, roster)),
        unlisted=tuple(unlisted_names(question, roster)),
        pronoun=_pronoun(question),
        office=_office(question))


def _office(question: str) -> str | None:
    m = _OFFICE.search(question)
    return " ".join((m.group(1) or m.group(2)).lower().split()) if m else None


def _pronoun(question: str) -> str | None:
    for word in words(question):
        if word.lower() in _PRONOUNS:
            return word.lower()
    return None


def topic_of(question: str, people: tuple[PersonMention, ...], roster: Roster) -> str:
    """Return the content words of a question: no names, parties, frame words or stopwords."""
    text = question
    for person in sorted(people, key=lambda p: -p.start):
        text = text[: person.start] + " " + text[person.start + len(person.written):]
    text = normalise_mentions(text)  # "Lib Dem" -> "Liberal Democrats": party words, not topic
    # "How long did they have?": how much of something is asked, "long" is not what
    text = re.sub(AMOUNT_ASKED, "how", text, flags=re.IGNORECASE)
    party_words = roster.party_words
    # Capitalised words that name an event ("the Leeds hustings", "the Millbrook PCC
    # hustings") say where, not what; a place that is the topic ("the Ferncliffe trial") stays.
    event_words = roster.all_title_words | {
        w.lower() for m in _OCCASION_RUN.finditer(text) for w in m.group(1).split()
        if w.lower() in roster.all_event_words}

    def bare(w: str) -> str:  # "Labour's" -> "labour"
        return re.sub(r"['’]s$", "", w.lower())

    kept = [w for w in words(text) if w.lower() not in STOPWORDS and w.lower() not in FRAME_WORDS
            and bare(w) not in party_words and w.lower() not in _PRONOUNS
            and not (w[0].isupper() and bare(w) in event_words)
            and not re.fullmatch(r"['’]?s", w) and bare(w) not in FRAME_WORDS]
    return " ".join(kept)


def unknown_names(question: str, roster: Roster, known: frozenset[str] | None = None
                  ) -> list[str]:
    """Return capitalised words past the first that no roster, person or event explains
    (known: the words that count as explained instead)."""
    known = roster.known_words if known is None else known
    out: list[str] = []
    last_end = -2
    tokens = list(re.finditer(r"[^\W\d_][\w'’\-]*", question))
    for n, m in enumerate(tokens):
        word = re.sub(r"['’]s$", "", m.group(0))
        if n == 0 or not word[0].isupper() or word.lower() in known:
            continue
        if word.lower() in STOPWORDS or word.lower() in FRAME_WORDS or word.isupper():
            continue
        if out and question[last_end:m.start()] == " ":  # "Jane Doe" is one name
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
        last_end = m.start() + len(word)
    return out


def unlisted_names(question: str, roster: Roster) -> list[str]:
    """Return runs of capitalised words that look like a person's name but are no candidate's
    or moderator's ("Jane Roe", when only Jane Doe is on the rosters)."""
    out = []
    for m in re.finditer(r"\b[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,2}\b", question):
        run = re.sub(r"['’]s$", "", m.group(0))
        if roster.entries_for(run) or run in roster.moderators:
            continue
        if re.search(r"\b(?:in|at|from|for|of|across|around|near|to)\s+(?:the\s+)?$",
                     question[:m.start()], re.IGNORECASE):
            continue  # "in the Kestrel Valley": a place
        if any(w.lower() in STOPWORDS or w.lower() in FRAME_WORDS for w in run.split()[:1]):
            continue  # "What Jane ...": a question word first
        out.append(run)
    return out


def topic_terms(topic: str, vocabulary: set[str]) -> list[str]:
    """Return a topic's search terms, plus joined words and acronyms that the corpus uses."""
    # "letting", "making": a form of a word too common to search for says nothing of the topic
    topic = " ".join(w for w in topic.split() if not _common_form(w))
    plain = search_terms(topic)
    extra = [t for t in query_terms(topic) if t not in plain and t in vocabulary]
    return plain + extra


def _common_form(word: str) -> bool:
    """Tell whether a word is an inflected form of a stopword ("letting", "makes", "got")."""
    w = word.lower().strip(".,;:!?'’\"“”()")
    if w in STOPWORDS:
        return False  # search_terms leaves it out already
    m = re.fullmatch(r"([a-z]+?)(\w)?\2?(?:ing|ed|es|s)", w)
    if not m:
        return False
    stem = m.group(1) + (m.group(2) or "")
    return any(c in STOPWORDS for c in (stem, m.group(1), stem + "e", m.group(1) + "e"))


def asked_topic(question: str) -> str:
    """Return what a question is about as its asker wrote it ("bus fares"), or "" if unclear."""
    found = list(_ASKED_TOPIC.finditer(question))
    if not found:
        return ""
    topic = _TOPIC_TAIL.sub("", found[-1].group("topic")).strip(" ,'’\"“”")
    topic = re.sub(r"^(?:the|a|an)\s+(?=\w+$)", "", topic, flags=re.IGNORECASE)
    if topic.lower() in {"it", "this", "that", "them", "those", "these"}:
        return ""  # what the conversation was about: the caller knows
    return topic if 0 < len(topic) <= MAX_TOPIC_CHARS else ""


def strip_people(question: str, a: Analysis, keep: Sequence[str] = ()) -> str:
    """Remove the people named in a question (but those in keep), keeping what is asked."""
    text = question
    for person in sorted(a.people, key=lambda p: -p.start):
        if set(person.names) & set(keep):
            continue
        end = person.start + len(person.written)
        tail = re.match(r"['’]s\b", text[end:])
        text = text[: person.start] + text[end + (tail.end() if tail else 0):]
    return " ".join(text.split())


def strip_event_words(question: str, roster: Roster, event_ids: Sequence[str],
                      every: bool = False) -> str:
    """Remove the capitalised words of the events' titles ("the Leeds hustings"); every: all
    the words that name them ("the North Millshire candidates"), not only the titles'."""
    event_words = {w.lower() for e in roster.events if e.id in event_ids for w in words(e.title)}
    kept = [w for w in question.split()
            if not (w[:1].isupper() and (w.strip("?.,!'’s").lower() in event_words
                                         or (every and roster.names_event(w, event_ids))))]
    return " ".join(kept) or question


def person_like(question: str, names: list[str]) -> bool:
    """Tell whether unknown capitalised words are used as a person ("What did X say")."""
    return any(re.search(rf"\b{re.escape(n)}\b(?:['’]s| (?:say|said|think|propose|argue|want|"
                         r"believe|mention|claim|promise|tell|told|ask|asked))", question)
               for n in names)


def clean_question(question: str, max_chars: int) -> str:
    """Normalise a question; refuse empty or overlong ones with a clear message."""
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    text = unicodedata.normalize("NFC", question)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = " ".join(text.split())
    if not text:
        raise QuestionError("Ask a question, for example “What did the candidates say about "
                            "skills?”")
    if len(text) > max_chars:
        raise QuestionError(f"The question is {len(text):,} characters long; keep it under "
                            f"{max_chars:,}.")
    return text
