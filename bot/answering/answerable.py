"""Whether the sentences found answer a question, or only resemble it: the thresholds."""

from __future__ import annotations

from collections.abc import Sequence

from bot.asking.plan import Plan
from bot.search.sentences import Sentence

# Thresholds on the best sentences (tuned on the eval sets with bot/evals/run.py).
MIN_SIMILARITY = 0.30  # with some of the question's words found
STRONG_SIMILARITY = 0.55  # enough on its own
UNKNOWN_WORD_SIMILARITY = 0.45  # ... when the question has a word the sources never use
FULL_COVERAGE = 0.5  # share of the question's term weight found: enough on its own
PERSON_COVERAGE = 0.25  # ... among one named candidate's own statements
PERSON_SIMILARITY = 0.40
PERSON_CONTEXT = 0.4  # ... or the topic's words in the passage they said it in
TOP = 5  # sentences judged
MIN_STEM = 4  # letters of a word's stem another form of it must share ...
MAX_SUFFIX = 3  # ... and letters it may add ("seek" + "er")


def unknown_terms(plan: Plan, vocabulary: set[str]) -> list[str]:
    """Return the topic's search terms that no passage uses, in any form ("seekers" is known
    where the sources say "seeking"); a year or a number ("the 2015 debate") says when, and a
    report need not repeat it."""
    return [t for t in plan.terms if t not in vocabulary and not t.isdigit() and not any(
        t[:n] in vocabulary for n in range(max(MIN_STEM, len(t) - MAX_SUFFIX), len(t)))]


def answerable(ranked: Sequence[Sentence], plan: Plan, vocabulary: set[str],
               one_person: bool = False, asked: bool = False) -> bool:
    """Tell whether the best sentences answer the question rather than merely resemble it.

    Without a topic, a question about one candidate ("What did X propose?") asks for whatever
    they said: any statement of theirs answers it. asked: the sentences are the candidate's
    the question names, so a share of the topic is enough.
    """
    top = ranked[:TOP]
    if not top:
        return False
    similarity = max(s.similarity for s in top)
    coverage = max(s.coverage for s in top)
    if not plan.analysis.topic:
        return similarity >= MIN_SIMILARITY or (one_person and any(
            s.passage.speaker for s in top))
    # Resemblance alone is not an answer: "Who chaired?" resembles the introduction. A word
    # the sources never use ("arrested", "weather") asks for something they lack.
    unknown = bool(unknown_terms(plan, vocabulary))
    if unknown and all(t in plan.where or t not in vocabulary for t in plan.terms):
        # "the weather in Leeds": all the sources know of it is where
        return similarity >= STRONG_SIMILARITY
    floor = UNKNOWN_WORD_SIMILARITY if unknown else MIN_SIMILARITY
    context = max(s.context for s in top)
    if asked and (coverage >= PERSON_COVERAGE or similarity >= PERSON_SIMILARITY
                  or context >= PERSON_CONTEXT):
        return True  # the asked candidate's own words on it: a share of them is enough
    if unknown:  # "the moon landing": "moon" alone is not it
        # and a word or two it shares is not it either ("scheme" of "e-scooter hire schemes")
        return (coverage >= PERSON_COVERAGE and similarity >= floor) or \
            similarity >= STRONG_SIMILARITY
    return (coverage >= FULL_COVERAGE or (coverage > 0 and similarity >= floor)
            or similarity >= STRONG_SIMILARITY)


def on_topic(ranked: Sequence[Sentence]) -> bool:
    """Tell whether the best sentences themselves use the question's words, or mean it
    closely: a statement written beforehand answers a question only so."""
    top = ranked[:TOP]
    return any(s.overlap >= PERSON_COVERAGE or s.similarity >= STRONG_SIMILARITY for s in top)
