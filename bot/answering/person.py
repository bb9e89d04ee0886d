"""Answer what one named candidate said: their own sentences only, or a plain decline."""

from __future__ import annotations

from bot import replies
from bot.answer import Answer, declined
from bot.answering.answerable import answerable
from bot.answering.base import Context
from bot.answering.choose import narrow
from bot.answering.invariants import own_words, quotable
from bot.asking.plan import Kind, Plan
from bot.compose import Part, render, select
from bot.search.sentences import Sentence

INTRO_ROOM = 200  # characters kept for an introduction and markers


class PersonAnswerer:
    """Answers a question about one candidate from what they said."""

    def __init__(self, ctx: Context, compare: object) -> None:
        self.ctx = ctx
        self.compare = compare  # a party's candidates at one hustings: compared

    def answer(self, plan: Plan) -> Answer:
        narrowed = narrow(plan, self.ctx)
        if isinstance(narrowed, Answer):
            return narrowed
        plan = narrowed
        if len(plan.people) > 1:
            return self.compare.answer(plan)  # type: ignore[attr-defined]
        ctx = self.ctx
        (name,) = plan.people
        threshold = ctx.settings.min_speaker_confidence
        ranked = own_words(ctx.ranked(plan), name, threshold)
        intro = None
        if not answerable(ranked, plan, ctx.search.vocabulary, one_person=True, asked=True):
            ranked, intro = self._same_section(plan, name)
            if not ranked:
                return declined(plan.question,
                                replies.not_covered(ctx.roster, (name,), plan.topic))
        budget = ctx.budget - INTRO_ROOM - len(intro or "")
        chosen = select(ranked, limit=3, budget=budget)
        text, citations = render([Part(name, ctx.label(name, plan.events), tuple(chosen))],
                                 intro=intro)
        answer = Answer(question=plan.question, text=text, answered=True, citations=citations,
                        speakers=(name,), kind=Kind.PERSON.value)
        return ctx.write(answer, plan, [ranked])

    def _same_section(self, plan: Plan, name: str) -> tuple[list[Sentence], str | None]:
        """Find what a candidate said where the hustings discussed a topic they didn't name.

        "What does X think of Y's plan?": the sources may only name the plan in Y's answer,
        while X's reply sits beside it, in the same section.
        """
        ctx = self.ctx
        everyone = quotable(ctx.ranked(plan, speakers=()), ctx.settings.min_speaker_confidence)
        if not answerable(everyone, plan, ctx.search.vocabulary) or \
                everyone[0].passage.section is None:
            return [], None
        section = everyone[0].passage.section
        mine = own_words(ctx.ranked(plan, sections=(section,)), name,
                         ctx.settings.min_speaker_confidence)
        if not mine:
            return [], None
        topic = plan.topic or "this"
        return mine, (f"The sources don't record {name} mentioning {topic} directly. In the "
                      f"same part of the hustings (“{section}”), {name} said:")
