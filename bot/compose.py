"""Compose extractive answers: pick the sentences that answer, attribute and cite them."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.answer import Citation
from bot.search.sentences import Sentence, strip_label
from ingest.model import Passage

MMR_LAMBDA = 0.75
RELATIVE_FLOOR = 0.7
MAX_COMPARED_SENTENCE = 320  # a candidate's one sentence in a comparison, at most
SHARE_CHOICES = 3  # a candidate's best thoughts that may stand in for a longer best one
NEAR_BEST = 0.8  # ... scoring at least this share of it
LABEL_CHARS = 30  # a part's label and markers, beside the name


def select(sentences: Sequence[Sentence], limit: int, budget: int,
           relative: float = RELATIVE_FLOOR) -> list[Sentence]:
    """Pick up to limit sentences within budget characters, by maximal marginal relevance.

    Sentences scoring below relative x the best score are left out: they pad, not answer.
    """
    chosen: list[Sentence] = []
    used = 0
    top = max((s.score for s in sentences), default=0.0)
    pool = [s for s in sentences if len(s.text) < budget and s.score >= relative * top]
    if pool and max(pool, key=lambda s: s.score).coverage > 0:
        # the best names the topic: one that names none of it, nor its passage, pads
        pool = [s for s in pool if s.coverage > 0]
    while pool and len(chosen) < limit:
        def mmr(s: Sentence) -> float:
            redundancy = max((float(s.vector @ c.vector) for c in chosen), default=0.0)
            return MMR_LAMBDA * s.score - (1 - MMR_LAMBDA) * redundancy

        best = max(pool, key=mmr)
        pool.remove(best)
        if any(best.text == c.text for c in chosen):
            continue
        if used + len(best.text) + 8 > budget:
            continue
        chosen.append(best)
        used += len(best.text) + 8
    return chosen


def share(pools: dict[str, list[Sentence]], budget: int) -> dict[str, list[Sentence]]:
    """Share the answer's length out: each candidate's best sentence, then a second each.

    Everyone compared gets their best thought first; while that is too long for everyone's,
    the longest gives way to a shorter one of theirs that scores nearly as well, or is cut to
    its opening sentence. What is left goes, in the same fixed order, to a second sentence of
    theirs that scores near their best.
    """
    picks = {name: trimmed(pool[0], MAX_COMPARED_SENTENCE) for name, pool in pools.items()
             if pool}
    labels = sum(len(name) + LABEL_CHARS for name in pools)  # labels and markers

    def used() -> int:
        return labels + sum(len(s.text) + 6 for s in picks.values())

    while used() > budget:
        name = max(picks, key=lambda n: len(picks[n].text))
        long = picks[name]
        shorter = [s for s in pools[name][:SHARE_CHOICES] if len(s.text) < len(long.text)
                   and s.score >= NEAR_BEST * pools[name][0].score]
        cut = trimmed(long, 0)
        if shorter:
            picks[name] = max(shorter, key=lambda s: s.score)
        elif len(cut.text) < len(long.text):
            picks[name] = cut
        else:
            break  # each is one sentence already: as short as a fair quote can be
    chosen: dict[str, list[Sentence]] = {name: [] for name in pools}
    for name, pick in picks.items():
        chosen[name].append(pick)
    total = used()
    for name, pool in pools.items():
        if not chosen[name]:
            continue
        top = chosen[name][0]
        more = next((s for s in pool if not overlaps(s, top) and s.score >= RELATIVE_FLOOR
                     * top.score and total + len(s.text) + 6 <= budget
                     and (s.coverage > 0 or not top.coverage)), None)
        if more is not None:
            chosen[name].append(more)
            total += len(more.text) + 6
    return chosen


def trimmed(s: Sentence, limit: int) -> Sentence:
    """Return a thought cut to its opening sentences that fit in limit (at least the first)."""
    spans = s.spans
    keep = 1
    while keep < len(spans) and len(" ".join(x.text.strip() for x in spans[:keep + 1])) <= limit:
        keep += 1
    return replace(s, last=s.index + keep - 1 if keep > 1 else -1)


def overlaps(a: Sentence, b: Sentence) -> bool:
    """Tell whether two thoughts share a sentence."""
    return a.passage.id == b.passage.id and bool(
        set(range(a.index, max(a.index, a.last) + 1)) & set(range(b.index,
                                                                  max(b.index, b.last) + 1)))


@dataclass(frozen=True)
class Part:
    """A block of the answer: one speaker's sentences, or the round-up's own."""

    speaker: str | None
    label: str | None  # "Mia Ford (Green)"
    sentences: tuple[Sentence, ...] = ()
    note: str | None = None  # text without sentences, e.g. "made no statement on this"


ROLE_LABELS = {"audience": "From the audience", "chair": "The moderator",
               "other": "Also at the hustings", "reporter": "The report"}


def by_voice(chosen: Sequence[Sentence], label: Callable[[str], str]) -> list[Part]:
    """Group sentences by who said them: each candidate (label gives "Name (Party)"), then the
    other voices by their role."""
    order: list[tuple[str | None, str | None]] = []
    for s in chosen:
        voice = (s.passage.speaker, None if s.passage.speaker else s.passage.role)
        if voice not in order:
            order.append(voice)
    parts = []
    for speaker, role in order:
        mine = tuple(s for s in chosen if s.passage.speaker == speaker
                     and (speaker or s.passage.role == role))
        # Not a candidate's position: the audience, the chair, named by their role.
        parts.append(Part(speaker, label(speaker) if speaker else ROLE_LABELS.get(role or ""),
                          mine))
    return parts


def fit(parts: list[Part], budget: int) -> list[Part]:
    """Return parts whose rendered text fits in budget: seconds dropped first, then whole
    parts from the end, named in a note so no one is silently left out."""
    parts = list(parts)
    dropped: list[str] = []
    while len(render(parts)[0]) > budget:
        longest = max(range(len(parts)), key=lambda i: len(parts[i].sentences))
        if len(parts[longest].sentences) > 1:
            p = parts[longest]
            parts[longest] = replace(p, sentences=p.sentences[:-1])
            continue
        quoted = [i for i, p in enumerate(parts) if p.sentences]
        if len(quoted) <= 1:
            break
        dropped.append(parts.pop(quoted[-1]).label or "")
    if dropped:
        parts.append(Part(None, None, note=f"There is no room here for what "
                                           f"{' and '.join(dropped)} said; ask about them "
                                           f"by name."))
    return parts


def render(parts: Sequence[Part], intro: str | None = None, first: int = 1
           ) -> tuple[str, tuple[Citation, ...]]:
    """Write the parts as answer text with [n] markers (from first), and return the citations."""
    numbers: dict[str, int] = {}
    used: dict[str, list[Sentence]] = {}
    paragraphs: list[str] = [intro] if intro else []
    for part in parts:
        if part.note and not part.sentences:
            paragraphs.append(f"{part.label}: {part.note}" if part.label else part.note)
            continue
        ordered = sorted(part.sentences, key=lambda s: (s.passage.source, s.passage.ordinal,
                                                        s.index))
        pieces = []
        for n, s in enumerate(ordered):
            num = numbers.setdefault(s.passage.id, len(numbers) + first)
            used.setdefault(s.passage.id, []).append(s)
            # a transcript's turn label is the speaker's, said once; a hard wrap's breaks end
            text = " ".join(" ".join(strip_label(t) for t in s.texts).split())
            if n == 0 and part.speaker:
                text = attribute(text, part.speaker, part.label or part.speaker)
            elif n == 0 and part.label:  # another voice, by role: "From the audience: ..."
                text = f"{part.label}: {text}"
            pieces.append(f"{text} [{num}]")
        paragraphs.append(" ".join(pieces))
    citations = tuple(
        Citation(n=num, passage=used[pid][0].passage,
                 score=max(s.similarity for s in used[pid]),
                 highlights=tuple(t for s in sorted(used[pid], key=lambda s: s.index)
                                  for t in s.texts))
        for pid, num in sorted(numbers.items(), key=lambda kv: kv[1]))
    return "\n\n".join(paragraphs), citations


def cited(sentences: Sequence[Sentence]) -> tuple[Citation, ...]:
    """Cite the passages of sentences, numbered from 1, their sentences highlighted."""
    return render([Part(None, None, tuple(sentences))])[1]


def attribute(sentence: str, speaker: str, label: str) -> str:
    """Make a sentence say who said it: "Mia Ford (Green) said that ..."."""
    if sentence.startswith(label):  # a transcript's turn label says it already
        return sentence
    if sentence.startswith(speaker):
        return label + sentence[len(speaker):]
    first, last = speaker.split()[0], speaker.split()[-1]
    m = re.match(rf"(?:{re.escape(first)}|{re.escape(last)})\b", sentence)
    if m:
        return label + sentence[m.end():]
    return f"{label}: {sentence}"


def cite_passage(passage: Passage, n: int, score: float = 1.0,
                 highlights: Sequence[str] = ()) -> Citation:
    """Cite a whole passage (roster answers)."""
    return Citation(n=n, passage=passage, score=score, highlights=tuple(highlights))
