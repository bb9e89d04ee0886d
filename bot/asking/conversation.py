"""Resolve follow-up questions against the conversation so far, by rule."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.answer import Answer, Turn
from bot.asking.intents import Intent
from bot.asking.question import REPLY_WORDS, Analysis, analyse, asked_topic
from bot.roster import Roster
from ingest.text import STOPWORDS

_OPPONENT = re.compile(r"\b(?:his|her|their|the) (?:(?P<party>[\w-]+(?: [\w-]+)?) )?"
                       r"(?:opponents?|rivals?|competitors?)\b|"
                       r"\bthe other (?:candidates?|one|side|speaker)\b", re.IGNORECASE)
_ELLIPSIS = re.compile(r"^\s*(?:and|but|what|how|ok|okay|so)?\s*(?:what|how)?\s*(?:about|of)\b",
                       re.IGNORECASE)
_ABOUT_PRONOUN = re.compile(r"\b(about|of|on|against)\s+(him|her|them)\b", re.IGNORECASE)
_SUBJECT_PRONOUN = {"he": "{name}", "she": "{name}", "they": "{name}", "him": "{name}",
                    "her": "{name}", "them": "{name}", "his": "{name}'s", "their": "{name}'s",
                    "hers": "{name}'s", "theirs": "{name}'s"}


# "it" as what a question is about: "Why does she think it matters?", "say about it"
_IT = re.compile(r"\b(?:it|that)\b(?=\s+(?:matters?|is|was|would|will|works?|helps?|costs?)\b"
                 r"|\s*[?.!]*$)", re.IGNORECASE)
# "the SNP candidate", "Labour's candidate", "the Greens' man": a person by party
_PARTY_PERSON = re.compile(r"\b(?:candidates?|rivals?|opponents?|hopefuls?|spokes\w*|man|woman|"
                           r"representatives?|nominees?)\b", re.IGNORECASE)
MAX_ABOUT = 600  # characters of an earlier answer a reply is searched by
# Questions answered from the rosters or declined whole: no earlier topic carries into them.
_OWN_ANSWER = frozenset({Intent.CANDIDATES, Intent.SPEAKERS, Intent.ABSENTEES, Intent.MODERATOR,
                         Intent.CANDIDATE_OF, Intent.PARTY_OF, Intent.PERSON,
                         Intent.VOTE_ADVICE, Intent.OUTCOME})


@dataclass(frozen=True)
class Resolved:
    """A question made standalone, and its analysis."""

    text: str
    analysis: Analysis
    rewritten: bool
    about: str | None = None  # what to search for instead: the words a reply answers


def resolve(question: str, history: Sequence[Turn], roster: Roster) -> Resolved:
    """Rewrite a follow-up into a standalone question; leave standalone questions alone."""
    analysis = analyse(question, roster)
    previous = history[-1].answer if history else None
    if previous is None:
        return Resolved(question, analysis, False)
    text = question
    rival = _OPPONENT.search(text)
    if rival and rival.group("party") and roster.find_parties(rival.group("party")):
        # "his Labour rival": the Labour candidate at the hustings just discussed
        text = text[:rival.start()] + f"the {rival.group('party')} candidate" + text[rival.end():]
    elif rival and previous.speakers:
        others = _opponents(previous.speakers, roster)
        if others:
            text = _OPPONENT.sub(" and ".join(others), text, count=1)
    elif analysis.names and (m := _ABOUT_PRONOUN.search(text)) and len(
            others := [s for s in previous.speakers if s not in analysis.names]) == 1:
        # "And what did Roe say about him?": the one the last answer quoted
        text = text[:m.start(2)] + others[0] + text[m.end(2):]
    elif analysis.pronoun and not analysis.names and not (analysis.parties
                                                          and _PARTY_PERSON.search(question)):
        # "Did the SNP candidate agree with him?": the party's candidate is who it asks about
        referent = _referent(analysis.pronoun, previous.speakers, previous.people,
                             previous.kind in {"person", "profile", "claim"})
        if referent:
            text = _replace_pronouns(text, referent)
    if text != question:
        analysis = analyse(text, roster)
    earlier = asked_topic(previous.standalone or previous.question) or previous.topic
    if earlier and previous.answered and _IT.search(text) and not asked_topic(text):
        # "Why does she think it matters?": "it" is what the conversation is about
        text = _IT.sub(earlier, text, count=1)
        analysis = analyse(text, roster)
    about = None
    if analysis.intent in _OWN_ANSWER:
        pass  # "Who chaired it?": a question of its own, whatever came before
    elif _replies_only(analysis.topic) and previous.topic and not analysis.owners and (
            analysis.names or _ELLIPSIS.match(question) or analysis.parties):
        # "And what about Ada Quill?": the previous topic, the new person.
        names = " and ".join(analysis.names)
        text = f"What did {names} say about {previous.topic}?" if names else (
            f"{text.rstrip('?')} about {previous.topic}?")
        analysis = analyse(text, roster)
        if _asks_reply(question) and previous.answered:
            # "How did the Labour candidate respond?": to what the last answer quoted
            about = " ".join(t for c in previous.citations for t in c.highlights)[:MAX_ABOUT]
    elif (_ELLIPSIS.match(question) and analysis.topic and not analysis.names
          and not analysis.parties and previous.kind == "compare" and previous.compared):
        # "And what about skills?" after a comparison: the same candidates, the new topic
        text = f"How do {' and '.join(previous.compared)} differ on {analysis.topic}?"
        analysis = analyse(text, roster)
    elif (_ELLIPSIS.match(question) and analysis.topic and not analysis.names
          and not analysis.parties and previous.speakers and len(previous.speakers) == 1):
        # "And what about sewage?": the same person, the new topic
        text = f"What did {previous.speakers[0]} say about {analysis.topic}?"
        analysis = analyse(text, roster)
    own = analyse(question, roster).event_ids  # a rewrite's words must not pick the event
    return Resolved(text, _at_same_event(replace(analysis, event_ids=own), previous, roster),
                    text != question, about or None)


def _at_same_event(analysis: Analysis, previous: Answer, roster: Roster) -> Analysis:
    """Keep a follow-up at the hustings the conversation is about, unless it names another.

    "And the Green candidate?" after an answer from one hustings means that hustings' Green
    candidate; a person named who stood there is asked about there.
    """
    events = set(previous.events) or {c.passage.event_id for c in previous.citations}
    if not events:  # a decline cites nothing: the hustings its question named
        events = set(analyse(previous.standalone or previous.question, roster).event_ids)
    if analysis.event_ids or len(events) != 1:
        return analysis
    (event,) = events
    if any(all(e.event.id != event for e in roster.entries_for(n)) for n in analysis.names):
        return analysis  # someone who did not stand there: wherever they stood
    return replace(analysis, event_ids=(event,))


def _asks_reply(question: str) -> bool:
    """Tell whether a follow-up asks how someone answered what came before ("in reply")."""
    return any(w.lower() in REPLY_WORDS - {"same", "instead"} for w in re.findall(r"\w+",
                                                                                 question))


def _replies_only(topic: str) -> bool:
    """Tell whether a follow-up's topic is empty or only asks for a reply ("respond")."""
    return all(w.lower() in REPLY_WORDS for w in topic.split())


