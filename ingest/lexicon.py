"""The general vocabulary of hustings accounts: verbs of saying, role nouns, absence cues.

Word lists of English and of election reporting, never of one document: a verb of saying is a
verb of saying in any report.
"""

from __future__ import annotations

import re
from enum import Enum


class Role(str, Enum):
    """What part a person (or the text) plays in a hustings account."""

    CANDIDATE = "candidate"
    CHAIR = "chair"  # moderator, presenter, host
    AUDIENCE = "audience"  # questioners, callers, hecklers, readers' comments
    REPORTER = "reporter"  # the writer's narration, summaries, fact checks, captions
    OTHER = "other"  # organisers, officials, people quoted who are not candidates


# Lemmas whose subject is the one speaking or holding the view (any tense: "said", "says").
SPEECH_VERBS = frozenset("""
say tell add argue claim insist promise pledge vow warn explain suggest propose accuse describe
believe think want call urge admit agree disagree respond reply answer note stress question ask
challenge counter deny dismiss reject support back oppose favour favor prefer plan intend
describe predict point state declare announce maintain contend acknowledge concede confirm
complain criticise criticize attack praise welcome hope fear feel expect accept recall recount
joke quip shoot hit fire retort repeat reiterate emphasise emphasize highlight mention outline
offer commit list raise remind defend dispute doubt rebut refute pledge push press
seek demand recommend vow blame charge condemn endorse champion caution concede conclude speak
observe assert comment reckon insist suggest tout float vow signal concede lament
""".split())
_IRREGULAR = {"say": "said", "tell": "told", "think": "thought", "feel": "felt", "shoot": "shot",
              "seek": "sought", "speak": "spoke spoken", "hit": "hit"}


def _inflections(verb: str) -> set[str]:
    """Return a verb's forms (over-generated: only words of the text are looked up)."""
    stem = verb[:-1] if verb.endswith("e") else verb
    forms = {verb, verb + "s", verb + "es", verb + "ed", verb + "d", stem + "ing", verb + "ing",
             verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    forms |= set(_IRREGULAR.get(verb, "").split())
    return forms


# Every form of the verbs of saying, so the parse needs no lemmatizer.
SPEECH_FORMS = frozenset(f for verb in SPEECH_VERBS for f in _inflections(verb))

# Verbs of saying made with a particle ("set out her plan", "hit back"), in their forms.
PHRASAL_SPEECH = frozenset((form, particle) for verb, particle in (
    ("set", "out"), ("lay", "out"), ("spell", "out"), ("point", "out"), ("go", "on"),
    ("hit", "back"), ("speak", "out"), ("sound", "off"), ("fire", "back"), ("weigh", "in"))
    for form in _inflections(verb) | {"went", "gone", "laid"})

# Nouns that name the chair of an event ("chaired by", "the presenter", "Moderator:").
CHAIR_WORDS = frozenset("""chair chaired chairing chairs chairman chairwoman chairperson moderator
moderated moderating moderators presenter presented presenting host hosted hosting hosts compere
compère emcee mc facilitator facilitated""".split())

# Nouns for people in the audience or writing in ("a caller", "Resident:", "one farmer").
AUDIENCE_WORDS = frozenset("""audience caller callers questioner questioners resident residents
listener listeners viewer viewers reader readers voter voters heckler hecklers floor member
members man woman shopkeeper farmer farmers parent parents pensioner student someone one question
questions texter text texts email emails message messages commenter comment comments
contributor public attendee attendees""".split())

# Nouns that name the event itself: what a chair chairs ("who chaired the debate").
EVENT_WORDS = frozenset("""hustings husting debate debates meeting meetings forum forums event
evening night session discussion panel q&a question questions""".split())

# Nouns for those who are neither candidates nor the chair ("the organisers", "a spokesperson").
OTHER_WORDS = frozenset("""organiser organisers organizer organizers spokesperson spokesman
spokeswoman official officials council police force officer officers agency association
committee group campaigners campaigner charity company board government ministry department
secretary timekeeper clerk""".split())

# Nouns that mark a person as standing for election.
CANDIDATE_WORDS = frozenset("""candidate candidates hopeful hopefuls contender contenders nominee
nominees challenger incumbent panel panellists panelists ticket standing running""".split())

# Nouns that end the name of an organisation, not a person ("the Ramblers' Union").
ORGANISATION_WORDS = frozenset("""union unions association council chamber society trust club
committee federation league alliance group network forum foundation institute board authority
company ltd limited plc radio water police service services agency partnership cooperative
co-operative""".split())
# Words that end or begin the name of a place, not a person ("Jane Doe Square", "St Mary's").
PLACE_WORDS = frozenset("""square street road avenue drive crescent quay wharf harbour harbor
airport station terminal centre center cathedral abbey school academy college university campus
hospital clinic library museum gallery theatre theater cinema stadium arena pavilion arcade mall
estate county borough district township parish valley river lake forest building tower gardens
""".split())  # not "Hall", "Hill", "Green", "Ward", "Park": surnames as often as places
PLACE_PREFIXES = frozenset({"st", "ste", "saint", "sainte", "mount", "mt", "port", "lake",
                            "fort", "glen", "upper", "lower", "north", "south", "east", "west"})
TITLES = frozenset("""mr mrs ms miss mx dr cllr cr councillor revd rev reverend sir dame prof
professor canon lord lady""".split())
# Offices written before a name ("Governor Jane Doe", "Vice President Jane Doe", "Sen. Doe"):
# like a title, not part of the name; "the vice president" then means the one who holds it.
OFFICES = frozenset("""president vice governor lieutenant senator sen congressman congresswoman
congressmember representative rep assemblymember assemblyman assemblywoman delegate mayor deputy
alderman alderwoman minister premier chancellor commissioner sheriff judge justice mp msp mla mep
td gov pres""".split())
# Words that begin a surname of several words: "Ó Briain", "Mac Giolla Phádraig", "van Dijk".
SURNAME_PARTICLES = frozenset("""ó o ní nic uí ua mac mhic mc de del della di da dos du van von der
den ter le la st ste bin ibn al el ap ferch""".split())
# Words that go on a surname only after a particle ("Mac an Bhaird", "Nic na Bà"): elsewhere
# they are everyday words, so they never start one.
SURNAME_LINKS = frozenset({"an", "na"})


def written_forms(words: frozenset[str]) -> str:
    """Return a regex alternation of words, lowercase ("de", "an") or capitalised ("Ó", "Mac")."""
    return "|".join(sorted({w for p in words for w in (p, p.capitalize())}, key=len, reverse=True))


# A surname's particle as written, and the link that may follow it ("Ó", "van der", "Mac an").
NAME_LINK = rf"(?:\s+(?:{written_forms(SURNAME_LINKS)}))?"
NAME_PARTICLE = rf"(?:{written_forms(SURNAME_PARTICLES)}){NAME_LINK}"
FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "dame", "lady"})
MALE_TITLES = frozenset({"mr", "sir", "lord"})

PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f",
            "they": None, "i": None, "we": None}

# Why a candidate did not take part; the first that matches names the reason.
ABSENCE = (
    (re.compile(r"\b(?:sent|sends|send|gave|offered|tendered|with)\s+(?:\w+\s+)?apologies\b"
                r"|^\W*apologies\b|\bapologi[sz](?:ed|es) for (?:not |being unable|"
                r"(?:his|her|their) absence|missing)", re.I), "sent apologies"),
    (re.compile(r"\bnot (?:been )?invited\b|\bwasn[’']t invited\b|\bleft out\b", re.I),
     "not invited"),
    (re.compile(r"\b(?:did not|didn[’']t|failed to|has not|hasn[’']t) (?:respond|reply)"
                r"(?= to (?:an? |the |our |any )?(?:invitation|survey|questionnaire|request|email|"
                r"questions|approach)|[,.;]|$)"
                r"|\bno (?:response|reply) (?:was )?(?:received|from)\b", re.I), "did not respond"),
    (re.compile(r"\b(?:declined|refused)\b(?! to (?:say|comment|answer|give|rule|commit|be drawn|"
                r"name|explain|confirm|discuss|reveal|speculate))", re.I), "declined"),
    (re.compile(r"\b(?:could not|couldn[’']t|unable to|cannot|can[’']t|did not|didn[’']t|"
                r"failed to|not able to) (?:attend|take part|join|make it|come|be there|"
                r"participate|turn up)|\bwas absent\b|\bdid not attend\b|\bno-show\b", re.I),
     "could not attend"),
    (re.compile(r"\binvited,? but\b(?! (?:also|still))", re.I), "could not attend"),
)

# A candidate who came late still took part.
LATE = re.compile(r"\barrived late\b|\bjoined (?:the (?:debate|meeting|panel|hustings) )?"
                  r"(?:late|later)\b|\blate arrival\b", re.I)

# The writer's own summary of an event, in a heading or the line that introduces a list.
SUMMARY = re.compile(r"\b(?:key (?:points|takeaways|moments)|what we learned|takeaways|in summary|"
                     r"at a glance|the verdict|summary)\b", re.I)

# Section headings under which the text is readers' comments.
COMMENTS_HEADING = re.compile(r"\b(?:comments?|responses?|replies|reactions?|have your say|"
                              r"readers?[’']? (?:views|letters))\b", re.I)
