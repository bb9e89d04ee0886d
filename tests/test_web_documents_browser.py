"""The Documents tab in Debian's Chromium: marked sentences, citation links, the grid, a phone.

The app serves an index built from invented round-ups; what the page should show comes from the
same app's `/chat` and `/documents` APIs, so nothing here hard-codes an answer.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import ROOT, build_index
from tests.test_web_documents import ASHGROVE, MILLBROOK
from tests.web_app import RunningApp, running_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = ROOT / "tests" / "artifacts"
DESKTOP = {"width": 1280, "height": 1000}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def app(browser, tmp_path_factory: pytest.TempPathFactory, embeddings) -> Iterator[RunningApp]:
    root = tmp_path_factory.mktemp("documents-browser")
    settings = build_index(root / "index", [ASHGROVE, MILLBROOK])
    with running_app({"HUSTINGS_INDEX": str(settings.index_dir)}) as app:
        yield app


@pytest.fixture(scope="module")
def client(app: RunningApp):
    from gradio_client import Client

    return Client(app.url, verbose=False)


@pytest.fixture
def open_page(browser, app: RunningApp):
    contexts = []
    dialogs: list[str] = []

    def open_(viewport: dict[str, int] = DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(app.url)
        page.locator("#hs-question textarea").wait_for()
        return page

    yield open_
    assert dialogs == []  # no text of a document ever ran as a script
    for context in contexts:
        context.close()


def open_documents(page, event_title: str | None = None) -> None:
    """Switch to the Documents tab, and pick an event by typing part of its title."""
    page.get_by_role("tab", name="Documents", exact=True).click()
    page.locator("#hs-doc-view .hs-sent").first.wait_for()
    if event_title:
        box = page.locator("#hs-doc-event input")
        box.click()
        box.fill(event_title.split()[0])  # the list is searchable
        page.locator("#hs-doc-event").get_by_role("option").filter(
            has_text=event_title).first.click()
        page.wait_for_function("t => document.querySelector('#hs-doc-view .hs-doc-title')"
                               "?.textContent === t", arg=event_title)


def selected_tab(page) -> str:
    return page.locator('button[role="tab"][aria-selected="true"]').inner_text().strip()


def ask(page, question: str):
    done = page.locator(".hs-answer.hs-final")
    before = done.count()
    page.locator("#hs-question textarea").fill(question)
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('.hs-answer.hs-final').length > {before}")
    return done.nth(before)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_sentences_are_marked_with_their_speakers(open_page, client):
    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page()
    record = client.predict("Ashgrove council hustings", api_name="/documents")
    open_documents(page, record["title"])
    spans = page.locator("#hs-doc-view .hs-sent")
    said = [s for s in record["sentences"] if flat(s["text"]) != record["title"]]
    shown = spans.evaluate_all("els => els.map(e => [e.textContent, e.dataset.speaker || null,"
                               " e.dataset.role || null, getComputedStyle(e).backgroundColor])")
    by_text = {flat(text): (speaker, role, colour) for text, speaker, role, colour in shown}
    colours: dict[str, set[str]] = {}
    checked = 0
    for sentence in said:
        text = flat(sentence["text"])
        if text not in by_text:
            continue  # a heading: shown as a heading, not as a sentence
        checked += 1
        speaker, role, colour = by_text[text]
        assert (speaker, role) == (sentence["speaker"], sentence["role"]), text
        if role == "candidate":
            colours.setdefault(speaker, set()).add(colour)
    assert checked == len(shown) == len(by_text)  # every sentence shown was checked
    assert len(colours) >= 2
    assert all(len(c) == 1 for c in colours.values())  # one colour per candidate ...
    assert len({next(iter(c)) for c in colours.values()}) == len(colours)  # ... each its own
    legend = flat(page.locator("#hs-doc-view .hs-legend").inner_text())
    assert all(name in legend for name in colours)
    view = page.locator("#hs-doc-view")
    assert "<script>alert(1)</script>" in view.inner_text()  # shown as text
    assert view.locator("script").count() == 0
    roster = flat(view.locator("table.hs-roster").inner_text())
    assert "absent: sent apologies" in roster
    page.screenshot(path=str(ARTIFACTS / "documents-desktop.png"), full_page=True)


def test_a_citation_opens_its_sentence_even_in_another_event(open_page, client):
    page = open_page()
    listed = client.predict(api_name="/documents")["events"]
    first = listed[0]  # the view shows the first event until another is picked
    other = next(e for e in listed if e["source"] != first["source"])
    speaker = next(c["name"] for c in other["candidates"] if c["took_part"])
    question = f"What did {speaker} say?"
    record = client.predict(question, api_name="/chat")
    assert record["answered"] and record["citations"], record["answer"]
    message = ask(page, question)
    link = message.locator("a.hs-doc-link").first
    anchor = link.get_attribute("href").removeprefix("#")
    link.click()
    target = page.locator("#hs-doc-view .hs-target")
    target.wait_for()
    assert selected_tab(page) == "Documents"
    assert target.get_attribute("id") == anchor
    assert page.locator("#hs-doc-view .hs-doc-title").inner_text() == other["title"]
    cited = record["citations"][0]
    assert target.get_attribute("data-speaker") == cited["speaker"]
    assert flat(target.inner_text()) in flat(cited["text"])
    box = target.bounding_box()
    assert box and 0 <= box["y"] <= DESKTOP["height"]  # scrolled into view


def test_a_grid_cell_asks_its_question_in_the_chat(open_page, client):
    page = open_page()
    open_documents(page, "Ashgrove council hustings")
    grid = page.locator("#hs-grid-view")
    assert grid.locator(".hs-cell-empty").first.inner_text() == "no statement"
    assert "Did not take part" in grid.inner_text()
    cell = grid.locator("button.hs-cell").first
    question = cell.get_attribute("data-question")
    before = page.locator(".hs-answer.hs-final").count()
    cell.click()
    page.wait_for_function(f"document.querySelectorAll('.hs-answer.hs-final').length > {before}")
    assert selected_tab(page) == "Chat"
    record = client.predict(question, api_name="/chat")
    message = page.locator(".hs-answer.hs-final").nth(before)
    assert flat(message.locator(".hs-body, .hs-decline").first.inner_text()) == flat(
        record["answer"])
    assert question in flat(page.locator("#hs-chat").inner_text())
    page.screenshot(path=str(ARTIFACTS / "documents-grid-answer.png"))


def test_the_documents_tab_fits_a_phone(open_page):
    page = open_page(PHONE)
    open_documents(page, "Ashgrove council hustings")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    for selector in ("#hs-doc-event", "#hs-grid-view table", "#hs-doc-view table.hs-roster"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, selector
    page.screenshot(path=str(ARTIFACTS / "documents-phone.png"), full_page=True)
