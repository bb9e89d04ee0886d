"""Pure text helpers shared by parsing and retrieval: sentences, words and search terms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A capital letter of any Latin alphabet ("Ó Briain", "Ørsted", "Łukasz"): names are not ASCII.
CAP = "[A-ZÀ-ÖØ-Þ" + "".join(c for c in map(chr, range(0x100, 0x250)) if c.isupper()) + "]"
_ABBREVIATIONS = {"mr", "mrs", "ms", "mx", "dr", "prof", "cllr", "cr", "rev", "revd", "st", "rt",
                  "hon", "sir", "eg", "ie", "etc", "vs", "no", "co", "inc", "ltd", "jr", "sr",
                  "gov", "sen", "rep", "cf", "lt", "col", "gen", "capt", "supt"}
# Possessive, and only from the start of a run of marks: long runs must not backtrack.
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’)\]]*+(?=\s|$)")
_WORD_BEFORE = re.compile(r"(\w+)$")
_NEXT_CHAR = re.compile(r"\s*(\S)")
_WORD = re.compile(r"\d+(?:[.,:]\d+)*%?|[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing done down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over own
same she should so some such than that the their theirs them themselves then there these they this
those through to too under until up very was we were what when where which while who whom why will
with would you your yours yourself yourselves s t don shall may might must let us tell give show
please any many much get got make made
""".split())


@dataclass(frozen=True)
class SentenceSpan:
    """A sentence located in a larger text."""

    text: str
    start: int
    end: int


def split_sentences(text: str, offset: int = 0) -> list[SentenceSpan]:
    """Split text into sentences, keeping offsets; abbreviations and decimals don't split."""
    spans: list[SentenceSpan] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if not _is_boundary(text, match.start(), end):
            continue
        _add_span(spans, text, start, end, offset)
        start = end
    _add_span(spans, text, start, len(text), offset)
    return spans


def _is_boundary(text: str, dot: int, end: int) -> bool:
    if text[dot] == ".":
        # Look back a bounded window only: a 200,000-character paragraph must stay linear.
        word = _WORD_BEFORE.search(text, max(0, dot - 64), dot)
        if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
            return False
    nxt = _NEXT_CHAR.match(text, end)
    # A sentence starts with a capital, a digit, a quote or a bracket; "e.g. the" does not split.
    return not nxt or not nxt.group(1).islower()


def _add_span(spans: list[SentenceSpan], text: str, start: int, end: int, offset: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    spans.append(SentenceSpan(stripped, offset + s, offset + s + len(stripped)))


def words(text: str) -> list[str]:
    """Return the words and numbers of text, in their original case."""
    return _WORD.findall(text)


def stem(word: str) -> str:
    """Reduce a lowercase word to a crude stem, so plurals and verb forms meet."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses") or re.search(r"(?:[sxz]|ch|sh)es$", word):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    elif word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    if re.search(r"(?:ct|at|ut)ion$", word) and len(word) > 6:  # "protection" meets "protect"
        word = word[:-3]
    elif word.endswith("al") and len(word) > 6:  # "coastal" meets "coast"
        word = word[:-2]
    if word.endswith("mme"):
        word = word[:-2]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def search_terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Lowercase, stem and split text into search terms; hyphenated words count whole and split."""
    terms: list[str] = []
    for word in words(text):
        terms.extend(_word_terms(word, keep_stopwords))
    return terms


@lru_cache(maxsize=1 << 17)
def _word_terms(word: str, keep_stopwords: bool) -> tuple[str, ...]:
    """Return a word's search terms (cached: a corpus repeats its vocabulary endlessly)."""
    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    parts = [low] + (low.split("-") if "-" in low else [])
    terms = []
    for part in parts:
        part = part.replace("-", "")
        if part and (keep_stopwords or part not in STOPWORDS):
            terms.append(stem(part))
    return tuple(terms)


def query_terms(text: str) -> list[str]:
    """Search terms of a question, plus adjacent pairs joined ("cyber crime" meets "cybercrime")."""
    base = [w.lower() for w in words(text)]
    terms = search_terms(text)
    content = [w for w in base if w not in STOPWORDS and w.isalpha()]
    for a, b in zip(base, base[1:]):
        if a not in STOPWORDS and b not in STOPWORDS and a.isalpha() and b.isalpha():
            terms.append(stem(a + b))
    for size in (2, 3, 4):  # "artificial intelligence" also looks for "AI"
        for i in range(len(content) - size + 1):
            terms.append("".join(w[0] for w in content[i:i + size]))
    return terms
