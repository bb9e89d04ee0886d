"""The web chat end to end: the real app in a subprocess, driven in Debian's Chromium.

Expected answers come from the same app's `/chat` API, so these tests check what a person sees
(text, [n] markers, sources, declines, filters, sessions) without hard-coding answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlparse

import pytest

from tests.conftest import ROOT
from tests.web_app import RunningApp, chat_api, running_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = ROOT / "tests" / "artifacts"
DESKTOP = {"width": 1280, "height": 1000}
PHONE = {"width": 400, "height": 860}
TIMEOUT_MS = 60_000
# Candidates of tests/fixtures/roundups/leeds-mayoral-hustings.md, who all spoke on transport.
LEEDS = ("Sam Carter", "Daniel Frost", "Olivia Reyes")
SHIPPED = ("Jake Austin", "Andy Burnham")  # the two speakers of the shipped round-up


@pytest.fixture(scope="module")
def app(browser, multi_settings) -> Iterator[RunningApp]:
    """The app over the shipped round-up and the test round-ups, started once per module."""
    with running_app({"HUSTINGS_INDEX": str(multi_settings.index_dir)}) as app:
        yield app


@pytest.fixture(scope="module")
def api(app: RunningApp):
    return chat_api(app)


@pytest.fixture(scope="module")
def outside_requests() -> list[str]:
    """Every request any page made to a host other than the app (there must be none)."""
    return []


@pytest.fixture
def open_page(browser, app: RunningApp, outside_requests: list[str]):
    """Return a function that opens the chat in a fresh browser context (a new visitor)."""
    contexts = []

    def open_(viewport: dict[str, int] = DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)

        def note(request) -> None:
            if urlparse(request.url).hostname not in {"127.0.0.1", None} \
                    and not request.url.startswith(("data:", "blob:")):
                outside_requests.append(request.url)

        page.on("request", note)
        page.goto(app.url)
        page.locator("#hs-question textarea").wait_for()
        return page

    yield open_
    for context in contexts:
        context.close()


def ask(page, question: str):
    """Type a question, press Enter, and return the finished answer's message."""
    done = page.locator(".hs-answer.hs-final")
    before = done.count()
    page.locator("#hs-question textarea").fill(question)
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('.hs-answer.hs-final').length > {before}",
                           timeout=TIMEOUT_MS)
    return done.nth(before)


def choose(page, dropdown: str, label: str) -> None:
    """Pick an option of a filter dropdown by its visible label."""
    page.locator(f"#{dropdown} input").click()
    page.locator(f"#{dropdown}").get_by_role("option", name=label, exact=True).click()
    page.wait_for_function(f"document.querySelector('#{dropdown} input').value === "
                           f"{label!r}")


def flat(text: str) -> str:
    return " ".join(text.split())


def shown_text(message) -> str:
    body = message.locator(".hs-body, .hs-decline")
    return flat(body.first.inner_text()) if body.count() else ""


def shown_sources(message) -> list[dict[str, str]]:
    out = []
    for source in message.locator(".hs-source").all():
        out.append({"head": flat(source.locator(".hs-source-head").inner_text()),
                    "quote": flat(source.locator("blockquote.hs-quote").first.inner_text()),
                    "marked": flat(" ".join(source.locator("mark").all_inner_texts()))})
    return out


def assert_shows(message, record: dict) -> None:
    """Assert that a message shows the record: its text, markers and each numbered source."""
    assert shown_text(message) == flat(record["answer"])
    sources = shown_sources(message)
    assert len(sources) == len(record["citations"])
    for shown, cited in zip(sources, record["citations"]):
        assert shown["head"].startswith(f"[{cited['n']}]")
        assert (cited["speaker"] or "From the round-up") in shown["head"]
        assert cited["event"] in shown["head"]
        for sentence in cited["highlights"]:
            assert flat(sentence) in shown["quote"]


def test_answer_streams_then_shows_text_markers_and_sources(open_page, api):
    question = f"What did {LEEDS[0]} say about transport?"
    page = open_page()
    page.evaluate("""() => { window.hsFrames = new Set();
        new MutationObserver(() => { const all = document.querySelectorAll('.hs-answer');
            const last = all[all.length - 1];
            if (last && !last.classList.contains('hs-final')) window.hsFrames.add(
                last.textContent.length); })
        .observe(document.querySelector('#hs-chat'), {subtree: true, childList: true,
                                                      characterData: true}); }""")
    message = ask(page, question)
    record = api(question)
    assert record["answered"]
    assert_shows(message, record)
    assert re.search(r"\[1\]", shown_text(message))
    assert LEEDS[0] in shown_sources(message)[0]["head"]
    assert page.evaluate("() => window.hsFrames.size") > 3  # the words arrived in steps
    assert message.locator(".hs-decline").count() == 0


def test_comparison_collapses_long_passages_behind_the_sentences_used(open_page, api):
    question = f"How do {SHIPPED[0]} and {SHIPPED[1]} differ on cyber crime?"
    page = open_page({"width": 1280, "height": 1500})
    message = ask(page, question)
    record = api(question)
    assert_shows(message, record)
    assert {c["speaker"] for c in record["citations"]} == set(SHIPPED)
    more = message.locator("details.hs-more").first
    assert more.count(), "the shipped round-up's long passages should collapse"
    full = more.locator("blockquote")
    assert not full.is_visible()
    more.locator("summary").click()
    assert full.is_visible() and full.locator("mark").count() >= 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-answer.png"), full_page=True)


