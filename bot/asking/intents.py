"""What a question asks for: an ordered table of intent rules, the first that holds wins."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import Enum

from bot.roster import PersonMention


class Intent(str, Enum):
    """What kind of answer a question wants."""

    TOPIC = "topic"  # what was said about something
    COMPARE = "compare"  # how candidates differ on something
    PARTY_OF = "party_of"  # which party is X standing for
    CANDIDATE_OF = "candidate_of"  # who is the Green candidate
    CANDIDATES = "candidates"  # who are all the candidates
    SPEAKERS = "speakers"  # who spoke / took part
    ABSENTEES = "absentees"  # who stood but did not take part
    VOTE_ADVICE = "vote_advice"  # who should I vote for
    OUTCOME = "outcome"  # who won, who will win: the vote, not what was said
    PERSON = "person"  # who is X, what is X's job
    MODERATOR = "moderator"  # who chaired the hustings


# The vote's result, asked about: "Who won the seat?", "Will X win Y?", "Who topped the poll?"
# (not "if he won", nor a claim to have won a debate: that is what someone said).
_OUTCOME = re.compile(
    r"\b(?:who|which (?:party|candidate|one))(?: (?!said|says|claim|argu|told|reckon)"
    r"[\w'’-]+){0,3}? (?:won|wins|will win|(?:is|are) "
    r"(?:going to|likely to|expected to) win|is winning|is ahead|is leading|topped the poll|"
    r"came (?:first|second|third|last)|(?:was|got|has been|will be|were) (?:re-)?elected)\b|"
    r"^\s*(?:will|is|can|could|did) [^?]{1,40}?\b(?:win|won|be elected|get elected)\b"
    r"(?! the (?:debate|argument|room|exchange))|"
    r"\b(?:election|poll|polling|vote|count) results?\b|\bresults? of the (?:election|vote|poll|"
    r"count)\b|\bturnout\b|\b(?:opinion )?polls? (?:show|say|suggest|predict)|"
    r"\bwho (?:is|was) (?:the )?(?:new|current) (?:mayor|mp|councillor|member)\b",
    re.IGNORECASE)

_VOTE = re.compile(r"\b(should i vote|who (?:should|do|would) (?:i|we|you) (?:vote|back|support|"
                   r"choose|pick)|who to vote|vote for\b|recommend\w* (?:a |which )?candidate|"
                   r"who(?:'s| is| was) (?:the )?(?:best|better|worst|right choice|strongest|"
                   r"weakest)|which candidate is (?:the )?(?:best|better|worst|right)|"
                   r"(?:best|better|worst) candidate|rank (?:the )?candidates|"
                   r"who (?:deserves|won the debate|came out on top)|"
                   r"should (?:i|we) (?:give|back|support|choose|pick)\b[^?]{0,60}?"
                   r"\b(?:vote|preference|support))",
                   re.IGNORECASE)
_COMPARE = re.compile(r"\b(differ|difference|compare|comparison|contrast|versus|vs\.?|"
                      r"(?:each|both|all|the) candidates?(?:'|’)? (?:think|say|said|view|stand|"
                      r"position|propose)|how do the candidates|where do the candidates|"
                      r"candidates(?:'|’) (?:views|positions|plans|policies|stances)|"
                      # "the candidates [at the X hustings] say about": all of them, each apart
                      r"candidates\b[^?]{0,80}?\b(?:say|said|think|thought|propose|proposed|"
                      r"stand|want|plan|promise|promised|tackle|do about|offer|offered|"
                      r"pledge|pledged|suggest|suggested|argue|argued|vow|vowed|answer|"
                      r"answered|respond|responded|react|reacted|help|fix|address|deal with|"
                      r"handle|approach|improve|support|oppose|back)|"
                      r"each of the)\b",
                      re.IGNORECASE)
_CANDIDATES = re.compile(r"\b(who (?:are|were) (?:all )?the candidates|(?:list|name) (?:all )?"
                         r"(?:of )?the candidates|which candidates (?:are|were) "
                         r"(?:standing|running)|how many candidates|"
                         r"who (?:is|was|are|were) (?:standing|running)|"
                         r"all (?:the )?candidates|running together|(?:same|team|joint) "
                         r"ticket)\b", re.IGNORECASE)
_ABSENTEES = re.compile(r"\b(?:who|which (?:[\w-]+ ){0,3}?candidates?)\b[^?]{0,30}\b"
                        r"(?:did ?n[o']t|didn't|refused to|declined to|"
                        r"were ?n[o']t|was ?n[o']t|never|could ?n[o']t) (?:speak|take part|"
                        r"attend|turn up|come|participate|join|there|present|make (?:it|the)|"
                        r"reply|respond|answer|return)|"
                        r"\b(?:who|which (?:[\w-]+ ){0,3}?candidates?)\b[^?]{0,30}\b(?:missed|"
                        r"skipped|stayed away from|was absent|pulled out|withdrew)\b|"
                        r"\b(?:absent|missing|no-shows?|"
                        r"sent (?:their |his |her )?apologies)\b", re.IGNORECASE)
_SPEAKERS = re.compile(r"\b(who (?:spoke|took part|attended|participated|was on the panel|joined|"
                       r"debated|took the stage|faced off|squared off|went head to head)|"
                       r"which (?:[\w-]+ ){0,3}?(?:candidates|leaders|contenders|panellists|"
                       r"panelists|politicians|hopefuls) (?:spoke|took part|attended|"
                       r"participated|were there|"
                       r"answered|responded|replied))\b",
                       re.IGNORECASE)
_PARTY_OF = re.compile(r"\b(which|what) party\b|\bparty (?:is|does|was)\b|\bstanding for which\b|"
                       r"\b(?:standing|running) (?:for|with) (?:a|any) party\b",
                       re.IGNORECASE)
_CANDIDATE_OF = re.compile(r"\bwho(?:'s| is| was| are| were)? (?:the )?.{0,40}\bcandidates?\b",
                           re.IGNORECASE)
_PERSON = re.compile(r"^\s*(?:who(?:'s| is| was)|tell me about|what(?:'s| is| was) (?:the )?"
                     r"(?:\w+(?: \w+){0,3}['’]s )?"
                     r"(?:job|role|title|position|background|occupation|work)|"
                     r"what does \w+(?: \w+)? do)\b", re.IGNORECASE)
_PERSON_TAIL = re.compile(r"['’]s (?:job|role|title|position|background|occupation|work)$|"
                          r"^\s*(?:who(?:'s| is| was)|tell me about) [^?]*$|\bdo\??$",
                          re.IGNORECASE)
_MODERATOR = re.compile(r"\bwho (?:moderated|chaired|hosted|compered|compèred|facilitated|"
                        r"presented|ran|interviewed)\b|\bwho (?:was|is|were) the (?:moderator|"
                        r"chair|chairperson|host|compere|facilitator|interviewer)s?\b",
                        re.IGNORECASE)


Rule = Callable[[str, Sequence[PersonMention], Sequence[str]], bool]

# In order: the first rule that holds names the intent; none holding is a TOPIC question.
RULES: tuple[tuple[Intent, Rule], ...] = (
    (Intent.VOTE_ADVICE, lambda q, people, parties: bool(_VOTE.search(q))),
    (Intent.OUTCOME, lambda q, people, parties: bool(_OUTCOME.search(q))),
    (Intent.PARTY_OF, lambda q, people, parties: bool(people) and bool(_PARTY_OF.search(q))),
    # people named are where ("the Doe-Roe debate") or whom ("interviewed X")
    # "Who took part, and who hosted it?": those who spoke, and the chair beside them
    (Intent.MODERATOR, lambda q, people, parties: bool(_MODERATOR.search(q))
     and not _SPEAKERS.search(q)),
    (Intent.ABSENTEES, lambda q, people, parties: not people and bool(_ABSENTEES.search(q))),
    # "Who is standing as an Independent?", "Who is the Labour candidate who spoke?": the
    # party's candidate
    (Intent.CANDIDATE_OF, lambda q, people, parties: bool(parties) and not people and bool(
        _CANDIDATE_OF.search(q) or _CANDIDATES.search(q))),
    (Intent.SPEAKERS, lambda q, people, parties: bool(_SPEAKERS.search(q))),
    (Intent.CANDIDATES, lambda q, people, parties: not people and bool(_CANDIDATES.search(q))),
    (Intent.COMPARE, lambda q, people, parties: len(people) != 1 and bool(_COMPARE.search(q))),
    (Intent.PERSON, lambda q, people, parties: len(people) == 1 and bool(_PERSON.search(q))
     and bool(_PERSON_TAIL.search(q.rstrip(" ?.!")))),
)


def intent_of(question: str, people: Sequence[PersonMention], parties: Sequence[str]) -> Intent:
    """Return the intent of the first rule that holds for the question."""
    return next((intent for intent, rule in RULES if rule(question, people, parties)),
                Intent.TOPIC)
