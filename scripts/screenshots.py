"""Take the README's screenshots again: the real app over invented round-ups, in Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs]

Builds an index of the test fixtures' invented round-ups in a temporary folder, starts the app
on a free port, and saves docs/chat.png (an answer with its sources, a citation's preview),
docs/chat-phone-dark.png, docs/documents.png (who spoke on what, party colours) and
docs/card-dark.png (a candidate's card).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

CORPUS = [ROOT / "tests" / "fixtures" / "documents" / name for name in (
    "ashgrove-hustings.md", "riverside-hustings.md", "brookfield-forum.txt")] + [
    ROOT / "tests" / "fixtures" / "roundups" / "leeds-mayoral-hustings.md"]
QUESTION = "How do Sam Carter and Daniel Frost differ on flooding?"
EVENT = "Riverside ward hustings"


def main() -> None:
    """Build the index, start the app and save each screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, build_index
    from tests.pages import VARIANTS, ask, new_page
    from tests.web_app import running_app

    with tempfile.TemporaryDirectory() as folder:
        settings = build_index(Path(folder) / "index", CORPUS)
        with running_app({"HUSTINGS_INDEX": str(settings.index_dir)}) as app, \
                sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            light, phone_dark = VARIANTS[0], VARIANTS[3]
            page = new_page(browser, app.url, light)
            message = ask(page, QUESTION)
            message.locator("a.hs-cite").first.hover()
            page.screenshot(path=str(out / "chat.png"))
            phone = new_page(browser, app.url, phone_dark)
            ask(phone, QUESTION).evaluate("e => e.scrollIntoView({block: 'start'})")
            phone.screenshot(path=str(out / "chat-phone-dark.png"))
            show_event(page)
            page.screenshot(path=str(out / "documents.png"), full_page=True)
            dark = new_page(browser, app.url, VARIANTS[2])
            show_event(dark)
            dark.locator("#hs-grid-view thead button.hs-card-open").first.click()
            dark.locator("dialog.hs-card[open]").wait_for()
            dark.screenshot(path=str(out / "card-dark.png"))
            browser.close()
    for name in ("chat.png", "chat-phone-dark.png", "documents.png", "card-dark.png"):
        print(out / name)


def show_event(page) -> None:
    """Show EVENT in the Documents tab."""
    from tests.pages import open_tab

    open_tab(page, "documents")
    box = page.locator("#hs-doc-event input")
    box.click()
    box.fill(EVENT.split()[0])
    page.locator("#hs-doc-event").get_by_role("option").filter(has_text=EVENT).first.click()
    page.wait_for_function("t => document.querySelector('#hs-doc-view .hs-doc-title')"
                           "?.textContent === t", arg=EVENT)


if __name__ == "__main__":
    main()