def test_comparison_on_a_phone_stays_readable(open_page, api):
    page = open_page(PHONE)
    question = f"How do {LEEDS[1]} and {LEEDS[2]} differ on buses?"
    message = ask(page, question)
    assert_shows(message, api(question))
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width}px)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    message.evaluate("e => e.scrollIntoView({block: 'start'})")  # the answer, not its end
    page.screenshot(path=str(ARTIFACTS / "web-answer-phone.png"), full_page=True)


def test_off_topic_question_is_declined_in_an_info_box(open_page, api):
    question = "What is the best recipe for lasagne?"
    page = open_page()
    message = ask(page, question)
    record = api(question)
    assert not record["answered"]
    assert message.locator(".hs-decline").is_visible()
    assert message.locator(".hs-body").count() == 0
    assert shown_text(message) == flat(record["answer"])


def test_follow_up_uses_the_previous_turn(open_page, api):
    first = f"What did {LEEDS[2]} say about buses?"
    follow_up = f"And what about {LEEDS[1]}?"
    page = open_page()
    ask(page, first)
    message = ask(page, follow_up)
    record = api(follow_up, history=[first])
    assert LEEDS[1] in record["standalone"] and record["standalone"] != follow_up
    assert_shows(message, record)
    assert any(LEEDS[1] in s["head"] for s in shown_sources(message))


def test_candidate_filter_changes_the_sources_and_says_so(open_page, api):
    question = "What was said about buses and transport?"
    page = open_page()
    everyone = {s["head"] for s in shown_sources(ask(page, question))}
    chosen = next(name for name in LEEDS
                  if not all(name in head for head in everyone))  # someone not alone there
    choose(page, "hs-speaker", next(o for o in _options(page, "hs-speaker")
                                    if o.startswith(chosen)))
    message = ask(page, question)
    notice = message.locator(".hs-notice")
    assert notice.is_visible() and chosen in notice.inner_text()
    heads = [s["head"] for s in shown_sources(message)]
    assert heads and all(chosen in head for head in heads)
    assert set(heads) != everyone
    assert_shows(message, api(question, speaker=chosen))


def test_event_filter_narrows_the_candidate_choices(open_page):
    page = open_page()
    everyone = _options(page, "hs-speaker")
    event = next(o for o in _options(page, "hs-event") if "West Yorkshire" in o)
    choose(page, "hs-event", event)
    for _ in range(50):  # the choices change as soon as the server has replied
        narrowed = _options(page, "hs-speaker")
        if narrowed != everyone:
            break
        page.wait_for_timeout(100)
    assert set(narrowed) < set(everyone)
    assert {o.split(" (")[0] for o in narrowed[1:]} == set(LEEDS)


def test_two_visitors_never_see_each_others_conversation(open_page, api):
    alice, bob = open_page(), open_page()
    ask(alice, f"What did {LEEDS[0]} say about transport?")
    assert bob.locator(".hs-answer").count() == 0
    second = f"What did {LEEDS[1]} say about flooding?"
    ask(bob, second)
    follow_up = "What did he say about buses?"
    message = ask(bob, follow_up)  # "he" is Bob's candidate, not Alice's
    assert_shows(message, api(follow_up, history=[second]))
    assert alice.locator(".hs-answer").count() == 1
    assert second not in alice.locator("#hs-chat").inner_text()


def test_clear_forgets_the_conversation(open_page, api):
    page = open_page()
    ask(page, f"What did {LEEDS[1]} say about flooding?")
    page.locator("#hs-clear").click()
    page.wait_for_function("document.querySelectorAll('.hs-answer').length === 0")
    follow_up = "What did he say about buses?"
    assert_shows(ask(page, follow_up), api(follow_up))  # answered as if asked first


def test_example_questions_get_answers(open_page, api):
    page = open_page()
    examples = page.locator(".hs-example")
    assert examples.count() >= 3
    for i in range(examples.count()):
        question = examples.nth(i).inner_text().strip()
        done = page.locator(".hs-answer.hs-final").count()
        examples.nth(i).click()
        page.wait_for_function("document.querySelectorAll('.hs-answer.hs-final').length > "
                               f"{done}", timeout=TIMEOUT_MS)
        message = page.locator(".hs-answer.hs-final").nth(done)
        record = api(question, history=[e.inner_text().strip() for e in examples.all()[:i]])
        assert record["answered"], f"example {question!r} is declined: {record['answer']}"
        assert_shows(message, record)


def test_bad_question_shows_a_message_and_keeps_the_text(open_page):
    page = open_page()
    too_long = "why " * 600
    page.locator("#hs-question textarea").fill(too_long)
    page.keyboard.press("Enter")
    toast = page.locator(".toast-body").first
    toast.wait_for()
    assert "characters long" in toast.inner_text()
    assert page.locator("#hs-question textarea").input_value() == too_long
    assert page.locator(".hs-answer").count() == 0


def test_page_explains_itself_and_calls_no_one_else(open_page, app: RunningApp,
                                                    outside_requests: list[str]):
    page = open_page()
    assert "Hustings" in page.title()
    about = page.locator("#hs-about").inner_text()
    for speaker in LEEDS:
        assert speaker in about
    assert "did not speak" in about  # a candidate who stood but did not take part
    icon = page.locator("link[rel=icon]").first.get_attribute("href")
    served = page.request.get(urljoin(page.url, icon))
    assert served.ok and served.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in served.body()
    assert outside_requests == []


def _options(page, dropdown: str) -> list[str]:
    page.locator(f"#{dropdown} input").click()
    options = page.locator(f"#{dropdown} [role=option]")
    options.first.wait_for()
    labels = options.evaluate_all("els => els.map(e => e.getAttribute('aria-label') || '')")
    page.keyboard.press("Escape")
    page.locator("#hs-question textarea").click()  # close the list
    return labels
