"""Adding and removing documents in the page, end to end: the real app in a subprocess, driven
in Debian's Chromium, with web pages from a real HTTP server on 127.0.0.1.

Expected answers come from the same app's `/chat` API; the round-ups are invented
(tests/test_web_ingest.py).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, index_of
from tests.pages import (
    VARIANTS,
    axe_script,  # noqa: F401 - a fixture
    axe_violations,
    contrast,
    new_page,
)
from tests.test_web_browser import ask, assert_shows, shown_sources
from tests.test_web_ingest import BASE, NEW, serving_pages
from tests.web_app import RunningApp, chat_api, running_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = ROOT / "tests" / "artifacts"
DESKTOP = {"width": 1280, "height": 1000}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 120_000
SCRIPTED = """# Thorncastle Hustings

The Thorncastle hustings met on 20 April 2026. The candidates were Ansel Moriarty (Green
Party) and Sefton Greaves (Labour).

## Parks

Ansel Moriarty said the park <script>window.__pwned = 1</script> needs new benches and a
drinking fountain.

Sefton Greaves promised <img src=x onerror="window.__pwned = 2"> longer opening hours for the
park in summer.
"""
LARKSPUR = """# Larkspur Hustings

The Larkspur hustings met on 23 April 2026. The candidates were Perpetua Vance (Green Party)
and Osric Lumley (Labour).

## The bandstand

Perpetua Vance promised to restore the bandstand and hold free concerts there every summer.

