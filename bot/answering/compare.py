"""Answer how candidates differ: each one's own best sentences, side by side, in a fixed order."""

from __future__ import annotations

from dataclasses import replace

from bot import replies
from bot.answer import Answer, declined
from bot.answering.answerable import TOP, answerable, on_topic
from bot.answering.base import Context
from bot.answering.choose import narrow
from bot.answering.invariants import own_words
from bot.asking.plan import Kind, Plan
from bot.compose import Part, fit, render, share
from bot.search.sentences import Sentence

SHARED_BONUS = 0.08  # answers at a hustings line up by question, or by section
NOTE_ROOM = 40


class CompareAnswerer:
    """Answers a comparison from each candidate's own statements."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def _group(self, s: Sentence) -> object:
        """Return what a sentence answers: the question put just before it, else its section."""
        put = self.ctx.search.exchanges.get(s.passage.id)
        return ("put", put.key) if put else ("section", s.passage.section)

    def _there(self, name: str, plan: Plan) -> bool:
        """Tell whether a candidate took part in person (not by a statement read out)."""
        return any(e.speaker.spoke for e in self.ctx.roster.entries_for(name)
                   if not plan.events or e.event.id in plan.events)

    def answer(self, plan: Plan) -> Answer:
        narrowed = narrow(plan, self.ctx)
        if isinstance(narrowed, Answer):
            return narrowed
        plan = narrowed
        ctx = self.ctx
        threshold = ctx.settings.min_speaker_confidence
        ranked = {name: own_words(ctx.ranked(plan, speakers=(name,)), name, threshold)
                  for name in plan.people}
        group = self._group
        focus = _shared(ranked, group)
        silent: list[str] = []
        pools: dict[str, list[Sentence]] = {}
        for name in plan.people:
            sentences = sorted((replace(s, score=s.score + (SHARED_BONUS if group(s) == focus
                                                            else 0.0))
                                for s in ranked[name]), key=lambda s: -s.score)
            if answerable(sentences, plan, ctx.search.vocabulary, one_person=True) and (
                    self._there(name, plan) or on_topic(sentences)):
                pools[name] = sentences
            else:
                silent.append(name)
        answered = {group(s) for pool in pools.values() for s in pool[:TOP]}
        if focus in answered:
            # "JR: no; a pull factor.": a reply to the question the others answered on the
            # topic answers it too, however short
            for name in list(silent):
                if any(group(s) == focus and s.context > 0 for s in ranked[name][:TOP]) and \
                        self._there(name, plan):
                    silent.remove(name)
                    pools[name] = sorted((replace(s, score=s.score + (
                        SHARED_BONUS if group(s) == focus else 0.0)) for s in ranked[name]),
                        key=lambda s: -s.score)
            pools = {n: pools[n] for n in plan.people if n in pools}  # the fixed order
        if not pools:
            return declined(plan.question, replies.not_covered(ctx.roster, (), plan.topic))
        absent = [e.name for e in plan.silent]
        note = replies.no_statement_from(silent, absent)
        chosen = share(pools, ctx.budget - NOTE_ROOM - len(note))
        parts = [Part(name, ctx.label(name, plan.events), tuple(chosen[name])) for name in pools
                 if chosen[name]]
        if note:
            parts.append(Part(None, None, note=note))
        text, citations = render(fit(parts, ctx.budget))
        # Those with statements first: "he" in the next question means one of them.
        answer = Answer(question=plan.question, text=text, answered=True, citations=citations,
                        speakers=tuple(p.speaker for p in parts if p.speaker),
                        people=tuple(silent), kind=Kind.COMPARE.value,
                        compared=(*plan.people, *absent))
        return ctx.write(answer, plan, list(ranked.values()))


def _shared(ranked: dict[str, list[Sentence]], group) -> object:
    """Return the question or section the candidates' best answers share most."""
    votes: dict[object, float] = {}
    for sentences in ranked.values():
        for s in sentences[:3]:
            votes[group(s)] = votes.get(group(s), 0) + s.score
    return max(votes, key=lambda k: votes[k]) if votes else None
