"""Generate a synthetic campaign: round-ups of many hustings with speakers, sections and parties.

    python -m benchmarks.corpus --passages 10000 --out /tmp/corpus

Every document reads like a real round-up (a title, an introduction naming the panel with their
parties and the chair, sections whose paragraphs report what each candidate said), so that ingest
and retrieval do the same work per passage as on real documents. Generation is deterministic for a
given seed; documents are parsed as they are written so the corpus holds the requested number of
passages.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

VERSION = 3  # bump when the generated text changes, so cached corpora are rebuilt

FIRST = """Amelia Arjun Delia Chloe Declan Eleanor Farah Rufus Idris Imogen Jasper Kavita Lucinda
Malik Niamh Oliver Omari Quentin Rhiannon Saoirse Tobias Uma Victor Wendy Xavier Yasmin
Zachary Aled Bronwen Cormac Delyth Ewan Harriet Isaac Jocelyn Kieran Leila Morgan Tamsin
Owain Pippa Rashid Everett Theo Ursula Vikram Winifred Yusuf Zara Felicity Ingrid Ivor""".split()
LAST = """Ashdown Achebe Bains Bellamy Cartwright Chaudhry Birtwistle Drummond Ellison Coldwell
Fairclough Dankworth Gallagher Goodwin Hargreaves Hussain Ingram Iqbal Jennings Kaur
Kowalski Lambert Macleod Mensah Nakamura Nolan Edgecombe Osei Pemberton Quinn Radcliffe
Rahman Sandhu Fothergill Thornton Trevelyan Underwood Varma Walcott Gresham Zielinski
Blackwood Calloway Dunmore Eastwood Fairweather Greenhalgh Hollinshead Lockwood Merriman
Northcott Oakley Penhaligon Kilbride Stainton Tennant""".split()
PARTIES = ["Labour Party", "Conservative Party", "Liberal Democrats", "Green Party",
           "Reform UK", "Independent", "Plaid Cymru", "Scottish National Party",
           "Workers Party", "Social Democratic Party"]
PLACES = """Aberdeen Ashford Rochdale Basingstoke Bath Bedford Blackpool Bolton Penrith Brighton
Cambridge Canterbury Bangor Tamworth Chelmsford Cheltenham Yeovil Colchester Coventry
Crawley Darlington Derby Redditch Durham Stafford Falkirk Gloucester Grimsby Guildford
Barrow Hastings Kidderminster Huddersfield Inverness Ipswich Kendal Lancaster Leicester
Bridgwater Luton Maidstone Middlesbrough Newport Northampton Norwich Macclesfield Crewe
Perth Peterborough Loughborough Portsmouth Preston Reading Salisbury Nuneaton Shrewsbury
Slough Southampton Stirling Sunderland Swansea Stevenage Taunton Telford Truro Wakefield
Warrington Worcester Wrexham Basildon""".split()
CONTESTS = ["Parliamentary", "Mayoral", "Council", "Police and Crime Commissioner",
            "By-election", "Combined Authority"]
THEMES = ["Tech", "Climate", "Business", "Housing", "Youth", "Health", "Rural", "Transport",
          "Arts and Culture", "Faith and Community"]
ORGS = ["Chamber of Commerce", "Civic Society", "Youth Council", "Climate Forum",
        "Tenants' Association", "Federation of Small Businesses", "Community Foundation",
        "Council of Faiths", "Digital Alliance", "Citizens Advice network"]
VENUES = ["the Town Hall", "the Corn Exchange", "the Central Library", "the Guildhall",
          "St Mary's Church Hall", "the University Students' Union", "the Arts Centre",
          "the Trades Club", "the Community Centre", "the Baptist Church"]
MONTHS = ["January", "February", "March", "April", "May", "June", "September", "October",
          "November"]
SPEECH = ["said", "argued", "stressed", "pointed out", "explained", "highlighted", "insisted",
          "warned", "noted", "emphasised", "suggested", "stated"]
PLEDGE = ["pledged to", "promised to", "committed to", "proposed to", "called for plans to",
          "said the council should", "wants to", "vowed to"]
LINKS = ["Furthermore,", "In addition,", "However,", "At the same time,", "Crucially,",
         "Beyond that,", "In practice,", "Looking ahead,"]
GROUPS = ["young people", "older residents", "small businesses", "families on low incomes",
          "commuters", "carers", "tenants", "first-time buyers", "disabled residents",
          "people in rural villages", "school leavers", "local charities", "shift workers",
          "new arrivals", "pensioners"]


@dataclass(frozen=True)
class Topic:
    """A section of a hustings: what is discussed and the phrases candidates use about it."""

    heading: str
    nouns: tuple[str, ...]
    problems: tuple[str, ...]
    actions: tuple[str, ...]
    benefits: tuple[str, ...]


def _t(heading: str, nouns: str, problems: str, actions: str, benefits: str) -> Topic:
    return Topic(heading, *(tuple(s.strip() for s in part.split(";") if s.strip())
                            for part in (nouns, problems, actions, benefits)))


TOPICS = (
    _t("Transport and buses", "bus franchising; tram extensions; rail links; cycle lanes; "
       "night buses; fare caps; park and ride",
       "services are cancelled without warning; fares have risen faster than wages; villages "
       "have lost their last bus route; congestion adds an hour to many commutes",
       "bring buses back under public control; cap single fares at two pounds; build protected "
       "cycle lanes between town centres; reopen the old branch line; run night buses at weekends",
       "cut journey times; get cars off the road; connect outlying estates to jobs"),
    _t("Housing and homelessness", "social housing; private renting; empty homes; rough "
       "sleeping; planning reform; council tax",
       "waiting lists have doubled in five years; rents take half of take-home pay; too many "
       "families live in temporary accommodation; new estates arrive without GP surgeries",
       "build council homes at scale; licence every private landlord; bring empty homes back "
       "into use; end no-fault evictions locally; fund a housing first programme",
       "give families security; bring rents down; end rough sleeping for good"),
    _t("Digital infrastructure", "full fibre broadband; mobile coverage; 5G masts; digital "
       "exclusion; public wifi; data centres",
       "whole streets still cannot get a decent connection; older people are shut out of online "
       "services; rural areas have no 4G signal; libraries have cut their computer hours",
       "commission a review of coverage gaps; offer free devices to those who need them; put "
       "public wifi in every high street; train digital champions in each ward",
       "close the digital divide; let businesses trade online; help people reach public services"),
    _t("Skills and jobs", "apprenticeships; adult education; further education colleges; "
       "coding bootcamps; careers advice; the living wage",
       "employers cannot find trained staff; young people leave for the cities; adult learning "
       "budgets have been cut; too few apprenticeships lead to a job",
       "create a local skills guarantee; fund free coding classes for adults; pay the real living "
       "wage across the council; link colleges with local employers",
       "keep talent in the area; raise wages; give everyone a second chance at learning"),
    _t("Climate and the environment", "net zero; home insulation; heat pumps; flood defences; "
       "air quality; tree planting; solar panels",
       "homes leak heat and bills keep rising; rivers flood every winter; air pollution breaches "
       "legal limits near schools; the council is behind on its climate targets",
       "retrofit thousands of homes with insulation; build flood defences upstream; plant a "
       "million trees; put solar panels on every school roof; create clean air zones",
       "cut energy bills; create green jobs; protect homes from flooding"),
    _t("Health and social care", "GP appointments; mental health services; social care; "
       "hospital waiting lists; dentistry; public health",
       "people wait weeks for a GP appointment; care homes cannot recruit staff; children wait a "
       "year for mental health support; there is no NHS dentist taking new patients",
       "open walk-in mental health hubs; pay care workers properly; fund community dentistry; "
       "join up health and care budgets",
       "shorten waiting times; keep older people independent at home; catch illness earlier"),
    _t("Crime and policing", "neighbourhood policing; antisocial behaviour; knife crime; "
       "violence against women; youth services; shoplifting",
       "residents rarely see a police officer; youth clubs have closed; shoplifting has soared; "
       "women do not feel safe walking home at night",
       "put officers back on the beat; reopen youth centres; fund street lighting and CCTV; "
       "set up a violence reduction unit",
       "make streets safer; divert young people from crime; rebuild trust in the police"),
    _t("The local economy", "high streets; small businesses; business rates; inward investment; "
       "tourism; the night-time economy",
       "shop units stand empty on the high street; business rates punish small firms; investment "
       "goes to the big cities; the visitor economy has not recovered",
       "cut rates for independent shops; create a local investment fund; back a regional "
       "growth plan; support markets and events in town centres",
       "bring footfall back; create good local jobs; keep money circulating locally"),
    _t("Education and young people", "school funding; special educational needs; school "
       "meals; youth clubs; university access; childcare",
       "schools are short of teaching assistants; children with special needs wait for support; "
       "childcare costs more than rent; families cannot afford school uniforms",
       "extend free school meals to every primary pupil; fund more SEND places locally; expand "
       "affordable childcare; give every young person a youth offer",
       "give children a fair start; let parents return to work; close the attainment gap"),
    _t("Artificial intelligence and innovation", "artificial intelligence; start-ups; research "
       "and development; cyber security; data ethics; innovation districts",
       "start-ups struggle to find investment; the public sector lags behind on technology; "
       "cyber attacks have hit local councils; people fear losing jobs to automation",
       "set up an AI skills academy; create an innovation fund for start-ups; publish rules on "
       "the ethical use of data; train council staff in cyber security",
       "attract investment; make public services faster; balance opportunity and risk"),
    _t("Local democracy and devolution", "devolution; council finances; transparency; "
       "participatory budgeting; local referendums; community assets",
       "the council faces a funding gap of millions; decisions are taken behind closed doors; "
       "turnout at local elections is falling; community centres are being sold off",
       "publish every spending decision online; hold citizens' assemblies on big choices; let "
       "communities buy local assets; press for fair funding from Westminster",
       "rebuild trust; give residents a real say; protect services from cuts"),
    _t("Arts, culture and sport", "libraries; theatres; grassroots sport; festivals; heritage; "
       "leisure centres",
       "library opening hours have been cut; the swimming pool closed last year; artists cannot "
       "afford studio space; heritage buildings are falling into disrepair",
       "keep every library open; rebuild the leisure centre; fund a year-round festival "
       "programme; turn empty units into studios",
       "bring communities together; attract visitors; keep people active"),
)
QUESTIONS = ("The audience then asked about {noun}.", "The next question came from a local "
             "resident concerned about {noun}.", "The chair moved the discussion on to {noun}.")


def _person(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in taken:
            taken.add(name)
            return name


def _claim(rng: random.Random, topic: Topic, place: str) -> str:
    forms = (
        lambda: f"{rng.choice(topic.problems)} in {place}",
        lambda: f"{rng.choice(topic.nouns)} must be a priority because "
                f"{rng.choice(topic.problems)}",
        lambda: f"the next {rng.choice(['mayor', 'MP', 'council', 'administration'])} should "
                f"{rng.choice(topic.actions)}",
        lambda: f"{rng.randint(12, 88)}% of {rng.choice(GROUPS)} say {rng.choice(topic.problems)}",
    )
    return rng.choice(forms)()


def _paragraph(rng: random.Random, who: str, topic: Topic, place: str) -> str:
    first = who.split()[0]
    pronoun = "She" if sum(map(ord, first)) % 2 else "He"  # the same for a person every time
    parts = [f"{who} {rng.choice(SPEECH)} that {_claim(rng, topic, place)}."]
    for _ in range(rng.randint(2, 4)):
        kind = rng.random()
        if kind < 0.3:
            parts.append(f"{pronoun} {rng.choice(PLEDGE)} {rng.choice(topic.actions)}, "
                         f"which would {rng.choice(topic.benefits)}.")
        elif kind < 0.55:
            parts.append(f"{rng.choice(LINKS)} {_claim(rng, topic, place)}.")
        elif kind < 0.75:
            parts.append(f"{first} {rng.choice(SPEECH)} that {rng.choice(topic.nouns)} would "
                         f"{rng.choice(topic.benefits)} for {rng.choice(GROUPS)}.")
        else:
            parts.append(f"This would cost around {rng.randint(2, 95)} million pounds over "
                         f"{rng.randint(2, 6)} years and {rng.choice(topic.benefits)}.")
    text = " ".join(parts)
    return text[0].upper() + text[1:]


def round_up(rng: random.Random, number: int) -> tuple[str, str]:
    """Return (file name, markdown text) of one generated round-up."""
    place = rng.choice(PLACES)
    contest, theme = rng.choice(CONTESTS), rng.choice(THEMES)
    taken: set[str] = set()
    chair = _person(rng, taken)
    panel = [_person(rng, taken) for _ in range(rng.randint(3, 5))]
    parties = rng.sample(PARTIES, len(panel))
    absent = panel.pop() if rng.random() < 0.2 else None
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.choice([2023, 2024, 2025])
    title = f"{place} {contest} {theme} Hustings"
    listed = [f"{n} ({p})" for n, p in zip(panel, parties)]
    lines = [f"# Event round-up: {title}", "",
             f"Held at {rng.choice(VENUES)} in {place} on {day} {month} {year}, this hustings "
             f"gave residents the chance to question the candidates on "
             f"{theme.lower()} and local priorities. The evening was chaired by {chair} of the "
             f"{place} {rng.choice(ORGS)}.", "",
             f"The panel featured {', '.join(listed[:-1])} and {listed[-1]}."
             + (f" {absent} ({parties[-1]}) was invited but unable to attend." if absent else ""),
             ""]
    for topic in rng.sample(TOPICS, rng.randint(4, 6)):
        lines += [f"## {topic.heading}", ""]
        if rng.random() < 0.3:
            lines += [rng.choice(QUESTIONS).format(noun=rng.choice(topic.nouns)), ""]
        for who in rng.sample(panel, len(panel)):
            lines += [_paragraph(rng, who, topic, place), ""]
    if rng.random() < 0.3:
        lines += ["## Candidates standing", "", f"The candidates standing in {place} are:", ""]
        lines += [f"- {n} ({p})" for n, p in zip(panel + ([absent] if absent else []), parties)]
        lines.append("")
    slug = title.lower().replace(" ", "-").replace("'", "")
    return f"{number:05d}-{slug}.md", "\n".join(lines)


def generate(out: Path, passages: int, seed: int = 7) -> int:
    """Write round-ups into out until they hold at least `passages` passages; return the count."""
    from ingest.parse import parse_document

    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    total, number = 0, 0
    while total < passages:
        name, text = round_up(rng, number)
        total += len(parse_document(text, name).passages)
        (out / name).write_text(text, encoding="utf-8")
        number += 1
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    count = generate(args.out, args.passages, args.seed)
    print(f"Wrote {len(list(args.out.glob('*.md')))} round-ups, {count} passages, to {args.out}")


if __name__ == "__main__":
    main()
