"""The Documents tab in Debian's Chromium: marks, the grid, cards, colours, citation links,
keyboard use and axe-core on every tab; light and dark, 1280 and 390 pixels wide.

The app serves an index built from invented round-ups; what the page should show comes from the
same app's `/chat` and `/documents` APIs and the index's roster, so nothing here hard-codes an
answer.
"""

from __future__ import annotations

import colorsys
import json
import re
from collections.abc import Iterator
from dataclasses import replace

import pytest

from tests.conftest import ROOT, build_index
from tests.pages import (
    VARIANTS,
    ask,
    axe_script,  # noqa: F401 - a fixture
    axe_violations,
    contrast,
    flat,
    new_page,
    open_tab,
    selected_tab,
    shown,
    tab_to,
)
from tests.test_web_documents import ASHGROVE, BROOKFIELD, MILLBROOK, RIVERSIDE
from tests.web_app import RunningApp, running_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = ROOT / "tests" / "artifacts"
ORIGIN = "https://news.example.org/brookfield-forum"
RIVERSIDE_TITLE = "Riverside ward hustings"


@pytest.fixture(scope="module")
def app(browser, tmp_path_factory: pytest.TempPathFactory, embeddings) -> Iterator[RunningApp]:
    """The app over four invented round-ups, started once for the module.

    Riverside's passages carry the pages of a two-page PDF and Brookfield's the address it was
    fetched from, as the readers set them for PDFs and fetched pages: the index stores them and
    the page shows them whatever the format.
    """
    import ingest.pipeline as pipeline

    read = pipeline._read_one

    def read_with_origin(path, cache=None):
        doc = read(path, cache)
        if path.name == RIVERSIDE.name:
            half = len(doc.reading.text) // 2
            doc = replace(doc, passages=tuple(replace(p, page=1 + (p.start >= half))
                                              for p in doc.passages))
        elif path.name == BROOKFIELD.name:
            doc = replace(doc, passages=tuple(replace(p, url=ORIGIN) for p in doc.passages))
        return doc

    root = tmp_path_factory.mktemp("documents-browser")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "_read_one", read_with_origin)
        settings = build_index(root / "index", [ASHGROVE, MILLBROOK, RIVERSIDE, BROOKFIELD])
    with running_app({"HUSTINGS_INDEX": str(settings.index_dir)}) as app:
        yield app


@pytest.fixture(scope="module")
def client(app: RunningApp):
    from gradio_client import Client

    return Client(app.url, verbose=False)


@pytest.fixture(scope="module")
def catalogue(client) -> dict[str, dict]:
    return {e["title"]: e for e in client.predict(api_name="/documents")["events"]}


@pytest.fixture(scope="module")
def pages(browser, app: RunningApp) -> Iterator[dict]:
    """One page per colour scheme and width, shared by the tests of this module."""
    opened = {str(v): (v, new_page(browser, app.url, v)) for v in VARIANTS}
    yield opened
    for _, page in opened.values():
        page.context.close()


@pytest.fixture
def dialogs(pages) -> Iterator[list[str]]:
    """Every alert, confirm or prompt a page raised (no text of a document may run)."""
    raised: list[str] = []
    handlers = []
    for _, page in pages.values():
        def handle(dialog) -> None:
            raised.append(dialog.message)
            dialog.dismiss()
        page.on("dialog", handle)
        handlers.append((page, handle))
    yield raised
    for page, handle in handlers:
        page.remove_listener("dialog", handle)


def variants(test):
    """Run a test on each of the shared pages: light and dark, desktop and phone."""
    return pytest.mark.parametrize("variant", [str(v) for v in VARIANTS])(test)


def open_documents(page, event_title: str | None = None) -> None:
    """Switch to the Documents tab, and pick an event by typing part of its title."""
    open_tab(page, "documents")
    page.locator("#hs-doc-view .hs-doc-title").wait_for()
    if event_title and page.locator("#hs-doc-view .hs-doc-title").inner_text() != event_title:
        box = page.locator("#hs-doc-event input")
        box.click()
        box.fill(event_title.split()[0])  # the list is searchable
        page.locator("#hs-doc-event").get_by_role("option").filter(
            has_text=event_title).first.click()
        page.wait_for_function("t => document.querySelector('#hs-doc-view .hs-doc-title')"
                               "?.textContent === t", arg=event_title)


