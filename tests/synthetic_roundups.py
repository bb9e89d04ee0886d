"""Generate round-ups of made-up hustings: any number of passages, reproducible, editable."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from pathlib import Path

FIRST = ["Mara", "Tobias", "Ines", "Callum", "Priya", "Owen", "Lena", "Rufus", "Nadia", "Felix",
         "Greta", "Hamish", "Yusuf", "Carys", "Dmitri", "Elsie"]
LAST = ["Whitlock", "Ashdown", "Pemberton", "Okonjo", "Lindqvist", "Farrow", "Quayle", "Brennan",
        "Castellan", "Dunmore", "Esterhazy", "Gallacher", "Halloran", "Ivers", "Jessop",
        "Kettering"]
PARTIES = ["Labour", "Conservative", "Green Party", "Liberal Democrats", "Reform UK"]
TOWNS = ["Ashford", "Barnsley", "Carlisle", "Dudley", "Exeter", "Frome", "Grimsby", "Hexham",
         "Ilkley", "Jarrow", "Kendal", "Ludlow"]
TOPICS = {
    "Housing": ["council homes", "rent controls", "brownfield sites", "social housing",
                "planning reform"],
    "Transport": ["bus franchising", "cycle lanes", "rail electrification", "tram extensions",
                  "fare caps"],
    "Skills": ["apprenticeships", "adult education", "digital bootcamps", "college funding",
               "coding clubs"],
    "Health": ["GP surgeries", "mental health services", "waiting lists", "community clinics",
               "care workers"],
    "Climate": ["heat pumps", "solar farms", "flood defences", "retrofitting homes",
                "tree planting"],
    "Economy": ["small business grants", "high street renewal", "inward investment",
                "living wage", "tech start-ups"],
}
VERBS = ["promised", "proposed", "argued for", "called for", "pledged"]


def candidates(seed: int) -> list[tuple[str, str]]:
    """Return the (name, party) of the four candidates of the round-up made from seed."""
    rnd = random.Random(seed)
    people = rnd.sample([f"{f} {la}" for f in FIRST for la in LAST], 4)
    return list(zip(people, rnd.sample(PARTIES, 4)))


def roundup(seed: int, town: str, edit: int = 0, topics: int = 6) -> str:
    """Write a round-up of 1 + 4 x topics passages: an introduction, then each candidate on
    each topic (at most 6), in four sentences.

    A non-zero edit changes one number in each candidate's answer on the first topic.
    """
    people = candidates(seed)
    rnd = random.Random(seed * 7919 + 1)
    lines = [f"# {town} Mayoral Hustings", "",
             f"On {rnd.randint(1, 28)} May 2026 the {town} hustings heard from "
             + ", ".join(f"{p} ({q})" for p, q in people) + ".", ""]
    for n, (topic, nouns) in enumerate(sorted(TOPICS.items())[:topics]):
        lines += [f"## {topic}", ""]
        for person, _ in people:
            picked = rnd.sample(nouns, 3)
            schemes = rnd.randint(2, 40) * 5 + (edit if n == 0 else 0)
            sentences = [f"{person} {rnd.choice(VERBS)} {picked[0]} across {town}, promising "
                         f"{schemes} new schemes by 2030."]
            sentences.append(f"They said {picked[1]} would matter for {town} families and "
                             f"that {rnd.randint(10, 90)}% of residents backed more "
                             f"{picked[1]}.")
            sentences.append(f"In reply to a question from the floor about {picked[2]}, "
                             f"{person.split()[-1]} said the plan would cost "
                             f"£{rnd.randint(2, 90)} million over {rnd.randint(2, 6)} years.")
            sentences.append(f"{person.split()[0]} added that {topic.lower()} funding must "
                             f"reach every ward of {town} within {rnd.randint(2, 9)} years.")
            lines += [" ".join(sentences), ""]
    return "\n".join(lines)


def write_roundups(folder: Path, towns: Sequence[str], edits: Mapping[str, int] | None = None,
                   topics: Mapping[str, int] | None = None) -> list[Path]:
    """Write one round-up per town into folder (seeded by the town's place in TOWNS)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for town in towns:
        path = folder / f"{town.lower()}-hustings.md"
        path.write_text(roundup(TOWNS.index(town), town, (edits or {}).get(town, 0),
                                (topics or {}).get(town, 6)), encoding="utf-8")
        paths.append(path)
    return paths
