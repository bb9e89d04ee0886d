// Citations open the Documents tab at their sentence; grid cells ask their question in the chat.
// Both go through hidden controls (documents_tab.py): fill a textbox, click its button.
(() => {
  const fill = (id, value) => {
    const box = document.querySelector(`#${id} textarea, #${id} input`);
    if (!box) return false;
    box.value = value;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    return true;
  };
  const openTab = (label) => {
    const tab = [...document.querySelectorAll('button[role="tab"]')]
      .find((b) => b.textContent.trim() === label);
    if (tab && tab.getAttribute("aria-selected") !== "true") tab.click();
  };
  const press = (id) => setTimeout(() => document.getElementById(id)?.click(), 50);
  const reach = (anchor, tries = 200) => {
    const target = document.querySelector(`#hs-doc-view [id="${anchor}"]`);
    if (!target) {
      if (tries > 0) setTimeout(() => reach(anchor, tries - 1), 100);
      return;
    }
    document.querySelectorAll("#hs-doc-view .hs-target").forEach((e) => e.classList.remove("hs-target"));
    target.classList.add("hs-target");
    target.scrollIntoView({ block: "center" });
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.hs-doc-link");
    if (link) {
      event.preventDefault();
      event.stopPropagation();
      // The href is #hs-s-<event id>-<offset>: the chat's sanitiser keeps nothing else.
      const anchor = (link.getAttribute("href") || "").slice(1);
      const found = /^hs-s-([0-9a-f]+)-\d+$/.exec(anchor);
      if (!found) return;
      openTab("Documents");
      if (fill("hs-doc-jump", found[1])) press("hs-doc-jump-btn");
      // Wait for the tab and, if it was another event, its document to be shown.
      setTimeout(() => reach(anchor), 150);
      return;
    }
    const cell = event.target.closest && event.target.closest("button.hs-cell[data-question]");
    if (cell) {
      event.preventDefault();
      openTab("Chat");
      if (fill("hs-grid-ask", cell.dataset.question)) press("hs-grid-ask-btn");
    }
  }, true);
})();