def forget(page) -> None:
    """Clear the shared page's conversation: the next question has no history, as in the API."""
    open_tab(page, "chat")
    page.locator("#hs-clear").click()
    page.wait_for_function("() => !document.querySelector('#hs-chat .hs-answer')")


def grid_rows(page) -> list[str]:
    return [flat(t) for t in page.locator("#hs-grid-view tbody th").all_inner_texts()]


def speaking_headings(page) -> list[str]:
    """Return the headings of the shown document under which a candidate says something."""
    return [flat(h) for h in page.evaluate("""() => {
        const out = []; let heading = null;
        document.querySelectorAll('#hs-doc-view .hs-doc-heading, #hs-doc-view .hs-sent')
          .forEach(e => { if (e.matches('.hs-doc-heading')) heading = e.textContent;
            else if (e.dataset.role === 'candidate' && heading && !out.includes(heading))
              out.push(heading); });
        return out; }""")]


@variants
def test_sentences_are_marked_with_their_speakers_in_party_colours(pages, client, catalogue,
                                                                   dialogs, variant):
    spec, page = pages[variant]
    record = client.predict(RIVERSIDE_TITLE, api_name="/documents")
    open_documents(page, RIVERSIDE_TITLE)
    view = page.locator("#hs-doc-view")
    shown_ = view.locator(".hs-sent").evaluate_all(
        "els => els.map(e => [e.textContent, e.dataset.speaker || null, e.dataset.role || null,"
        " getComputedStyle(e).backgroundColor])")
    by_text = {flat(text): (speaker, role, colour) for text, speaker, role, colour in shown_}
    for sentence in record["sentences"]:
        if flat(sentence["text"]) in by_text:
            speaker, role, _ = by_text[flat(sentence["text"])]
            assert (speaker, role) == (sentence["speaker"], sentence["role"])
    parties = {c["name"]: c["party"] for c in catalogue[RIVERSIDE_TITLE]["candidates"]}
    chips = {}
    for chip in view.locator(".hs-who.hs-chip").all():
        name, _, party = chip.inner_text().partition(" · ")
        assert party == parties[name]  # the party is written on every mark, not just coloured
        chips[name] = chip.evaluate("e => getComputedStyle(e).backgroundColor")
        assert contrast(page, chip) >= 4.5
    for sentence in view.locator(".hs-sent[class*='hs-k-']").all()[:6]:
        assert contrast(page, sentence) >= 4.5, spec
    hue = {name: _hue(colour) for name, colour in chips.items()}
    assert _reddish(hue["Ella Price"]) and _bluish(hue["George Hunt"])  # Labour, Conservative
    assert _orange(hue["Ruth Sandoval"])  # Liberal Democrats
    assert hue["Carl Denby"][1] < 0.1  # an independent is grey: no party's colour
    by_party = {}
    for name, colour in chips.items():
        by_party.setdefault(colour, set()).add(parties[name])
    assert all(len(p) == 1 for p in by_party.values())  # never one party's colour for another
    legend = flat(view.locator(".hs-legend").inner_text())
    assert all(f"{name} ({party})" in legend for name, party in parties.items() if party)
    assert "<script>" not in view.inner_html() and dialogs == []
    if variant in ("light-1280", "dark-390"):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"documents-{variant}.png"), full_page=True)


