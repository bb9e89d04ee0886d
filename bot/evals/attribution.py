"""Score who-said-each-sentence against attribution gold (../shared/eval/README.md, "Attribution").

A gold line names a document, a few words of one of its sentences and who said them: a
candidate's full name or a role (chair, audience, reporter, other). The predicted label is that of
the inspected sentence holding most of the gold text. Pure functions over frozen records: the
command reads the documents and prints the lines.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from ingest.errors import ConfigError

ROLES = frozenset({"chair", "audience", "reporter", "other"})
CANDIDATE = "candidate"
NO_ONE = "none"  # a sentence that nobody in particular says
NOT_FOUND = "not-found"  # the gold text is not in the document's sentences
NO_DOCUMENT = "absent-doc"  # the gold line's document was not read
_UNLABELLED = frozenset({NO_ONE, NOT_FOUND, NO_DOCUMENT})

_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                             "\u00a0": " "})
_MARKUP = re.compile(r"[*_`#>]")  # Markdown emphasis and headings a reader does not see
_SPACE = re.compile(r"\s+")
_TITLES = re.compile(r"^(?:(?:dr|cllr|cr|councillor|mr|mrs|ms|miss|mx|revd|rev|reverend|sir|dame"
                     r"|prof|professor|canon|lord|lady)\.?\s+)+")
_SHOWN_CHARS = 70


def normalise(text: str | None) -> str:
    """Fold case, whitespace, curly quotes, dashes and Markdown marks, as a reader compares text."""
    text = unicodedata.normalize("NFKC", text or "").translate(_TYPOGRAPHY)
    return _SPACE.sub(" ", _MARKUP.sub("", text)).strip().lower()


def name_label(name: str) -> str:
    """Return a person's name as a label: normalised, leading titles ("Cllr", "Ms") dropped."""
    return _TITLES.sub("", normalise(name))


def is_candidate_label(label: str) -> bool:
    """Return whether a label names a person (a candidate) rather than a role or no one."""
    return label not in ROLES and label not in _UNLABELLED


def document_key(source: str) -> str:
    """Return the file name a gold line uses for a document, from any path to it."""
    return source.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class GoldLine:
    """Who said one sentence of a document, by a human reader."""

    doc: str
    text: str
    speaker: str  # a candidate's full name, or one of ROLES
    why: str = ""

    @property
    def wanted(self) -> str:
        """Return the gold label: the role, or the candidate's normalised name."""
        role = self.speaker.lower()
        return role if role in ROLES else name_label(self.speaker)


@dataclass(frozen=True)
class SaidSentence:
    """One sentence as `hustings inspect --json` gives it: its text, speaker and role."""

    text: str
    speaker: str | None = None
    role: str | None = None
    cue: str = ""  # the reader's rule that decided it, when the record says

    @property
    def label(self) -> str:
        """Return the role when it is not `candidate`, else the speaker's name, else `none`."""
        role = (self.role or "").lower()
        if role and role != CANDIDATE:
            return role if role in ROLES else "other"
        return name_label(self.speaker) if self.speaker else NO_ONE


@dataclass(frozen=True)
class InspectedDocument:
    """The attributed sentences of one document, under the file name gold lines use."""

    key: str
    sentences: tuple[SaidSentence, ...]

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> InspectedDocument:
        """Build from one inspect record ({"source", "sentences": [{"text", "speaker", ...}]})."""
        sentences = tuple(SaidSentence(str(s.get("text") or ""), s.get("speaker"), s.get("role"),
                                       str(s.get("cue") or ""))
                          for s in record.get("sentences") or [])
        return cls(document_key(str(record["source"])), sentences)


class Kind(str, Enum):
    """How a gold line was scored."""

    RIGHT = "right"
    MISATTRIBUTED = "MISATTRIBUTED"  # given to a candidate who did not say it
    MISSED = "missed"  # a candidate's line given to no candidate
    NO_ROLE = "no-role"  # a non-candidate's line given no role at all


