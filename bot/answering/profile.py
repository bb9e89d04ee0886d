"""Answer questions about a person rather than their statements: "Who is X?", "What is X's
job?", "Does X live locally?": the roster's line and the sentences that name them."""

from __future__ import annotations

import re

from bot import replies
from bot.answer import Answer, declined
from bot.answering.answerable import PERSON_COVERAGE, TOP, answerable
from bot.answering.base import Context
from bot.answering.invariants import quotable
from bot.answering.roster import listing_citations
from bot.asking.corpus import naming
from bot.asking.intents import Intent
from bot.asking.plan import Kind, Plan
from bot.compose import by_voice, render, select

ROSTER_ROOM = 400  # characters kept for the roster's line
# "What did she do before she stood?", "What's his background?": whatever describes them
_CAREER = re.compile(r"\bwhat (?:did|does|do) .{1,40}? do (?:before|for a living|previously|"
                     r"beforehand)\b|\b(?:job|jobs|career|background|occupation|profession|"
                     r"used to (?:do|work))\b", re.IGNORECASE)


class ProfileAnswerer:
    """Answers what the sources say about one person: who they are, what they do."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def answer(self, plan: Plan) -> Answer:
        ctx = self.ctx
        name = plan.people[0] if plan.people else plan.analysis.names[0]
        entries = [e for e in ctx.roster.entries_for(name) if not plan.events
                   or e.event.id in plan.events]
        named = naming(name)
        ranked = [s for s in quotable(ctx.ranked(plan, f"{plan.query} {name}", speakers=()),
                                      ctx.settings.min_speaker_confidence)
                  if s.passage.speaker == name or named.search(s.text)]
        # "Who is X?", "What did X do before?": whatever describes them
        who = plan.intent is Intent.PERSON or bool(_CAREER.search(plan.question))
        # the name is in the query: only the question's own words tell what is asked
        if not who and not (answerable(ranked, plan, ctx.search.vocabulary) and any(
                s.overlap >= PERSON_COVERAGE for s in ranked[:TOP])):
            return declined(plan.question, replies.not_said_about(name, plan.topic))
        roster_cites = listing_citations(ctx.corpus, entries) if who else ()
        roster_ids = {c.passage.id for c in roster_cites}
        ranked = [s for s in ranked if s.passage.id not in roster_ids]
        if who:  # what others say about them describes them better than their own words
            ranked.sort(key=lambda s: (s.passage.speaker is not None, -s.similarity))
        chosen = select(ranked, limit=2, budget=ctx.budget - ROSTER_ROOM,
                        relative=0.0 if who else 0.8)
        marker = f" [{roster_cites[0].n}]" if roster_cites else ""
        intro = " ".join(
            f"{e.name} is the {e.speaker.party} candidate at {replies.event_name(e.event)}"
            + ("" if e.speaker.spoke else f"; {e.name} did not take part in the hustings")
            + f".{marker}" for e in entries if e.speaker.party and who)
        if not chosen and not intro:
            return declined(plan.question, replies.not_said_about(name, plan.topic))
        text, citations = render(by_voice(chosen, lambda n: ctx.label(n, plan.events)),
                                 intro=intro or None, first=len(roster_cites) + 1)
        return Answer(question=plan.question, text=text, answered=True,
                      citations=roster_cites + citations, people=(name,),
                      kind=Kind.PROFILE.value)
