"""Rename every person of a reading, and compare who said each sentence across readings.

`Renamer` gives every person of a reading a fresh name (hyphens and accents, or Irish and
Scottish particles) in every form the text writes: full name, first name, surname with or
without a title, UPPERCASE label, initials. `differences` lists the sentences a rendering
reads differently from the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from .render import Block

# Fresh names in two kinds: hyphens and accents; Irish and Scottish particles (Ó, Ní, Mac).
FRESH_NAMES = {
    "hyphens-accents": [
        "Zoë Achterberg-Lindqvist", "Anaïs Delacroix-Moreau", "Bartholomew O'Sullivan-Reyes",
        "Ngozi Adébáyò-Kessler", "Dagný Þórsdóttir", "Jürgen Weißmüller",
        "Marguerite Kowalczyk-Brandt", "Rhiannon Llewellyn-Pryce", "Inès Fourcade-Léger",
        "Hélène Brassard-Ouellet", "Ximena Echeverría-Ruiz", "Björn Åkerlund-Frost",
        "Søren Kierkegaard-Holm", "Tomás MacAllister", "Fionnuala MacDiarmada",
        "Seàn MacLeòid"],
    "particles": [
        "Siobhán Ní Bhraonáin", "Ciarán Mac Giolla Phádraig", "Éabha Ó Floinn",
        "Aoife Ó Súilleabháin", "Oisín Ó Ceallaigh", "Pádraig Ó Murchú",
        "Gráinne Nic Amhlaoibh", "Caoimhe Mhic Dhonncha", "Dónal Mac an Bhaird",
        "Máire Ní Dhomhnaill", "Ruairí Ó Dubhghaill", "Sorcha Nic Giolla Bhríde",
        "Tadhg Ó Conchúir", "Niamh Ní Mhaoileoin", "Colm Mac Suibhne", "Aisling Ó Ríordáin"],
}
# A "person" of the reading whose name ends in one of these is an organisation: not renamed.
_ORGANISATION = {"government", "council", "courier", "campaign", "party", "association",
                 "society", "trust", "club", "committee", "forum", "union", "group", "news",
                 "parenthood", "herald", "times", "post", "radio", "church", "churches"}
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "cllr", "councillor", "prof", "professor",
           "sir", "dame", "lord", "lady", "revd", "rev", "canon", "the"}


def _shape_initials(name: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s\-]+", name) if part).upper()


class Renamer:
    """Give every named person of a reading a fresh name, in each form the text writes.

    Full names, first names, surnames (with titles: "Ms Surname"), UPPERCASE labels and
    initials of the reading's people are replaced; `back` maps a fresh name to the old one.
    People whose name is also an everyday word of the text (a party, "Green", "Hall") keep it:
    renaming the word would rewrite more than the person.
    """

    def __init__(self, people, text: str, pool: list[str] | None = None) -> None:
        from ingest.parties import PARTY_WORDS

        fresh = iter(pool or FRESH_NAMES["hyphens-accents"])
        people = [p for p in people if p.name.split()[-1].lower() not in _ORGANISATION
                  and not any(p.name in q.name and p.name != q.name for q in people)]
        self.forms: dict[str, str] = {}
        self.names: dict[str, str] = {}
        lowered = set(re.findall(r"\b[a-z][\w'’-]*", text))
        for person in people:
            tokens = person.name.split()
            if len(tokens) < 2 or any(t.lower() in PARTY_WORDS or t.lower() in lowered
                                      or t.lower() in _TITLES for t in tokens):
                continue
            new = next(fresh, None)
            if new is None:
                break
            first, *_, last = tokens
            new_first, new_last = new.split(" ", 1)
            self.names[person.name] = new
            pairs = {person.name: new, first: new_first, last: new_last,
                     _shape_initials(person.name): _shape_initials(new)}
            # a surname of several words ("Ap Rhys") is renamed whole, like the last word
            for alias in person.aliases:
                if " " in alias and person.name.endswith(" " + alias) and alias != person.name:
                    pairs[alias] = new_last
            for alias in person.aliases:
                if alias.isupper() and alias in pairs.values():
                    continue
                if alias == _shape_initials(person.name):
                    continue
                pairs.setdefault(alias, self._alias(alias, pairs))
            for old, value in pairs.items():
                if old and old != value:
                    self.forms.setdefault(old, value)
                    self.forms.setdefault(old.upper(), value.upper())
        # the text may write a name in another case ("Mckenna" for "McKenna"): rename it too
        folded = {old.casefold(): new for old, new in self.forms.items() if not old.isupper()}
        for word in set(re.findall(r"[\w'’-]+", text)):
            if word not in self.forms and word.casefold() in folded and not word.isupper():
                self.forms[word] = folded[word.casefold()]
        # the reader may write a name's case its own way ("NÍ" for "Ní"): map back by letters
        self.back = {new.casefold(): old for old, new in self.names.items()}
        keys = sorted(self.forms, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, keys))
                                   + r")(?!\w|-\w)") if keys else None  # "Doe-" ends a name

    @staticmethod
    def _alias(alias: str, pairs: dict[str, str]) -> str:
        """Rename an alias word by word ("Ms Quill" -> "Ms Ó Floinn", "QUILL" -> ...)."""
        words = alias.split()
        out = []
        for word in words:
            match = next((new for old, new in pairs.items() if old.lower() == word.lower()),
                         None)
            out.append(word if match is None else match.upper() if word.isupper() else match)
        return " ".join(out)

    def __call__(self, text: str) -> str:
        """Return text with every form of every renamed person's name replaced."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self.forms[m.group(0)], text)

    def old(self, name: str | None) -> str | None:
        """Map a fresh name back to the person's name in the original reading."""
        return self.back.get(name.casefold(), name) if name else name


