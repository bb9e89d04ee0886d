"""What the browser tests share: the four ways the page is seen, asking, axe-core, the keyboard."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

TIMEOUT_MS = 60_000
AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")  # axe-core impacts that fail a test


@dataclass(frozen=True)
class Variant:
    """One way the page is seen: the system's colour scheme and the window's width."""

    scheme: str
    width: int

    @property
    def viewport(self) -> dict[str, int]:
        return {"width": self.width, "height": 1000 if self.width > 500 else 844}

    @property
    def phone(self) -> bool:
        return self.width < 500

    def __str__(self) -> str:
        return f"{self.scheme}-{self.width}"


VARIANTS = (Variant("light", 1280), Variant("light", 390), Variant("dark", 1280),
            Variant("dark", 390))


def new_page(browser, url: str, variant: Variant = VARIANTS[0], path: str = ""):
    """Open the page (with a query or hash in path) in a new context: a new visitor."""
    context = browser.new_context(viewport=variant.viewport, color_scheme=variant.scheme)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url + path)
    page.locator("#hs-question textarea").wait_for()
    return page


def ask(page, question: str):
    """Type a question, press Enter, and return the answer's message (or the error shown)."""
    before = page.locator(".hs-answer.hs-final, .hs-error").count()
    box = page.locator("#hs-question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('.hs-answer.hs-final, .hs-error')"
                           ".length > n", arg=before, timeout=TIMEOUT_MS)
    return page.locator(".hs-answer.hs-final, .hs-error").nth(before)


TABS = {"chat": "Chat", "add": "Add documents", "documents": "Documents"}


def open_tab(page, name: str) -> None:
    """Show a tab of the page: chat, add or documents."""
    tab = page.get_by_role("tab", name=TABS[name], exact=True)
    if tab.get_attribute("aria-selected") != "true":
        tab.click()
    page.wait_for_function("label => [...document.querySelectorAll('[role=tab]')].some("
                           "t => t.textContent.trim() === label && "
                           "t.getAttribute('aria-selected') === 'true')", arg=TABS[name])


def selected_tab(page) -> str:
    return page.locator('button[role="tab"][aria-selected="true"]').inner_text().strip()


def flat(text: str) -> str:
    return " ".join(text.split())


def shown(locator) -> str:
    """Return the text a sighted reader sees in an element (screen-reader-only text left out)."""
    return flat(locator.evaluate("""e => { const hidden = [...e.querySelectorAll('.hs-sr')];
        hidden.forEach(h => h.style.display = 'none'); const text = e.innerText;
        hidden.forEach(h => h.style.display = ''); return text; }"""))


def tab_to(page, selector: str, backwards: bool = False, limit: int = 150) -> None:
    """Press Tab (or Shift+Tab) until the focus is on an element that matches selector."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement?.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} cannot be reached with {key}")


def contrast(page, locator) -> float:
    """Return the WCAG contrast of an element's text on the background behind it."""
    return locator.evaluate("""e => {
        const rgb = s => s.match(/[\\d.]+/g).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map(c => { c /= 255;
            return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
            .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
        let back = e;
        while (back && rgb(getComputedStyle(back).backgroundColor)[3] === 0) {
            back = back.parentElement; }
        const bg = back ? rgb(getComputedStyle(back).backgroundColor) : [255, 255, 255];
        const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(bg)].sort((x, y) => y - x);
        return (a + 0.05) / (b + 0.05); }""")


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core from the npm registry (scripts/ensure-axe.sh installs it on a fresh clone)."""
    if not AXE.exists():
        subprocess.run(["bash", str(ROOT / "scripts" / "ensure-axe.sh")], check=False,
                       timeout=600)
    if not AXE.exists():
        message = f"{AXE} is missing: run scripts/ensure-axe.sh (it needs npm)."
        if os.environ.get("HUSTINGS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return AXE


def axe_violations(page, script: Path) -> list[str]:
    """Run axe-core on the page as it is; return its serious and critical violations."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(script))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))"
                          ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
                          "nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' "
                          "+ n.failureSummary)}))")
    return [f"{v['id']} ({v['impact']}): {v['help']}: {v['nodes']}" for v in found
            if v["impact"] in BLOCKING]
