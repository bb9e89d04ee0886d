"""Decline in the bot's own words: the reason the plan gives, citing what bears on it."""

from __future__ import annotations

from dataclasses import replace

from bot.answer import Answer, declined
from bot.answering.base import Context
from bot.answering.roster import listing_citations
from bot.asking.plan import Kind, Plan


class DeclineAnswerer:
    """Answers a plan that declines: voting advice, results, unknown or absent people."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def answer(self, plan: Plan) -> Answer:
        # a candidate who did not take part: where the document lists them
        citations = listing_citations(self.ctx.corpus, plan.cite)
        return replace(declined(plan.question, plan.reply or "", citations),
                       kind=Kind.DECLINE.value)
