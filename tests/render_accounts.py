"""Generate small hustings accounts with invented people, in the styles people publish them.

Four styles: a transcript with UPPERCASE turn labels, a news report ("X said"), minutes with
initials, and a candidate survey with a section per candidate. The same seed gives the same
account; every name, place and organisation is invented here.
"""

from __future__ import annotations

import random

FIRST = ["Orla", "Declan", "Marisol", "Ifan", "Leonie", "Tarquin", "Bríd", "Anselm", "Yewande",
         "Corentin", "Maëlle", "Eilidh", "Ruairí", "Solveig", "Kwabena", "Henrike"]
LAST = ["Prendergast", "Vasquez-Holt", "Ap Rhys", "Delacourt", "Ní Fhearghail", "Abernethy",
        "Okwuosa", "Lindgren", "Harcastle", "Mac an tSaoir", "Fairweather-Quine", "Brzeski",
        "Trevelyan", "Ó Dubhda", "Castellane", "Mbatha"]
PARTIES = ["Labour", "Conservative", "Green Party", "Liberal Democrats", "Plaid Cymru",
           "Independent"]
TOWNS = ["Aldermoor", "Brackenfold", "Cullenstown", "Dunharrow", "Eskerby", "Fallowmere"]
ORGS = ["Civic Society", "Residents' Forum", "Churches Together", "Cycle Campaign",
        "Chamber of Trade", "Tenants' Association"]
TOPICS = {
    "Buses": ("the bus network", "franchising the routes", "a flat fare of two pounds",
              "the evening services"),
    "Housing": ("affordable homes", "building on brownfield land", "a cap on second homes",
                "the empty shops above the high street"),
    "Flooding": ("flood defences", "dredging the river", "a new flood warden scheme",
                 "the culverts under the old mill"),
    "Health": ("the GP surgery", "a walk-in clinic", "more dentists taking NHS patients",
               "the ambulance waiting times"),
}
STYLES = ("transcript", "report", "minutes", "survey")


def cast(seed: int, size: int = 3) -> tuple[str, list[tuple[str, str]], str, str]:
    """Return the chair, the candidates (name, party), the town and the organiser of a seed."""
    rnd = random.Random(seed)
    names = rnd.sample([f"{f} {la}" for f in FIRST for la in LAST], size + 1)
    parties = rnd.sample(PARTIES, size)
    return names[0], list(zip(names[1:], parties)), rnd.choice(TOWNS), rnd.choice(ORGS)


def account(style: str, seed: int) -> str:
    """Write one account (Markdown) in a style, from a seed."""
    chair, people, town, org = cast(seed)
    rnd = random.Random(seed * 31 + STYLES.index(style))
    topics = rnd.sample(sorted(TOPICS), 2)
    write = {"transcript": _transcript, "report": _report, "minutes": _minutes,
             "survey": _survey}[style]
    return write(rnd, chair, people, town, org, topics)


def _surname(name: str) -> str:
    return name.split(" ", 1)[1]


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.replace("-", " ").split()).upper()


def _answer(rnd: random.Random, topic: str) -> list[str]:
    """Return a candidate's first-person answer on a topic, in three sentences."""
    thing, plan, pledge, detail = TOPICS[topic]
    return [f"I would start with {thing} in the first {rnd.randint(2, 99)} days, and {plan} "
            f"would come next.",
            f"My pledge is {pledge}, paid for from {rnd.randint(2, 40)} per cent of the "
            f"transport budget.",
            f"Nobody has looked properly at {detail} for {rnd.randint(3, 19)} years."]


def _transcript(rnd, chair, people, town, org, topics) -> str:
    out = [f"# {town} hustings: transcript", "",
           f"The {town} {org} hustings was chaired by {chair}. The candidates were "
           + ", ".join(f"{n} ({p})" for n, p in people) + ".", ""]
    for topic in topics:
        out += [f"## {topic}", "",
                f"{chair.upper()}: Our next question is about {topic.lower()}. What would you "
                f"do about {TOPICS[topic][0]}?", ""]
        for name, _ in people:
            out += [f"{name.upper()}: " + " ".join(_answer(rnd, topic)), ""]
        out += [f"{chair.upper()}: Thank you all.", ""]
    return "\n".join(out)


def _report(rnd, chair, people, town, org, topics) -> str:
    out = [f"# Candidates clash over {topics[0].lower()} at {town} hustings", "",
           f"Candidates faced a full hall at the {town} {org} hustings on Thursday evening, "
           f"chaired by {chair}.", ""]
    for topic in topics:
        thing, _, pledge, detail = TOPICS[topic]
        out += [f"## {topic}", ""]
        for name, party in people:
            out += [f"{name} ({party}) said the town needed {pledge}. \u201cWe will fix "
                    f"{thing} before anything else,\u201d said {_surname(name)}, adding that "
                    f"{detail} had been ignored for {rnd.randint(3, 19)} years.", ""]
    return "\n".join(out)


def _minutes(rnd, chair, people, town, org, topics) -> str:
    out = [f"# {town} {org}: notes of the hustings", "",
           f"Chair: {chair}. About {rnd.randint(40, 200)} residents attended.", "",
           "Candidates present, with the initials used in these notes:", ""]
    out += [f"- {name} ({party}) \u2013 {_initials(name)}" for name, party in people] + [""]
    for n, topic in enumerate(topics, 1):
        out += [f"## {n}. {topic}", ""]
        for name, _ in people:
            thing, _, pledge, detail = TOPICS[topic]
            out += [f"{_initials(name)}: supported {pledge}. Would look again at {detail} "
                    f"and start on {thing} within {rnd.randint(2, 99)} weeks.", ""]
    out += ["## Pledge", "", "| Candidate | Signed the pledge |", "| --- | --- |"]
    out += [f"| {name} | {rnd.choice(['Yes', 'No', 'Yes, with reservations'])} |"
            for name, _ in people] + [""]
    return "\n".join(out)


def _survey(rnd, chair, people, town, org, topics) -> str:
    out = [f"# {town} {org} candidate survey", "",
           f"We asked every candidate the same questions about {topics[0].lower()} and "
           f"{topics[1].lower()}. Answers are printed as received. Survey compiled by {chair}.",
           ""]
    for name, party in people:
        out += [f"## {name} ({party})", ""]
        for topic in topics:
            out += [f"**{topic}.** " + " ".join(_answer(rnd, topic)), ""]
    return "\n".join(out)