Osric Lumley said the bandstand should be moved closer to the station.
"""
MARKUP_NAME = "<img src=x onerror=window.__pwned=3>.md"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, embeddings) -> Path:
    return index_of(tmp_path_factory, "web-add", {"wexcombe.md": BASE})


@pytest.fixture(scope="module")
def app(browser, index_dir: Path) -> Iterator[RunningApp]:
    with running_app({"HUSTINGS_INDEX": str(index_dir), "HUSTINGS_ALLOW_LOCAL_URLS": "1"}) as app:
        yield app


@pytest.fixture(scope="module")
def api(app: RunningApp):
    return chat_api(app)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serving_pages() as url:
        yield url


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_(url: str, viewport: dict[str, int] = DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)
        page.locator("#hs-question textarea").wait_for()
        return page

    yield open_
    for context in contexts:
        context.close()


def open_panel(page) -> None:
    page.get_by_role("tab", name="Add documents").click()
    page.locator("#hs-add-go").wait_for(state="visible")


def back_to_chat(page, shows: str = "", hides: str = "") -> None:
    """Go back to the Chat tab; wait until its About panel names one event, or no longer another."""
    page.get_by_role("tab", name="Chat", exact=True).click()
    page.locator("#hs-question textarea").wait_for(state="visible")
    about = "document.querySelector('#hs-about').innerText"
    if shows:
        page.wait_for_function(f"{about}.includes({shows!r})")
    if hides:
        page.wait_for_function(f"!{about}.includes({hides!r})")


def add(page, files: list, urls: str = "") -> list[str]:
    """Choose files, type addresses, press Add; return the result lines."""
    if files:
        page.locator("#hs-add-files input[type=file]").set_input_files(files)
        for f in files:  # wait until Gradio has received each one
            name = f["name"] if isinstance(f, dict) else Path(f).name
            stem = name.rsplit(".", 1)[0]  # the list shows the suffix apart
            page.locator("#hs-add-files").get_by_text(stem, exact=False).first.wait_for()
    if urls:
        page.locator("#hs-add-urls textarea").fill(urls)
    page.locator("#hs-add-go").click()
    lines = page.locator("#hs-add-results li")
    lines.first.wait_for(timeout=TIMEOUT_MS)
    return [" ".join(t.split()) for t in lines.all_inner_texts()]


def options(page, dropdown: str) -> list[str]:
    page.locator(f"#{dropdown} input").click()
    found = page.locator(f"#{dropdown}").get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return [" ".join(t.split()) for t in found]


def test_add_a_file_and_a_page_then_ask_about_them(open_page, app, api, site, tmp_path):
    doc = tmp_path / "nettlefold.md"
    doc.write_text(NEW)
    page = open_page(app.url)
    assert not any("Quennell" in o for o in options(page, "hs-speaker"))
    open_panel(page)
    lines = add(page, [str(doc)], f"{site}/page.html")
    assert len(lines) == 2, lines
    assert lines[0].startswith("nettlefold.md: ") and "passages" in lines[0]
    assert "Bryony Quennell" in lines[0] and "Caius Brindle" in lines[0]
    assert lines[1].startswith(f"{site}/page.html: ") and "Odile Farrant" in lines[1]
    assert page.locator("#hs-add-files input[type=file]").count() == 1  # emptied, ready again
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-add-documents.png"), full_page=True)
    # The filters, the About panel and the remove list follow without a reload.
    back_to_chat(page, shows="Nettlefold")
    assert any("Bryony Quennell" in o for o in options(page, "hs-speaker"))
    open_panel(page)
    assert any("Marbury" in o for o in options(page, "hs-remove-doc"))
    back_to_chat(page)

    question = "What did Bryony Quennell say about the lido?"
    message = ask(page, question)
    record = api(question)
    assert record["answered"] and record["citations"][0]["speaker"] == "Bryony Quennell"
    assert_shows(message, record)
    assert "Bryony Quennell" in shown_sources(message)[0]["head"]
    fetched = ask(page, "What did Odile Farrant say about the skate park?")
    assert "Odile Farrant" in shown_sources(fetched)[0]["head"]
    page.screenshot(path=str(ARTIFACTS / "web-add-answer.png"), full_page=True)


def test_bad_and_hostile_files_show_as_text_and_the_index_keeps_answering(open_page, app, api):
    page = open_page(app.url)
    open_panel(page)
    lines = add(page, [{"name": MARKUP_NAME, "mimeType": "text/markdown",
                        "buffer": SCRIPTED.encode()},
                       {"name": "broken.pdf", "mimeType": "application/pdf",
                        "buffer": bytes(range(256)) * 64}])
    assert any("Ansel Moriarty" in line for line in lines), lines
    assert any(line.startswith("broken.pdf: skipped") for line in lines), lines
    results = page.locator("#hs-add-results")
    assert results.locator("img, script, [onerror]").count() == 0
    back_to_chat(page, shows="Thorncastle")
    answer = ask(page, "What did Ansel Moriarty say about the park?")
    assert "Ansel Moriarty" in shown_sources(answer)[0]["head"]
    assert page.locator("#hs-chat script, #hs-chat [onerror]").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert api("What did Imogen Tarrant say about allotments?")["answered"]


def choose_to_remove(page, title: str) -> None:
    page.locator("#hs-remove-doc input").click()
    page.locator("#hs-remove-doc").get_by_role("option", name=re.compile(f"^{title}")).click()
    page.wait_for_function("document.querySelector('#hs-remove-doc input').value"
                           f".startsWith({title!r})")


def documents_tab_events(page) -> list[str]:
    page.get_by_role("tab", name="Documents", exact=True).click()
    return options(page, "hs-doc-event")


def speakers_become(page, name: str, listed: bool) -> None:
    """Wait (a minute at most) until the chat's candidate filter lists name, or no longer."""
    page.get_by_role("tab", name="Chat", exact=True).click()
    for _ in range(60):
        if any(name in o for o in options(page, "hs-speaker")) == listed:
            return
        page.wait_for_timeout(1000)
    raise AssertionError(f"{name} is {'not ' if listed else ''}in the candidate filter")


