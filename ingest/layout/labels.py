"""Turn labels: "NAME:", "Name (Party):", "PRESENTER:", "• AB – ..." at the start of a unit."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.lexicon import AUDIENCE_WORDS, CHAIR_WORDS, OTHER_WORDS, Role
from ingest.parties import is_party_phrase, normalise_party
from ingest.text import CAP

_COLON = re.compile(rf"^(?P<label>{CAP}[^:\n.!?“”\"–—]{{0,70}}?)\s*:\s+(?=\S)")
# A full stop inside a label after a title or an initial ("MR. ROE:", "J. DOE:"), masked so
# that the label pattern, which stops at a sentence's end, reads through it.
_TITLE = (r"(?i:mr|mrs|ms|mx|dr|st|ste|sen|rep|gov|prof|rev|revd|hon|cllr|lt|col|gen|capt|jr|sr|"
          r"pres|amb|supt|insp|sgt)")
_ABBREVIATED = re.compile(rf"\b({_TITLE}|{CAP})\.(?=[ \t]*{CAP})")
# A title or a lone initial just before a position; not the last letter of "D.C."
_ABBREVIATED_END = re.compile(rf"(?:\b{_TITLE}|(?<![\w.]){CAP})\.[ \t]*$")
_MASK = "\x00"
_DASH = re.compile(rf"^(?P<label>{CAP}[\w.'’\-]*(?:\s+{CAP}[\w.'’\-]*){{0,3}}"
                   r"(?:\s*\([^()]{2,60}\))?)\s+[–—-]\s+(?=\S)")
_PAREN = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<party>[^()]{2,60})\)$")
_COMMA_PARTY = re.compile(r"^(?P<name>[^,]+?),\s*(?P<party>[^,]{2,60})$")
_INITIALS = re.compile(rf"\s*\(\s*[“\"‘']?{CAP}{{2,4}}[”\"’']?\s*\)|(?<=\()\s*{CAP}{{2,4}}\s*,\s*")
# A questioner's turn in a Q-and-A transcript: "Q   What will you do ..." (no colon).
_QUESTION = re.compile(r"^(?P<label>Q\d{0,2})(?:[.:)]\s*|[ \t\u00a0]{2,})(?=\S)")
# The same with its spaces collapsed to one (a page or a PDF made of the transcript): "Q Okay."
# is a question only where the document writes many so (`questions_spaced`).
_QUESTION_SPACED = re.compile(r"^(?P<label>Q)[ \t\u00a0](?=[A-Z\u201c\"\u2018'\u2014\u2013])")
_PHONE = re.compile(r"^(?P<label>\+?\d[\d \-().]{6,20}\d)\s*:\s+(?=\S)")
_BOLD_LABEL = re.compile(r"^(\*\*|__)(?P<label>[^*_:\n]{1,80}?)\s*(?::\s*\1|\1\s*:)\s+(?=\S)")
_MAX_WORDS = 6
_INITIALS_ONLY = re.compile(rf"^{CAP}{{2,4}}$")
_NAME_LIKE = re.compile(rf"^(?!I$)(?:{CAP}[\w.'’\-]*\.?\s*){{1,4}}$")
_FROM_THE_FLOOR = frozenset({"floor", "audience", "questioner", "caller", "unidentified",
                             "male", "female", "crowd", "protester", "heckler"})
REPORTER_LABELS = frozenset({"note", "notes", "editor", "narrator", "reporter", "update",
                             "correction", "fact", "factcheck", "analysis", "context", "verdict",
                             "background", "explainer", "summary"})


@dataclass(frozen=True)
class Label:
    """A unit's turn label: who speaks (a written name, or a role) and where the text starts."""

    written: str  # the label as written, party removed: "Jane Doe", "PRESENTER", "JD"
    party: str | None
    role: Role | None  # set when the label is a role word ("PRESENTER", "Caller")
    end: int  # offset in the unit's text where the labelled speech starts
    dash: bool  # "AB – ..." (notes) rather than "AB: ..."
    rest: str = ""  # the text after the label


def find_label(text: str, *, item: bool, spaced: bool = False) -> Label | None:
    """Return the label a unit starts with, if it has one; dashes count only in list items;
    `spaced`: the document writes its questions "Q Text" with one space."""
    if q := _QUESTION.match(text):
        return Label(q.group("label"), None, Role.AUDIENCE, q.end(), False, text[q.end():])
    if spaced and (q := _QUESTION_SPACED.match(text)):
        return Label(q.group("label"), None, Role.AUDIENCE, q.end(), False, text[q.end():])
    if phone := _PHONE.match(text):  # "+44 7700 900123: ..." in a meeting's transcript
        return Label(phone.group("label"), None, None, phone.end(), False, text[phone.end():])
    if bold := _BOLD_LABEL.match(text):  # "**Jane Doe (Labour):** ..." in Markdown
        inner = find_label(f"{bold.group('label')}: x", item=item)
        if inner is not None:
            return Label(inner.written, inner.party, inner.role, bold.end(), False,
                         text[bold.end():])
    head = _ABBREVIATED.sub(lambda a: a.group(1) + _MASK, text[:120])
    m = _COLON.match(head)
    dash = False
    if m is None:  # "AB – ..." in notes; outside lists only initials ("JQR – opposed ...")
        m, dash = _DASH.match(text), True
        if m and not item and not _INITIALS_ONLY.match(m.group("label")):
            m = None
    if m is None:
        return None
    written = text[m.start("label"):m.end("label")].strip()
    role = role_word(written)
    if len(written.split()) > _MAX_WORDS + 3 and role is None:
        return None
    written, party = split_party(written)
    if len(written.split()) > _MAX_WORDS and role is None:
        return None
    return Label(written, party, role, m.end(), dash, text[m.end():])