def rename_blocks(blocks: list[Block], renamer: Renamer) -> list[Block]:
    """Return blocks with every person renamed."""
    return [replace(b, text=renamer(b.text), label=renamer(b.label),
                    rows=tuple(tuple(renamer(c) for c in row) for row in b.rows))
            for b in blocks]


def sentence_key(text: str) -> str:
    """Return a sentence's letters and digits, lowercase, without accents: its identity across
    formats (marks, quotes, bullets and pipes differ between them)."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.lower() if ch.isalnum() and ch.isascii())


@dataclass(frozen=True)
class Difference:
    """A sentence read differently in a rendering: who the original said, who this one says."""

    sentence: str
    expected: tuple[str | None, str | None]  # (speaker, role) in the original reading
    got: tuple[str | None, str | None] | None  # None: no such sentence in this reading

    def line(self) -> str:
        got = "sentence not found (split differently)" if self.got is None else self.got
        return f"{self.sentence[:90]!r}: expected {self.expected}, got {got}"


# A line wholly in brackets, "[00:12:50]", "(APPLAUSE)": a stage direction, no one's words.
_STAGE = re.compile(r"[\[(][^\[\]()]*[\])]")


def differences(original, rendered, renamer: Renamer | None = None) -> list[Difference]:
    """Compare who said each sentence of the original reading with a rendering's reading.

    Sentences are matched by their letters and digits; headings and marks-only lines are
    left out. With a renamer, the original's text is renamed to find the sentence and the
    rendering's speakers are mapped back.
    """
    found: dict[str, list[tuple[str | None, str | None]]] = {}
    headings: dict[str, list[tuple[str | None, str | None]]] = {}  # a line may turn into one
    for s in rendered.sentences:
        speaker = renamer.old(s.speaker) if renamer else s.speaker
        (headings if s.heading else found).setdefault(sentence_key(s.text), []).append(
            (speaker, s.role.value if s.role else None))
    seen: dict[str, int] = {}
    out = []
    for s in original.sentences:
        text = renamer(s.text) if renamer else s.text
        key = sentence_key(text)
        if s.heading or len(key) < 3 or _STAGE.fullmatch(s.text.strip()):
            continue
        nth = seen[key] = seen.get(key, -1) + 1  # the same words said twice match in order
        expected = (s.speaker, s.role.value if s.role else None)
        options = found.get(key, [])
        got = (options[nth] if nth < len(options) else
               headings[key][0] if key in headings else _around(key, found))
        if got != expected:
            out.append(Difference(" ".join(s.text.split()), expected, got))
    return out


def _around(key: str, found: dict[str, list[tuple[str | None, str | None]]]
            ) -> tuple[str | None, str | None] | None:
    """Return who said the one rendered sentence that holds a sentence split otherwise (a
    timestamp or a line joined to its neighbour), or None when none or several do."""
    holders = {who for other, whos in found.items() if key in other for who in whos}
    return holders.pop() if len(holders) == 1 else None