def test_remove_asks_first_offers_undo_and_every_tab_follows(open_page, app, api, tmp_path):
    doc = tmp_path / "larkspur.md"
    doc.write_text(LARKSPUR)
    page = open_page(app.url)
    open_panel(page)
    assert "Perpetua Vance" in add(page, [str(doc)])[0]
    assert any(o.startswith("Larkspur") for o in documents_tab_events(page))
    open_panel(page)
    choose_to_remove(page, "Larkspur Hustings")
    page.locator("#hs-remove-button").click()
    confirm = page.locator("#hs-remove-confirm")
    confirm.wait_for(state="visible")
    asked = page.locator("#hs-remove-result").inner_text()
    assert "Remove Larkspur Hustings (larkspur.md)" in asked
    page.locator("#hs-remove-cancel").click()  # Cancel: nothing happens
    confirm.wait_for(state="hidden")
    assert api("What did Perpetua Vance say about the bandstand?")["answered"]
    page.locator("#hs-remove-button").click()
    page.locator("#hs-remove-yes").click()
    page.locator("#hs-remove-result").get_by_text("Removed Larkspur Hustings").wait_for()
    page.locator("#hs-remove-undo").wait_for(state="visible")
    assert not api("What did Perpetua Vance say about the bandstand?")["answered"]
    # Every tab follows: the chat's filters, the Documents tab's list and view.
    speakers_become(page, "Perpetua Vance", listed=False)
    assert not any(o.startswith("Larkspur") for o in documents_tab_events(page))
    assert "Perpetua Vance" not in page.locator("#hs-doc-view").inner_text()
    assert "Perpetua Vance" not in page.locator("#hs-grid-view").inner_text()
    # Undo brings it back, everywhere.
    open_panel(page)
    page.locator("#hs-remove-undo").click()
    page.locator("#hs-remove-result").get_by_text("Restored Larkspur Hustings").wait_for()
    page.locator("#hs-remove-undo").wait_for(state="hidden")
    assert api("What did Perpetua Vance say about the bandstand?")["answered"]
    speakers_become(page, "Perpetua Vance", listed=True)
    assert any(o.startswith("Larkspur") for o in documents_tab_events(page))
    open_panel(page)
    choose_to_remove(page, "Larkspur Hustings")
    page.locator("#hs-remove-button").click()
    page.locator("#hs-remove-yes").click()
    page.locator("#hs-remove-result").get_by_text("Removed Larkspur Hustings").wait_for()
    assert api("What did Imogen Tarrant say about allotments?")["answered"]


