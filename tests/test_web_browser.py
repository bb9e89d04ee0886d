"""The web chat end to end: the real app in a subprocess, driven in Debian's Chromium.

Expected answers come from the same app's `/chat` API, so these tests check what a person sees
(text, [n] markers, sources, declines, filters, sessions) without hard-coding answers. The
points a reader sees differently by colour scheme or screen width are checked on four shared
pages: light and dark, 1280 and 390 pixels wide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlparse

import pytest

from tests.conftest import ROOT
from tests.pages import (
    TIMEOUT_MS,
    VARIANTS,
    Variant,
    ask,
    contrast,
    flat,
    new_page,
    open_tab,
    selected_tab,
    shown,
)
from tests.web_app import RunningApp, chat_api, running_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = ROOT / "tests" / "artifacts"
DESKTOP = VARIANTS[0]
# Candidates of tests/fixtures/roundups/leeds-mayoral-hustings.md, who all spoke on transport.
LEEDS = ("Sam Carter", "Daniel Frost", "Olivia Reyes")
SHIPPED = ("Jake Austin", "Andy Burnham")  # the two speakers of the shipped round-up
COMPARISON = f"How do {SHIPPED[0]} and {SHIPPED[1]} differ on cyber crime?"


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
    pages = []

    def open_(variant: Variant = DESKTOP, path: str = ""):
        page = new_page(browser, app.url, variant, path)
        pages.append(page)

        def note(request) -> None:
            if urlparse(request.url).hostname not in {"127.0.0.1", None} \
                    and not request.url.startswith(("data:", "blob:")):
                outside_requests.append(request.url)

        page.on("request", note)
        return page

    yield open_
    for page in pages:
        page.context.close()


@pytest.fixture(scope="module")
def answered(browser, app: RunningApp, api) -> Iterator[dict[str, tuple]]:
    """One page per colour scheme and width, each showing the answer to COMPARISON.

    Every change to the conversation is recorded before asking: an answer shown word by word
    would leave unfinished messages in the record.
    """
    record = api(COMPARISON)
    pages = {}
    for variant in VARIANTS:
        page = new_page(browser, app.url, variant)
        page.evaluate("""() => { window.hsFrames = [];
            new MutationObserver(() => document.querySelectorAll('#hs-chat .hs-answer')
                .forEach(m => window.hsFrames.push([m.classList.contains('hs-final'),
                                                    m.querySelectorAll('.hs-source').length])))
            .observe(document.querySelector('#hs-chat'), {subtree: true, childList: true,
                                                          characterData: true}); }""")
        pages[str(variant)] = (variant, page, ask(page, COMPARISON), record)
    yield pages
    for _, page, _, _ in pages.values():
        page.context.close()


def shown_text(message) -> str:
    body = message.locator(".hs-body, .hs-decline")
    return shown(body.first) if body.count() else ""


def shown_sources(message) -> list[dict[str, str]]:
    out = []
    for source in message.locator(".hs-source").all():
        out.append({"head": shown(source.locator(".hs-source-head")),
                    "quote": flat(source.locator("blockquote.hs-quote").first.inner_text()),
                    "marked": flat(" ".join(source.locator("mark").all_inner_texts()))})
    return out


def assert_shows(message, record: dict) -> None:
    """Assert that a message shows the record: its text, markers and each numbered source."""
    assert shown_text(message) == flat(record["answer"])
    sources = shown_sources(message)
    assert len(sources) == len(record["citations"])
    for source, cited in zip(sources, record["citations"]):
        assert source["head"].startswith(f"[{cited['n']}]")
        assert (cited["speaker"] or "From the round-up") in source["head"]
        assert cited["event"] in source["head"]
        for sentence in cited["highlights"]:
            assert flat(sentence) in source["quote"]


def variants(test):
    """Run a test on each of the shared pages: light and dark, desktop and phone."""
    return pytest.mark.parametrize("variant", [str(v) for v in VARIANTS])(test)


@variants
def test_an_answer_appears_whole_with_its_sources_at_once(answered, variant):
    _, page, message, record = answered[variant]
    assert record["answered"] and len(record["citations"]) >= 2
    assert_shows(message, record)
    frames = page.evaluate("() => window.hsFrames")
    assert frames, "the conversation was not observed"
    assert all(final for final, _ in frames), "an unfinished answer was shown"
    assert {sources for _, sources in frames} == {len(record["citations"])}  # sources at once
    assert message.locator(".hs-decline").count() == 0


@variants
def test_a_marker_previews_its_quote_and_leads_to_its_source(answered, variant):
    spec, page, message, record = answered[variant]
    open_tab(page, "chat")
    cited = {c["n"]: c for c in record["citations"]}
    for link in message.locator("a.hs-cite").all()[:3]:
        n = int(link.get_attribute("href").rsplit("-", 1)[1])
        wrap = link.locator("xpath=..")
        tip = wrap.locator(".hs-tip")
        link.scroll_into_view_if_needed()
        link.hover()
        assert tip.is_visible()
        for sentence in cited[n]["highlights"]:
            assert flat(sentence)[:60] in flat(tip.inner_text())
        assert cited[n]["speaker"] in tip.inner_text()
        box = tip.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= spec.width, "off screen"
        page.keyboard.press("Escape")
        assert not tip.is_visible()  # dismissed without moving the pointer (WCAG 1.4.13)
        page.mouse.move(0, 0)
        link.focus()
        assert tip.is_visible()  # a keyboard's focus shows it too
        described = link.get_attribute("aria-describedby")
        assert tip.get_attribute("id") == described and tip.get_attribute("role") == "tooltip"
        link.press("Enter")
        source = message.locator(f".hs-source[value='{n}']")
        page.wait_for_function("id => document.activeElement?.id === id",
                               arg=source.get_attribute("id"))
        assert shown(source.locator(".hs-source-head")).startswith(f"[{n}]")
        assert page.url.rstrip("/") == page.url.split("#")[0].rstrip("/")  # no history noise


@variants
def test_copy_gives_the_answer_as_markdown_with_numbered_sources(answered, variant):
    _, page, message, record = answered[variant]
    open_tab(page, "chat")
    page.evaluate("() => navigator.clipboard.writeText('')")
    message.locator("button.hs-copy").click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert not re.search(r"<\w+[ >]|class=", copied), "HTML was copied"
    assert copied.startswith(f"**{COMPARISON}**")
    assert flat(record["answer"]) in flat(copied)
    lines = copied.splitlines()
    for cited in record["citations"]:
        line = next(x for x in lines if x.startswith(f"[{cited['n']}] "))
        assert cited["speaker"] in line and cited["event"] in line
        for sentence in cited["highlights"]:
            assert flat(sentence) in line
    assert message.locator(".hs-copied").inner_text() == "Copied"


@variants
def test_quoted_sources_are_readable_in_either_scheme(answered, variant):
    spec, page, message, _ = answered[variant]
    open_tab(page, "chat")
    for selector in ("mark", "blockquote.hs-quote", ".hs-where", ".hs-n", "a.hs-cite",
                     "a.hs-doc-link", "button.hs-copy"):
        for element in message.locator(selector).all()[:3]:
            if element.is_visible():
                assert contrast(page, element) >= 4.5, (selector, spec)
    mark = message.locator("mark").first
    background = mark.evaluate("e => getComputedStyle(e).backgroundColor")
    light_background = sum(map(int, re.findall(r"\d+", background)[:3])) > 600
    assert light_background == (spec.scheme == "light")  # no pale yellow behind light text
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= spec.width, f"the page scrolls sideways ({width}px)"
    if variant == "light-1280":
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "web-answer.png"), full_page=True)
    if variant == "dark-390":
        message.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(ARTIFACTS / "web-answer-phone-dark.png"), full_page=True)


@variants
def test_the_document_link_is_a_step_back_returns_from(answered, variant):
    spec, page, message, record = answered[variant]
    open_tab(page, "chat")
    links = message.locator("a.hs-doc-link")
    names = [link.evaluate("e => e.textContent") for link in links.all()]
    assert len(set(names)) == len(names) == len(record["citations"])  # each named by its source
    for name, cited in zip(names, record["citations"]):
        assert name.startswith("in the document") and cited["speaker"] in name
    link = links.nth(1)
    anchor = link.get_attribute("href").removeprefix("#")
    before = page.url
    link.click()
    target = page.locator(f"#hs-doc-view [id='{anchor}']")
    target.wait_for()
    page.wait_for_function("a => document.activeElement?.id === a", arg=anchor)
    assert selected_tab(page) == "Documents"
    assert page.url.endswith(f"#{anchor}")
    page.go_back()
    page.wait_for_function("() => document.activeElement?.classList.contains('hs-doc-link')")
    assert selected_tab(page) == "Chat" and page.url == before
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == f"#{anchor}"
    box = link.bounding_box()
    assert box and 0 <= box["y"] <= spec.viewport["height"]  # the reader is back at the answer
    page.go_forward()
    page.wait_for_function("a => document.activeElement?.id === a", arg=anchor)
    assert selected_tab(page) == "Documents"
    page.go_back()
    page.wait_for_function("() => document.activeElement?.classList.contains('hs-doc-link')")


@variants
def test_a_link_to_an_answer_reopens_it(answered, browser, app: RunningApp, variant):
    spec, _page, message, record = answered[variant]
    link = message.locator("a.hs-permalink")
    assert link.inner_text() == "Link to this answer"
    again = new_page(browser, app.url, spec, link.get_attribute("href"))
    try:
        reopened = again.locator(".hs-answer.hs-final").first
        reopened.wait_for()
        assert_shows(reopened, record)
        assert flat(again.locator("#hs-chat .message-row").first.inner_text()) == COMPARISON
    finally:
        again.context.close()


@variants
def test_a_bad_question_gets_a_message_and_keeps_its_text(answered, variant):
    _, page, _, _ = answered[variant]
    open_tab(page, "chat")
    too_long = "why " * 600
    error = ask(page, too_long)
    assert error.get_attribute("role") == "alert" and error.is_visible()
    assert "characters long" in error.inner_text() and "keep it under" in error.inner_text()
    assert page.locator("#hs-question textarea").input_value() == too_long
    page.locator("#hs-question textarea").fill("")


def test_a_link_with_filters_sets_them_and_an_unknown_one_says_what_to_do(open_page, api):
    event = "West Yorkshire Mayoral Climate Hustings"
    question = f"What did {LEEDS[0]} say about buses?"
    page = open_page(path=f"?q={question.replace(' ', '+')}&event={event.replace(' ', '+')}")
    message = page.locator(".hs-answer.hs-final").first
    message.wait_for()
    assert_shows(message, api(question, event=event))
    page.wait_for_function("e => document.querySelector('#hs-event input').value.startsWith(e)",
                           arg=event)  # the filter is set, for the questions that follow
    assert event in message.locator(".hs-notice").inner_text()
    link = message.locator("a.hs-permalink").get_attribute("href")
    assert "event=West+Yorkshire" in link  # the answer's own link keeps its filter
    for path, words in [(f"?q={question}&event=Nowhere+Hustings", "Event list"),
                        (f"?q={question}&speaker=Nobody+Known", "Candidate list")]:
        wrong = open_page(variant=VARIANTS[3], path=path)
        error = wrong.locator(".hs-error")
        error.wait_for()
        assert words in error.inner_text() and "Pick one" in error.inner_text()
        assert wrong.locator("#hs-question textarea").input_value() == question
        assert wrong.locator(".hs-answer").count() == 0


def test_a_filter_takes_only_what_its_list_offers(open_page, api):
    page = open_page()
    box = page.locator("#hs-speaker input")
    box.click()
    box.fill("Nobody Known")
    page.keyboard.press("Enter")
    page.locator("#hs-question textarea").click()
    assert box.input_value() == "All candidates"  # an unknown name is not kept
    question = f"What did {LEEDS[1]} say about flooding?"
    assert_shows(ask(page, question), api(question))


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
    assert "Ask a question about the hustings" in page.locator("#hs-chat").inner_text()
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


def test_off_topic_question_is_declined_in_an_info_box(open_page, api):
    question = "What is the best recipe for lasagne?"
    page = open_page(VARIANTS[2])
    message = ask(page, question)
    record = api(question)
    assert not record["answered"]
    decline = message.locator(".hs-decline")
    assert decline.is_visible() and contrast(page, decline) >= 4.5
    assert message.locator(".hs-body").count() == 0
    assert shown_text(message) == flat(record["answer"])


def test_page_explains_itself_and_calls_no_one_else(open_page, app: RunningApp,
                                                    outside_requests: list[str]):
    page = open_page()
    assert "Hustings" in page.title()
    about = page.locator("#hs-about").inner_text()
    for speaker in LEEDS:
        assert speaker in about
    assert "Did not take part" in about  # a candidate who stood but did not take part
    icon = page.locator("link[rel=icon]").first.get_attribute("href")
    served = page.request.get(urljoin(page.url, icon))
    assert served.ok and served.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in served.body()
    assert page.get_by_role("textbox", name="Your question", exact=True).count() == 1
    assert outside_requests == []


def choose(page, dropdown: str, label: str) -> None:
    """Pick an option of a filter dropdown by its visible label."""
    page.locator(f"#{dropdown} input").click()
    page.locator(f"#{dropdown}").get_by_role("option", name=label, exact=True).click()
    page.wait_for_function(f"document.querySelector('#{dropdown} input').value === "
                           f"{label!r}")


def _options(page, dropdown: str) -> list[str]:
    page.locator(f"#{dropdown} input").click()
    options = page.locator(f"#{dropdown} [role=option]")
    options.first.wait_for()
    labels = options.evaluate_all("els => els.map(e => e.getAttribute('aria-label') || '')")
    page.keyboard.press("Escape")
    page.locator("#hs-question textarea").click()  # close the list
    return labels