@variants
def test_every_heading_is_a_row_and_a_phone_says_the_grid_scrolls(pages, variant):
    spec, page = pages[variant]
    open_documents(page, RIVERSIDE_TITLE)
    rows = grid_rows(page)
    assert rows == speaking_headings(page)  # none dropped, none added
    assert any(len(r.split()) > 12 for r in rows) and any(re.search(r"\d", r) for r in rows)
    scroll = page.locator("#hs-grid-view .hs-grid-scroll")
    assert scroll.get_attribute("tabindex") == "0" and scroll.get_attribute("aria-label")
    overflows = scroll.evaluate("e => e.scrollWidth > e.clientWidth + 1")
    hint = page.locator("#hs-grid-view .hs-scroll-hint")
    page.wait_for_function("([h, o]) => document.querySelector(h).hidden === !o",
                           arg=["#hs-grid-view .hs-scroll-hint", overflows])
    if spec.phone:
        assert overflows and hint.is_visible() and "Scroll sideways" in hint.inner_text()
    else:
        assert not overflows and not hint.is_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= spec.width, "the page itself scrolls sideways"
    for header in page.locator("#hs-grid-view tbody th").all():
        assert header.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # long ones wrap


@variants
def test_a_document_without_headings_is_divided_by_its_questions_or_says_why_not(
        pages, client, catalogue, variant):
    _, page = pages[variant]
    brookfield = next(t for t in catalogue if t.startswith("Brookfield"))
    open_documents(page, brookfield)
    rows = grid_rows(page)
    assert len(rows) == 2 and all(r.endswith("?") for r in rows)
    assert "no topic headings" in page.locator("#hs-grid-view .hs-grid-note").inner_text()
    millbrook = next(t for t in catalogue if t.startswith("Millbrook"))
    open_documents(page, millbrook)
    assert grid_rows(page) == ["The whole event"]
    note = page.locator("#hs-grid-view .hs-grid-note").inner_text()
    assert "no topic headings" in note and "one row for the whole event" in note


@variants
def test_the_documents_tab_and_the_chat_agree_on_who_took_part(pages, catalogue, variant):
    from bot.web.guide import status_text
    from ingest.model import Speaker

    _, page = pages[variant]
    open_documents(page, RIVERSIDE_TITLE)
    listed = {c["name"]: c for c in catalogue[RIVERSIDE_TITLE]["candidates"]}
    assert not listed["Tara Quinn"]["took_part"]  # listed as taking part, never heard
    rows = {}
    for row in page.locator("#hs-doc-view table.hs-roster tbody tr").all():
        rows[row.get_attribute("data-candidate")] = flat(row.locator(".hs-status").inner_text())
    assert rows.keys() == listed.keys()
    for name, c in listed.items():
        assert rows[name] == status_text(Speaker(name, c["party"], c["took_part"], c["note"]))
    absent = flat(page.locator("#hs-grid-view .hs-absent").inner_text())
    assert "Tara Quinn" in absent
    open_tab(page, "chat")
    about = page.locator("#hs-about").inner_text()
    line = next(x for x in about.splitlines() if "Tara Quinn" in x)
    assert "Did not take part" in line