# The fields of a questionnaire's header: "Name: Jane Doe", "Party: Green" (a field, not a turn).
NAME_FIELDS = frozenset({"name", "candidate", "candidate name", "candidate's name", "full name",
                         "nominee"})
PARTY_FIELDS = frozenset({"party", "affiliation", "party affiliation", "standing for",
                          "running for", "post", "position", "ward", "seat", "constituency",
                          "ticket", "slate"})
# The label of an answer in a questionnaire: the one whose answers these are speaks.
ANSWER_LABELS = frozenset({"a", "answer", "response", "reply"})


def questions_spaced(texts: Iterable[str], least: int) -> bool:
    """Tell whether at least `least` paragraphs start "Q Text": the document's questions."""
    return sum(1 for t in texts if _QUESTION_SPACED.match(t)) >= least


def abbreviated_before(text: str, at: int) -> bool:
    """Tell whether the full stop before a position ends a title or an initial ("MR." of
    "MR. ROE:"), not a sentence."""
    return bool(_ABBREVIATED_END.search(text, 0, at))


def field_of(label: Label | None) -> str | None:
    """Return "name" or "party" when a label is a questionnaire header field, else None."""
    written = label.written.lower().strip() if label else ""
    return "name" if written in NAME_FIELDS else "party" if written in PARTY_FIELDS else None


def names_someone(label: Label) -> bool:
    """Tell whether a label is written as a name ("DOE", "Jane Doe", "MR. DOE", "JD"), not a
    role ("Moderator") or the start of a sentence ("Let me ask you this")."""
    return (label.role is None and bool(_NAME_LIKE.match(label.written))
            and label.written.lower() not in ANSWER_LABELS and field_of(label) is None)


def split_party(written: str) -> tuple[str, str | None]:
    """Split "Name (Party)", "Name, Party" or "Name (JD, Party)" into the name and the party;
    initials in the brackets ("(JD)") are left to the caller."""
    text = _INITIALS.sub("", written.strip().rstrip(".;:"))
    for pattern in (_PAREN, _COMMA_PARTY):
        m = pattern.match(text.strip())
        if m:
            party = m.group("party").split(",")[-1].strip()
            if is_party_phrase(party) or (pattern is _PAREN and "," not in m.group("party")
                                          and _affiliation(party)):
                return m.group("name").strip(), normalise_party(party)
    return written, None


def _affiliation(text: str) -> bool:
    """Tell whether a bracket after a name is a ticket or group standing in place of a party
    ("Team Hollins", "Millbrook First"): a few capitalised words, no role."""
    words = text.split()
    return 1 <= len(words) <= 5 and all(w[:1].isupper() or w in ("of", "the", "and", "for", "&")
                                        for w in words) and role_word(text) is None and not (
        set(re.findall(r"[a-z]+", text.lower())) & CHAIR_WORDS)


def role_word(written: str) -> Role | None:
    """Return the role a label names by itself ("Moderator", "Caller 2", "Q", "Audience
    member", "Follow-up from the floor (a farmer)"), if any."""
    first = re.split(r"\s+[-–—|]\s+", written)[0]  # "Host - Civic Society": a display name
    words = re.findall(r"[a-z]+", re.sub(r"\([^()]*\)", " ", first).lower())
    if not words or len(words) > 5:
        return None
    if set(words) & _FROM_THE_FLOOR:
        return Role.AUDIENCE
    if len(words) > 3:
        return None
    if words[0] in CHAIR_WORDS:
        return Role.CHAIR
    if words[0] in {"q", "question", "questioner"} or words[0] in AUDIENCE_WORDS:
        return Role.AUDIENCE
    if words[0] in REPORTER_LABELS or words == ["me"]:
        return Role.REPORTER  # "Me:" in a post is its writer
    if words[0] in OTHER_WORDS:
        return Role.OTHER
    if len(words) > 1 and words[-1] in CHAIR_WORDS:  # the head noun: "Assistant Moderator"
        return Role.CHAIR
    if len(words) > 1 and words[-1] in OTHER_WORDS:  # "Parish Clerk", "Returning Officer"
        return Role.OTHER
    return None