def _opponents(speakers: Sequence[str], roster: Roster) -> list[str]:
    events = {e.event.id for name in speakers for e in roster.entries_for(name)}
    return [e.name for e in roster.speakers(events) if e.name not in speakers]


def _referent(pronoun: str, speakers: Sequence[str], people: Sequence[str],
              about_one: bool = False) -> str | None:
    """Return who a pronoun means; about_one: the last answer was about one person, whom a
    singular "they" means."""
    plural = pronoun in {"they", "them", "their", "theirs"}
    if plural and len(speakers) > 1:
        return " and ".join(speakers)
    if speakers and (not plural or about_one):
        return speakers[0]
    # "they" after an answer about organisers or a format is not one person it named
    return people[0] if people and (not plural or about_one) else None


def _replace_pronouns(text: str, name: str) -> str:
    def swap(m: re.Match[str]) -> str:
        pronoun = m.group(1).lower()
        following = (m.group(2) or "").lower()
        if pronoun == "her" and following and following not in STOPWORDS:
            pronoun = "his"  # "her job": possessive, like "his"
        tail = f" {m.group(2)}" if m.group(2) else ""
        return _SUBJECT_PRONOUN[pronoun].format(name=name) + tail

    return re.sub(r"\b(he|him|his|she|her|hers|they|them|their|theirs)\b(?: (\w+))?", swap,
                  text, count=2, flags=re.IGNORECASE)