@variants
def test_a_candidates_card_opens_from_the_roster_and_the_grid(pages, client, variant):
    _, page = pages[variant]
    record = client.predict(RIVERSIDE_TITLE, api_name="/documents")
    open_documents(page, RIVERSIDE_TITLE)
    said = [s for s in record["sentences"] if s["speaker"] == "Ella Price"
            and s["role"] == "candidate"]
    opener = page.locator("#hs-doc-view table.hs-roster button.hs-card-open",
                          has_text="Ella Price")
    opener.click()
    card = page.locator("dialog.hs-card[open]")
    card.wait_for()
    assert page.get_by_role("dialog", name="Ella Price").count() == 1
    facts = flat(card.locator(".hs-card-facts").inner_text())
    assert "Labour" in facts and "took part" in facts and RIVERSIDE_TITLE in facts
    statements = [flat(t) for t in card.locator("ul.hs-card-said a").all_inner_texts()]
    assert statements == [flat(s["text"]) for s in said]
    topics = [flat(t) for t in card.locator(".hs-card-topic").all_inner_texts()]
    headings = speaking_headings(page)
    assert topics == [t for t in headings if t in topics] and len(topics) == 2
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog.hs-card[open]')")
    assert page.evaluate("() => document.activeElement.textContent").startswith("Ella Price")
    page.locator("#hs-grid-view thead button.hs-card-open", has_text="Ella Price").click()
    card.wait_for()
    jump = card.locator("ul.hs-card-said a").last
    anchor = jump.get_attribute("href").removeprefix("#")
    jump.click()
    page.wait_for_function("a => document.activeElement?.id === a", arg=anchor)
    assert page.locator("dialog.hs-card[open]").count() == 0 and page.url.endswith(anchor)
    page.go_back()  # back to the card the reader came from
    page.locator("dialog.hs-card[open]").wait_for()
    page.keyboard.press("Escape")
    quinn = page.locator("#hs-doc-view table.hs-roster button.hs-card-open", has_text="Tara")
    quinn.click()
    assert "No statement of theirs" in page.locator("dialog.hs-card[open]").inner_text()
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog.hs-card[open]')")
    opener.click()
    before = page.locator(".hs-answer.hs-final").count()
    card.locator("button.hs-card-ask").click()  # what they said, asked in the chat
    page.wait_for_function(f"document.querySelectorAll('.hs-answer.hs-final').length > {before}")
    assert selected_tab(page) == "Chat"
    asked = page.locator(".hs-answer.hs-final").nth(before)
    assert RIVERSIDE_TITLE in asked.locator(".hs-notice").inner_text()
    assert "Ella Price" in shown(asked.locator(".hs-source-head").first)


@variants
def test_a_grid_cell_asks_its_question_in_the_chat(pages, client, variant):
    _, page = pages[variant]
    forget(page)
    open_documents(page, "Ashgrove council hustings")
    grid = page.locator("#hs-grid-view")
    assert grid.locator(".hs-cell-empty").first.inner_text() == "no statement"
    cell = grid.locator("button.hs-cell").first
    asked = json.loads(cell.get_attribute("data-ask"))
    assert asked["event"] == "Ashgrove council hustings"
    assert shown(cell) in ("1 statement",) or shown(cell).endswith("statements")
    assert asked["question"].split(" say")[0].removeprefix("What did ") in \
        cell.evaluate("e => e.textContent")  # named for a screen reader by whose words
    before = page.locator(".hs-answer.hs-final").count()
    cell.click()
    page.wait_for_function(f"document.querySelectorAll('.hs-answer.hs-final').length > {before}")
    assert selected_tab(page) == "Chat"
    record = client.predict(asked["question"], event=asked["event"], section=asked["section"],
                            api_name="/chat")
    message = page.locator(".hs-answer.hs-final").nth(before)
    assert shown(message.locator(".hs-body, .hs-decline").first) == flat(record["answer"])
    assert asked["question"] in flat(page.locator("#hs-chat").inner_text())


@variants
def test_sources_give_their_page_or_their_original_address(pages, client, variant):
    _, page = pages[variant]
    for question, check in [("What did Ruth Sandoval say?", "page"),
                            ("What did Ada Lowe say about the library?", "url")]:
        record = client.predict(question, api_name="/chat")
        assert record["answered"], record["answer"]
        forget(page)
        message = ask(page, question)
        for head, cited in zip(message.locator(".hs-source-head").all(), record["citations"]):
            if check == "page":
                assert cited["page"] and f"page {cited['page']}" in shown(head)
            else:
                link = head.locator("a.hs-original")
                assert cited["url"] == ORIGIN and link.get_attribute("href") == ORIGIN
                assert link.get_attribute("target") == "_blank"
                assert "news.example.org" in link.evaluate("e => e.textContent")
        copy = message.locator("button.hs-copy").get_attribute("data-copy")
        assert (f"page {record['citations'][0]['page']}" if check == "page"
                else f"<{ORIGIN}>") in copy


