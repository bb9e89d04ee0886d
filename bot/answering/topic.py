"""Answer what was said on a topic, by anyone: the best sentences, grouped by who said them."""

from __future__ import annotations

import re

from bot import replies
from bot.answer import Answer, declined
from bot.answering.answerable import answerable, on_topic
from bot.answering.base import Context
from bot.answering.invariants import quotable, speakers_of
from bot.asking.corpus import naming
from bot.asking.plan import Plan
from bot.compose import by_voice, cited, render, select
from ingest.lexicon import ABSENCE

_ABSENT = re.compile("|".join(pattern.pattern for pattern, _ in ABSENCE), re.IGNORECASE)
INTRO_ROOM = 200  # characters kept for an introduction and markers


class TopicAnswerer:
    """Answers a topic question from every voice in scope."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def answer(self, plan: Plan) -> Answer:
        ctx = self.ctx
        ranked = quotable(ctx.ranked(plan), ctx.settings.min_speaker_confidence)
        if plan.roles:  # the moderator's or the audience's words, not a candidate's
            ranked = [s for s in ranked if not s.passage.speaker and s.passage.role in plan.roles]
        if plan.party_asked:  # "the Labor candidate": none whose party is known otherwise
            ranked = [s for s in ranked if not s.passage.speaker
                      or not ctx.roster.party_of(s.passage.speaker)]
        if plan.mentioned:  # about someone on no roster: only what names them
            named = [naming(n) for n in plan.mentioned]
            ranked = [s for s in ranked if any(m.search(s.text) for m in named)]
        if not answerable(ranked, plan, ctx.search.vocabulary) or (
                plan.mentioned and not on_topic(ranked)):
            return declined(plan.question, replies.not_covered(ctx.roster, (), plan.topic))
        if plan.mentioned and _ABSENT.search(ranked[0].text):
            # "He declined.": the sources say why there is no statement from them
            return declined(plan.question, replies.not_recorded_speaking(
                plan.mentioned, ctx.roster, ranked[0].text), cited([ranked[0]]))
        budget = ctx.budget - INTRO_ROOM
        chosen = select(ranked, limit=3, budget=budget)
        parts = by_voice(chosen, lambda name: ctx.label(name, plan.events))
        text, citations = render(parts)
        answer = Answer(question=plan.question, text=text, answered=True, citations=citations,
                        speakers=speakers_of(chosen))
        return ctx.write(answer, plan, [ranked])
