"""Look people, parties and events up in the rosters of the indexed events."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cached_property
from itertools import zip_longest

from ingest.model import Event, Speaker
from ingest.parties import PARTY_WORDS, normalise_party
from ingest.text import STOPWORDS, words

# Section headings that frame a hustings rather than name a policy topic.
FRAMING = re.compile(r"\b(?:opening|closing|introduc\w*|welcome|candidates?|standing|questions?|"
                     r"audience|summary|conclusions?|statements?|round-?up|q ?& ?a)\b",
                     re.IGNORECASE)


def is_topic(heading: str, names: Sequence[str]) -> bool:
    """Tell whether a section heading names a topic, not a candidate, a question or a format."""
    return not (heading.endswith("?") or FRAMING.search(heading)
                or any(name in heading for name in names))


@dataclass(frozen=True)
class Entry:
    """A candidate at one event."""

    event: Event
    speaker: Speaker

    @property
    def name(self) -> str:
        return self.speaker.name


@dataclass(frozen=True)
class PersonMention:
    """A person named in a question, resolved against the rosters."""

    written: str
    names: tuple[str, ...]  # more than one when a first name is ambiguous
    start: int


class Roster:
    """All candidates of all indexed events, searchable by name, surname, first name and party."""

    def __init__(self, events: list[Event], texts: Mapping[str, str] | None = None,
                 spoken: Mapping[str, Sequence[str]] | None = None) -> None:
        """texts: each event's passages (by event id), whose capitalised words that no other
        event uses name that event too ("Kestrel Bridge" for the hustings that discussed it);
        spoken: each event's sections in which candidates spoke, most speakers first."""
        self.events = events
        self._texts = texts or {}
        self._spoken = spoken
        self.entries = [Entry(e, c) for e in events for c in e.candidates]
        self.moderators = {m: e for e in events for m in e.moderators}
        # Lookups by name built once: a national campaign has thousands of names.
        self._people = sorted({*(e.name for e in self.entries), *self.moderators},
                              key=lambda n: -len(n))
        self._by_name: dict[str, list[Entry]] = {}
        for entry in self.entries:
            self._by_name.setdefault(entry.name, []).append(entry)
        # "the apple grower": what the documents call someone, longest first
        described: dict[str, set[str]] = {}
        for entry in self.entries:
            for d in entry.speaker.descriptors:
                described.setdefault(d.lower(), set()).add(entry.name)
        # "the young hospitality worker" for "a 24-year-old hospitality worker": the head of a
        # long descriptor, when it picks out one person
        heads: dict[str, set[str]] = {}
        for phrase, people in described.items():
            if len(phrase.split()) >= 3:
                heads.setdefault(" ".join(phrase.split()[-2:]), set()).update(people)
        for head, people in heads.items():
            if len(people) == 1 and head not in described:
                described[head] = people
        # "candidate", "Conservative Party candidate": what everyone is, naming no one
        party = {w.lower() for e in self.entries if e.speaker.party
                 for w in words(e.speaker.party)} | PARTY_WORDS
        self._described = sorted(((d, people) for d, people in described.items()
                                  if set(words(d)) - party - _GENERIC_DESCRIPTION),
                                 key=lambda item: -len(item[0]))
        self._by_word: dict[tuple[int, str], list[str]] = {}
        self._fuzzy: dict[str, str | None] = {}
        for name in self._people:
            for end in (-1, 0):  # surname, first name
                self._by_word.setdefault((end, name.split()[end].lower()), []).append(name)

    @cached_property
    def known_words(self) -> frozenset[str]:
        """Return the lowercase words of every name, party and event: not unknown in a
        question."""
        return self.name_words | self.all_event_words | self.party_words

    @cached_property
    def topics(self) -> dict[str, tuple[str, ...]]:
        """Return each event's topic headings (see is_topic), by event id."""
        return {e.id: tuple(s for s in e.sections
                            if is_topic(s, [c.name for c in e.candidates]))
                for e in self.events}

    @cached_property
    def all_topics(self) -> list[str]:
        """Return every event's topic headings once, taking turns between events."""
        seen: dict[str, None] = {}
        for round_ in zip_longest(*self.topics.values()):
            seen.update((s, None) for s in round_ if s)
        return list(seen)

    @cached_property
    def discussed(self) -> list[str]:
        """Return the topic headings candidates spoke under (short, no dates or bylines),
        taking turns between events; every topic heading when nothing says who spoke where."""
        if self._spoken is None:
            return self.all_topics
        rounds = [[s for s in self._spoken.get(e.id, ()) if s in self.topics[e.id]
                   and _TOPIC_NAME.fullmatch(s)] for e in self.events]
        seen: dict[str, None] = {}
        for round_ in zip_longest(*rounds):
            seen.update((s, None) for s in round_ if s)
        return list(seen)

    @cached_property
    def names(self) -> list[str]:
        return sorted({e.name for e in self.entries}, key=_surname_key)

    @cached_property
    def parties(self) -> list[str]:
        """Return the parties on the rosters, sorted."""
        return sorted({e.speaker.party for e in self.entries if e.speaker.party})

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Return the lowercase words of every candidate's and moderator's name."""
        return frozenset(w.lower() for name in (*self.names, *self.moderators)
                         for w in name.split())

    @cached_property
    def party_words(self) -> frozenset[str]:
        """Return the lowercase words of every party's name, and "party" (the roster keeps
        "Green" where a question says "the Green Party")."""
        return frozenset(w.lower() for e in self.entries if e.speaker.party
                         for w in words(e.speaker.party)) | {"party"}

    @cached_property
    def event_words(self) -> dict[str, frozenset[str]]:
        """Return each event's lowercase title and place words, by event id."""
        return {e.id: frozenset(w.lower() for w in (*e.keywords, *words(e.title)))
                for e in self.events}

    @cached_property
    def all_title_words(self) -> frozenset[str]:
        """Return the words of all events' titles ("the Leeds hustings")."""
        return frozenset(w.lower() for e in self.events for w in words(e.title))

    @cached_property
    def all_event_words(self) -> frozenset[str]:
        """Return the title and place words of all events."""
        return frozenset().union(*self.event_words.values())

    def speakers(self, event_ids: set[str] | None = None) -> list[Entry]:
        """Return the candidates who spoke, in a fixed neutral order (surname)."""
        seen: dict[str, Entry] = {}
        for entry in self.entries:
            if entry.speaker.spoke and (not event_ids or entry.event.id in event_ids):
                seen.setdefault(entry.name, entry)
        return sorted(seen.values(), key=lambda e: _surname_key(e.name))

    def entries_for(self, name: str) -> list[Entry]:
        return list(self._by_name.get(name, ()))

    def spoke(self, name: str) -> bool:
        return any(e.speaker.spoke for e in self.entries_for(name))

    def party_of(self, name: str) -> str | None:
        return next((e.speaker.party for e in self.entries_for(name) if e.speaker.party), None)

    def label(self, name: str) -> str:
        party = self.party_of(name)
        return f"{name} ({party})" if party else name

    def find_people(self, text: str) -> list[PersonMention]:
        """Find candidates and moderators named in text: full name, surname or first name."""
        found: list[PersonMention] = []
        taken: list[tuple[int, int]] = []
        folded = text.lower()
        said = {*re.findall(r"[^\W\d_]+", folded), *re.findall(r"[^\W\d_][\w'’\-]*", folded)}
        named = {n for word in said for n in self._by_word.get((-1, word), ())}
        for name in sorted(named, key=lambda n: (-len(n), n)):  # full names, longest first
            if name.lower() not in folded:
                continue
            # a one-word name ("Answer", a table's header misread) only as written
            flags = re.IGNORECASE if " " in name else 0
            for m in re.finditer(rf"\b{re.escape(name)}\b", text, flags):
                found.append(PersonMention(m.group(0), (name,), m.start()))
                taken.append((m.start(), m.end()))
        for phrase, people in self._described:
            if phrase not in folded:
                continue
            for m in re.finditer(rf"\b{re.escape(phrase)}\b", folded):
                if not any(a <= m.start() < b for a, b in taken):
                    found.append(PersonMention(text[m.start():m.end()], tuple(sorted(people)),
                                               m.start()))
                    taken.append((m.start(), m.end()))
        for m in re.finditer(r"\b[^\W\d_][\w'’\-]*", text):
            if any(a <= m.start() < b for a, b in taken) or not m.group(0)[0].isupper():
                continue
            token = re.sub(r"['’]s$", "", m.group(0))
            if "-" in token and not self._by_word.get((-1, token.lower())):
                # "the Doe-Roe debate": two people, unless a double-barrelled surname
                for part in re.finditer(r"[^\W\d_][\w'’]*", token):
                    hit = self._by_word.get((-1, part.group(0).lower()))
                    if hit and part.group(0)[0].isupper():
                        found.append(PersonMention(part.group(0), tuple(sorted(hit)),
                                                   m.start() + part.start()))
                continue
            folded_token = token.lower()
            matches = self._by_word.get((-1, folded_token))
            if not matches and folded_token not in self.all_event_words and (
                    first := self._by_word.get((0, folded_token))):
                # ("Kent" alone names the place of "the Kent debate", not "Kent Smith")
                # "Jane Roe" is not Jane Doe: a first name followed by another surname
                after = re.match(r"\s+([A-Z][\w'’\-]+)", text[m.end():])
                matches = [n for n in first if not after
                           or after.group(1).lower() == n.split()[-1].lower()]
            if not matches:
                matches = self._by_word.get((-1, self._close_surname(folded_token) or ""))
            if matches:
                found.append(PersonMention(token, tuple(sorted(matches)), m.start()))
        return sorted(found, key=lambda f: f.start)

    def _close_surname(self, word: str) -> str | None:
        """Return the one surname a long word misspells by a letter or two ("Ketering")."""
        if len(word) < MIN_FUZZY or word in STOPWORDS or word in self.known_words:
            return None
        if word not in self._fuzzy:  # questions repeat words; a campaign has many surnames
            if len(self._fuzzy) > MAX_FUZZY_CACHE:
                self._fuzzy.clear()
            pool = self._surnames.get(word[0], [])
            close = get_close_matches(word, pool, n=2, cutoff=FUZZY_CUTOFF)
            self._fuzzy[word] = close[0] if len(close) == 1 else None
        return self._fuzzy[word]

    @cached_property
    def _surnames(self) -> dict[str, list[str]]:
        """Return the surnames by their first letter (a typo rarely hits the first)."""
        out: dict[str, list[str]] = {}
        for end, w in self._by_word:
            if end == -1:
                out.setdefault(w[0], []).append(w)
        return out

    def find_parties(self, text: str) -> list[str]:
        """Return the parties of the rosters that text mentions ("Lib Dem", "the Greens")."""
        text = normalise_mentions(text)
        hits = []
        for party in self.parties:
            head = _core_word(party)
            if head in self.all_event_words and len(party.split()) > 1:
                # "Millbrook First" is named in full: "Millbrook" alone is the place
                head = normalise_party(party).lower()
            # one "Scottish Conservative" of the "Scottish Conservatives": the s is optional
            head = re.escape(head[:-1] if len(head) > 4 and head.endswith("s") else head)
            for m in re.finditer(rf"\b{head}s?\b(['’]s)?((?:\s+\w+){{0,2}})", text,
                                 re.IGNORECASE):
                # "the independent candidate", "the green mayoral candidate": an office between
                after = next((w for w in m.group(2).lower().split() if w in _WHO_STANDS),
                             (m.group(2) or "").strip().lower().split(" ")[0])
                # "Green" the party, not "green spaces": a capital, "party"/"candidate" after,
                # or "standing as an independent".
                standing_as = re.search(r"\b(?:as|for) an?\s+$", text[:m.start()], re.I)
                if m.group(0)[0].isupper() or m.group(1) or standing_as or after in _WHO_STANDS:
                    hits.append(party)
                    break
        return hits

    def candidates_of(self, party: str, event_ids: set[str] | None = None) -> list[Entry]:
        return [e for e in self.entries if e.speaker.party == party
                and (not event_ids or e.event.id in event_ids)]

    def find_events(self, text: str) -> list[Event]:
        """Return the events the text names best ("the Leeds hustings", "in Kestrel Bridge").

        Each word or pair of capitalised words ("North Millshire") counts for the events
        that use it, shared out among them: in an event's title most, then in its keywords,
        then only in its passages. A lowercase word names an event only right before "hustings"
        or "debate" ("the online hustings"), and a year only as its date's.
        """
        if len(self.events) < 2:
            return []
        text = normalise_mentions(text)  # "Lib Dem": a party, whatever page uses the words
        named_parties = {w.lower() for p in self.find_parties(text) for w in words(p)}
        opening = re.match(r"\W*([A-Z][\w'’\-]*)(?:\W|$)", text)
        keys: list[list[str]] = []
        for run in _capitalised_runs(text):
            if opening and run == [opening.group(1).lower()]:
                continue  # "Summarise ...": a question's first word is capitalised anyway
            # party words name candidates, not events: "the Labour candidate in Leeds"
            run = [w for w in run if w not in PARTY_WORDS and w not in named_parties
                   and w not in STOPWORDS]
            pairs = [" ".join(run[i:i + 2]) for i in range(len(run) - 1)]
            found = [p for p in pairs if p in self._event_index]
            keys.append(found or run)  # a place named as a whole: its words alone mislead
        keys.append(re.findall(r"\b([a-z][\w\-]+) (?=(?:hustings|debate|forum|meeting)\b)", text))
        keys.append(re.findall(r"\b((?:19|20)\d\d)\b", text))
        scores: dict[str, float] = {}
        for key in (k for group in keys for k in group):
            for eid, weight in self._event_index.get(key, {}).items():
                scores[eid] = scores.get(eid, 0.0) + weight
        best = max(scores.values(), default=0.0)
        return [e for e in self.events if best and scores.get(e.id, 0.0) >= best - 1e-9]

    def names_event(self, word: str, event_ids: Sequence[str]) -> bool:
        """Tell whether a word of a question names one of these events."""
        key = re.sub(r"['’]s$", "", word.strip("?.,!:;\"“”()").lower())
        if key in self.name_words:  # a person asked about, wherever they stood
            return False
        # its title: a keyword or a word of its passages may be the topic ("Social Security",
        # "the Ferncliffe trial")
        return any(key in {w.lower() for w in words(e.title)} for e in self.events
                   if e.id in event_ids)

    @cached_property
    def _event_index(self) -> dict[str, dict[str, float]]:
        """Index the words and capitalised pairs that name events: word -> event -> weight."""
        found: dict[str, dict[str, int]] = {}

        def add(key: str, eid: str, weight: int) -> None:
            mine = found.setdefault(key, {})
            mine[eid] = max(mine.get(eid, 0), weight)

        for e in self.events:
            title = [re.sub(r"['’]s$", "", w.lower()) for w in words(e.title)]
            for run in _capitalised_runs(self._texts.get(e.id, "")):
                for i, word in enumerate(run):
                    add(word, e.id, TEXT_WEIGHT)
                    if i:
                        add(f"{run[i - 1]} {word}", e.id, TEXT_WEIGHT)
            for word in e.keywords:
                add(re.sub(r"['’]s$", "", word.lower()), e.id, KEYWORD_WEIGHT)
            for i, word in enumerate(title):
                add(word, e.id, TITLE_WEIGHT)
                if i:
                    add(f"{title[i - 1]} {word}", e.id, TITLE_WEIGHT)
            if e.date:
                add(e.date[:4], e.id, KEYWORD_WEIGHT)
        # A word many events use names none of them by their text, only by title or keywords;
        # its weight is shared out among all the events that use it.
        most = max(MIN_SHARED, len(self.events) // SHARED_FRACTION)
        index: dict[str, dict[str, float]] = {}
        for key, eids in found.items():
            named = {eid: w for eid, w in eids.items() if len(eids) <= most or w > TEXT_WEIGHT}
            if named and len(named) <= most and key not in STOPWORDS:
                index[key] = {eid: w / len(eids) for eid, w in named.items()}
        return index


def _capitalised_runs(text: str) -> list[list[str]]:
    """Return the runs of capitalised words of a text, lowercased, without possessive 's."""
    runs: list[list[str]] = []
    for m in re.finditer(r"[A-Z][\w'’\-]*(?:[ \t]+(?:[A-Z][\w'’\-]*|of|and|on|upon|"
                         r"the)(?=[ \t]+[A-Z]|[^\w]|$))*", text):
        run = [re.sub(r"['’]s$", "", w.lower()) for w in m.group(0).split()]
        run = [w for w in run if w not in {"of", "and", "on", "upon", "the"}]
        if run:
            runs.append(run)
    return runs


TITLE_WEIGHT, KEYWORD_WEIGHT, TEXT_WEIGHT = 3, 2, 1  # how strongly a word names its event
MIN_SHARED, SHARED_FRACTION = 3, 4  # a word used by more events than this names none of them
# A heading that reads as a topic: a few words, no digits, quotes, questions or addresses.
_TOPIC_NAME = re.compile(r"(?!.*\b(?:you|your|who|what|how|why|ago|comments?)\b)"
                         r"[^\W\d_][^\d:‘’“”\"?!|]{1,48}", re.IGNORECASE)
_WHO_STANDS = frozenset({"party", "candidate", "candidates", "hopeful", "nominee"})
_GENERIC_DESCRIPTION = frozenset("""candidate candidates party spokesperson spokesman
spokeswoman representative member for of the a an uk leader""".split())
MIN_FUZZY = 6  # letters: shorter names are matched exactly (a typo there is another name)
FUZZY_CUTOFF = 0.83
MAX_FUZZY_CACHE = 10_000
# A party's nation in front of its name: "Welsh Labour" is asked about as "Labour".
_NATIONS = frozenset({"welsh", "scottish", "english", "british", "irish", "northern", "cornish",
                      "uk"})


def _core_word(party: str) -> str:
    """Return the word a party is called by: "Welsh Liberal Democrats" -> "liberal"."""
    names = normalise_party(party).lower().split()
    return next((w for w in names if w not in _NATIONS), names[0])


def normalise_mentions(text: str) -> str:
    """Spell out party nicknames in a question: "Lib Dem" -> "Liberal Democrats"."""
    text = re.sub(r"\blib(?:eral)?[\s-]*dems?\b", "Liberal Democrats", text, flags=re.IGNORECASE)
    text = re.sub(r"\btor(?:y|ies)\b", "Conservative", text, flags=re.IGNORECASE)
    return re.sub(r"\bgreens\b", "Green", text, flags=re.IGNORECASE)


def _surname_key(name: str) -> tuple[str, str]:
    return (name.split()[-1].lower(), name.lower())