@variants
def test_a_citation_opens_its_sentence_even_in_another_event(pages, client, catalogue, variant):
    spec, page = pages[variant]
    open_documents(page, "Ashgrove council hustings")
    forget(page)
    question = "What did Ben Croft say?"
    record = client.predict(question, api_name="/chat")
    assert record["answered"] and record["citations"], record["answer"]
    message = ask(page, question)
    link = message.locator("a.hs-doc-link").first
    anchor = link.get_attribute("href").removeprefix("#")
    link.click()
    target = page.locator("#hs-doc-view .hs-target")
    target.wait_for()
    assert selected_tab(page) == "Documents" and target.get_attribute("id") == anchor
    assert page.locator("#hs-doc-view .hs-doc-title").inner_text().startswith("Brookfield")
    cited = record["citations"][0]
    assert target.get_attribute("data-speaker") == cited["speaker"]
    assert flat(target.inner_text()) in flat(cited["text"])
    box = target.bounding_box()
    assert box and 0 <= box["y"] <= spec.viewport["height"]  # scrolled into view
    page.go_back()
    page.wait_for_function("() => document.activeElement?.classList.contains('hs-doc-link')")
    assert selected_tab(page) == "Chat"


@variants
def test_the_page_works_from_the_keyboard_alone(pages, variant):
    _, page = pages[variant]
    open_tab(page, "chat")
    page.locator("#hs-header").click()  # start from nowhere in particular
    tab_to(page, "#hs-question textarea")
    page.keyboard.type("What did Marta Quill say about housing?")
    before = page.locator(".hs-answer.hs-final").count()
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('.hs-answer.hs-final').length > {before}")
    page.locator(".hs-answer.hs-final").nth(before).scroll_into_view_if_needed()
    tab_to(page, "#hs-chat a.hs-cite", backwards=True)  # the last answer's, going back
    assert page.locator(".hs-cite-wrap:focus-within .hs-tip").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement?.classList.contains('hs-source')")
    tab_to(page, "a.hs-doc-link")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement?.classList.contains('hs-sent')")
    assert selected_tab(page) == "Documents"
    tab_to(page, "#hs-grid-view button.hs-cell", backwards=True)
    tab_to(page, "#hs-grid-view button.hs-card-open", backwards=True)
    page.keyboard.press("Enter")
    page.locator("dialog.hs-card[open]").wait_for()
    assert page.evaluate("() => !!document.activeElement.closest('dialog[open]')")
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.activeElement?.classList.contains('hs-card-open')")
    tab_to(page, "#hs-grid-view button.hs-cell")
    before = page.locator(".hs-answer.hs-final").count()
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('.hs-answer.hs-final').length > {before}")
    assert selected_tab(page) == "Chat"
    tab_to(page, "#hs-tab-documents-button", backwards=True)
    page.keyboard.press("Enter")
    assert selected_tab(page) == "Documents"
    open_tab(page, "chat")


@variants
def test_axe_finds_nothing_serious_on_any_tab(pages, axe_script, variant):  # noqa: F811
    _, page = pages[variant]
    found = {}
    open_tab(page, "chat")
    if not page.locator(".hs-answer.hs-final").count():
        ask(page, "What did Ruth Sandoval say?")
    found["chat"] = axe_violations(page, axe_script)
    open_tab(page, "add")
    page.wait_for_timeout(300)
    found["add"] = axe_violations(page, axe_script)
    open_documents(page, RIVERSIDE_TITLE)
    found["documents"] = axe_violations(page, axe_script)
    page.locator("#hs-doc-view table.hs-roster button.hs-card-open").first.click()
    page.locator("dialog.hs-card[open]").wait_for()
    found["card"] = axe_violations(page, axe_script)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog.hs-card[open]')")
    open_tab(page, "chat")
    assert {tab: v for tab, v in found.items() if v} == {}


def _hue(css: str) -> tuple[float, float]:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", css)[:3])
    h, _, s = colorsys.rgb_to_hls(r, g, b)
    return h * 360, s


def _reddish(hs: tuple[float, float]) -> bool:
    return hs[1] > 0.4 and (hs[0] < 20 or hs[0] > 330)


def _bluish(hs: tuple[float, float]) -> bool:
    return hs[1] > 0.4 and 190 < hs[0] < 250


def _orange(hs: tuple[float, float]) -> bool:
    return hs[1] > 0.4 and 20 <= hs[0] < 50
