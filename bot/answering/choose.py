"""Pick the hustings a question means when its candidates stood at several, by their words."""

from __future__ import annotations

from dataclasses import replace

from bot import replies
from bot.answer import Answer, declined
from bot.answering.base import Context
from bot.asking.plan import Choice, Plan

CLEAR_MARGIN = 0.05  # score by which one event's answer must beat the others' to be chosen
MAX_COMPARED = 8


def narrow(plan: Plan, ctx: Context) -> Plan | Answer:
    """Return the plan narrowed to one hustings when it has a choice to make, or a decline.

    CLEAR: "the Lib Dem candidate" in a campaign is the one whose words answer clearly best;
    when none does, or the question has no topic, ask which hustings. BEST: "the candidates"
    of a campaign are those of the hustings whose passages answer best.
    """
    if plan.choice is Choice.NONE:
        return plan
    ranked = ctx.ranked(plan)
    best: dict[str, float] = {}
    for s in ranked:
        if s.passage.speaker in plan.people:
            best.setdefault(s.passage.event_id, s.score)
    scores = sorted(best.values(), reverse=True)
    if plan.choice is Choice.CLEAR and (not plan.analysis.topic or not scores or (
            len(scores) > 1 and scores[0] - scores[1] < CLEAR_MARGIN)):
        party = plan.analysis.parties[0] if plan.analysis.parties else "candidate"
        everyone = [*plan.people, *(e.name for e in plan.silent)]
        return declined(plan.question, replies.ambiguous(f"{party} candidate", everyone,
                                                         ctx.roster))
    event = max(best, key=lambda k: best[k]) if best else None
    events = (event,) if event else plan.events
    people = [e.name for e in ctx.roster.speakers(set(events))] if plan.choice is Choice.BEST \
        else [n for n in plan.people if any(e.event.id in events
                                            for e in ctx.roster.entries_for(n))]
    return replace(plan, events=events, people=tuple(people[:MAX_COMPARED]),
                   silent=tuple(e for e in plan.silent if e.event.id in events),
                   choice=Choice.NONE)
