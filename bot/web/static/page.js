// The page's behaviour beyond Gradio's: citations [n] that lead to their source, with a preview;
// Copy; "in the document" links that Back returns from; candidate cards; grid cells that ask in
// the chat; a sign that the grid scrolls; names for controls Gradio leaves badly named. Server calls go through hidden controls
// (documents_tab.py): fill a textbox, click its button.
(() => {
  const fill = (id, value) => {
    const box = document.querySelector(`#${id} textarea, #${id} input`);
    if (!box) return false;
    box.value = value;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    return true;
  };
  const press = (id) => setTimeout(() => document.getElementById(id)?.click(), 50);
  const openTab = (name) => {
    const tab = document.getElementById(`hs-tab-${name}-button`);
    if (tab && tab.getAttribute("aria-selected") !== "true") tab.click();
  };
  const mark = (target) => {
    document.querySelectorAll(".hs-target").forEach((e) => e.classList.remove("hs-target"));
    target.classList.add("hs-target");
  };

  // --- Citations: [n] moves to source n of the same answer; its preview shows on hover/focus.
  const toSource = (link) => {
    const target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    mark(target);
    target.scrollIntoView({ block: "nearest" });
    target.focus({ preventScroll: true });
  };
  const place = (wrap) => {  // fixed beside its marker: no panel clips it, it stays on screen
    const tip = wrap.querySelector(".hs-tip");
    const link = wrap.querySelector(".hs-cite");
    if (!tip || !link) return;
    const at = link.getBoundingClientRect();
    const box = tip.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const left = Math.max(8, Math.min(at.left, width - box.width - 8));
    const below = at.bottom + 4 + box.height <= window.innerHeight - 8;
    tip.style.left = `${left}px`;
    tip.style.top = `${below ? at.bottom + 4 : Math.max(8, at.top - 4 - box.height)}px`;
  };
  const tipHost = (event) => event.target.closest && event.target.closest(".hs-cite-wrap");
  document.addEventListener("mouseover", (e) => { const w = tipHost(e); if (w) place(w); });
  document.addEventListener("focusin", (e) => { const w = tipHost(e); if (w) place(w); });
  document.addEventListener("keydown", (e) => {  // Escape hides a preview (WCAG 1.4.13)
    if (e.key !== "Escape") return;
    // A card opened by the browser's Back button has no user activation, and Chromium may
    // then skip the dialog's own Escape: close it here whatever the focus.
    const card = document.querySelector("dialog.hs-card[open]");
    if (card) { e.preventDefault(); card.close(); return; }
    const wrap = document.activeElement?.closest?.(".hs-cite-wrap")
      || document.querySelector(".hs-cite-wrap:hover");
    if (wrap) wrap.classList.add("hs-tip-off");
  });
  const tipBack = (e) => { const w = tipHost(e); if (w) w.classList.remove("hs-tip-off"); };
  document.addEventListener("mouseout", tipBack);
  document.addEventListener("focusout", tipBack);

  // --- Copy: the answer as Markdown with its numbered sources, never its HTML.
  const copy = async (button) => {
    const actions = button.closest(".hs-actions");
    const text = button.dataset.copy;
    let done = false;
    try {
      await navigator.clipboard.writeText(text);
      done = true;
    } catch {  // no clipboard API outside a secure context: the older way
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      done = document.execCommand("copy");
      area.remove();
      button.focus();
    }
    const said = actions.querySelector(".hs-copied");
    said.textContent = done ? "Copied" : "Could not copy: select the text instead";
    setTimeout(() => { said.textContent = ""; }, 4000);
  };

  // --- Links into the Documents tab: each is a history entry, so Back returns to the answer.
  const docLinks = () => [...document.querySelectorAll("#hs-chat a.hs-doc-link")];
  const reach = (anchor, tries = 200) => {
    const target = document.querySelector(`#hs-doc-view [id="${anchor}"]`);
    if (!target) {
      if (tries > 0) setTimeout(() => reach(anchor, tries - 1), 100);
      return;
    }
    mark(target);
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  };
  const showDocument = (anchor) => {
    const found = /^hs-s-([0-9a-f]+)-\d+$/.exec(anchor || "");
    if (!found) return false;
    openTab("documents");
    if (fill("hs-doc-jump", found[1])) press("hs-doc-jump-btn");
    setTimeout(() => reach(anchor), 150);  // once the tab and, if need be, its event are shown
    return true;
  };
  const backToChat = (at) => {
    openTab("chat");
    const link = docLinks()[at];
    if (!link) return;
    setTimeout(() => {
      link.scrollIntoView({ block: "center" });
      link.focus({ preventScroll: true });
    }, 50);
  };
  const openCard = (id, opener) => {
    const card = document.getElementById(id);
    if (!card || card.open) return;
    card.hsOpener = opener || document.activeElement;
    card.showModal();
  };
  const go = (state, from) => {  // a new history entry; the current one says how to come back
    history.replaceState(from, "");
    history.pushState(state, "", state.hs === "doc" ? `#${state.anchor}` : location.pathname
      + location.search);
  };
  window.addEventListener("popstate", (event) => {
    const state = event.state || { hs: "chat" };
    if (state.hs === "doc") showDocument(state.anchor);
    else if (state.hs === "card") { openTab("documents"); openCard(state.card); }
    else backToChat(state.at);
  });
  const opened = () => {  // an address with a sentence's anchor opens the document there
    const anchor = decodeURIComponent(location.hash.slice(1));
    if (!/^hs-s-/.test(anchor)) return;
    const wait = (tries = 100) => {
      if (document.getElementById("hs-doc-jump")) showDocument(anchor);
      else if (tries > 0) setTimeout(() => wait(tries - 1), 100);
    };
    wait();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", opened);
  else opened();

  // --- Clicks: one listener for everything the server's HTML offers.
  const ask = (json) => {
    openTab("chat");
    if (fill("hs-grid-ask", json)) press("hs-grid-ask-btn");
  };
  document.addEventListener("click", (event) => {
    const hit = (selector) => event.target.closest && event.target.closest(selector);
    let el;
    if ((el = hit("a.hs-cite"))) {
      event.preventDefault();
      toSource(el);
    } else if ((el = hit("button.hs-copy"))) {
      copy(el);
    } else if ((el = hit("a.hs-doc-link"))) {
      event.preventDefault();
      event.stopPropagation();
      const anchor = (el.getAttribute("href") || "").slice(1);
      go({ hs: "doc", anchor }, { hs: "chat", at: docLinks().indexOf(el) });
      showDocument(anchor);
    } else if ((el = hit("a.hs-card-jump"))) {
      event.preventDefault();
      const card = el.closest("dialog");
      const anchor = el.getAttribute("href").slice(1);
      go({ hs: "doc", anchor }, { hs: "card", card: card.id });
      card.hsOpener = null;  // the focus goes to the sentence, not back to the card's opener
      card.close();
      reach(anchor);
    } else if ((el = hit("button.hs-card-open"))) {
      openCard(el.dataset.card, el);
    } else if ((el = hit("button.hs-card-close"))) {
      el.closest("dialog").close();
    } else if ((el = hit("button.hs-card-ask"))) {
      el.closest("dialog").close();
      ask(el.dataset.ask);
    } else if ((el = hit("button.hs-cell[data-ask]"))) {
      event.preventDefault();
      ask(el.dataset.ask);
    } else if ((el = hit("dialog.hs-card")) && event.target === el) {
      el.close();  // a click on the backdrop
    }
  }, true);
  document.addEventListener("close", (event) => {  // focus goes back to what opened the card
    const card = event.target;
    // The close event comes a moment after the dialog closed: where the browser already gave
    // the focus back, or the reader has moved on, it stays where it is.
    const lost = !document.activeElement || document.activeElement === document.body
      || card.contains(document.activeElement);
    if (card.matches?.("dialog.hs-card") && card.hsOpener?.isConnected && lost) {
      card.hsOpener.focus();
    }
  }, true);

  // --- The grid says when it is wider than the screen and scrolls sideways.
  const hints = () => {
    document.querySelectorAll(".hs-grid-scroll").forEach((box) => {
      const hint = box.parentElement.querySelector(".hs-scroll-hint");
      if (!hint || box.offsetParent === null) return;  // in a tab not shown: measured later
      const fits = box.scrollWidth <= box.clientWidth + 1;
      if (hint.hidden !== fits) hint.hidden = fits;
    });
  };
  // --- Names Gradio gets wrong for a screen reader: the question box is called by its label
  // and the button inside it ("Your question Ask"); the upload area by words it does not show.
  const names = () => {
    const box = document.querySelector("#hs-question textarea");
    if (box && box.getAttribute("aria-label") !== "Your question") {
      box.setAttribute("aria-label", "Your question");
    }
    document.querySelectorAll("button.upload-container[aria-label]")
      .forEach((area) => area.removeAttribute("aria-label"));  // named by its own words
  };
  let queued = false;
  const soon = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; hints(); names(); });
  };
  window.addEventListener("resize", soon);
  new MutationObserver(soon).observe(document.documentElement, { childList: true, subtree: true,
    attributes: true, attributeFilter: ["class", "style"] });
})();
