"""The speaker invariants, in one place: whose words an answer may quote, checked before it
leaves.

1. A sentence is quoted as a candidate's only when the reader is sure who said it
   (Span.confidence at least Settings.min_speaker_confidence); a statement read out for an
   absent candidate is theirs.
2. An answer about named candidates quotes only their own sentences; when they have none on
   the topic it says so, and never fills the gap with other people's words.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from bot import replies
from bot.answer import Answer, declined
from bot.asking.plan import Kind, Plan
from bot.roster import Roster
from bot.search.sentences import Sentence

log = logging.getLogger(__name__)
ABOUT_PEOPLE = frozenset({Kind.PERSON, Kind.COMPARE})


def sure(sentence: Sentence, threshold: float) -> bool:
    """Tell whether a sentence may be quoted: nobody's, or surely its candidate's."""
    return sentence.passage.speaker is None or all(span.confidence >= threshold
                                                   for span in sentence.spans)


def quotable(sentences: Iterable[Sentence], threshold: float) -> list[Sentence]:
    """Keep the sentences whose candidate, if any, the reader is sure of."""
    return [s for s in sentences if sure(s, threshold)]


def own_words(sentences: Iterable[Sentence], name: str, threshold: float) -> list[Sentence]:
    """Keep the sentences a candidate surely said (read out for them included)."""
    return [s for s in sentences if s.passage.speaker == name and sure(s, threshold)]


def violations(plan: Plan, answer: Answer, threshold: float) -> list[str]:
    """Return how an answer breaks the invariants (empty when it keeps them)."""
    found = []
    for c in answer.citations:
        speaker = c.passage.speaker
        if speaker is None:
            if plan.kind in ABOUT_PEOPLE and answer.answered:
                found.append(f"[{c.n}] quotes no candidate in an answer about "
                             f"{replies.join_names(plan.people)}")
            continue
        if plan.kind in ABOUT_PEOPLE and speaker not in plan.people:
            found.append(f"[{c.n}] quotes {speaker} in an answer about "
                         f"{replies.join_names(plan.people)}")
        spans = {s.text: s for s in c.passage.sentences}
        unsure = [t for t in c.highlights if t in spans and spans[t].confidence < threshold]
        if unsure:
            found.append(f"[{c.n}] quotes {speaker} where the reader is unsure: {unsure[0]!r}")
    return found


def guard(plan: Plan, answer: Answer, threshold: float, roster: Roster) -> Answer:
    """Let an answer leave only if it keeps the invariants; otherwise decline and log why."""
    if not answer.answered:
        return answer
    broken = violations(plan, answer, threshold)
    if not broken:
        return answer
    log.warning("an answer broke the speaker invariants and was declined: %s", "; ".join(broken))
    return declined(plan.question, replies.not_covered(roster, plan.people, plan.topic))


def speakers_of(sentences: Sequence[Sentence]) -> tuple[str, ...]:
    """Return the candidates who said these sentences, in order."""
    return tuple(dict.fromkeys(s.passage.speaker for s in sentences if s.passage.speaker))
