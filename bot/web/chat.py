"""The chat's event handlers around one Chatbot: questions, links that reopen an answer, the API.

An answer is shown whole as soon as it is ready, sources and all; only a language model's text
is shown as it arrives. A question that gets no answer (a bad question, an unknown filter, an
index that cannot be read) gets a message in the conversation that says what to do, and the
question stays in the box.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from bot.answer import Answer, Filters, Turn
from bot.chatbot import Chatbot
from bot.question import clean_question
from bot.web import guide, log, render
from ingest.errors import HustingsError, QuestionError
from ingest.settings import Settings

REPHRASE = "Please rephrase"
CANNOT = "Cannot answer right now"
FAILED = "Something went wrong"
UNAVAILABLE = "That filter is not available"


class Answers:
    """The page's event handlers around one Chatbot."""

    def __init__(self, bot: Chatbot) -> None:
        self.bot = bot

    def respond(self, question: str, messages: list, history: list[Turn], speaker: str,
                event: str, section: str) -> Iterator[tuple]:
        """Answer a question in the chat with the filters chosen beside it."""
        filters = Filters(speaker=speaker or None, event=event or None, section=section or None)
        yield from self._answer(question, messages, history, filters)

    def respond_to_cell(self, asked: str, messages: list, history: list[Turn]) -> Iterator[tuple]:
        """Answer the question of a grid cell or a card, with its own event and section."""
        try:
            cell = json.loads(asked or "{}")
            filters = Filters(event=cell.get("event") or None, section=cell.get("section") or None)
            question = str(cell["question"])
        except (ValueError, KeyError, AttributeError):
            question, filters = asked, Filters()
        yield from self._answer(question, messages, history, filters)

    def opened(self, messages: list, history: list[Turn], request: Any) -> Iterator[tuple]:
        """Answer the question of the page's address (?q=…&event=…), setting its filters."""
        import gradio as gr

        params = dict(request.query_params) if request is not None else {}
        question = (params.get("q") or "").strip()
        filters = Filters(speaker=params.get("speaker") or None,
                          event=params.get("event") or None,
                          section=params.get("section") or None)
        if not question:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        problem = guide.filter_problem(filters, self.bot.roster, self.bot.events)
        chosen = (filters.speaker or "", filters.event or "", filters.section or "")
        if problem:  # the filters stay as they were; the question waits in the box
            error = render.error_html(UNAVAILABLE, problem)
            yield [*(messages or []), _bot(error)], history, question, "", "", ""
            return
        for shown, turns, box in self._answer(question, messages, history, filters):
            yield shown, turns, box, *chosen

    def _answer(self, question: str, messages: list, history: list[Turn],
                filters: Filters) -> Iterator[tuple]:
        import gradio as gr

        messages = list(messages or [])
        try:
            question = clean_question(question, self.bot.settings.max_question_chars)
        except QuestionError as exc:  # nothing to show as asked: the message, the text kept
            log.noted(exc)
            yield [*messages, _bot(render.error_html(REPHRASE, str(exc)))], history, gr.skip()
            return
        problem = guide.filter_problem(filters, self.bot.roster, self.bot.events)
        if problem:
            log.noted(problem)
            yield ([*messages, _user(question), _bot(render.error_html(UNAVAILABLE, problem))],
                   history, question)
            return
        messages += [_user(question), _bot(render.pending_html())]
        yield messages, history, ""
        draft = ""
        answer: Answer | None = None
        try:
            for item in self.bot.stream(question, history, filters):
                if isinstance(item, Answer):
                    answer = item
                elif item:  # a language model's text as it arrives, replaced by the answer
                    draft += item
                    messages[-1] = _bot(render.draft_html(draft))
                    yield messages, gr.skip(), gr.skip()
        except Exception as exc:  # every failure becomes a message on the page
            title, text = failure(exc)
            messages[-1] = _bot(render.error_html(title, text))
            yield messages, history, question  # nothing lost: the question comes back
            return
        assert answer is not None
        link = render.answer_link(answer.standalone or question, filters)
        messages[-1] = _bot(render.answer_html(answer, link))
        history = [*history, Turn(question, answer)][-self.bot.settings.history_turns:]
        yield messages, history, gr.skip()

    def narrow(self, event: str, speaker: str, section: str) -> tuple:
        """Limit the candidate and topic choices to the chosen event."""
        import gradio as gr

        speakers = guide.speaker_choices(self.bot.roster, event or None)
        sections = guide.section_choices(self.bot.events, event or None)
        return (gr.update(choices=choices(speakers, "All candidates"),
                          value=speaker if speaker in {c.value for c in speakers} else ""),
                gr.update(choices=choices(sections, "All topics"),
                          value=section if section in {c.value for c in sections} else ""))

    def ask(self, question: str, history: list[Turn], filters: Filters) -> Answer:
        """Answer one question for the API, translating errors into messages it returns."""
        import gradio as gr

        try:
            return self.bot.ask(question, history, filters)
        except Exception as exc:
            title, text = failure(exc)
            raise gr.Error(text, title=title, print_exception=False) from None  # logged

    def chat(self, question: str, speaker: str = "", event: str = "", section: str = "",
             history: list[str] | None = None) -> dict:
        """Answer a question about the hustings and return its answer record, with citations.

        The record is what `hustings ask --json` prints: answer (its statements cite [n]),
        answered (false for a decline), citations (n, text, speaker, party, event, section,
        source, page, url), standalone (the question as understood) and notice.

        Args:
            question: the question, e.g. "What did <candidate> say about housing?".
            speaker: only use what this candidate said (a name, as /documents lists them).
            event: only use this event's round-up (an event's title).
            section: only use this section (topic) of the round-ups.
            history: the conversation's earlier questions, oldest first, for follow-ups.
        """
        filters = Filters(speaker=speaker or None, event=event or None, section=section or None)
        turns: list[Turn] = []
        for earlier in (history or [])[-self.bot.settings.history_turns:]:
            turns.append(Turn(earlier, self.ask(earlier, turns, filters)))
        return public_sources(self.ask(question, turns, filters).to_record(),
                              self.bot.settings)


def public_sources(record: dict, settings: Settings) -> dict:
    """Return an API record with its citations' sources as clients may see them (never a
    server's absolute path)."""
    from bot.web.kept import public_source

    for citation in record.get("citations", []):
        if citation.get("source"):
            citation["source"] = public_source(settings, citation["source"])
    return record


def failure(exc: BaseException) -> tuple[str, str]:
    """Return the title and message the page shows for an error; log it (one line for a
    user's mistake, the traceback for a bug)."""
    if isinstance(exc, QuestionError):
        log.noted(exc)
        return REPHRASE, str(exc)
    if isinstance(exc, HustingsError):
        log.noted(exc)
        return CANNOT, str(exc)
    log.bug(exc)
    return FAILED, "Something went wrong answering that. Please try again."


def choices(options: list[guide.Choice], everything: str) -> list[tuple[str, str]]:
    """Return a filter's dropdown choices: everything first (the empty value), then the options."""
    return [(everything, ""), *((c.label, c.value) for c in options)]


def _user(question: str) -> dict[str, str]:
    return {"role": "user", "content": render.question_markdown(question)}


def _bot(content: str) -> dict[str, str]:
    return {"role": "assistant", "content": content}
