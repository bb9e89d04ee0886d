"""Write accounts of invented hustings in the styles people publish them in, with what each
candidate said on each topic known, so that tests can check who an answer quotes.

Every hustings has four candidates who spoke and one who sent apologies with a statement read
out for them; one candidate says nothing on the last topic. Each statement carries a fact no
one else's does (a number and a noun), so a test can tell whose words an answer holds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

FIRST = ["Orla", "Tamsin", "Ivo", "Brannagh", "Cosmo", "Delphine", "Ezra", "Fenella", "Gideon",
         "Hester", "Idris", "Juno", "Linnea", "Magnus", "Osric", "Petra", "Quentin", "Rosamund",
         "Saskia", "Thaddeus", "Ursula", "Valentin", "Wilhelmina", "Xanthe"]
LAST = ["Vantreight", "Quenby", "Treloar", "Pennick", "Ormsby", "Kestell", "Vosburgh",
        "Dimmock", "Fairweather", "Gorringe", "Ashbury", "Lisle", "Carbury", "Eldritch",
        "Mountjoy", "Sallow", "Tregenza", "Wickstead", "Bellchamber", "Coultard", "Drinkwater",
        "Entwistle", "Ferrabee", "Gotobed"]
PARTIES = ["Labour", "Conservative", "Green Party", "Liberal Democrats", "Reform UK"]
PLACES = ["Wendlebury Cross", "Pellingham", "Stoke Haddon", "Marrowby", "Ellisfield"]
TOPICS = {
    "allotments": ["{n} new allotment plots on the old gasworks site",
                   "halving allotment rents to {n} pounds a year",
                   "a waiting list cut to {n} weeks with shared plots",
                   "{n} raised beds at every primary school"],
    "the library": ["keeping the library open {n} hours a week",
                    "a mobile library van visiting {n} villages",
                    "{n} volunteers trained to run a book swap",
                    "moving the library into the town hall with {n} study desks"],
    "street lighting": ["{n} new LED lamps on the canal path",
                        "switching the lights back on after midnight on {n} streets",
                        "a {n} per cent cut in lighting costs through dimming",
                        "solar lamps on {n} rural lanes"],
}


@dataclass(frozen=True)
class Candidate:
    name: str
    party: str
    said: dict[str, str] = field(default_factory=dict)  # topic -> statement

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def initials(self) -> str:
        return "".join(w[0] for w in self.name.split())


@dataclass(frozen=True)
class Hustings:
    """One invented hustings: who spoke, what each said, and the account written of it."""

    place: str
    style: str
    filename: str
    spoke: tuple[Candidate, ...]
    absent: Candidate  # sent apologies; a statement was read out for them (not in a survey)
    chair: str
    text: str = ""

    @property
    def read_out(self) -> bool:
        return self.style != "survey"

    @property
    def everyone(self) -> tuple[Candidate, ...]:
        return (*self.spoke, self.absent)


def cast(seed: int, place: str, style: str, filename: str, names: list[str]) -> Hustings:
    """Return the people of one hustings and what they said (not yet written)."""
    rnd = random.Random(seed)
    parties = rnd.sample(PARTIES, 5)
    topics = list(TOPICS)
    people = []
    for k, (name, party) in enumerate(zip(names[:5], parties)):
        said = {}
        for t, topic in enumerate(topics):
            if k == 3 and t == len(topics) - 1:
                continue  # says nothing on the last topic
            said[topic] = TOPICS[topic][k % 4].format(n=seed * 100 + k * 10 + t + 1)
        people.append(Candidate(name, party, said))
    absent = Candidate(people[4].name, people[4].party,
                       {topics[0]: f"protecting {seed * 100 + 90} allotment plots from housing"})
    return Hustings(place, style, filename, tuple(people[:4]), absent, names[5])


def news_report(h: Hustings) -> str:
    intro = ", ".join(f"{c.party}'s {c.name}" if i % 2 else f"{c.name} ({c.party})"
                      for i, c in enumerate(h.spoke))
    lines = [f"Candidates spar over services at {h.place} hustings", "",
             f"Around 120 people came to the {h.place} hustings at the parish hall on Thursday "
             f"evening, chaired by {h.chair}. On the panel were {intro}.", "",
             f"{h.absent.name} ({h.absent.party}) sent apologies. In a statement read out by "
             f"{h.chair.split()[-1]}, {h.absent.surname} said: “My priority is "
             f"{h.absent.said['allotments']}.”", ""]
    for topic in TOPICS:
        lines += [topic.capitalize(), ""]
        for c in h.spoke:
            if topic in c.said:
                lines += [f"{c.surname} said {c.party} would back {c.said[topic]}. "
                          f"{'He' if c.name[0] in 'ICEGMOQ' else 'She'} added that residents "
                          f"had waited too long.", ""]
    return "\n".join(lines)


def transcript(h: Hustings) -> str:
    lines = [f"# {h.place} hustings: transcript", "",
             f"**CHAIR ({h.chair.upper()}):** Welcome. With us are "
             + ", ".join(f"{c.name} for {c.party}" for c in h.spoke)
             + f". {h.absent.name} of {h.absent.party} sent apologies, and I'll read their "
             f"statement: “I am sorry not to be here. My priority is "
             f"{h.absent.said['allotments']}.”", ""]
    for topic in TOPICS:
        lines += [f"**CHAIR:** Next, {topic}. What would you do?", ""]
        for c in h.spoke:
            if topic in c.said:
                lines += [f"**{c.surname.upper()}:** Thank you, Chair. I would deliver "
                          f"{c.said[topic]}. That is a promise.", ""]
    return "\n".join(lines)


def survey(h: Hustings) -> str:
    lines = [f"# {h.place} Civic Society candidate survey", "",
             f"We asked every candidate in {h.place} three questions. Here are their answers, "
             f"unedited. {h.absent.name} ({h.absent.party}) did not reply.", ""]
    for c in h.spoke:
        lines += [f"## {c.name}, {c.party}", ""]
        for n, topic in enumerate(TOPICS, 1):
            lines += [f"**Q{n}. What would you do about {topic}?**", ""]
            lines += [f"I would deliver {c.said[topic]}." if topic in c.said
                      else "No answer given.", ""]
    return "\n".join(lines)


def minutes(h: Hustings) -> str:
    lines = [f"{h.place} Residents' Association: notes of the candidates' meeting", "",
             f"Chair: {h.chair}", "",
             "Candidates, with the initials used in these notes:"]
    lines += [f"{c.name} – {c.party} – “{c.initials}”" for c in h.spoke]
    lines += ["", f"Apologies: {h.absent.name}, {h.absent.party}. A statement from "
              f"{h.absent.surname} was read out: “my priority is "
              f"{h.absent.said['allotments']}.”", ""]
    for n, topic in enumerate(TOPICS, 1):
        lines += [f"Q{n}. {topic.capitalize()}", ""]
        for c in h.spoke:
            if topic in c.said:
                lines += [f"{c.initials} – would deliver {c.said[topic]}.", ""]
    return "\n".join(lines)


STYLES = {"report": (news_report, "txt"), "transcript": (transcript, "md"),
          "survey": (survey, "md"), "minutes": (minutes, "txt")}


def hustings(seed: int = 7) -> list[Hustings]:
    """Return one invented hustings in each style, each at its own place, no name twice."""
    rnd = random.Random(seed)
    firsts, lasts = rnd.sample(FIRST, len(FIRST)), rnd.sample(LAST, len(LAST))
    names = [f"{f} {la}" for f, la in zip(firsts, lasts)]  # no first name or surname twice
    out = []
    for n, (style, (write, ext)) in enumerate(STYLES.items()):
        place = PLACES[n]
        h = cast(seed + n, place, style, f"{place.lower().replace(' ', '-')}-{style}.{ext}",
                 names[n * 6:n * 6 + 6])
        out.append(Hustings(h.place, h.style, h.filename, h.spoke, h.absent, h.chair,
                            write(h)))
    return out