@dataclass(frozen=True)
class Verdict:
    """One gold line scored: the label wanted, the label predicted and what that counts as."""

    line: GoldLine
    wanted: str
    got: str
    kind: Kind
    cue: str = ""  # the rule that decided the predicted sentence

    @property
    def exact(self) -> bool:
        return self.got == self.wanted


@dataclass(frozen=True)
class Tally:
    """The counts of one document, or of all of them."""

    doc: str
    right: int = 0
    total: int = 0
    misattributed: int = 0
    missed: int = 0
    exact: int = 0
    not_found: int = 0

    @property
    def percent(self) -> float:
        return 100 * self.right / max(self.total, 1)

    def add(self, verdict: Verdict) -> Tally:
        """Return this tally with one more verdict counted."""
        return Tally(self.doc, self.right + (verdict.kind is Kind.RIGHT), self.total + 1,
                     self.misattributed + (verdict.kind is Kind.MISATTRIBUTED),
                     self.missed + (verdict.kind is Kind.MISSED), self.exact + verdict.exact,
                     self.not_found + (verdict.got == NOT_FOUND))


@dataclass(frozen=True)
class Score:
    """Every gold line's verdict, with tallies per document (by name) and in all."""

    verdicts: tuple[Verdict, ...]

    @property
    def documents(self) -> tuple[Tally, ...]:
        tallies: dict[str, Tally] = {}
        for v in self.verdicts:
            tallies[v.line.doc] = tallies.get(v.line.doc, Tally(v.line.doc)).add(v)
        return tuple(tallies[doc] for doc in sorted(tallies))

    @property
    def total(self) -> Tally:
        tally = Tally("all")
        for v in self.verdicts:
            tally = tally.add(v)
        return tally

    @property
    def wrong(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.kind is not Kind.RIGHT)

    @property
    def cues(self) -> tuple[Tally, ...]:
        """Return a tally per cue (the reader's rule), most lines first."""
        tallies: dict[str, Tally] = {}
        for v in self.verdicts:
            cue = v.cue or "(none)"
            tallies[cue] = tallies.get(cue, Tally(cue)).add(v)
        return tuple(sorted(tallies.values(), key=lambda t: (-t.total, t.doc)))


def predict(document: InspectedDocument | None, text: str) -> str:
    """Return the label of the sentence holding most of text, or why there is none."""
    return locate(document, text)[0]


def locate(document: InspectedDocument | None, text: str) -> tuple[str, str]:
    """Return the label and cue of the sentence holding most of text, or why there is none."""
    if document is None:
        return NO_DOCUMENT, ""
    spans: list[tuple[int, int]] = []
    texts: list[str] = []
    pos = 0
    for sentence in document.sentences:
        folded = normalise(sentence.text)
        spans.append((pos, pos + len(folded)))
        texts.append(folded)
        pos += len(folded) + 1
    wanted = normalise(text)
    start = " ".join(texts).find(wanted)
    if start < 0 or not spans:
        return NOT_FOUND, ""
    end = start + len(wanted)
    overlaps = [min(e, end) - max(s, start) for s, e in spans]
    best = overlaps.index(max(overlaps))  # the first of equals, in document order
    return document.sentences[best].label, document.sentences[best].cue


def classify(wanted: str, got: str) -> Kind:
    """Return what a predicted label counts as: any role for a non-candidate's line is right."""
    if got == wanted or (wanted in ROLES and got in ROLES):
        return Kind.RIGHT
    if is_candidate_label(got):
        return Kind.MISATTRIBUTED
    if wanted not in ROLES:
        return Kind.MISSED
    return Kind.NO_ROLE


def judge(line: GoldLine, documents: Mapping[str, InspectedDocument]) -> Verdict:
    """Score one gold line against the inspected documents."""
    got, cue = locate(documents.get(line.doc), line.text)
    return Verdict(line, line.wanted, got, classify(line.wanted, got), cue)