def test_another_process_ingest_shows_in_a_new_page(open_page, app, index_dir, tmp_path):
    doc = tmp_path / "saltmarsh.md"
    doc.write_text(LARKSPUR.replace("Larkspur", "Saltmarsh").replace("Perpetua Vance",
                                                                     "Winifred Pask"))
    env = {**os.environ, "HUSTINGS_INDEX": str(index_dir), "HF_HUB_OFFLINE": "1"}
    run = subprocess.run([sys.executable, "-m", "bot.cli", "ingest", str(doc)], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    speakers_become(open_page(app.url), "Winifred Pask", listed=True)


def test_submitting_nothing_says_so_in_one_line_without_error_badges_or_toasts(open_page,
                                                                               app):
    page = open_page(app.url)
    open_panel(page)
    for _ in range(3):
        page.locator("#hs-add-go").click()
        page.locator("#hs-add-results .hs-add-status").wait_for()
        page.wait_for_timeout(300)
    status = page.locator("#hs-add .hs-add-status")
    assert status.count() == 1
    assert status.inner_text() == "Choose a file or paste a web address first."
    assert status.get_attribute("role") == "status"
    page.wait_for_timeout(1000)  # toasts and badges would have appeared by now
    assert page.locator(".toast-body, [data-testid='toast-body']").count() == 0
    assert page.locator("#hs-add").get_by_text("Error", exact=True).count() == 0
    page.locator("#hs-add-urls textarea").fill("not a web address")
    page.locator("#hs-add-go").click()
    line = page.locator("#hs-add-results li").first
    line.wait_for()
    assert "not a web address" in line.inner_text()
    assert page.locator(".toast-body, [data-testid='toast-body']").count() == 0
    assert page.locator("#hs-add .hs-add-status").count() == 1


def test_adding_shows_one_progress_bar_that_moves(open_page, app, tmp_path):
    doc = tmp_path / "brightwell.md"
    doc.write_text(LARKSPUR.replace("Larkspur", "Brightwell") + "\n\n".join(
        f"Perpetua Vance said point {n} of her plan for the bandstand matters."
        for n in range(360)))
    page = open_page(app.url)
    open_panel(page)
    page.locator("#hs-add-files input[type=file]").set_input_files([str(doc)])
    page.locator("#hs-add-files").get_by_text("brightwell", exact=False).first.wait_for()
    page.locator("#hs-add-go").click()
    shares, most_bars = [], 0
    for _ in range(600):  # at most two minutes
        bars = page.locator(".progress-bar, .eta-bar").count()
        most_bars = max(most_bars, bars)
        shown = page.locator("#hs-add-results").inner_text()
        shares += [float(m) for m in re.findall(r"([\d.]+)%", shown)]
        if page.locator("#hs-add-results li").count():
            break
        page.wait_for_timeout(200)
    assert page.locator("#hs-add-results li").count() == 1
    assert most_bars <= 1, f"{most_bars} progress bars at once"
    moving = sorted(set(shares))
    assert len([s for s in moving if s < 100]) >= 4, shares  # it moved, not one jump
    assert shares == sorted(shares), "the bar went backwards"


def test_phone_width_keeps_the_panel_usable(open_page, app, tmp_path):
    page = open_page(app.url, PHONE)
    open_panel(page)
    page.locator("#hs-add").scroll_into_view_if_needed()
    for part in ("#hs-add-files", "#hs-add-urls", "#hs-add-go", "#hs-remove-doc"):
        box = page.locator(part).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], part
        assert box["height"] >= 30, part  # big enough to tap
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width}px)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-add-phone.png"), full_page=True)


@pytest.fixture(scope="module")
def read_only_app(browser, index_dir: Path) -> Iterator[RunningApp]:
    with running_app({"HUSTINGS_INDEX": str(index_dir), "HUSTINGS_READ_ONLY": "1"}) as app:
        yield app


def test_read_only_mode_hides_adding(open_page, read_only_app: RunningApp):
    page = open_page(read_only_app.url)
    assert page.locator("#hs-add, #hs-add-files, #hs-add-go").count() == 0
    assert page.get_by_role("tab", name="Add documents").count() == 0
    assert page.get_by_role("tab", name="Chat", exact=True).count() == 1
    message = ask(page, "What did Felix Ormsby say about buses?")
    assert "Felix Ormsby" in shown_sources(message)[0]["head"]


@pytest.mark.parametrize("variant", VARIANTS, ids=str)
def test_the_tabs_states_pass_axe_in_light_and_dark_at_both_widths(
        browser, app, axe_script, variant):  # noqa: F811
    page = new_page(browser, app.url, variant)
    open_panel(page)
    page.locator("#hs-add-go").click()  # nothing chosen: the hint
    page.locator("#hs-add-results .hs-add-status").wait_for()
    page.locator("#hs-add-urls textarea").fill("not a web address")
    page.locator("#hs-add-go").click()  # a line skipped, and the error
    page.locator("#hs-add-results li").first.wait_for()
    page.locator("#hs-remove-doc input").click()
    page.locator("#hs-remove-doc").get_by_role("option").first.click()
    page.locator("#hs-remove-button").click()  # the question before a removal
    page.locator("#hs-remove-confirm").wait_for(state="visible")
    status = page.locator("#hs-add .hs-add-status")
    for i in range(status.count()):
        assert contrast(page, status.nth(i)) >= 4.5, status.nth(i).inner_text()
    assert axe_violations(page, axe_script) == []
    page.locator("#hs-remove-cancel").click()
    page.context.close()
