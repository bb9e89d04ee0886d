"""Score conversations against the eval set's checks (see ../shared/eval/README.md)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.errors import ConfigError

if TYPE_CHECKING:
    from bot.chatbot import Chatbot

CHECKS = ("answered", "concise", "facts", "support", "speaker")
MAX_ANSWER_CHARS = 1200


@dataclass(frozen=True)
class Case:
    """One conversation of an eval set, with what its last answer must satisfy."""

    id: str
    turns: tuple[str, ...]
    answered: bool
    must_include: tuple[tuple[str, ...], ...] = ()
    support: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    speaker_strict: bool = False
    kind: str = ""  # single, compare, roster, followup, decline, trap: for reading results
    doc: str = ""  # the document the conversation is about


@dataclass(frozen=True)
class Result:
    """The checks of one case: None where a check does not apply."""

    case: Case
    record: dict[str, Any]
    checks: dict[str, bool | None] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(v is not False for v in self.checks.values())

    def failures(self) -> list[str]:
        return [k for k, v in self.checks.items() if v is False]

    @property
    def wrong_speaker(self) -> bool:
        """Tell whether a strict item was answered citing someone it is not about."""
        if not self.case.speaker_strict or not self.record.get("answered"):
            return False
        said = {person_name(c.get("speaker")) for c in self.record.get("citations") or []
                if c.get("speaker")}
        return bool(said - {person_name(s) for s in self.case.speakers})

    def wrong_speakers(self) -> list[str]:
        """Return the cited speakers a strict item is not about (empty unless wrong_speaker)."""
        if not self.wrong_speaker:
            return []
        allowed = {person_name(s) for s in self.case.speakers}
        return sorted({c["speaker"] for c in self.record.get("citations") or []
                       if c.get("speaker") and person_name(c["speaker"]) not in allowed})


def load_cases(path: Path) -> list[Case]:
    """Read an eval set; raise ConfigError naming the bad line."""
    cases = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"Cannot read the eval set {path}: {exc.strerror}.") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            cases.append(Case(
                id=str(item.get("id", n)), turns=tuple(item["turns"]),
                answered=bool(item.get("answered", True)),
                must_include=tuple(tuple(group) for group in item.get("must_include", [])),
                support=tuple(item.get("support", [])), speakers=tuple(item.get("speakers", [])),
                speaker_strict=bool(item.get("speaker_strict", False)),
                kind=str(item.get("kind") or ""), doc=str(item.get("doc") or "")))
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}:{n} is not a valid eval line ({exc}).") from None
    return cases


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


_TITLES = re.compile(r"^(?:(?:dr|cllr|cr|councillor|mr|mrs|ms|miss|mx|revd|rev|reverend|sir|dame|"
                     r"prof|professor|canon|lord|lady)\.?\s+)+")


def person_name(name: str | None) -> str:
    """Return a person's name as the eval compares it: no title, initials' dots or accents."""
    text = (name or "").replace("\u2019", "'").replace("\u2018", "'")
    text = _TITLES.sub("", " ".join(text.split()).lower()).replace(".", "")
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def check(case: Case, record: dict[str, Any]) -> Result:
    """Apply the eval checks to the record of a conversation's last answer."""
    answer = record.get("answer") or ""
    citations = record.get("citations") or []
    checks: dict[str, bool | None] = {
        "answered": bool(record.get("answered")) == case.answered,
        "concise": bool(answer.strip()) and len(answer) <= MAX_ANSWER_CHARS,
        "facts": None, "support": None, "speaker": None}
    if case.answered:
        low = answer.lower()
        checks["facts"] = all(any(alt.lower() in low for alt in group)
                              for group in case.must_include)
        cited = [_fold(c.get("text") or "") for c in citations]
        checks["support"] = all(any(_fold(s) in text for text in cited) for s in case.support)
        if case.speaker_strict:  # a decline is judged by "answered" alone
            allowed = {person_name(s) for s in case.speakers}
            said = [person_name(c.get("speaker")) for c in citations if c.get("speaker")]
            checks["speaker"] = bool(said) and all(s in allowed for s in said)
    return Result(case, record, checks)


def evaluate(bot: Chatbot, cases: Sequence[Case]) -> list[Result]:
    """Run each case's conversation through the bot and check its last answer."""
    return [check(case, bot.converse(list(case.turns))[-1].to_record()) for case in cases]


def summary_lines(results: Sequence[Result]) -> list[str]:
    """Return "check passed/total" lines and "pass N/M" last."""
    lines = []
    for name in CHECKS:
        applicable = [r.checks[name] for r in results if r.checks.get(name) is not None]
        lines.append(f"{name} {sum(1 for v in applicable if v)}/{len(applicable)}")
    # Misattribution is the worst failure: counted on its own, it must be 0.
    lines.append(f"wrong-speaker answers {sum(1 for r in results if r.wrong_speaker)}")
    lines.append(f"pass {sum(1 for r in results if r.passed)}/{len(results)}")
    return lines


def failure_lines(results: Iterable[Result]) -> list[str]:
    """Describe each failed case with its answer and citations."""
    lines: list[str] = []
    for r in results:
        if r.passed:
            continue
        lines.append(f"FAIL {r.case.id} ({', '.join(r.failures())}): {' / '.join(r.case.turns)}")
        lines.append(f"  answered={r.record.get('answered')} answer: {r.record.get('answer')}")
        for c in r.record.get("citations") or []:
            lines.append(f"  [{c['n']}] {c.get('speaker')}: {(c.get('text') or '')[:160]}")
    return lines