def score(gold: Iterable[GoldLine], documents: Iterable[InspectedDocument]) -> Score:
    """Score every gold line; of two documents with one file name, the later counts."""
    by_key = {d.key: d for d in documents}
    return Score(tuple(judge(line, by_key) for line in gold))


def parse_gold(lines: Iterable[str], origin: str = "gold") -> list[GoldLine]:
    """Read gold JSON lines; raise ConfigError naming a bad line."""
    gold = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            gold.append(GoldLine(str(item["doc"]), str(item["text"]), str(item["speaker"]),
                                 str(item.get("why", ""))))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{origin}:{n} is not an attribution line with \"doc\", \"text\" "
                              f"and \"speaker\" ({exc}).") from None
    return gold


def load_gold(path: Path) -> list[GoldLine]:
    """Read an attribution gold file; raise ConfigError when it cannot be read."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read the attribution set {path}: "
                          f"{getattr(exc, 'strerror', None) or exc}.") from None
    return parse_gold(lines, str(path))


def parse_inspect(lines: Iterable[str], origin: str = "inspect") -> list[InspectedDocument]:
    """Read `hustings inspect --json` output; lines that are not JSON objects are ignored."""
    documents = []
    for n, line in enumerate(lines, 1):
        if not line.strip().startswith("{"):
            continue
        try:
            documents.append(InspectedDocument.from_record(json.loads(line)))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{origin}:{n} is not an inspect record ({exc}).") from None
    return documents


def summary_lines(result: Score) -> list[str]:
    """Return one line per document, the exact-role figure, then the totals line."""
    lines = [f"{t.doc:<58} {t.right:>3}/{t.total:<3} misattributed {t.misattributed:>2} "
             f"missed {t.missed:>2}" for t in result.documents]
    total = result.total
    if total.not_found:
        lines.append(f"gold text not found in its document: {total.not_found}")
    lines.append(f"exact role {total.exact}/{total.total}")
    lines.append(f"attribution {total.right}/{total.total} ({total.percent:.1f}%) "
                 f"misattributed {total.misattributed} missed {total.missed}")
    return lines


def wrong_lines(result: Score) -> list[str]:
    """Return one line per wrong verdict: kind, document, text, wanted, got and the cue."""
    return [f"  {v.kind.value} | {v.line.doc} | {_shorten(v.line.text)} | wanted {v.wanted} | "
            f"got {v.got}" + (f" | cue {v.cue}" if v.cue else "") for v in result.wrong]


def cue_lines(result: Score) -> list[str]:
    """Return one line per cue: lines it decided, right, misattributed and missed."""
    return [f"{t.doc:<20} {t.right:>4}/{t.total:<4} ({t.percent:5.1f}%) misattributed "
            f"{t.misattributed:>2} missed {t.missed:>2}" for t in result.cues]


def score_record(result: Score) -> dict[str, Any]:
    """Return the score as one JSON-ready record: totals, per document, and each wrong line."""
    totals = {k: v for k, v in _tally_record(result.total).items() if k != "doc"}
    return {**totals, "documents": [_tally_record(t) for t in result.documents],
            "cues": [_tally_record(t) for t in result.cues],
            "wrong": [{"kind": v.kind.value, "doc": v.line.doc, "text": v.line.text,
                       "wanted": v.wanted, "got": v.got, "cue": v.cue} for v in result.wrong]}


def _tally_record(tally: Tally) -> dict[str, Any]:
    return {"doc": tally.doc, "right": tally.right, "total": tally.total,
            "accuracy": round(tally.percent / 100, 4), "exact_role": tally.exact,
            "misattributed": tally.misattributed, "missed": tally.missed,
            "not_found": tally.not_found}


def _shorten(text: str, limit: int = _SHOWN_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"

