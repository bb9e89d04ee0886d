"""Answer a question that says someone said something ("Why did X call ...?", "X said ...,
didn't she?"): who the sources record saying it, X or someone else, in their own words."""

from __future__ import annotations

from bot import replies
from bot.answer import Answer
from bot.answering.answerable import answerable
from bot.answering.base import Answerer, Context
from bot.answering.invariants import own_words, quotable
from bot.asking.corpus import naming
from bot.asking.plan import Kind, Plan
from bot.compose import Part, by_voice, render, select

INTRO_ROOM = 200  # characters kept for the introduction and markers


class ClaimAnswerer:
    """Answers whether a person said what a question says, and who did."""

    def __init__(self, ctx: Context, person: Answerer) -> None:
        self.ctx = ctx
        self.person = person  # when they said it: what they said

    def answer(self, plan: Plan) -> Answer:
        ctx = self.ctx
        (name,) = plan.people
        threshold = ctx.settings.min_speaker_confidence
        everyone = quotable(ctx.ranked(plan, speakers=()), threshold)
        if not answerable(everyone, plan, ctx.search.vocabulary):
            return self._theirs(plan)
        best = everyone[0]
        said_by = best.passage.speaker
        reported = said_by is None and best.passage.role in (None, "reporter") \
            and naming(name).search(best.text)  # the writer reporting them: theirs to judge
        if said_by == name or reported:
            return self._theirs(plan)
        parts = by_voice([best], lambda n: ctx.label(n, plan.events))
        mine = own_words(ctx.ranked(plan), name, threshold)
        if answerable(mine, plan, ctx.search.vocabulary, one_person=True, asked=True):
            own = select(mine, limit=1, budget=ctx.budget // 3)
            parts.append(Part(name, f"What {name} said on it", tuple(own)))
        who = ctx.label(said_by, plan.events) if said_by else (parts[0].label or "the report")
        intro = (f"The sources record this from {replies.lower_first(who)}, not {name}.")
        text, citations = render(parts, intro=intro)
        return Answer(question=plan.question, text=text, answered=True, citations=citations,
                      speakers=tuple(p.speaker for p in parts if p.speaker), people=(name,),
                      kind=Kind.CLAIM.value)

    def _theirs(self, plan: Plan) -> Answer:
        answer = self.person.answer(plan)
        return Answer(**{**answer.__dict__, "kind": Kind.CLAIM.value})
