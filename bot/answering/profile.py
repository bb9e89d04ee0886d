"""Answer "who is X" and "what is X's job": the roster's line, and sentences that name them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot import replies
from bot.answer import Answer, Citation, declined
from bot.answering.base import Context
from bot.asking.plan import Plan
from bot.compose import Part, render, select
from bot.roster import Entry

ROSTER_ROOM = 400  # characters kept for the roster's line


def profile(plan: Plan, ctx: Context,
            cite: Callable[[list[Entry]], Sequence[Citation]]) -> Answer:
    """Describe a person from the roster and the sentences naming them, others' first."""
    name = plan.analysis.names[0]
    entries = [e for e in ctx.roster.entries_for(name) if not plan.events
               or e.event.id in plan.events]
    roster_cites = tuple(cite(entries))
    roster_ids = {c.passage.id for c in roster_cites}
    surname = name.split()[-1]
    ranked = [s for s in ctx.ranked(plan, f"{plan.standalone} {name}", speakers=())
              if (name in s.text or surname in s.text) and s.passage.id not in roster_ids]
    # what others say about them describes them better than their own words
    ranked.sort(key=lambda s: (s.passage.speaker is not None, -s.similarity))
    chosen = select(ranked, limit=2, budget=ctx.budget - ROSTER_ROOM, relative=0.0)
    marker = f" [{roster_cites[0].n}]" if roster_cites else ""
    intro = " ".join(
        f"{e.name} is the {e.speaker.party} candidate at {replies.event_name(e.event)}"
        + ("" if e.speaker.spoke else f"; {e.name} did not take part in the hustings")
        + f".{marker}" for e in entries if e.speaker.party)
    if not chosen and not intro:
        return declined(plan.question, replies.not_covered(ctx.roster, (name,), plan.topic))
    text, citations = render([Part(None, None, tuple(chosen))] if chosen else [],
                             intro=intro or None, first=len(roster_cites) + 1)
    return Answer(question=plan.question, text=text, answered=True,
                  citations=roster_cites + citations, people=(name,))
